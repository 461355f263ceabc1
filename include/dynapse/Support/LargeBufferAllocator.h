//===- LargeBufferAllocator.h - uninitialised, huge-page-backed arrays -*- C++ -*-===//
//
// An allocator for arrays that compiled code fills completely, such as the
// simulator's state records. Elements are default-initialised (a
// float is left as it is, not zeroed), and an array of 2 MiB or more is
// aligned to 2 MiB and offered to the kernel for transparent huge pages. A
// 1000-step trace of 1024 neurons otherwise costs a thousand page faults plus
// a zero fill, about a fifth of the simulation's time.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_SUPPORT_LARGEBUFFERALLOCATOR_H
#define DYNAPSE_SUPPORT_LARGEBUFFERALLOCATOR_H

#include <cstddef>
#include <new>
#include <utility>
#include <vector>

namespace dynapse {

/// Allocates `bytes`; huge-page aligned and advised from 2 MiB on. Out of
/// memory is LLVM's bad-alloc error, as in llvm::safe_malloc.
void *allocateLargeBuffer(std::size_t bytes);
void freeLargeBuffer(void *buffer);

template <typename T>
struct LargeBufferAllocator {
  using value_type = T;
  LargeBufferAllocator() = default;
  template <typename U>
  LargeBufferAllocator(const LargeBufferAllocator<U> &) {}

  T *allocate(std::size_t count) {
    return static_cast<T *>(allocateLargeBuffer(count * sizeof(T)));
  }
  void deallocate(T *pointer, std::size_t) { freeLargeBuffer(pointer); }
  /// Default-initialises: `resize(n)` leaves trivial elements unwritten.
  template <typename U>
  void construct(U *pointer) {
    ::new (static_cast<void *>(pointer)) U;
  }
  template <typename U, typename... Args>
  void construct(U *pointer, Args &&...args) {
    ::new (static_cast<void *>(pointer)) U(std::forward<Args>(args)...);
  }
  template <typename U>
  bool operator==(const LargeBufferAllocator<U> &) const {
    return true;
  }
  template <typename U>
  bool operator!=(const LargeBufferAllocator<U> &) const {
    return false;
  }
};

/// A float array that compiled code fills completely.
using LargeFloatArray = std::vector<float, LargeBufferAllocator<float>>;

} // namespace dynapse

#endif // DYNAPSE_SUPPORT_LARGEBUFFERALLOCATOR_H
