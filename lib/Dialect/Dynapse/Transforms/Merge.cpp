//===- Merge.cpp - all populations into one recurrent population ----------===//
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/Dynapse/IR/Stages.h"
#include "dynapse/Dialect/Dynapse/IR/NeuronCurrents.h"
#include "dynapse/Dialect/Dynapse/IR/WeightMatrix.h"
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"

namespace dynapse {
#define GEN_PASS_DEF_DYNAPSEMERGE
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h.inc"
} // namespace dynapse

using namespace mlir;
using namespace dynapse;

namespace {

/// Where each source's channels or neurons start in the merged index spaces.
struct Offsets {
  llvm::DenseMap<Value, int64_t> input, neuron;
  int64_t inputs = 0, neurons = 0;
};

bool isMerged(NetworkOp network) {
  Block &body = network.getBodyBlock();
  auto populations = llvm::to_vector(body.getOps<PopulationOp>());
  auto inputs = llvm::to_vector(body.getOps<InputOp>());
  if (populations.size() != 1 || inputs.size() > 1)
    return false;
  // At most one connection from each source.
  llvm::DenseSet<Value> sources;
  for (Value operand : populations.front().getInputs()) {
    Value source;
    if (auto weights = operand.getDefiningOp<WeightsOp>())
      source = weights.getSource();
    else if (auto synapses = operand.getDefiningOp<SynapsesOp>())
      source = synapses.getSource();
    if (!source || !sources.insert(source).second)
      return false;
  }
  return true;
}

/// The merged currents; compacted to one value where all neurons agree.
FailureOr<NeuronCurrents> mergeCurrents(ArrayRef<PopulationOp> populations) {
  std::vector<NeuronCurrents> parts;
  for (PopulationOp population : populations)
    parts.push_back(NeuronCurrents::fromOp(population));
  auto merged = NeuronCurrents::merge(parts);
  if (!merged) {
    PopulationOp first = populations.front();
    first.emitError("cannot merge populations: ")
        << llvm::toString(merged.takeError());
    return failure();
  }
  for (auto &values : merged->values)
    if (!values.empty() && llvm::all_equal(values))
      values.resize(1);
  return std::move(*merged);
}

LogicalResult mergeNetwork(NetworkOp network) {
  Block &body = network.getBodyBlock();
  static constexpr Stage precedes[] = {Stage::WeightsQuantised,
                                       Stage::Allocated};
  if (failed(checkStages(network, {"dynapse-merge", {}, precedes})))
    return failure();
  auto populations = llvm::to_vector(body.getOps<PopulationOp>());
  auto inputs = llvm::to_vector(body.getOps<InputOp>());
  if (populations.empty())
    return network.emitError("network @")
           << network.getSymName() << " has no population to merge";
  unsigned withCores = llvm::count_if(
      populations, [](PopulationOp p) { return bool(p.getCoreMap()); });
  if (withCores != 0 && withCores != populations.size())
    return network.emitError("some populations have a core_map and some do "
                             "not; run 'dynapse-cluster' after merging");

  std::vector<Operation *> replaced;
  for (Operation &op : body)
    if (isa<InputOp, PopulationOp, WeightsOp>(op))
      replaced.push_back(&op);

  Offsets offsets;
  std::vector<int64_t> everyStep;
  for (InputOp input : inputs) {
    offsets.input[input.getOutput()] = offsets.inputs;
    if (auto channels = input.getEveryStep())
      for (int64_t channel : *channels)
        everyStep.push_back(offsets.inputs + channel);
    offsets.inputs += input.getOutput().getType().getSize();
  }
  for (PopulationOp population : populations) {
    offsets.neuron[population.getOutput()] = offsets.neurons;
    offsets.neurons += population.getSize();
  }

  MatrixEntries weightsIn, weightsRec;
  for (PopulationOp population : populations) {
    int64_t column = offsets.neuron[population.getOutput()];
    for (Value operand : population.getInputs()) {
      auto weights = operand.getDefiningOp<WeightsOp>();
      if (!weights)
        return population.emitError("input is not a 'dynapse.weights'");
      Value source = weights.getSource();
      bool fromInput = offsets.input.count(source);
      int64_t row = fromInput ? offsets.input[source] : offsets.neuron[source];
      MatrixEntries &target = fromInput ? weightsIn : weightsRec;
      forEachNonZero(weights.getWeights(), [&](int64_t i, int64_t j, double v) {
        target[{row + i, column + j}] += v;
      });
    }
  }

  auto currents = mergeCurrents(populations);
  if (failed(currents))
    return failure();
  std::vector<int64_t> outputs, coreMap;
  for (PopulationOp population : populations) {
    int64_t offset = offsets.neuron[population.getOutput()];
    if (auto neurons = population.getOutputNeurons())
      for (int64_t neuron : *neurons)
        outputs.push_back(offset + neuron);
    if (auto cores = population.getCoreMap())
      coreMap.insert(coreMap.end(), cores->begin(), cores->end());
  }

  OpBuilder builder(network.getContext());
  builder.setInsertionPointToStart(&body);
  Location loc = populations.front().getLoc();
  MLIRContext *context = network.getContext();
  Value mergedInput;
  if (!inputs.empty()) {
    std::string name;
    for (InputOp input : inputs)
      if (auto inputName = input.getName())
        name += (name.empty() ? "" : ",") + inputName->str();
    auto input = builder.create<InputOp>(
        inputs.front().getLoc(), SpikesType::get(context, offsets.inputs),
        name.empty() ? StringAttr() : builder.getStringAttr(name),
        everyStep.empty() ? DenseI64ArrayAttr()
                          : builder.getDenseI64ArrayAttr(everyStep),
        ArrayAttr());
    mergedInput = input.getOutput();
  }
  OperationState state(loc, PopulationOp::getOperationName());
  state.addTypes(SpikesType::get(context, offsets.neurons));
  auto merged = cast<PopulationOp>(builder.create(state));
  currents->size = offsets.neurons;
  currents->applyTo(merged);
  merged.setNameAttr(builder.getStringAttr(currents->name));
  if (!outputs.empty())
    merged.setOutputNeuronsAttr(builder.getDenseI64ArrayAttr(outputs));
  if (!coreMap.empty())
    merged.setCoreMapAttr(builder.getDenseI64ArrayAttr(coreMap));

  SmallVector<Value> operands;
  auto synaptic = SynapticType::get(context, offsets.neurons);
  builder.setInsertionPoint(merged);
  if (mergedInput && !weightsIn.empty())
    operands.push_back(builder.create<WeightsOp>(
        loc, synaptic, mergedInput,
        buildWeightMatrix(builder, offsets.inputs, offsets.neurons, weightsIn)));
  if (!weightsRec.empty())
    operands.push_back(builder.create<WeightsOp>(
        loc, synaptic, merged.getOutput(),
        buildWeightMatrix(builder, offsets.neurons, offsets.neurons,
                          weightsRec)));
  merged->setOperands(operands);

  // The old ops now only refer to each other.
  for (Operation *op : replaced)
    op->dropAllReferences();
  for (Operation *op : replaced)
    op->erase();
  return success();
}

struct DynapseMergePass
    : public dynapse::impl::DynapseMergeBase<DynapseMergePass> {
  void runOnOperation() override {
    if (isMerged(getOperation()))
      return;
    if (failed(mergeNetwork(getOperation())))
      signalPassFailure();
  }
};

} // namespace
