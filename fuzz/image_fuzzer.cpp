//===- image_fuzzer.cpp - the device image decoder and its listing --------===//
#include "FuzzContext.h"

#include "dynapse/Target/Image/Image.h"
#include "llvm/Support/raw_ostream.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext &context = dynapse::fuzz::context();
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  (void)dynapse::image::importImage(bytes, "fuzz.dse2", &context);
  std::string listing;
  llvm::raw_string_ostream os(listing);
  (void)dynapse::image::dumpImage(bytes, "fuzz.dse2", &context, os);
  return 0;
}
