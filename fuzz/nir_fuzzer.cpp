//===- nir_fuzzer.cpp - the NIR (HDF5) importer ---------------------------===//
#include "FuzzContext.h"

#include "dynapse/Target/NIR/NIR.h"
#include "mlir/Pass/PassManager.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext &context = dynapse::fuzz::context();
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  auto module = dynapse::nir::importNIR(bytes, "fuzz.nir", &context,
                                        dynapse::nir::ImportOptions());
  if (!module)
    return 0;
  // What imports must also convert or be rejected cleanly.
  mlir::PassManager pm(&context);
  pm.addPass(dynapse::createConvertSNNToDynapse());
  (void)pm.run(*module);
  return 0;
}
