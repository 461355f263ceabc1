//===- Pipeline.h - the deploy pipeline, stage by stage ----------*- C++ -*-===//
//
// The passes from an `snn` graph (or any later stage) to an allocated
// DYNAP-SE2 network, for embedding in other compilers (CIRCT's populate*
// style) and as the registered pipeline `dynapse-deploy`.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_PIPELINE_PIPELINE_H
#define DYNAPSE_PIPELINE_PIPELINE_H

#include "mlir/Pass/PassManager.h"

#include <cstdint>
#include <string>

namespace dynapse {

/// Every option of the pipeline's passes, with their defaults.
struct DeployOptions {
  // --convert-snn-to-dynapse
  double rGainMem = 4.0, rGainSyn = 100.0, tPulse = 1e-5, tRef = 1e-3;
  double cPulse = 5e-13, cRef = 1.5e-12, cMem = 3e-12, cSyn = 2.5e-11;
  double iscale = 1e-8, lifTauSyn = 0.0, ifTauMem = 1.0;
  // --dynapse-cluster
  std::string method = "parameter";
  unsigned chips = 4, cores = 0, maxNeuronsPerCore = 256;
  uint64_t seed = 0;
  // --dynapse-quantize-weights
  bool realisable = true, keepConnections = false;
  uint64_t weightSeed = 0;
  // --dynapse-allocate
  std::string chipGrid = "2x2";
};

/// snn -> dynapse: --snn-lower-conv on every graph, --convert-snn-to-dynapse.
void populateConversionStage(mlir::OpPassManager &pm, const DeployOptions &options);
/// --dynapse-merge on every network.
void populateMergeStage(mlir::OpPassManager &pm);
/// --dynapse-cluster on every network.
void populateClusterStage(mlir::OpPassManager &pm, const DeployOptions &options);
/// --dynapse-quantize-weights on every network.
void populateWeightStage(mlir::OpPassManager &pm, const DeployOptions &options);
/// --dynapse-quantize-currents on every network.
void populateCurrentStage(mlir::OpPassManager &pm);
/// --dynapse-allocate on every network.
void populateAllocationStage(mlir::OpPassManager &pm, const DeployOptions &options);

/// All stages in order, on a module.
void buildDeployPipeline(mlir::OpPassManager &pm, const DeployOptions &options);

/// Registers `dynapse-deploy` (with every option) for dynapse-opt.
void registerDeployPipeline();

} // namespace dynapse

#endif // DYNAPSE_PIPELINE_PIPELINE_H
