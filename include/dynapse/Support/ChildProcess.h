//===- ChildProcess.h - run untrusted parsing in a forked child -*- C++ -*-===//
//
// Some parsers the toolchain relies on crash on damaged input and cannot be
// fixed here: HDF5 1.10 (NIR files) and MLIR 19's `sparse<...>` literal
// parser. Such work runs in a forked child that sends its result through a
// pipe; a child that dies, hangs or runs out of memory is reported instead
// of taking the tool down. POSIX only (fork).
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_SUPPORT_CHILDPROCESS_H
#define DYNAPSE_SUPPORT_CHILDPROCESS_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace dynapse {

struct ChildLimits {
  unsigned seconds = 60;      // the child is killed (SIGALRM) after this
  uint64_t addressSpace = 0;  // bytes (RLIMIT_AS); 0: unlimited
};

/// How a child ended.
struct ChildEnd {
  bool clean = false;    // exited with status 0
  std::string described; // otherwise: "crashed (signal 11: ...)", "timed out", ...
};

/// Forks: the child runs `child(fd)`, writing its result to `fd`, and exits
/// with the status it returns (crash signals kill it quietly, without LLVM's
/// stack dump); meanwhile the parent runs `parent(fd)`, reading the other end
/// until it has what it needs. Then the child is reaped. Fails only when the
/// child cannot be started.
llvm::Expected<ChildEnd> runInChild(llvm::function_ref<int(int fd)> child,
                                    llvm::function_ref<void(int fd)> parent,
                                    const ChildLimits &limits);

/// Reads `fd` to its end.
std::string readAll(int fd);

} // namespace dynapse

#endif // DYNAPSE_SUPPORT_CHILDPROCESS_H
