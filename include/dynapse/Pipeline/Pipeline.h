//===- Pipeline.h - the deploy pipeline, stage by stage ----------*- C++ -*-===//
//
// The passes from an `snn` graph (or any later stage) to an allocated
// DYNAP-SE2 network, for embedding in other compilers (CIRCT's populate*
// style) and as the registered pipeline `dynapse-deploy`.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_PIPELINE_PIPELINE_H
#define DYNAPSE_PIPELINE_PIPELINE_H

#include "dynapse/Pipeline/Options.h"
#include "mlir/Pass/PassManager.h"

namespace dynapse {

/// snn -> dynapse: --snn-lower-conv on every graph, --convert-snn-to-dynapse.
void populateConversionStage(mlir::OpPassManager &pm, const CompileOptions &options);
/// --dynapse-merge on every network.
void populateMergeStage(mlir::OpPassManager &pm);
/// --dynapse-cluster on every network.
void populateClusterStage(mlir::OpPassManager &pm, const CompileOptions &options);
/// --dynapse-quantize-weights on every network.
void populateWeightStage(mlir::OpPassManager &pm, const CompileOptions &options);
/// --dynapse-quantize-currents on every network.
void populateCurrentStage(mlir::OpPassManager &pm);
/// --dynapse-allocate on every network.
void populateAllocationStage(mlir::OpPassManager &pm, const CompileOptions &options);

/// What the simulator runs on a module of any stage: the conversion stage
/// when it holds an `snn.graph`, then --convert-dynapse-to-sim (with
/// model=reference: lower-conv and --convert-snn-to-sim instead),
/// canonicalization and CSE. Registered as `dynapse-simulation-kernel`.
void populateSimulationPipeline(mlir::OpPassManager &pm,
                                const CompileOptions &options, bool fromSNN);

/// All stages in order, on a module.
void buildDeployPipeline(mlir::OpPassManager &pm, const CompileOptions &options);

/// The deploy pipeline's two halves, for work between them (calibration):
/// conversion and merge, then cluster to allocation.
void populateDeployThroughMerge(mlir::OpPassManager &pm,
                                const CompileOptions &options);
void populateDeployAfterMerge(mlir::OpPassManager &pm,
                              const CompileOptions &options);

/// Registers `dynapse-deploy` and `dynapse-simulation-kernel`, with the
/// options of their passes (named as the passes name them, from the option
/// table), for dynapse-opt.
void registerPipelines();

} // namespace dynapse

#endif // DYNAPSE_PIPELINE_PIPELINE_H
