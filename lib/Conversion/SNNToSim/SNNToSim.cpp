//===- SNNToSim.cpp - an snn graph to the reference simulation kernel -----===//
#include "ReferenceModel.h"

#include "../SNNToDynapse/GraphDrives.h"

#include "dynapse/Conversion/DynapseToSim/SimulationKernel.h"
#include "dynapse/Conversion/Passes.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Support/ValueChecks.h"

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

ReferenceVariant variantOf(StringRef convention) {
  if (convention == "snntorch")
    return ReferenceVariant::SnnTorch;
  if (convention == "norse")
    return ReferenceVariant::Norse;
  return ReferenceVariant::Euler;
}

/// The per-step factors of one spiking node's neurons (docs/simulation.md).
class NeuronReader {
public:
  NeuronReader(ReferenceVariant variant, double dt, bool subtract)
      : variant(variant), dt(dt), subtract(subtract) {}
  FailureOr<std::vector<ReferenceNeuron>> read(Operation *op,
                                               ArrayRef<double> bias) const;

private:
  ReferenceVariant variant;
  double dt;
  bool subtract;
};

/// 1 - dt/tau in float32, as the exporters' importers compute it.
double decay(double dt, double tau) {
  return double(1.0f - float(dt) / float(tau));
}

FailureOr<std::vector<ReferenceNeuron>>
NeuronReader::read(Operation *op, ArrayRef<double> bias) const {
  int64_t size = sizeOf(op->getResult(0));
  auto attr = [&](StringRef name, double fallback) {
    return expand(op->getAttr(name), size, fallback);
  };
  bool cuba = isa<snn::CubaLIFOp>(op), leaky = !isa<snn::IFOp>(op);
  std::vector<double> tauMem = attr(cuba ? "tau_mem" : "tau", 0.0);
  std::vector<double> tauSyn = attr("tau_syn", 0.0), r = attr("r", 1.0);
  std::vector<double> wIn = attr("w_in", 1.0), vLeak = attr("v_leak", 0.0);
  std::vector<double> threshold = attr("v_threshold", 0.0);
  std::vector<double> vReset = attr("v_reset", 0.0);
  std::vector<ReferenceNeuron> neurons(size);
  for (int64_t j = 0; j < size; ++j) {
    ReferenceNeuron &n = neurons[j];
    if ((leaky && !(tauMem[j] > 0)) || (cuba && !(tauSyn[j] > 0)))
      return op->emitError("node '")
             << nodeName(op) << "': neuron " << j
             << " has a time constant <= 0 (tau_mem "
             << formatRoundTrip(tauMem[j]) << ", tau_syn "
             << formatRoundTrip(tauSyn[j]) << " s)";
    n.threshold = threshold[j], n.reset = vReset[j], n.subtract = subtract;
    n.bias = bias[j];
    if (variant == ReferenceVariant::SnnTorch) {
      // snnTorch's neurons have no r, w_in or v_leak: its exporter writes
      // r and w_in only to carry dt (docs/nir.md).
      n.alpha = cuba ? std::clamp(decay(dt, tauSyn[j]), 0.0, 1.0) : 0.0;
      n.beta = leaky ? std::clamp(decay(dt, tauMem[j]), 0.0, 1.0) : 1.0;
      continue;
    }
    if (cuba) {
      n.alpha = decay(dt, tauSyn[j]);
      n.inputGain = variant == ReferenceVariant::Norse ? wIn[j]
                                                       : wIn[j] * dt / tauSyn[j];
      n.delayedCurrent = variant == ReferenceVariant::Norse;
    }
    if (leaky) {
      n.beta = decay(dt, tauMem[j]);
      n.memoryGain = r[j] * dt / tauMem[j];
      n.leak = vLeak[j] * dt / tauMem[j];
    } else {
      n.memoryGain = r[j]; // IF integrates each step's input (sinabs' IF)
    }
  }
  return neurons;
}

class ReferenceBuilder {
public:
  ReferenceBuilder(snn::GraphOp graph, const GraphDrives &drives)
      : graph(graph), drives(drives) {}
  FailureOr<Network> build(double dt, const NeuronReader &reader,
                           std::vector<ReferenceNeuron> &neurons);

private:
  LogicalResult markOutputs(Network &network);
  void connect(Network &network, Operation *population, int64_t first);

  snn::GraphOp graph;
  const GraphDrives &drives;
  std::vector<Operation *> order;
  llvm::DenseMap<unsigned, int64_t> offset;   // source index -> first neuron
  llvm::DenseMap<unsigned, unsigned> stageOf; // population source -> stage
};

FailureOr<Network> ReferenceBuilder::build(double dt, const NeuronReader &reader,
                                           std::vector<ReferenceNeuron> &neurons) {
  Network network;
  network.dt = dt;
  order = drives.networkOrder();
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
    auto read = reader.read(op, drives.drive(op).bias);
    if (failed(read))
      return failure();
    neurons.insert(neurons.end(), read->begin(), read->end());
    connect(network, op, offset[drives.sourceIndex(op->getResult(0))]);
  }
  if (failed(markOutputs(network)))
    return failure();
  return network;
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

struct ConvertSNNToSimPass
    : public dynapse::impl::ConvertSNNToSimBase<ConvertSNNToSimPass> {
  using ConvertSNNToSimBase::ConvertSNNToSimBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (module.lookupSymbol(kernel::kFunctionName)) {
      emitRemark(module.getLoc(), "the module already holds a simulation "
                                  "kernel; 'convert-snn-to-sim' skipped");
      return;
    }
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
    auto drives = GraphDrives::analyse(graph);
    if (failed(drives))
      return signalPassFailure();
    double step = dt > 0 ? dt : graph.getDt() ? graph.getDt()->convertToDouble()
                                              : 1e-3;
    ReferenceVariant variant =
        variantOf(graph.getConvention().value_or("nir"));
    NeuronReader reader(variant, step, reset == "subtract");
    std::vector<ReferenceNeuron> neurons;
    FailureOr<Network> network =
        ReferenceBuilder(graph, *drives).build(step, reader, neurons);
    if (failed(network))
      return signalPassFailure();
    graph.erase();
    auto neuronModel = createReferenceModel(variant, std::move(neurons));
    buildKernel(module, *network, *neuronModel, "reference");
  }
};

} // namespace
