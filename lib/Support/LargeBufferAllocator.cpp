//===- LargeBufferAllocator.cpp - uninitialised, huge-page-backed arrays --===//
#include "dynapse/Support/LargeBufferAllocator.h"

#include "llvm/Support/ErrorHandling.h"

#include <cstdlib>
#include <sys/mman.h>

void *dynapse::allocateLargeBuffer(std::size_t bytes) {
  constexpr std::size_t hugePage = std::size_t(2) << 20;
  void *buffer = nullptr;
  if (bytes < hugePage) {
    buffer = std::malloc(bytes ? bytes : 1);
  } else {
    std::size_t rounded = (bytes + hugePage - 1) / hugePage * hugePage;
    buffer = std::aligned_alloc(hugePage, rounded);
    // Only advice: where transparent huge pages are off, pages stay small.
    if (buffer)
      madvise(buffer, rounded, MADV_HUGEPAGE);
  }
  if (!buffer)
    llvm::report_bad_alloc_error("out of memory for a simulation trace");
  return buffer;
}

void dynapse::freeLargeBuffer(void *buffer) { std::free(buffer); }
