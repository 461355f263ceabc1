//===- Dynapse.cpp - C API of dynapse-mlir --------------------------------===//
#include "dynapse-c/Dynapse.h"

#include "dynapse/Driver/Driver.h"
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
  dynapse::InputOptions input = options ? options->options.input
                                        : dynapse::InputOptions();
  OwningOpRef<ModuleOp> module = dynapse::loadNetwork(
      unwrap(bytes), unwrap(fileName), unwrap(context), input);
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
