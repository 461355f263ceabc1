//===- ir_pipeline_fuzzer.cpp - parser, verifier and the deploy pipeline --===//
//
// Whatever parses and verifies goes through the whole dynapse-deploy pipeline
// and, when that succeeds, is written as an image.
//
//===----------------------------------------------------------------------===//
#include "FuzzContext.h"

#include "dynapse/Pipeline/Pipeline.h"
#include "dynapse/Target/Image/Image.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext &context = dynapse::fuzz::context();
  // The MLIR lexer needs a NUL-terminated buffer (toolchain.md section 7).
  std::string text(reinterpret_cast<const char *>(data), size);
  auto module = mlir::parseSourceString<mlir::ModuleOp>(text, &context);
  if (!module || mlir::failed(mlir::verify(*module)))
    return 0;
  mlir::PassManager pm(&context);
  dynapse::buildDeployPipeline(pm, dynapse::DeployOptions());
  if (mlir::failed(pm.run(*module)))
    return 0;
  std::string image;
  llvm::raw_string_ostream os(image);
  (void)dynapse::image::emitImage(*module, os);
  return 0;
}
