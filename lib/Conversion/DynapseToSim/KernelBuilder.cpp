//===- KernelBuilder.cpp - time loop, fan-in sums and state arrays --------===//
#include "KernelBuilderImpl.h"

#include "dynapse/Conversion/DynapseToSim/SimulationKernel.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <cstring>

using namespace mlir;
using namespace dynapse;
using namespace dynapse::sim;
using namespace dynapse::sim::detail;

std::vector<std::vector<float>>
NeuronModel::parameterTable(const Network &network,
                            llvm::ArrayRef<NeuronParameters> parameters) const {
  std::vector<std::vector<float>> rows;
  for (const NeuronParameters &p : parameters)
    rows.push_back(parameterRow(p, network.dt));
  return rows;
}

/// The kernel's description: the network's sizes, populations and outputs.
static kernel::KernelInfo describeNetwork(const Network &network,
                                          const NeuronModel &model,
                                          StringRef modelName, size_t chips,
                                          int64_t lanes) {
  kernel::KernelInfo info;
  info.model = modelName.str();
  info.neurons = network.neurons, info.inputs = network.inputs;
  info.chips = int64_t(std::max<size_t>(chips, 1));
  info.lanes = lanes;
  info.dt = network.dt;
  for (const Record &record : model.records())
    info.records.push_back(record.name);
  for (const PopulationRange &population : network.populations) {
    info.populationNames.push_back(population.name);
    info.populationSizes.push_back(population.size);
  }
  info.outputs = network.outputs;
  return info;
}

KernelBuilder::KernelBuilder(ModuleOp module, const Network &network,
                             const NeuronModel &model, ChipParameters chips,
                             int64_t sampleLanes, StringRef name)
    : module(module), network(network), model(model), chips(chips), name(name),
      layout(network, std::max<int64_t>(sampleLanes, 1)),
      b(module.getLoc(), module.getContext()), e(b) {
  laneType = stepType = b.getF32Type();
  if (layout.lanes > 1) {
    laneType = VectorType::get({layout.lanes}, b.getF32Type());
    stepType = VectorType::get({layout.block * layout.lanes}, b.getF32Type());
    // exp and log a vector of L samples at a time: libmvec's width.
    e.mathWidth = layout.lanes;
  }
  // The models' constants take the shape of the values they meet.
  e.shape = stepType;
}

Value KernelBuilder::index(int64_t value) {
  return b.create<arith::ConstantIndexOp>(value);
}
Value KernelBuilder::add(Value x, Value y) {
  return b.create<arith::AddIOp>(x, y);
}
Value KernelBuilder::mul(Value x, Value y) {
  return b.create<arith::MulIOp>(x, y);
}

void KernelBuilder::loop(Value first, Value last,
                         llvm::function_ref<void(Value)> body) {
  auto forOp = b.create<scf::ForOp>(first, last, index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(forOp.getBody());
  body(forOp.getInductionVar());
}

void KernelBuilder::loop(int64_t count, llvm::function_ref<void(Value)> body) {
  Value first = index(0);
  loop(first, index(count), body);
}

Value KernelBuilder::loop(int64_t count, Value initial,
                          llvm::function_ref<Value(Value, Value)> body) {
  Value first = index(0);
  return loop(first, index(count), initial, body);
}

Value KernelBuilder::loop(Value first, Value last, Value initial,
                          llvm::function_ref<Value(Value, Value)> body) {
  auto forOp = b.create<scf::ForOp>(first, last, index(1), ValueRange{initial});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(forOp.getBody());
  b.create<scf::YieldOp>(
      ValueRange{body(forOp.getInductionVar(), forOp.getRegionIterArg(0))});
  return forOp.getResult(0);
}

template <typename T>
Value KernelBuilder::constantTable(StringRef name, Type elementType,
                                   std::vector<T> values) {
  if (values.empty())
    values.push_back(T(0)); // memrefs of zero elements are not worth a case
  auto type = MemRefType::get({int64_t(values.size())}, elementType);
  auto tensorType =
      RankedTensorType::get({int64_t(values.size())}, elementType);
  auto initial = DenseElementsAttr::get(tensorType, llvm::ArrayRef<T>(values));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(function);
    b.create<memref::GlobalOp>(name, b.getStringAttr("private"), type, initial,
                               /*constant=*/true, /*alignment=*/IntegerAttr());
  }
  return b.create<memref::GetGlobalOp>(type, name);
}
// The fan-out tables' (Delivery.cpp).
template Value KernelBuilder::constantTable(StringRef, Type,
                                            std::vector<int32_t>);
template Value KernelBuilder::constantTable(StringRef, Type,
                                            std::vector<int64_t>);

void KernelBuilder::createTables() {
  int64_t n = network.neurons, padded = layout.paddedNeurons;
  // A slot every neuron of every chip shares becomes a constant in the
  // code; the others form a structure of arrays per chip, row r of neuron i
  // at r*P + i (P the padded neuron count; the padding repeats the last
  // neuron), the chips' tables one after the other.
  std::vector<std::vector<std::vector<float>>> chipRows;
  if (chips.empty())
    chipRows.push_back(model.parameterTable(network, network.parameters));
  for (const std::vector<NeuronParameters> &chip : chips)
    chipRows.push_back(model.parameterTable(network, chip));
  const std::vector<float> &firstRow = chipRows.front().front();
  std::vector<std::vector<float>> tables(chipRows.size());
  for (unsigned k = 0; k < model.numParameters(); ++k) {
    bool shared = llvm::all_of(chipRows, [&](const auto &rows) {
      return llvm::all_of(rows, [&](const std::vector<float> &row) {
        return std::memcmp(&row[k], &firstRow[k], sizeof(float)) == 0;
      });
    });
    if (shared) {
      sharedParameters.push_back(firstRow[k]);
      tableRow.push_back(-1);
      continue;
    }
    sharedParameters.push_back(0.0f);
    tableRow.push_back(int(tables.front().size() / padded));
    for (auto [rows, table] : llvm::zip(chipRows, tables)) {
      for (const std::vector<float> &row : rows)
        table.push_back(row[k]);
      table.resize(table.size() + size_t(padded - n), rows.back()[k]);
    }
  }
  std::vector<float> table;
  for (const std::vector<float> &chipTable : tables)
    table.insert(table.end(), chipTable.begin(), chipTable.end());
  parameters =
      constantTable((name + "_parameters").str(), b.getF32Type(), table);
  if (tables.size() > 1)
    chipOffset = mul(chip, int64_t(tables.front().size()));
  lastStep = createFanOut(false, (name + "_fan_out").str());
  // A stage delivers this step's spikes only if one of its neurons has a
  // same-step connection (the last stage, for one, has none).
  std::vector<bool> sendsSameStep(size_t(n), false);
  groupUsed.assign(model.numGroups(), false);
  for (const auto &connections : network.fanIn)
    for (const Connection &c : connections) {
      groupUsed[c.group] = true;
      if (c.sameStep)
        sendsSameStep[size_t(c.source)] = true;
    }
  int64_t first = 0;
  for (int64_t last : network.stageEnds) {
    stageDelivers.push_back(std::any_of(sendsSameStep.begin() + first,
                                        sendsSameStep.begin() + last,
                                        [](bool sends) { return sends; }));
    first = last;
  }
  if (llvm::is_contained(stageDelivers, true))
    sameStep = createFanOut(true, (name + "_same_step_fan_out").str());
}

Value KernelBuilder::allocate(int64_t size) {
  return b.create<memref::AllocOp>(MemRefType::get({size}, b.getF32Type()));
}

Value KernelBuilder::loadLanes(Value array, Value element) {
  if (layout.lanes == 1)
    return b.create<memref::LoadOp>(array, element);
  return b.create<vector::LoadOp>(laneType, array, mul(element, layout.lanes));
}

void KernelBuilder::storeLanes(Value value, Value array, Value element) {
  if (layout.lanes == 1) {
    b.create<memref::StoreOp>(value, array, element);
    return;
  }
  b.create<vector::StoreOp>(value, array, mul(element, layout.lanes));
}

Value KernelBuilder::loadBlock(Value array, Value neuron) {
  if (layout.lanes == 1)
    return b.create<memref::LoadOp>(array, neuron);
  return b.create<vector::LoadOp>(stepType, array, mul(neuron, layout.lanes));
}

void KernelBuilder::forEachBlock(int64_t first, int64_t last,
                                 llvm::function_ref<void(Value)> body) {
  Value begin = index(first);
  if (layout.block == 1)
    return loop(begin, index(last), body);
  assert(first % layout.block == 0 && last % layout.block == 0 &&
         "whole blocks of neurons");
  loop((last - first) / layout.block,
       [&](Value k) { body(add(begin, mul(k, layout.block))); });
}

Value KernelBuilder::forEachBlock(
    int64_t first, int64_t last, Value initial,
    llvm::function_ref<Value(Value, Value)> body) {
  Value begin = index(first);
  if (layout.block == 1)
    return loop(begin, index(last), initial, body);
  assert(first % layout.block == 0 && last % layout.block == 0 &&
         "whole blocks of neurons");
  Value blocks = index((last - first) / layout.block);
  Value zero = index(0);
  return loop(zero, blocks, initial, [&](Value k, Value carried) {
    return body(add(begin, mul(k, layout.block)), carried);
  });
}

void KernelBuilder::initialiseState() {
  int64_t n = layout.paddedNeurons, lanes = layout.lanes;
  // Sources are scanned in whole groups; the padding stays zero.
  int64_t sourceSlots = roundUp(layout.sources * lanes, kScanLanes);
  sources = allocate(sourceSlots);
  // The accumulators, and the spare element.
  accumulators = allocate((model.numGroups() * n + 1) * lanes);
  std::vector<bool> atIo = model.startsAtIo();
  for (size_t s = 0; s < atIo.size(); ++s)
    state.push_back(allocate(n * lanes));
  for (unsigned k = 0; k < model.numPreludeValues(); ++k)
    prelude.push_back(allocate(n * lanes));
  preludeUsed.assign(prelude.size(), true);
  Value zero = e.constant(0, b.getF32Type());
  loop(sourceSlots,
       [&](Value i) { b.create<memref::StoreOp>(zero, sources, i); });
  Value zeros = e.constant(0);
  forEachBlock(0, n, [&](Value i) {
    Value io = parameter(i, model.darkCurrentSlot());
    for (size_t s = 0; s < atIo.size(); ++s)
      storeLanes(atIo[s] ? io : zeros, state[s], i);
  });
  if (lanes == 1)
    return;
  laneEventCounts = b.create<memref::AllocOp>(
      MemRefType::get({lanes}, b.getIndexType()));
  Value none = index(0);
  loop(lanes, [&](Value lane) {
    b.create<memref::StoreOp>(none, laneEventCounts, lane);
  });
}

Value KernelBuilder::parameter(Value neuron, unsigned slot) {
  if (tableRow[slot] < 0)
    return e.constant(sharedParameters[slot]);
  Value position = add(index(tableRow[slot] * layout.paddedNeurons), neuron);
  if (chipOffset)
    position = add(chipOffset, position);
  if (layout.lanes == 1)
    return b.create<memref::LoadOp>(parameters, position);
  // The block's neurons, each in its L lanes.
  Value block = e.constant(0);
  for (int64_t k = 0; k < layout.block; ++k) {
    Value value = b.create<memref::LoadOp>(parameters, add(position, k));
    Value lanes = b.create<vector::BroadcastOp>(laneType, value);
    block = b.create<vector::InsertStridedSliceOp>(
        lanes, block, ArrayRef<int64_t>{k * layout.lanes},
        ArrayRef<int64_t>{1});
  }
  return block;
}

StepInputs KernelBuilder::loadStepInputs(Value i, bool step) {
  int64_t n = layout.paddedNeurons;
  StepInputs in;
  in.groupUsed = groupUsed;
  for (unsigned k = 0; k < model.numParameters(); ++k)
    in.parameters.push_back(parameter(i, k));
  for (Value array : state)
    in.state.push_back(loadBlock(array, i));
  if (!step)
    return in;
  for (unsigned g = 0; g < model.numGroups(); ++g)
    in.groupSums.push_back(loadBlock(accumulators, add(index(g * n), i)));
  in.previousSpikes = loadBlock(sources, i);
  for (auto [array, used] : llvm::zip_equal(prelude, preludeUsed))
    in.prelude.push_back(used ? loadBlock(array, i) : Value());
  return in;
}

void KernelBuilder::emitPrelude(Value i) {
  std::vector<Value> values = model.emitPrelude(e, loadStepInputs(i, false));
  preludeUsed.clear();
  for (auto [array, value] : llvm::zip_equal(prelude, values)) {
    preludeUsed.push_back(bool(value));
    if (value)
      storeLanes(value, array, i);
  }
}

void KernelBuilder::emitFinish(Value i) {
  StepInputs in = loadStepInputs(i, false);
  for (unsigned s : model.finishedStates())
    storeLanes(model.emitFinish(e, s, in.state[s], in.parameters), state[s], i);
}

Value KernelBuilder::emitNeuron(Value i) {
  StepResults out = model.emitStep(e, loadStepInputs(i, true));
  for (auto [array, value] : llvm::zip(state, out.state))
    storeLanes(value, array, i);
  // The scatter has read the last step's spikes: this one's replace them
  // (the next step's scan records them).
  storeLanes(out.spikes, sources, i);
  if (!out.recount || layout.lanes == 1)
    return out.recount;
  return b.create<vector::ReductionOp>(vector::CombiningKind::OR, out.recount);
}

void KernelBuilder::emitNeurons(int64_t first, int64_t last) {
  if (!model.recountsSpikes()) {
    forEachBlock(first, last, [&](Value i) { emitNeuron(i); });
    return;
  }
  assert(first == 0 && last == layout.paddedNeurons &&
         "a model that recounts spikes runs in one stage");
  // The loop carries whether any neuron needs a recount (an or-reduction,
  // which LLVM vectorises with the loop).
  Value none = b.create<arith::ConstantIntOp>(0, b.getI1Type());
  Value any = forEachBlock(first, last, none, [&](Value i, Value any) {
    Value recount = emitNeuron(i);
    assert(recount && "a model that recounts returns StepResults::recount");
    return b.create<arith::OrIOp>(any, recount).getResult();
  });
  auto ifOp = b.create<scf::IfOp>(any, /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&ifOp.getThenRegion().front());
  emitRecount();
}

void KernelBuilder::emitRecount() {
  // kLanes counts at a time in both layouts (the neurons' elements are
  // whole vectors of them), with the logarithm of that width, unsplit: the
  // same `log` for every count, whatever the layout.
  auto lanes = VectorType::get({kLanes}, b.getF32Type());
  static_assert(kNeuronPadding % kLanes == 0 &&
                    (kBlockNeurons * 8) % kLanes == 0,
                "whole vectors of neurons");
  Emitter wholeVectors(b);
  loop(layout.paddedNeurons * layout.lanes / kLanes, [&](Value chunk) {
    Value first = mul(chunk, kLanes);
    Value counts = model.recountSpikes(
        wholeVectors, b.create<vector::LoadOp>(lanes, sources, first));
    b.create<vector::StoreOp>(counts, sources, first);
  });
}

void KernelBuilder::emitRecords(Value step, Value steps, Value recordFlag) {
  int64_t n = network.neurons;
  Value wanted =
      b.create<arith::CmpIOp>(arith::CmpIPredicate::ne, recordFlag, index(0));
  auto ifOp = b.create<scf::IfOp>(wanted, /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&ifOp.getThenRegion().front());
  // Per sample: record r, step t and neuron i at (r * steps + t) * N + i;
  // sample lanes one sample's records after the other.
  Value plane = mul(steps, n);
  for (auto [r, record] : llvm::enumerate(model.records())) {
    Value planeStart = mul(plane, int64_t(r));
    Value first = add(planeStart, mul(step, n));
    Value array = state[record.state];
    loop(n, [&](Value i) {
      Value value = loadLanes(array, i);
      Value position = add(first, i);
      if (layout.lanes == 1) {
        b.create<memref::StoreOp>(value, records, position);
        return;
      }
      for (int64_t lane = 0; lane < layout.lanes; ++lane) {
        Value sample = b.create<vector::ExtractOp>(value, lane);
        Value laneStart = mul(laneRecordStride, lane);
        b.create<memref::StoreOp>(sample, records, add(laneStart, position));
      }
    });
  }
}

void KernelBuilder::emitInput(Value step, Value steps) {
  int64_t inputs = network.inputs, lanes = layout.lanes;
  Value sourceStart = index(layout.paddedNeurons * lanes);
  Value stepStart = mul(step, inputs);
  if (lanes == 1) {
    loop(inputs, [&](Value k) {
      Value count = b.create<memref::LoadOp>(input, add(stepStart, k));
      b.create<memref::StoreOp>(count, sources, add(k, sourceStart));
    });
  } else {
    // The samples' inputs one after the other (the caller's batch, as it
    // is), into the channels' lanes.
    Value sampleStride = mul(steps, inputs);
    loop(inputs, [&](Value k) {
      Value channel = add(stepStart, k);
      Value first = add(sourceStart, mul(k, lanes));
      for (int64_t lane = 0; lane < lanes; ++lane) {
        Value sampleStart = mul(sampleStride, lane);
        Value count =
            b.create<memref::LoadOp>(input, add(sampleStart, channel));
        b.create<memref::StoreOp>(count, sources, add(first, lane));
      }
    });
  }
  // Channels driven every step get their event behind the user's (a
  // recount may have overwritten them).
  int64_t firstDriven = layout.paddedNeurons + network.inputs;
  for (int64_t k = 0; k < network.everyStepInputs; ++k) {
    Value one = e.constant(1, laneType);
    storeLanes(one, sources, index(firstDriven + k));
  }
}

Value KernelBuilder::emitTimeStep(Value step, Value steps, Value recordFlag,
                                  Value eventCount) {
  int64_t n = network.neurons, padded = layout.paddedNeurons;
  emitInput(step, steps);
  eventCount = emitScatter(eventCount);
  // The last step's events end here, and this step's begin.
  emitStepStart(step, steps, eventCount);
  // The last stage steps the padding too.
  int64_t first = 0;
  for (auto [stage, last] : llvm::enumerate(network.stageEnds)) {
    emitNeurons(first, last == n ? padded : last);
    if (stageDelivers[stage])
      emitSameStepDelivery(first, last);
    first = last;
  }
  if (first < n)
    emitNeurons(first, padded);
  // One loop for the model's calls: the states it finishes, then the next
  // step's prelude from them.
  if (!model.finishedStates().empty() || !prelude.empty())
    forEachBlock(0, padded, [&](Value i) {
      emitFinish(i);
      emitPrelude(i);
    });
  emitRecords(step, steps, recordFlag);
  return eventCount;
}

void KernelBuilder::build(StringRef modelName) {
  assert((layout.lanes == 1 || network.stageEnds.empty()) &&
         "stages run with neuron lanes");
  b.setInsertionPointToEnd(module.getBody());
  function =
      b.create<func::FuncOp>(name, kernel::kernelType(b.getContext()));
  kernel::describeKernel(function, describeNetwork(network, model, modelName,
                                                   chips.size(), layout.lanes));
  Block *body = function.addEntryBlock();
  b.setInsertionPointToStart(body);
  input = body->getArgument(0), events = body->getArgument(1);
  stepStarts = body->getArgument(2), records = body->getArgument(3);
  Value steps = body->getArgument(4), recordFlag = body->getArgument(5);
  chip = body->getArgument(6);
  if (layout.lanes > 1) {
    // A lane's events: room for every neuron in every step, and one more
    // (SpikeTrain's capacity), two words each.
    Value capacity = add(mul(steps, network.neurons), 1);
    laneEventStride = mul(capacity, 2);
    laneRecordStride =
        mul(mul(steps, network.neurons), int64_t(model.records().size()));
  }
  createTables();
  initialiseState();
  // The first step's prelude, from the initial state.
  if (!prelude.empty())
    forEachBlock(0, layout.paddedNeurons, [&](Value i) { emitPrelude(i); });
  Value zero = index(0);
  Value eventCount = loop(zero, steps, zero, [&](Value step, Value eventCount) {
    return emitTimeStep(step, steps, recordFlag, eventCount);
  });
  // The last step's events, found as the next step would find them.
  eventCount = emitScan(eventCount, network.neurons, /*deliver=*/false);
  emitStepStart(steps, steps, eventCount);
  for (Value array : state)
    b.create<memref::DeallocOp>(array);
  for (Value array : prelude)
    b.create<memref::DeallocOp>(array);
  for (Value array : {sources, accumulators})
    b.create<memref::DeallocOp>(array);
  if (laneEventCounts)
    b.create<memref::DeallocOp>(laneEventCounts);
  b.create<func::ReturnOp>();
}

void dynapse::sim::buildKernel(ModuleOp module, const Network &network,
                               const NeuronModel &model, StringRef modelName,
                               ChipParameters chips, int64_t sampleLanes,
                               StringRef name) {
  KernelBuilder(module, network, model, chips, sampleLanes, name)
      .build(modelName);
}
