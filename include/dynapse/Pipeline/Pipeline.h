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

#include <functional>

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
/// model=reference: lower-conv and --convert-snn-to-sim instead), and where
/// `tidy` is set canonicalization and CSE, for a reader of the kernel. (The
/// JIT leaves them to LLVM's O3 pipeline: the machine code of the bench's
/// kernels is the same bytes without them, and a cached kernel's compile
/// takes a third less.) Registered as `dynapse-simulation-kernel`, tidy.
void populateSimulationPipeline(mlir::OpPassManager &pm,
                                const CompileOptions &options, bool fromSNN,
                                bool tidy = true);

/// The deploy pipeline's stages, in order, by the names the compiler driver
/// reports them under. `calibrate` runs only where StageHooks give it.
inline constexpr llvm::StringLiteral kDeployStages[] = {
    "convert", "merge", "calibrate", "cluster", "quantise weights",
    "quantise currents", "allocate"};

/// What runs between the deploy pipeline's stages, as module passes of
/// their own (so --mlir-timing and --mlir-print-ir-* see them).
struct StageHooks {
  /// The calibration stage, after merging and before clustering (it sets
  /// the merged network's `activity`); absent: no such stage.
  std::function<mlir::LogicalResult(mlir::ModuleOp)> calibrate;
  /// Runs after every stage with its name (kDeployStages); a failure stops
  /// the pipeline.
  std::function<mlir::LogicalResult(llvm::StringRef stage, mlir::ModuleOp)>
      afterStage;
};

/// All stages in order, on a module, with `hooks` between them.
void buildDeployPipeline(mlir::OpPassManager &pm, const CompileOptions &options,
                         const StageHooks &hooks = {});

/// Registers `dynapse-deploy` and `dynapse-simulation-kernel`, with the
/// options of their passes (named as the passes name them, from the option
/// table), for dynapse-opt.
void registerPipelines();

} // namespace dynapse

#endif // DYNAPSE_PIPELINE_PIPELINE_H
