//===- KernelBuilder.cpp - time loop, fan-in sums and state arrays --------===//
#include "dynapse/Conversion/DynapseToSim/KernelBuilder.h"

#include "dynapse/Conversion/DynapseToSim/SimulationKernel.h"

#include "dynapse/Conversion/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <cstring>

using namespace mlir;
using namespace dynapse;
using namespace dynapse::sim;

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
                                          StringRef modelName, size_t chips) {
  kernel::KernelInfo info;
  info.model = modelName.str();
  info.neurons = network.neurons, info.inputs = network.inputs;
  info.chips = int64_t(std::max<size_t>(chips, 1));
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

namespace {

/// Neuron arrays are padded to a multiple of kNeuronPadding: LLVM then
/// vectorises the neuron loops without a scalar remainder, so that every
/// neuron's exp and log come from the same (vector) library whatever the
/// network's size, and the padded neurons (copies of the last, without
/// connections) step like real ones instead of holding garbage. 64 is the
/// vector width times the interleaving LLVM picks, AVX2 and AVX-512.
constexpr int64_t kNeuronPadding = 64;

/// Sources are scanned kScanLanes at a time (a 64-bit mask of the spiking
/// ones: few groups, so few mispredicted exits from the loop over set bits),
/// and spikes delivered kChunk fan-out entries at a time.
constexpr int64_t kScanLanes = 64;
constexpr int64_t kChunk = 8;
/// Delivery is bound by memory operations. A chunk's weights are read in one
/// vector load and its accumulator slots two to a 64-bit load, so that an
/// entry takes 2.6 of them (a 64-bit load every other entry, and the
/// accumulator's load and store) instead of 4.
constexpr int64_t kSlotsPerLoad = 2;
static_assert(kChunk % kSlotsPerLoad == 0, "a chunk holds whole slot pairs");

int64_t roundUp(int64_t value, int64_t multiple = kLanes) {
  return (value + multiple - 1) / multiple * multiple;
}

/// The kernel's layout of the network's neurons and sources: the source
/// vector holds the (padded) neurons' spikes, then the user's input channels,
/// then those driven every step.
struct Layout {
  explicit Layout(const Network &network)
      : neurons(network.neurons),
        paddedNeurons(roundUp(network.neurons, kNeuronPadding)),
        inputs(network.inputs),
        sources(paddedNeurons + network.inputs + network.everyStepInputs) {}
  /// The kernel's index of the network's source `source`.
  int64_t source(int64_t networkSource) const {
    return networkSource < neurons ? networkSource
                                   : networkSource - neurons + paddedNeurons;
  }
  int64_t neurons, paddedNeurons, inputs, sources;
};

/// Fan-out lists by source in chunks (see createTables).
struct FanOutTable {
  mlir::Value start, slotPairs, weight;
};

/// Builds the kernel function body; see buildKernel.
class KernelBuilder {
public:
  KernelBuilder(ModuleOp module, const Network &network,
                const NeuronModel &model, ChipParameters chips)
      : module(module), network(network), model(model), chips(chips),
        layout(network), b(module.getLoc(), module.getContext()), e(b) {}
  void build(StringRef modelName);

private:
  // The ops come out in the order of the statements that create them. C++
  // leaves the order in which a call's arguments are evaluated open, so no
  // call here takes two arguments that both create ops (the IR would depend
  // on the compiler); the overloads that take a number create its constant
  // themselves, after their other operand.
  Value index(int64_t value) { return b.create<arith::ConstantIndexOp>(value); }
  Value add(Value x, Value y) { return b.create<arith::AddIOp>(x, y); }
  Value add(Value x, int64_t y) { return add(x, index(y)); }
  Value mul(Value x, Value y) { return b.create<arith::MulIOp>(x, y); }
  Value mul(Value x, int64_t y) { return mul(x, index(y)); }
  /// A loop from `first` to `last`; `body` gets the induction variable.
  void loop(Value first, Value last, llvm::function_ref<void(Value)> body);
  /// A loop from 0 to `count`.
  void loop(int64_t count, llvm::function_ref<void(Value)> body);
  /// A loop that carries one value, from `initial`: `body` gets the
  /// induction variable and the value and returns its next one. Returns the
  /// last.
  Value loop(Value first, Value last, Value initial,
             llvm::function_ref<Value(Value, Value)> body);
  Value loop(int64_t count, Value initial,
             llvm::function_ref<Value(Value, Value)> body);
  /// A private constant global holding `values`, and its memref in the body.
  template <typename T>
  Value constantTable(StringRef name, Type elementType, std::vector<T> values);
  void createTables();
  /// The fan-out table of the connections whose sameStep is `sameStep`,
  /// its globals named `prefix`_*.
  FanOutTable createFanOut(bool sameStep, StringRef prefix);
  Value allocate(int64_t size);
  void initialiseState();
  /// Zeroes the accumulators and delivers the last step's spikes and this
  /// step's input; returns the event count after recording the spikes.
  Value emitScatter(Value eventCount);
  /// Finds the spiking sources among the first `sourceCount`, kScanLanes at
  /// a time, records those that are neurons as events of the last step and,
  /// where `deliver` is set, delivers them. Returns the event count after.
  Value emitScan(Value eventCount, int64_t sourceCount, bool deliver);
  /// Writes `source`'s event; returns the event count after it.
  Value emitEvent(Value source, Value count, Value eventCount);
  /// Delivers `count` spikes of `source` to its fan-out in `table`.
  /// Where `prefetched` is given, each chunk also prefetches the chunk at
  /// the same place in that source's list.
  void emitDelivery(const FanOutTable &table, Value source, Value count,
                    Value prefetched = {});
  /// The first chunk of `source`'s list in `table` (the end of the previous).
  Value firstChunk(const FanOutTable &table, Value source);
  /// Delivers this step's spikes of neurons [first, last) to later stages.
  void emitSameStepDelivery(int64_t first, int64_t last);
  /// Calls `body` with the index of every set bit of the i64 `bits`, lowest
  /// first, carrying a value as `loop` does; its third argument holds the
  /// bits still to come.
  Value forEachSetBit(Value bits, Value initial,
                      llvm::function_ref<Value(Value, Value, Value)> body);
  /// Starts loading fan-out chunk `chunk` of `table` into the cache.
  void prefetchChunk(const FanOutTable &table, Value chunk);
  /// Parameter `slot` of `neuron`: a constant if all neurons share it.
  Value parameter(Value neuron, unsigned slot);
  /// The step's inputs for `neuron`; group sums and the last spikes only
  /// where `step` is set (the prelude and the finish do not read them).
  StepInputs loadStepInputs(Value neuron, bool step);
  /// The model's prelude of the next step, from the state `neuron` has now.
  void emitPrelude(Value neuron);
  /// The step of `neuron`; returns StepResults::recount.
  Value emitNeuron(Value neuron);
  /// The neuron loop over [first, last), and the recount where a neuron
  /// needs it.
  void emitNeurons(int64_t first, int64_t last);
  void emitFinish(Value neuron);
  /// The model's recountSpikes, kLanes neurons at a time.
  void emitRecount();
  void emitRecords(Value step, Value steps, Value recordFlag);
  /// One step; returns the event count after it.
  Value emitTimeStep(Value step, Value steps, Value recordFlag,
                     Value eventCount);

  ModuleOp module;
  const Network &network;
  const NeuronModel &model;
  ChipParameters chips;
  Layout layout;
  ImplicitLocOpBuilder b;
  Emitter e;
  func::FuncOp function;
  Value parameters;
  Value chipOffset; // where the chip's table starts; null with one chip
  FanOutTable lastStep, sameStep; // sameStep.start is null when unused
  std::vector<bool> stageDelivers; // by stage: same-step spikes to deliver
  std::vector<float> sharedParameters; // by slot, where tableRow is -1
  std::vector<int> tableRow;           // by slot
  Value sources, accumulators;
  std::vector<Value> state;
  std::vector<Value> prelude; // emitPrelude's values, by neuron
  std::vector<bool> preludeUsed; // by prelude value: whether emitted
  std::vector<bool> groupUsed;   // StepInputs::groupUsed
  Value input, events, stepStarts, records, chip;
};

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
  parameters = constantTable("dynapse_sim_parameters", b.getF32Type(), table);
  if (tables.size() > 1)
    chipOffset = mul(chip, int64_t(tables.front().size()));
  lastStep = createFanOut(false, "dynapse_sim_fan_out");
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
    sameStep = createFanOut(true, "dynapse_sim_same_step_fan_out");
}

FanOutTable KernelBuilder::createFanOut(bool wanted, StringRef prefix) {
  int64_t n = network.neurons, padded = layout.paddedNeurons;
  // Fan-out lists by (kernel) source, each entry the accumulator slot
  // group*P + target. Targets receive their terms in ascending source order, as a
  // fan-in sum would add them. Each list is padded to whole chunks with zero
  // weights into a spare slot behind the accumulators; `start` counts chunks.
  std::vector<std::vector<std::pair<int32_t, float>>> fanOut(layout.sources);
  for (int64_t target = 0; target < n; ++target)
    for (const Connection &c : network.fanIn[target])
      if (c.sameStep == wanted)
        fanOut[layout.source(c.source)].push_back(
            {int32_t(c.group * padded + target), float(c.weight)});
  const int32_t spare = int32_t(model.numGroups() * padded);
  std::vector<int32_t> start{0}, slot;
  std::vector<float> weight;
  for (auto &entries : fanOut) {
    for (auto [s, w] : entries)
      slot.push_back(s), weight.push_back(w);
    while (slot.size() % kChunk)
      slot.push_back(spare), weight.push_back(0);
    start.push_back(int32_t(slot.size() / kChunk));
  }
  // Slots 2k and 2k+1 in the low and high half of pair k.
  std::vector<int64_t> slotPairs;
  for (size_t k = 0; k < slot.size(); k += kSlotsPerLoad)
    slotPairs.push_back(int64_t(uint64_t(uint32_t(slot[k])) |
                                uint64_t(uint32_t(slot[k + 1])) << 32));
  FanOutTable result;
  result.start =
      constantTable((prefix + "_start").str(), b.getI32Type(), start);
  result.slotPairs = constantTable((prefix + "_slot_pairs").str(),
                                   b.getI64Type(), slotPairs);
  result.weight =
      constantTable((prefix + "_weight").str(), b.getF32Type(), weight);
  return result;
}

Value KernelBuilder::allocate(int64_t size) {
  return b.create<memref::AllocOp>(MemRefType::get({size}, b.getF32Type()));
}

void KernelBuilder::initialiseState() {
  int64_t n = layout.paddedNeurons;
  // Sources are scanned in whole groups; the padding stays zero.
  int64_t sourceSlots = roundUp(layout.sources, kScanLanes);
  sources = allocate(sourceSlots);
  accumulators = allocate(model.numGroups() * n + 1); // and the spare slot
  std::vector<bool> atIo = model.startsAtIo();
  for (size_t s = 0; s < atIo.size(); ++s)
    state.push_back(allocate(n));
  for (unsigned k = 0; k < model.numPreludeValues(); ++k)
    prelude.push_back(allocate(n));
  preludeUsed.assign(prelude.size(), true);
  Value zero = e.constant(0);
  loop(sourceSlots,
       [&](Value i) { b.create<memref::StoreOp>(zero, sources, i); });
  loop(n, [&](Value i) {
    Value io = parameter(i, model.darkCurrentSlot());
    for (size_t s = 0; s < atIo.size(); ++s)
      b.create<memref::StoreOp>(atIo[s] ? io : zero, state[s], i);
  });
}

Value KernelBuilder::firstChunk(const FanOutTable &table, Value source) {
  Value raw = b.create<memref::LoadOp>(table.start, source);
  return b.create<arith::IndexCastOp>(b.getIndexType(), raw);
}

void KernelBuilder::emitDelivery(const FanOutTable &table, Value source,
                                 Value count, Value prefetched) {
  auto chunkType = VectorType::get({kChunk}, b.getF32Type());
  Value counts = b.create<vector::BroadcastOp>(chunkType, count);
  auto i64 = b.getI64Type();
  Value lowHalf = b.create<arith::ConstantIntOp>(0xffffffffLL, i64);
  Value halfWidth = b.create<arith::ConstantIntOp>(32, i64);
  // Whole chunks, unrolled: no loop exit depends on the fan-out's length
  // modulo the unrolling, which the branch predictor cannot know.
  Value begin = firstChunk(table, source);
  Value end = firstChunk(table, add(source, 1));
  Value prefetchOffset;
  if (prefetched)
    prefetchOffset = b.create<arith::SubIOp>(firstChunk(table, prefetched),
                                             begin);
  loop(begin, end, [&](Value chunk) {
    if (prefetchOffset)
      prefetchChunk(table, add(chunk, prefetchOffset));
    // weight * count of the whole chunk in one vector multiply.
    Value terms = e.mul(
        b.create<vector::LoadOp>(chunkType, table.weight, mul(chunk, kChunk)),
        counts);
    Value firstPair = mul(chunk, kChunk / kSlotsPerLoad);
    for (int64_t pair = 0; pair < kChunk / kSlotsPerLoad; ++pair) {
      Value slots =
          b.create<memref::LoadOp>(table.slotPairs, add(firstPair, pair));
      Value halves[] = {b.create<arith::AndIOp>(slots, lowHalf),
                        b.create<arith::ShRUIOp>(slots, halfWidth)};
      for (auto [k, half] : llvm::enumerate(halves)) {
        Value slot = b.create<arith::IndexCastOp>(b.getIndexType(), half);
        Value term = b.create<vector::ExtractOp>(
            terms, ArrayRef<int64_t>{pair * kSlotsPerLoad + int64_t(k)});
        Value sum = e.add(b.create<memref::LoadOp>(accumulators, slot), term);
        b.create<memref::StoreOp>(sum, accumulators, slot);
      }
    }
  });
}

void KernelBuilder::prefetchChunk(const FanOutTable &table, Value chunk) {
  Value weight = mul(chunk, kChunk);
  b.create<memref::PrefetchOp>(table.weight, ValueRange{weight},
                               /*isWrite=*/false, /*localityHint=*/3,
                               /*isDataCache=*/true);
  Value pair = mul(chunk, kChunk / kSlotsPerLoad);
  b.create<memref::PrefetchOp>(table.slotPairs, ValueRange{pair},
                               /*isWrite=*/false, /*localityHint=*/3,
                               /*isDataCache=*/true);
}

void KernelBuilder::emitSameStepDelivery(int64_t first, int64_t last) {
  // Stages are few and spikes sparse: a branch per neuron is cheap here.
  Value zero = e.constant(0);
  Value begin = index(first);
  loop(begin, index(last), [&](Value i) {
    Value count = b.create<memref::LoadOp>(sources, i);
    Value spiked =
        b.create<arith::CmpFOp>(arith::CmpFPredicate::UNE, count, zero);
    auto ifOp = b.create<scf::IfOp>(spiked, /*withElseRegion=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&ifOp.getThenRegion().front());
    emitDelivery(sameStep, i, count);
  });
}

Value KernelBuilder::forEachSetBit(
    Value bits, Value initial,
    llvm::function_ref<Value(Value, Value, Value)> body) {
  auto i64 = b.getI64Type();
  Type carriedType = initial.getType();
  Value none = b.create<arith::ConstantIntOp>(0, i64);
  Value one = b.create<arith::ConstantIntOp>(1, i64);
  auto whileOp = b.create<scf::WhileOp>(TypeRange{i64, carriedType},
                                        ValueRange{bits, initial});
  OpBuilder::InsertionGuard guard(b);
  Block *before = b.createBlock(&whileOp.getBefore(), {}, {i64, carriedType},
                                {b.getLoc(), b.getLoc()});
  Value remaining = before->getArgument(0);
  b.create<scf::ConditionOp>(
      b.create<arith::CmpIOp>(arith::CmpIPredicate::ne, remaining, none),
      before->getArguments());
  Block *after = b.createBlock(&whileOp.getAfter(), {}, {i64, carriedType},
                               {b.getLoc(), b.getLoc()});
  Value set = after->getArgument(0);
  Value bit = b.create<arith::IndexCastOp>(
      b.getIndexType(), b.create<math::CountTrailingZerosOp>(set));
  // The lowest set bit cleared.
  Value rest = b.create<arith::AndIOp>(set, b.create<arith::SubIOp>(set, one));
  Value next = body(bit, after->getArgument(1), rest);
  b.create<scf::YieldOp>(ValueRange{rest, next});
  return whileOp.getResult(1);
}

Value KernelBuilder::emitEvent(Value source, Value count, Value eventCount) {
  // Branch-free: an input channel's event is written too, but not counted,
  // so that the next event overwrites it.
  Value word = mul(eventCount, 2);
  b.create<memref::StoreOp>(
      b.create<arith::IndexCastOp>(b.getI32Type(), source), events, word);
  Value countBits = b.create<arith::BitcastOp>(b.getI32Type(), count);
  b.create<memref::StoreOp>(countBits, events, add(word, 1));
  Value isNeuron = b.create<arith::CmpIOp>(arith::CmpIPredicate::ult, source,
                                           index(network.neurons));
  return b.create<arith::SelectOp>(isNeuron, add(eventCount, 1), eventCount);
}

Value KernelBuilder::emitScan(Value eventCount, int64_t sourceCount,
                              bool deliver) {
  // A bit mask of the non-zero counts of kScanLanes sources, then one event
  // and delivery per set bit, in ascending order.
  auto lanes = VectorType::get({kScanLanes}, b.getF32Type());
  Value zeros =
      b.create<arith::ConstantOp>(DenseElementsAttr::get(lanes, 0.0f));
  int64_t groups = roundUp(sourceCount, kScanLanes) / kScanLanes;
  return loop(groups, eventCount, [&](Value group, Value k) {
    Value first = mul(group, kScanLanes);
    Value counts = b.create<vector::LoadOp>(lanes, sources, first);
    Value active =
        b.create<arith::CmpFOp>(arith::CmpFPredicate::UNE, counts, zeros);
    Value packed = b.create<vector::BitCastOp>(
        VectorType::get({1}, b.getIntegerType(kScanLanes)), active);
    Value bits = b.create<vector::ExtractOp>(packed, ArrayRef<int64_t>{0});
    return forEachSetBit(bits, k, [&](Value lane, Value k, Value rest) {
      Value source = add(first, lane);
      Value count = b.create<memref::LoadOp>(sources, source);
      if (deliver) {
        // Lists are far apart in memory: the next spiking source's list is
        // fetched while this one is delivered (the group's last source
        // prefetches its own again; a prefetch past a list's end is
        // harmless).
        Value none = b.create<arith::ConstantIntOp>(0, b.getI64Type());
        Value last =
            b.create<arith::CmpIOp>(arith::CmpIPredicate::eq, rest, none);
        Value following = b.create<arith::IndexCastOp>(
            b.getIndexType(), b.create<math::CountTrailingZerosOp>(rest));
        Value nextLane = b.create<arith::SelectOp>(last, lane, following);
        emitDelivery(lastStep, source, count, add(first, nextLane));
      }
      return emitEvent(source, count, k);
    });
  });
}

Value KernelBuilder::emitScatter(Value eventCount) {
  Value zero = e.constant(0);
  loop(model.numGroups() * layout.paddedNeurons,
       [&](Value i) { b.create<memref::StoreOp>(zero, accumulators, i); });
  return emitScan(eventCount, layout.sources, /*deliver=*/true);
}

Value KernelBuilder::parameter(Value neuron, unsigned slot) {
  if (tableRow[slot] < 0)
    return e.constant(sharedParameters[slot]);
  Value position = add(index(tableRow[slot] * layout.paddedNeurons), neuron);
  if (chipOffset)
    position = add(chipOffset, position);
  return b.create<memref::LoadOp>(parameters, position);
}

StepInputs KernelBuilder::loadStepInputs(Value i, bool step) {
  int64_t n = layout.paddedNeurons;
  StepInputs in;
  in.groupUsed = groupUsed;
  for (unsigned k = 0; k < model.numParameters(); ++k)
    in.parameters.push_back(parameter(i, k));
  for (Value array : state)
    in.state.push_back(b.create<memref::LoadOp>(array, i));
  if (!step)
    return in;
  for (unsigned g = 0; g < model.numGroups(); ++g)
    in.groupSums.push_back(
        b.create<memref::LoadOp>(accumulators, add(index(g * n), i)));
  in.previousSpikes = b.create<memref::LoadOp>(sources, i);
  for (auto [array, used] : llvm::zip_equal(prelude, preludeUsed))
    in.prelude.push_back(used ? b.create<memref::LoadOp>(array, i) : Value());
  return in;
}

void KernelBuilder::emitPrelude(Value i) {
  std::vector<Value> values = model.emitPrelude(e, loadStepInputs(i, false));
  preludeUsed.clear();
  for (auto [array, value] : llvm::zip_equal(prelude, values)) {
    preludeUsed.push_back(bool(value));
    if (value)
      b.create<memref::StoreOp>(value, array, i);
  }
}

void KernelBuilder::emitFinish(Value i) {
  StepInputs in = loadStepInputs(i, false);
  for (unsigned s : model.finishedStates())
    b.create<memref::StoreOp>(
        model.emitFinish(e, s, in.state[s], in.parameters), state[s], i);
}

Value KernelBuilder::emitNeuron(Value i) {
  StepResults out = model.emitStep(e, loadStepInputs(i, true));
  for (auto [array, value] : llvm::zip(state, out.state))
    b.create<memref::StoreOp>(value, array, i);
  // The scatter has read the last step's spikes: this one's replace them
  // (the next step's scan records them).
  b.create<memref::StoreOp>(out.spikes, sources, i);
  return out.recount;
}

void KernelBuilder::emitNeurons(int64_t first, int64_t last) {
  if (!model.recountsSpikes()) {
    Value begin = index(first);
    loop(begin, index(last), [&](Value i) { emitNeuron(i); });
    return;
  }
  assert(first == 0 && last == layout.paddedNeurons &&
         "a model that recounts spikes runs in one stage");
  // The loop carries whether any neuron needs a recount (an or-reduction,
  // which LLVM vectorises with the loop).
  Value none = b.create<arith::ConstantIntOp>(0, b.getI1Type());
  Value any = loop(last, none, [&](Value i, Value any) {
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
  auto lanes = VectorType::get({kLanes}, b.getF32Type());
  static_assert(kNeuronPadding % kLanes == 0, "whole vectors of neurons");
  loop(layout.paddedNeurons / kLanes, [&](Value chunk) {
    Value first = mul(chunk, kLanes);
    Value counts =
        model.recountSpikes(e, b.create<vector::LoadOp>(lanes, sources, first));
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
  Value plane = mul(steps, n);
  for (auto [r, record] : llvm::enumerate(model.records())) {
    Value planeStart = mul(plane, int64_t(r));
    Value first = add(planeStart, mul(step, n));
    Value array = state[record.state];
    loop(n, [&](Value i) {
      Value value = b.create<memref::LoadOp>(array, i);
      b.create<memref::StoreOp>(value, records, add(first, i));
    });
  }
}

Value KernelBuilder::emitTimeStep(Value step, Value steps, Value recordFlag,
                                  Value eventCount) {
  int64_t n = network.neurons, padded = layout.paddedNeurons;
  int64_t inputs = network.inputs;
  // This step's input counts go behind the neurons' spikes of the last one.
  loop(inputs, [&](Value k) {
    Value count = b.create<memref::LoadOp>(input, add(mul(step, inputs), k));
    b.create<memref::StoreOp>(count, sources, add(k, padded));
  });
  // Channels driven every step get their event behind the user's (a
  // recount may have overwritten them).
  for (int64_t k = 0; k < network.everyStepInputs; ++k)
    b.create<memref::StoreOp>(e.constant(1), sources,
                              index(padded + inputs + k));
  eventCount = emitScatter(eventCount);
  // The last step's events end here, and this step's begin.
  b.create<memref::StoreOp>(
      b.create<arith::IndexCastOp>(b.getI64Type(), eventCount), stepStarts,
      step);
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
    loop(padded, [&](Value i) {
      emitFinish(i);
      emitPrelude(i);
    });
  emitRecords(step, steps, recordFlag);
  return eventCount;
}

void KernelBuilder::build(StringRef modelName) {
  b.setInsertionPointToEnd(module.getBody());
  function = b.create<func::FuncOp>(kernel::kFunctionName,
                                    kernel::kernelType(b.getContext()));
  kernel::describeKernel(function,
                         describeNetwork(network, model, modelName, chips.size()));
  Block *body = function.addEntryBlock();
  b.setInsertionPointToStart(body);
  input = body->getArgument(0), events = body->getArgument(1);
  stepStarts = body->getArgument(2), records = body->getArgument(3);
  Value steps = body->getArgument(4), recordFlag = body->getArgument(5);
  chip = body->getArgument(6);
  createTables();
  initialiseState();
  // The first step's prelude, from the initial state.
  if (!prelude.empty())
    loop(layout.paddedNeurons, [&](Value i) { emitPrelude(i); });
  Value zero = index(0);
  Value eventCount = loop(zero, steps, zero, [&](Value step, Value eventCount) {
    return emitTimeStep(step, steps, recordFlag, eventCount);
  });
  // The last step's events, found as the next step would find them.
  eventCount = emitScan(eventCount, network.neurons, /*deliver=*/false);
  b.create<memref::StoreOp>(
      b.create<arith::IndexCastOp>(b.getI64Type(), eventCount), stepStarts,
      steps);
  for (Value array : state)
    b.create<memref::DeallocOp>(array);
  for (Value array : prelude)
    b.create<memref::DeallocOp>(array);
  for (Value array : {sources, accumulators})
    b.create<memref::DeallocOp>(array);
  b.create<func::ReturnOp>();
}

} // namespace

void dynapse::sim::buildKernel(ModuleOp module, const Network &network,
                               const NeuronModel &model, StringRef modelName,
                               ChipParameters chips) {
  KernelBuilder(module, network, model, chips).build(modelName);
}
