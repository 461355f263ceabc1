//===- spec_fuzzer.cpp - the Rockpool spec JSON importer ------------------===//
#include "FuzzContext.h"

#include "dynapse/Target/RockpoolSpec/RockpoolSpec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  (void)dynapse::rockpool::importSpec(text, "fuzz.json",
                                      &dynapse::fuzz::context());
  return 0;
}
