//===- DynapseToSim.cpp - a dynapse network to a simulation kernel --------===//
#include "dynapse/Conversion/DynapseToSim/KernelBuilder.h"
#include "dynapse/Conversion/DynapseToSim/Models.h"
#include "dynapse/Conversion/DynapseToSim/SimNetwork.h"

#include "dynapse/Conversion/DynapseToSim/SimulationKernel.h"
#include "dynapse/Conversion/Passes.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"

namespace dynapse {
#define GEN_PASS_DEF_CONVERTDYNAPSETOSIM
#include "dynapse/Conversion/Passes.h.inc"
} // namespace dynapse

using namespace mlir;
using namespace dynapse;

namespace {

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
    if (instances == 0) {
      sim::applyMismatch(network->parameters, mismatch, seed);
      sim::buildKernel(module, *network, *neuronModel, model);
      return;
    }
    // Chip 0 is the ideal chip, chip k the instance of seed + k - 1.
    std::vector<std::vector<sim::NeuronParameters>> chips(instances + 1,
                                                          network->parameters);
    for (unsigned k = 1; k <= instances; ++k)
      sim::applyMismatch(chips[k], mismatch, seed + k - 1);
    sim::buildKernel(module, *network, *neuronModel, model, chips);
  }
};

} // namespace
