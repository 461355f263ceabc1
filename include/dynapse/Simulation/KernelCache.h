//===- KernelCache.h - compiled simulation kernels on disk -------*- C++ -*-===//
//
// The JIT compile of a kernel (LLVM's O3 pipeline and code generation) takes
// longer than simulating a test set on a small network. The machine code of
// a kernel depends only on its module (before the lowering to the LLVM
// dialect, which a cached kernel skips), that lowering, and the host CPU, so
// it is kept on disk under a key of these and loaded again when the same
// network is simulated in another process (dynapse-sim runs, several chip
// instances or batches from Python, the benchmark). docs/simulation.md
// describes it.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_SIMULATION_KERNELCACHE_H
#define DYNAPSE_SIMULATION_KERNELCACHE_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>
#include <optional>
#include <string>

namespace mlir {
class ExecutionEngine;
} // namespace mlir

namespace dynapse::sim {

class KernelCache {
public:
  /// The cache in $DYNAPSE_KERNEL_CACHE (a directory; "off" or "" turns it
  /// off), else in the user's cache directory (~/.cache/dynapse-mlir/
  /// kernels); none where the directory cannot be made or written.
  static std::optional<KernelCache> open();

  /// The key of `kernelModule` lowered to the LLVM dialect by the pass
  /// pipeline `lowering` (its textual form) and compiled for `cpu` with
  /// `features`: SHA-256 of the module's bytecode, the pipeline, the host,
  /// LLVM's (and so MLIR's) version and the optimiser's (`optimiser`).
  static std::string key(mlir::ModuleOp kernelModule, llvm::StringRef lowering,
                         llvm::StringRef cpu, llvm::StringRef features,
                         llvm::StringRef optimiser);

  /// The object file of `key`, if one was stored.
  std::unique_ptr<llvm::MemoryBuffer> find(llvm::StringRef key) const;

  /// Stores `engine`'s compiled object (it was created with object dumping
  /// on) under `key`: written aside and renamed, so that a concurrent
  /// reader finds the whole file or none. Failing to store is no error.
  /// Then prunes the cache (llvm::pruneCache): objects unused for 30 days,
  /// and the least recently used beyond 1 GiB.
  void store(llvm::StringRef key, mlir::ExecutionEngine &engine) const;

  /// A JIT holding `object`, whose symbols resolve against this process
  /// (libmvec, libc).
  static llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>>
  load(std::unique_ptr<llvm::MemoryBuffer> object);

private:
  explicit KernelCache(std::string directory) : directory(std::move(directory)) {}
  std::string path(llvm::StringRef key) const;

  std::string directory;
};

} // namespace dynapse::sim

#endif // DYNAPSE_SIMULATION_KERNELCACHE_H
