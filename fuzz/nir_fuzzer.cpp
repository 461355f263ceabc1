//===- nir_fuzzer.cpp - the NIR (HDF5) importer ---------------------------===//
//
// By default the import runs as the tools run it, with HDF5 in a child
// process (NIRIsolation.cpp): the harness checks that no file crashes the
// importer or what follows it. DYNAPSE_FUZZ_IN_PROCESS=1 reads the file in
// the fuzzer's own process instead, to find (and then guard) HDF5's failures
// with coverage feedback from inside HDF5.
//
//===----------------------------------------------------------------------===//
#include "FuzzContext.h"

#include "dynapse/Target/NIR/NIR.h"
#include "mlir/Pass/PassManager.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const bool inProcess = std::getenv("DYNAPSE_FUZZ_IN_PROCESS");
  mlir::MLIRContext &context = dynapse::fuzz::context();
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  dynapse::nir::ImportOptions options;
  options.isolate = !inProcess;
  auto module = dynapse::nir::importNIR(bytes, "fuzz.nir", &context, options);
  if (!module)
    return 0;
  // What imports must also convert or be rejected cleanly.
  mlir::PassManager pm(&context);
  pm.addPass(dynapse::createConvertSNNToDynapse());
  (void)pm.run(*module);
  return 0;
}
