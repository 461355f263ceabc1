//===- npy_fuzzer.cpp - dynapse-sim's .npy reader -------------------------===//
#include "dynapse/Support/Npy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  auto array = dynapse::npy::parse(bytes);
  if (!array) {
    llvm::consumeError(array.takeError());
    return 0;
  }
  // A parsed array's shape must account for its values exactly.
  size_t count = 1;
  for (int64_t extent : array->shape)
    count *= size_t(extent);
  if (count != array->values.size())
    __builtin_trap();
  return 0;
}
