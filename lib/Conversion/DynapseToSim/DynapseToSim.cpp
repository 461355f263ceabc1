//===- DynapseToSim.cpp - a dynapse network to a simulation kernel --------===//
#include "dynapse/Conversion/DynapseToSim/KernelBuilder.h"
#include "dynapse/Conversion/DynapseToSim/Models.h"
#include "dynapse/Conversion/DynapseToSim/SimNetwork.h"

#include "dynapse/Conversion/DynapseToSim/SimulationKernel.h"
#include "dynapse/Conversion/Passes.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

namespace dynapse {
#define GEN_PASS_DEF_CONVERTDYNAPSETOSIM
#include "dynapse/Conversion/Passes.h.inc"
} // namespace dynapse

using namespace mlir;
using namespace dynapse;

namespace {

/// The largest network `layout=auto` gives sample lanes: above it they gain
/// a few per cent at most, less than compiling a second kernel costs a
/// cold run (bench/sim_bench.py's crossover, docs/performance.md).
constexpr int64_t kSampleLaneMaxNeurons = 64;

/// Samples per vector of the host: those of its widest vector math (libmvec
/// on x86-64), where the neuron layout's loops call the same functions; 0
/// elsewhere.
int64_t hostSampleLanes() {
  if (!llvm::Triple(llvm::sys::getProcessTriple()).isX86())
    return 0;
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  if (!features.lookup("avx2"))
    return 0;
  return features.lookup("avx512f") ? 16 : 8;
}

struct ConvertDynapseToSimPass
    : public dynapse::impl::ConvertDynapseToSimBase<ConvertDynapseToSimPass> {
  using ConvertDynapseToSimBase::ConvertDynapseToSimBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (kernel::holdsKernel(module, "convert-dynapse-to-sim"))
      return;
    const sim::ModelInfo *info = sim::findModel(model);
    if (!info || info->source != sim::ModelSource::Currents) {
      InFlightDiagnostic diag = emitError(module.getLoc(), "model '")
                                << model << "' ";
      if (info) // the reference model
        diag << "simulates the snn graph as trained: run 'convert-snn-to-sim'";
      else
        diag << "is unknown; expected "
             << sim::modelNames(sim::ModelSource::Currents);
      return signalPassFailure();
    }
    std::unique_ptr<sim::NeuronModel> neuronModel = info->create();
    if (mismatch < 0 || !(dt >= 0)) {
      emitError(module.getLoc(), "mismatch ")
          << mismatch << " and dt " << dt << " must not be negative";
      return signalPassFailure();
    }
    auto networks = llvm::to_vector(module.getOps<NetworkOp>());
    if (networks.size() != 1) {
      emitError(module.getLoc(), "expected one 'dynapse.network' to simulate, found ")
          << networks.size()
          << (networks.empty() ? "; run 'convert-snn-to-dynapse' first" : "");
      return signalPassFailure();
    }
    FailureOr<sim::Network> network =
        sim::readNetwork(networks.front(), info->fanIn, dt);
    if (failed(network))
      return signalPassFailure();
    networks.front().erase();
    std::vector<std::vector<sim::NeuronParameters>> chips;
    if (instances == 0) {
      sim::applyMismatch(network->parameters, mismatch, seed);
    } else {
      // Chip 0 is the ideal chip, chip k the instance of seed + k - 1.
      chips.assign(instances + 1, network->parameters);
      for (unsigned k = 1; k <= instances; ++k)
        sim::applyMismatch(chips[k], mismatch, seed + k - 1);
    }
    // layout=samples: the one kernel has sample lanes; auto, for a small
    // network: a kernel of each, the second for whole groups of samples.
    int64_t lanes = sampleLanes(*network);
    bool both = layout == "auto" && lanes > 1;
    sim::buildKernel(module, *network, *neuronModel, model, chips,
                     both ? 1 : lanes);
    if (both)
      sim::buildKernel(module, *network, *neuronModel, model, chips, lanes,
                       kernel::kSampleFunctionName);
  }

  /// The samples per call of a sample-lane kernel, where `layout` asks for
  /// one (else 1).
  int64_t sampleLanes(const sim::Network &network) {
    if (layout == "neurons" || !network.stageEnds.empty())
      return 1;
    if (layout == "auto" && network.neurons > kSampleLaneMaxNeurons)
      return 1;
    return std::max<int64_t>(hostSampleLanes(), 1);
  }
};

} // namespace
