//===- SNNToSim.cpp - an snn graph to the reference simulation kernel -----===//
#include "dynapse/Conversion/SNNToSim/ReferenceModel.h"

#include "../SNNToDynapse/GraphDrives.h"

#include "dynapse/Conversion/DynapseToSim/Models.h"
#include "dynapse/Conversion/DynapseToSim/SimulationKernel.h"
#include "dynapse/Conversion/Passes.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/SNN/IR/SNNOps.h"

#include "llvm/ADT/DenseMap.h"

namespace dynapse {
#define GEN_PASS_DEF_CONVERTSNNTOSIM
#include "dynapse/Conversion/Passes.h.inc"
} // namespace dynapse

using namespace mlir;
using namespace dynapse;
using namespace dynapse::conversion;
using namespace dynapse::sim;

namespace {

class ReferenceBuilder {
public:
  ReferenceBuilder(snn::GraphOp graph, const GraphDrives &drives)
      : graph(graph), drives(drives) {}
  FailureOr<Network> build(double dt, ReferenceVariant variant,
                           ResetRule reset,
                           std::vector<ReferenceNeuron> &neurons);

private:
  bool isLastStep(const LinearForm &form, unsigned stage) const;
  void splitBias(Operation *population, std::vector<double> &fed,
                 std::vector<double> &recurrent) const;
  LogicalResult markOutputs(Network &network);
  void connect(Network &network, Operation *population, int64_t first);

  snn::GraphOp graph;
  const GraphDrives &drives;
  llvm::DenseMap<unsigned, int64_t> offset;   // source index -> first neuron
  llvm::DenseMap<unsigned, unsigned> stageOf; // population source -> stage
};

FailureOr<Network> ReferenceBuilder::build(double dt, ReferenceVariant variant,
                                           ResetRule reset,
                                           std::vector<ReferenceNeuron> &neurons) {
  Network network;
  network.dt = dt;
  std::vector<Operation *> order = drives.networkOrder();
  for (auto [stage, op] : llvm::enumerate(order)) {
    unsigned source = drives.sourceIndex(op->getResult(0));
    offset[source] = network.neurons;
    stageOf[source] = stage;
    int64_t size = sizeOf(op->getResult(0));
    network.populations.push_back({nodeName(op), size});
    network.neurons += size;
    network.stageEnds.push_back(network.neurons);
  }
  for (BlockArgument argument : graph.getBody().front().getArguments()) {
    offset[drives.sourceIndex(argument)] = network.neurons + network.inputs;
    network.inputs += sizeOf(argument);
  }
  network.fanIn.resize(network.neurons);
  for (Operation *op : order) {
    // Only snnTorch adds a recurrent bias apart from the input's.
    std::vector<double> bias = drives.drive(op).bias, recurrent;
    if (variant == ReferenceVariant::SnnTorch)
      splitBias(op, bias, recurrent);
    auto read = readDiscreteNeurons(op, variant, dt, reset, bias, recurrent);
    if (failed(read))
      return failure();
    neurons.insert(neurons.end(), read->begin(), read->end());
    connect(network, op, offset[drives.sourceIndex(op->getResult(0))]);
  }
  if (failed(markOutputs(network)))
    return failure();
  return network;
}

/// Whether `form` carries only spikes of the last step into a population of
/// `stage`: a recurrent Affine's.
bool ReferenceBuilder::isLastStep(const LinearForm &form, unsigned stage) const {
  if (form.terms.empty())
    return false;
  return llvm::all_of(form.terms, [&](const auto &term) {
    unsigned source = term.first;
    return source >= drives.numInputs() && stageOf.lookup(source) >= stage;
  });
}

/// The population's bias as its operands bring it: `fed` with the step's
/// input, `recurrent` with the last step's spikes.
void ReferenceBuilder::splitBias(Operation *population, std::vector<double> &fed,
                                 std::vector<double> &recurrent) const {
  unsigned stage = stageOf.lookup(drives.sourceIndex(population->getResult(0)));
  fed.assign(fed.size(), 0.0);
  recurrent.assign(fed.size(), 0.0);
  for (const LinearForm *form : drives.operandForms(population)) {
    std::vector<double> &target = isLastStep(*form, stage) ? recurrent : fed;
    for (size_t j = 0; j < target.size(); ++j)
      target[j] += form->bias[j];
  }
}

void ReferenceBuilder::connect(Network &network, Operation *population,
                               int64_t first) {
  unsigned stage = stageOf[drives.sourceIndex(population->getResult(0))];
  for (const auto &[source, matrix] : drives.drive(population).terms) {
    bool fromInput = source < drives.numInputs();
    bool sameStep = !fromInput && stageOf[source] < stage;
    unsigned group = fromInput || sameStep ? kSameStepInput : kLastStepInput;
    for (int64_t j = 0; j < matrix.rows(); ++j)
      for (const auto &[i, weight] : matrix.row(j))
        network.fanIn[first + j].push_back(
            {int32_t(offset[source] + i), group, weight, sameStep});
  }
}

LogicalResult ReferenceBuilder::markOutputs(Network &network) {
  for (auto [index, result] :
       llvm::enumerate(graph.getOutputOp().getOperands())) {
    Operation *producer = result.getDefiningOp();
    if (!producer || !isSpiking(producer))
      return graph.emitError("network output ")
             << index << " is not a spiking node's output; the reference "
                         "model simulates the spiking populations";
    int64_t first = offset[drives.sourceIndex(result)];
    for (int64_t j = 0; j < sizeOf(result); ++j)
      network.outputs.push_back(first + j);
  }
  return success();
}

} // namespace

FailureOr<Network>
dynapse::sim::readReferenceNetwork(snn::GraphOp graph, double dt,
                                   ResetRule reset, ReferenceVariant &variant,
                                   std::vector<ReferenceNeuron> &neurons) {
  auto drives = GraphDrives::analyse(graph);
  if (failed(drives))
    return failure();
  double step = dt > 0 ? dt : graphDt(graph);
  variant = discretisationOf(graphConvention(graph));
  return ReferenceBuilder(graph, *drives).build(step, variant, reset, neurons);
}

namespace {

struct ConvertSNNToSimPass
    : public dynapse::impl::ConvertSNNToSimBase<ConvertSNNToSimPass> {
  using ConvertSNNToSimBase::ConvertSNNToSimBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (kernel::holdsKernel(module, "convert-snn-to-sim"))
      return;
    auto graphs = llvm::to_vector(module.getOps<snn::GraphOp>());
    if (graphs.size() != 1) {
      auto diag = emitError(module.getLoc(), "expected one 'snn.graph' to "
                                             "simulate as trained, found ")
                  << graphs.size();
      if (!module.getOps<NetworkOp>().empty())
        diag << "; this network is at the dynapse level (a Rockpool spec, an "
                "image or converted IR): the reference model needs the "
                "trained network, as NIR or snn MLIR";
      return signalPassFailure();
    }
    snn::GraphOp graph = graphs.front();
    if (!(dt >= 0) || (reset != "zero" && reset != "subtract")) {
      emitError(module.getLoc(), "dt ")
          << dt << " must not be negative and reset '" << reset
          << "' must be 'zero' or 'subtract'";
      return signalPassFailure();
    }
    ReferenceVariant variant;
    std::vector<ReferenceNeuron> neurons;
    FailureOr<Network> network = sim::readReferenceNetwork(
        graph, dt,
        ResetRule{reset == "subtract", resetDelay, resetClearsCurrent},
        variant, neurons);
    if (failed(network))
      return signalPassFailure();
    graph.erase();
    auto neuronModel = createReferenceModel(variant, std::move(neurons));
    buildKernel(module, *network, *neuronModel, sim::kReferenceModel);
  }
};

} // namespace
