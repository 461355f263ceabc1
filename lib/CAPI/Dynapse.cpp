//===- Dynapse.cpp - C API of dynapse-mlir --------------------------------===//
#include "dynapse-c/Dynapse.h"

#include "dynapse/Conversion/DynapseToSim/Models.h"
#include "dynapse/Driver/Compiler.h"
#include "dynapse/Driver/Driver.h"
#include "dynapse/Simulation/Evaluation.h"
#include "dynapse/InitAllDialects.h"
#include "dynapse/InitAllPasses.h"
#include "dynapse/Pipeline/Pipeline.h"
#include "dynapse/Target/Image/Image.h"
#include "dynapse/Target/NIR/NIR.h"
#include "dynapse/Target/RockpoolSpec/RockpoolSpec.h"
#include "dynapse/Target/Samna/Samna.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Pass.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/CAPI/Support.h"
#include "mlir/CAPI/Utils.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

void dynapseRegisterDialects(MlirDialectRegistry registry) {
  dynapse::registerAllDialects(*unwrap(registry));
}

void dynapseRegisterPasses(void) {
  static bool registered = [] {
    dynapse::registerAllPasses();
    dynapse::registerPipelines();
    return true;
  }();
  (void)registered;
}

MlirLogicalResult dynapseBuildDeployPipeline(MlirOpPassManager pm,
                                             MlirStringRef options) {
  dynapseRegisterPasses();
  std::string pipeline = "dynapse-deploy{" + unwrap(options).str() + "}";
  return wrap(parsePassPipeline(pipeline, *unwrap(pm)));
}

struct DynapseOptions {
  dynapse::CompileOptions options;
};

DynapseOptions *dynapseOptionsCreate(void) { return new DynapseOptions(); }

void dynapseOptionsDestroy(DynapseOptions *options) { delete options; }

MlirLogicalResult dynapseOptionsSet(DynapseOptions *options, MlirStringRef name,
                                    MlirStringRef value,
                                    MlirStringCallback error, void *userData) {
  llvm::Error failure =
      dynapse::setOption(options->options, unwrap(name), unwrap(value));
  if (!failure)
    return mlirLogicalResultSuccess();
  std::string message = llvm::toString(std::move(failure));
  if (error)
    error(mlirStringRefCreate(message.data(), message.size()), userData);
  return mlirLogicalResultFailure();
}

intptr_t dynapseOptionCount(void) { return dynapse::optionTable().size(); }

MlirStringRef dynapseOptionName(intptr_t index) {
  return wrap(dynapse::optionTable()[index].frontDoor);
}

MlirStringRef dynapseOptionDefault(intptr_t index) {
  return wrap(dynapse::optionTable()[index].defaultValue);
}

MlirStringRef dynapseOptionHelp(intptr_t index) {
  return wrap(dynapse::optionTable()[index].help);
}

void dynapseBuildDeployPipelineWithOptions(MlirOpPassManager pm,
                                           const DynapseOptions *options) {
  dynapse::buildDeployPipeline(*unwrap(pm), options->options);
}

MlirModule dynapseLoadNetwork(MlirContext context, MlirStringRef bytes,
                              MlirStringRef fileName,
                              const DynapseOptions *options) {
  dynapse::CompileOptions defaults;
  OwningOpRef<ModuleOp> module =
      dynapse::loadNetwork(unwrap(bytes), unwrap(fileName), unwrap(context),
                           options ? options->options : defaults);
  return MlirModule{module.release().getOperation()};
}

MlirModule dynapseImportNIR(MlirContext context, MlirStringRef bytes,
                            MlirStringRef fileName) {
  OwningOpRef<ModuleOp> module = dynapse::nir::importNIR(
      unwrap(bytes), unwrap(fileName), unwrap(context), {});
  return MlirModule{module.release().getOperation()};
}

MlirModule dynapseImportRockpoolSpec(MlirContext context, MlirStringRef text,
                                     MlirStringRef fileName) {
  OwningOpRef<ModuleOp> module =
      dynapse::rockpool::importSpec(unwrap(text), unwrap(fileName), unwrap(context));
  return MlirModule{module.release().getOperation()};
}

template <typename Emit>
static MlirLogicalResult emitThrough(MlirModule module, MlirStringCallback callback,
                                     void *userData, Emit emit) {
  detail::CallbackOstream stream(callback, userData);
  LogicalResult result = emit(unwrap(module), stream);
  stream.flush();
  return wrap(result);
}

MlirLogicalResult dynapseEmitImage(MlirModule module, MlirStringCallback callback,
                                   void *userData) {
  return emitThrough(module, callback, userData, [](ModuleOp op, raw_ostream &out) {
    return dynapse::image::emitImage(op, out);
  });
}

MlirLogicalResult dynapseEmitSamnaJson(MlirModule module,
                                       MlirStringCallback callback,
                                       void *userData) {
  return emitThrough(module, callback, userData, [](ModuleOp op, raw_ostream &out) {
    return dynapse::samna::emitConfiguration(op, out, nullptr);
  });
}

MlirLogicalResult dynapseExportRockpoolSpec(MlirModule module,
                                            MlirStringCallback callback,
                                            void *userData) {
  return emitThrough(module, callback, userData, [](ModuleOp op, raw_ostream &out) {
    return dynapse::rockpool::exportSpec(op, out);
  });
}

//===----------------------------------------------------------------------===//
// The compiler driver
//===----------------------------------------------------------------------===//

struct DynapseCompiler {
  explicit DynapseCompiler(MLIRContext &context,
                           const dynapse::CompileOptions &options)
      : compiler(context, options) {}
  dynapse::Compiler compiler;
};

DynapseCompiler *dynapseCompilerCreate(MlirContext context,
                                       const DynapseOptions *options) {
  return new DynapseCompiler(*unwrap(context),
                             options ? options->options
                                     : dynapse::CompileOptions());
}

void dynapseCompilerDestroy(DynapseCompiler *compiler) { delete compiler; }

MlirLogicalResult dynapseCompilerLoad(DynapseCompiler *compiler,
                                      MlirStringRef bytes,
                                      MlirStringRef fileName) {
  LogicalResult loaded = compiler->compiler.load(unwrap(bytes), unwrap(fileName));
  // Keeps the network as loaded for dynapseCompilerFidelity (not for the
  // reference model, which has nothing to compare against).
  if (succeeded(loaded) &&
      !dynapse::sim::isReferenceModel(
          compiler->compiler.options().convertDynapseToSim.model))
    (void)compiler->compiler.keepForSimulation();
  return wrap(loaded);
}

/// `spikes` checked against `inputs` channels; a diagnostic when wrong.
static std::optional<dynapse::sim::SpikeInput>
spikeInput(DynapseCompiler *compiler, DynapseSpikes spikes, int64_t inputs) {
  auto input = dynapse::sim::spikeInputFromArray(
      spikes.data, spikes.batches, spikes.steps, spikes.width, inputs, "spikes");
  if (input)
    return std::move(*input);
  emitError(UnknownLoc::get(compiler->compiler.module().getContext()))
      << llvm::toString(input.takeError());
  return std::nullopt;
}

MlirLogicalResult dynapseCompilerCalibrate(DynapseCompiler *compiler,
                                           DynapseSpikes spikes) {
  const dynapse::sim::Simulator *reference =
      compiler->compiler.referenceModel("calibration");
  if (!reference)
    return mlirLogicalResultFailure();
  auto input = spikeInput(compiler, spikes, reference->inputs());
  if (!input)
    return mlirLogicalResultFailure();
  compiler->compiler.calibrateOn(std::move(*input));
  return mlirLogicalResultSuccess();
}

MlirLogicalResult dynapseCompilerDeploy(DynapseCompiler *compiler) {
  return wrap(compiler->compiler.deploy());
}

MlirModule dynapseCompilerGetModule(DynapseCompiler *compiler) {
  return wrap(compiler->compiler.module());
}

MlirLogicalResult dynapseCompilerEmit(DynapseCompiler *compiler,
                                      DynapseEmitKind kind,
                                      MlirStringCallback callback,
                                      void *userData) {
  static constexpr dynapse::EmitKind kinds[] = {
      dynapse::EmitKind::Image, dynapse::EmitKind::Samna,
      dynapse::EmitKind::MLIR, dynapse::EmitKind::RockpoolSpec};
  detail::CallbackOstream stream(callback, userData);
  LogicalResult result = compiler->compiler.emit(kinds[kind], stream);
  stream.flush();
  return wrap(result);
}

intptr_t dynapseCompilerNeurons(DynapseCompiler *compiler) {
  const dynapse::sim::Simulator *simulator = compiler->compiler.simulator();
  return simulator ? simulator->neurons() : -1;
}

intptr_t dynapseCompilerChips(DynapseCompiler *compiler) {
  const dynapse::sim::Simulator *simulator = compiler->compiler.simulator();
  return simulator ? intptr_t(simulator->instanceChips().size()) : -1;
}

MlirLogicalResult dynapseCompilerSimulate(DynapseCompiler *compiler,
                                          DynapseSpikes spikes, float *output) {
  const dynapse::sim::Simulator *simulator = compiler->compiler.simulator();
  if (!simulator)
    return mlirLogicalResultFailure();
  auto input = spikeInput(compiler, spikes, simulator->inputs());
  if (!input)
    return mlirLogicalResultFailure();
  dynapse::sim::ChipRuns runs = dynapse::sim::runChips(
      *simulator, *input, false, 0, compiler->compiler.options());
  size_t plane = size_t(input->steps * simulator->neurons());
  for (const auto &traces : runs.traces)
    for (const dynapse::sim::Trace &trace : traces) {
      trace.spikes.fillDense(0, input->steps, output);
      output += plane;
    }
  return mlirLogicalResultSuccess();
}

MlirLogicalResult dynapseCompilerFidelity(DynapseCompiler *compiler,
                                          DynapseSpikes spikes,
                                          const int64_t *labels,
                                          MlirStringCallback callback,
                                          void *userData) {
  dynapse::SimulationInput input;
  input.batch = spikes.batches;
  input.spikes = [&](int64_t width) {
    return dynapse::sim::spikeInputFromArray(spikes.data, spikes.batches,
                                             spikes.steps, spikes.width, width,
                                             "spikes");
  };
  if (labels)
    input.labels = [&](int64_t batches,
                       int64_t classes) -> llvm::Expected<std::vector<int64_t>> {
      std::vector<int64_t> given(labels, labels + batches);
      if (llvm::Error error = dynapse::sim::checkLabels(given, batches, classes))
        return std::move(error);
      return given;
    };
  std::optional<dynapse::SimulationReport> report =
      compiler->compiler.simulate(input);
  if (!report)
    return mlirLogicalResultFailure();
  std::string json =
      llvm::formatv("{0:2}", llvm::json::Value(std::move(report->json))).str();
  callback(mlirStringRefCreate(json.data(), json.size()), userData);
  return mlirLogicalResultSuccess();
}
