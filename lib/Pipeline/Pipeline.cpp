//===- Pipeline.cpp - the deploy pipeline, stage by stage -----------------===//
#include "dynapse/Pipeline/Pipeline.h"

#include "dynapse/Conversion/Passes.h"
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h"
#include "dynapse/Dialect/SNN/Transforms/Passes.h"

#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace dynapse;

void dynapse::populateConversionStage(OpPassManager &pm,
                                      const DeployOptions &options) {
  pm.addNestedPass<snn::GraphOp>(snn::createSNNLowerConv());
  ConvertSNNToDynapseOptions convert;
  convert.rGainMem = options.rGainMem;
  convert.rGainSyn = options.rGainSyn;
  convert.tPulse = options.tPulse;
  convert.tRef = options.tRef;
  convert.cPulse = options.cPulse;
  convert.cRef = options.cRef;
  convert.cMem = options.cMem;
  convert.cSyn = options.cSyn;
  convert.iscale = options.iscale;
  convert.lifTauSyn = options.lifTauSyn;
  convert.ifTauMem = options.ifTauMem;
  pm.addPass(createConvertSNNToDynapse(convert));
}

void dynapse::populateMergeStage(OpPassManager &pm) {
  pm.addNestedPass<NetworkOp>(createDynapseMerge());
}

void dynapse::populateClusterStage(OpPassManager &pm,
                                   const DeployOptions &options) {
  DynapseClusterOptions cluster;
  cluster.method = options.method;
  cluster.chips = options.chips;
  cluster.cores = options.cores;
  cluster.maxNeuronsPerCore = options.maxNeuronsPerCore;
  cluster.seed = options.seed;
  pm.addNestedPass<NetworkOp>(createDynapseCluster(cluster));
}

void dynapse::populateWeightStage(OpPassManager &pm,
                                  const DeployOptions &options) {
  DynapseQuantizeWeightsOptions weights;
  weights.realisable = options.realisable;
  weights.keepConnections = options.keepConnections;
  weights.seed = options.weightSeed;
  pm.addNestedPass<NetworkOp>(createDynapseQuantizeWeights(weights));
}

void dynapse::populateCurrentStage(OpPassManager &pm) {
  pm.addNestedPass<NetworkOp>(createDynapseQuantizeCurrents());
}

void dynapse::populateAllocationStage(OpPassManager &pm,
                                      const DeployOptions &options) {
  DynapseAllocateOptions allocate;
  allocate.chips = options.chips;
  allocate.chipGrid = options.chipGrid;
  pm.addNestedPass<NetworkOp>(createDynapseAllocate(allocate));
}

void dynapse::buildDeployPipeline(OpPassManager &pm,
                                  const DeployOptions &options) {
  populateConversionStage(pm, options);
  populateMergeStage(pm);
  populateClusterStage(pm, options);
  populateWeightStage(pm, options);
  populateCurrentStage(pm);
  populateAllocationStage(pm, options);
}

namespace {
/// The textual options of `dynapse-deploy`, named as the passes name them.
struct DeployPipelineOptions : public PassPipelineOptions<DeployPipelineOptions> {
  Option<double> rGainMem{*this, "r-gain-mem", llvm::cl::init(4.0)};
  Option<double> rGainSyn{*this, "r-gain-syn", llvm::cl::init(100.0)};
  Option<double> tPulse{*this, "t-pulse", llvm::cl::init(1e-5)};
  Option<double> tRef{*this, "t-ref", llvm::cl::init(1e-3)};
  Option<double> cPulse{*this, "c-pulse", llvm::cl::init(5e-13)};
  Option<double> cRef{*this, "c-ref", llvm::cl::init(1.5e-12)};
  Option<double> cMem{*this, "c-mem", llvm::cl::init(3e-12)};
  Option<double> cSyn{*this, "c-syn", llvm::cl::init(2.5e-11)};
  Option<double> iscale{*this, "iscale", llvm::cl::init(1e-8)};
  Option<double> lifTauSyn{*this, "lif-tau-syn", llvm::cl::init(0.0)};
  Option<double> ifTauMem{*this, "if-tau-mem", llvm::cl::init(1.0)};
  Option<std::string> method{*this, "method", llvm::cl::init("parameter")};
  Option<unsigned> chips{*this, "chips", llvm::cl::init(4)};
  Option<unsigned> cores{*this, "cores", llvm::cl::init(0)};
  Option<unsigned> maxNeuronsPerCore{*this, "max-neurons-per-core",
                                     llvm::cl::init(256)};
  Option<uint64_t> seed{*this, "seed", llvm::cl::init(0)};
  Option<bool> realisable{*this, "realisable", llvm::cl::init(true)};
  Option<bool> keepConnections{*this, "keep-connections", llvm::cl::init(false)};
  Option<uint64_t> weightSeed{*this, "weight-seed", llvm::cl::init(0)};
  Option<std::string> chipGrid{*this, "chip-grid", llvm::cl::init("2x2")};

  DeployOptions get() const {
    DeployOptions options;
    options.rGainMem = rGainMem, options.rGainSyn = rGainSyn;
    options.tPulse = tPulse, options.tRef = tRef, options.cPulse = cPulse;
    options.cRef = cRef, options.cMem = cMem, options.cSyn = cSyn;
    options.iscale = iscale, options.lifTauSyn = lifTauSyn;
    options.ifTauMem = ifTauMem, options.method = method;
    options.chips = chips, options.cores = cores;
    options.maxNeuronsPerCore = maxNeuronsPerCore, options.seed = seed;
    options.realisable = realisable, options.keepConnections = keepConnections;
    options.weightSeed = weightSeed, options.chipGrid = chipGrid;
    return options;
  }
};
} // namespace

void dynapse::registerDeployPipeline() {
  PassPipelineRegistration<DeployPipelineOptions>(
      "dynapse-deploy",
      "from an snn graph (or any later stage) to an allocated DYNAP-SE2 "
      "network: lower-conv, convert, merge, cluster, quantise weights and "
      "currents, allocate",
      [](OpPassManager &pm, const DeployPipelineOptions &options) {
        buildDeployPipeline(pm, options.get());
      });
}
