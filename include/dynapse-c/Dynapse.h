/*===- Dynapse.h - C API of dynapse-mlir ----------------------------*- C -*-===*\
|*                                                                            *|
|* Register the dialects and passes, build the deploy pipeline, and run the   *|
|* translations from C (or any language with a C FFI). Works with MLIR's own  *|
|* C API (mlir-c/IR.h, mlir-c/Pass.h).                                        *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/
#ifndef DYNAPSE_C_DYNAPSE_H
#define DYNAPSE_C_DYNAPSE_H

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/Support.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Adds the snn and dynapse dialects to `registry`.
MLIR_CAPI_EXPORTED void dynapseRegisterDialects(MlirDialectRegistry registry);

/// Registers every dynapse pass and the `dynapse-deploy` and
/// `dynapse-simulation-kernel` pipelines.
MLIR_CAPI_EXPORTED void dynapseRegisterPasses(void);

/// Appends the deploy pipeline to `pm` (a module pass manager). `options` are
/// the pipeline's textual options, e.g. "chips=1 chip-grid=1x1 method=greedy";
/// empty for the defaults.
MLIR_CAPI_EXPORTED MlirLogicalResult
dynapseBuildDeployPipeline(MlirOpPassManager pm, MlirStringRef options);

//===----------------------------------------------------------------------===//
// Options: every option of dynapse-compile, by its flag's name, from the one
// option table (docs/user-guide.md lists them).
//===----------------------------------------------------------------------===//

typedef struct DynapseOptions DynapseOptions;

/// Every option at its default.
MLIR_CAPI_EXPORTED DynapseOptions *dynapseOptionsCreate(void);
MLIR_CAPI_EXPORTED void dynapseOptionsDestroy(DynapseOptions *options);

/// Sets option `name` (dynapse-compile's flag without "--"; dashes or
/// underscores) from `value`. On failure `error` (when not null) receives
/// the message, which names the option.
MLIR_CAPI_EXPORTED MlirLogicalResult
dynapseOptionsSet(DynapseOptions *options, MlirStringRef name,
                  MlirStringRef value, MlirStringCallback error, void *userData);

/// The option table: its size, and per row the flag's name, its default and
/// its help text (rows that share a name, like `chips`, are listed once each).
MLIR_CAPI_EXPORTED intptr_t dynapseOptionCount(void);
MLIR_CAPI_EXPORTED MlirStringRef dynapseOptionName(intptr_t index);
MLIR_CAPI_EXPORTED MlirStringRef dynapseOptionDefault(intptr_t index);
MLIR_CAPI_EXPORTED MlirStringRef dynapseOptionHelp(intptr_t index);

/// Appends the deploy pipeline with `options` to `pm`.
MLIR_CAPI_EXPORTED void
dynapseBuildDeployPipelineWithOptions(MlirOpPassManager pm,
                                      const DynapseOptions *options);

/// Reads a network of any format dynapse-compile reads (NIR, MLIR, Rockpool
/// spec, device image; told apart by `fileName`'s extension or the first
/// bytes), with the reading options of `options` (null: defaults). A null
/// module after a diagnostic.
MLIR_CAPI_EXPORTED MlirModule dynapseLoadNetwork(MlirContext context,
                                                 MlirStringRef bytes,
                                                 MlirStringRef fileName,
                                                 const DynapseOptions *options);

/// Imports an NIR file held in `bytes`; a null module after a diagnostic.
/// HDF5 parses the file in a forked child process (docs/nir.md), so that a
/// damaged file which crashes HDF5 gives a diagnostic, not a crash.
MLIR_CAPI_EXPORTED MlirModule dynapseImportNIR(MlirContext context,
                                               MlirStringRef bytes,
                                               MlirStringRef fileName);

/// Imports a Rockpool spec (JSON text); a null module after a diagnostic.
MLIR_CAPI_EXPORTED MlirModule dynapseImportRockpoolSpec(MlirContext context,
                                                        MlirStringRef text,
                                                        MlirStringRef fileName);

/// Writes an allocated network as a device image, through `callback`.
MLIR_CAPI_EXPORTED MlirLogicalResult
dynapseEmitImage(MlirModule module, MlirStringCallback callback, void *userData);

/// Writes an allocated network as samna configuration JSON.
MLIR_CAPI_EXPORTED MlirLogicalResult dynapseEmitSamnaJson(
    MlirModule module, MlirStringCallback callback, void *userData);

/// Writes a merged network as a Rockpool spec (JSON).
MLIR_CAPI_EXPORTED MlirLogicalResult dynapseExportRockpoolSpec(
    MlirModule module, MlirStringCallback callback, void *userData);

//===----------------------------------------------------------------------===//
// The compiler driver: what dynapse-compile and dynapse-sim do, from C.
//===----------------------------------------------------------------------===//

/// Spike counts: `batches` x `steps` x `width` float32 values, row-major.
typedef struct {
  const float *data;
  intptr_t batches, steps, width;
} DynapseSpikes;

/// What dynapseCompilerEmit writes.
typedef enum {
  DynapseEmitImage,
  DynapseEmitSamnaJson,
  DynapseEmitMLIR,
  DynapseEmitRockpoolSpec
} DynapseEmitKind;

typedef struct DynapseCompiler DynapseCompiler;

/// A driver on `context` (with the dynapse dialects registered) with
/// `options` (null: defaults). Diagnostics go to the context's handlers; it
/// keeps what dynapseCompilerFidelity compares.
MLIR_CAPI_EXPORTED DynapseCompiler *
dynapseCompilerCreate(MlirContext context, const DynapseOptions *options);
MLIR_CAPI_EXPORTED void dynapseCompilerDestroy(DynapseCompiler *compiler);

/// Reads a network of any format (as dynapseLoadNetwork).
MLIR_CAPI_EXPORTED MlirLogicalResult
dynapseCompilerLoad(DynapseCompiler *compiler, MlirStringRef bytes,
                    MlirStringRef fileName);

/// Before deploying: the calibration stage simulates the network as trained
/// on `spikes` (dynapse-compile --calibrate).
MLIR_CAPI_EXPORTED MlirLogicalResult
dynapseCompilerCalibrate(DynapseCompiler *compiler, DynapseSpikes spikes);

/// Runs the deploy stages on one pass manager.
MLIR_CAPI_EXPORTED MlirLogicalResult
dynapseCompilerDeploy(DynapseCompiler *compiler);

/// The network as it is now (owned by the compiler).
MLIR_CAPI_EXPORTED MlirModule dynapseCompilerGetModule(DynapseCompiler *compiler);

/// Writes the deployed network through `callback`.
MLIR_CAPI_EXPORTED MlirLogicalResult
dynapseCompilerEmit(DynapseCompiler *compiler, DynapseEmitKind kind,
                    MlirStringCallback callback, void *userData);

/// The neurons of the network as it is now, and the chips a simulation runs
/// (the chip instances of the options, or 1); -1 after a diagnostic when
/// it cannot be simulated.
MLIR_CAPI_EXPORTED intptr_t dynapseCompilerNeurons(DynapseCompiler *compiler);
MLIR_CAPI_EXPORTED intptr_t dynapseCompilerChips(DynapseCompiler *compiler);

/// Simulates the network as it is now on `spikes`, as dynapse-sim does, and
/// writes chips x batches x steps x neurons output counts to `output`.
MLIR_CAPI_EXPORTED MlirLogicalResult
dynapseCompilerSimulate(DynapseCompiler *compiler, DynapseSpikes spikes,
                        float *output);

/// After deploying a network loaded at the snn level: dynapse-compile
/// --simulate's comparison on `spikes` (with `labels`, one class per batch
/// element, or null) as the report's JSON `simulation` object.
MLIR_CAPI_EXPORTED MlirLogicalResult
dynapseCompilerFidelity(DynapseCompiler *compiler, DynapseSpikes spikes,
                        const int64_t *labels, MlirStringCallback callback,
                        void *userData);

#ifdef __cplusplus
}
#endif

#endif /* DYNAPSE_C_DYNAPSE_H */
