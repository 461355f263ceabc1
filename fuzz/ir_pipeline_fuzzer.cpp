//===- ir_pipeline_fuzzer.cpp - parser, verifier and the deploy pipeline --===//
//
// Whatever parses and verifies goes through the whole dynapse-deploy pipeline
// and, when that succeeds, is written as an image. The text is parsed as the
// tools parse it (dynapse::parseModule: a sparse literal is first parsed in a
// child process, since MLIR 19's parser can crash on one).
//
//===----------------------------------------------------------------------===//
#include "FuzzContext.h"

#include "dynapse/Pipeline/Pipeline.h"
#include "dynapse/Support/SafeParse.h"
#include "dynapse/Target/Image/Image.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext &context = dynapse::fuzz::context();
  // The MLIR lexer needs a NUL-terminated buffer (toolchain.md section 7).
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size),
          "fuzz.mlir"),
      llvm::SMLoc());
  auto module = dynapse::parseModule(sourceMgr, &context);
  if (!module || mlir::failed(mlir::verify(*module)))
    return 0;
  mlir::PassManager pm(&context);
  dynapse::buildDeployPipeline(pm, dynapse::CompileOptions());
  if (mlir::failed(pm.run(*module)))
    return 0;
  std::string image;
  llvm::raw_string_ostream os(image);
  (void)dynapse::image::emitImage(*module, os);
  return 0;
}
