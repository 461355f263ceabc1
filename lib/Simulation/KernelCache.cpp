//===- KernelCache.cpp - compiled simulation kernels on disk -------------===//
#include "dynapse/Simulation/KernelCache.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/Support/CachePruning.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace dynapse;
using namespace dynapse::sim;

namespace {

/// A stream that hashes what is written to it.
class HashingStream : public llvm::raw_ostream {
public:
  HashingStream() { SetUnbuffered(); }
  llvm::SHA256 hasher;

private:
  void write_impl(const char *data, size_t size) override {
    hasher.update(llvm::StringRef(data, size));
    written += size;
  }
  uint64_t current_pos() const override { return written; }
  uint64_t written = 0;
};

} // namespace

std::optional<KernelCache> KernelCache::open() {
  llvm::SmallString<256> directory;
  if (const char *given = std::getenv("DYNAPSE_KERNEL_CACHE")) {
    llvm::StringRef value(given);
    if (value.empty() || value == "off")
      return std::nullopt;
    directory = value;
  } else {
    if (!llvm::sys::path::cache_directory(directory))
      return std::nullopt;
    llvm::sys::path::append(directory, "dynapse-mlir", "kernels");
  }
  if (llvm::sys::fs::create_directories(directory) ||
      llvm::sys::fs::access(directory, llvm::sys::fs::AccessMode::Write))
    return std::nullopt;
  return KernelCache(directory.str().str());
}

std::string KernelCache::key(mlir::ModuleOp kernelModule,
                             llvm::StringRef lowering, llvm::StringRef cpu,
                             llvm::StringRef features,
                             llvm::StringRef optimiser) {
  HashingStream stream;
  stream << "dynapse-kernel\n" << LLVM_VERSION_STRING << '\n' << cpu << '\n'
         << features << '\n' << optimiser << '\n' << lowering << '\n';
  // Bytecode: the module's every attribute (the network's constants
  // included) in a deterministic encoding, quicker to write than text.
  mlir::BytecodeWriterConfig config;
  (void)mlir::writeBytecodeToFile(kernelModule, stream, config);
  std::array<uint8_t, 32> digest = stream.hasher.final();
  return llvm::toHex(digest, /*LowerCase=*/true);
}

std::string KernelCache::path(llvm::StringRef key) const {
  llvm::SmallString<256> file(directory);
  // (the prefix that llvm::pruneCache manages)
  llvm::sys::path::append(file, "llvmcache-" + key + ".o");
  return file.str().str();
}

std::unique_ptr<llvm::MemoryBuffer> KernelCache::find(llvm::StringRef key) const {
  auto buffer = llvm::MemoryBuffer::getFile(path(key), /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return nullptr;
  return std::move(*buffer);
}

void KernelCache::store(llvm::StringRef key, mlir::ExecutionEngine &engine) const {
  std::string final = path(key);
  std::string aside = final + ".tmp" +
                      std::to_string(llvm::sys::Process::getProcessId());
  engine.dumpToObjectFile(aside);
  if (llvm::sys::fs::rename(aside, final))
    (void)llvm::sys::fs::remove(aside);
  // Kernels not used for a month go, and the oldest beyond 1 GiB, checked
  // at most once an hour.
  llvm::CachePruningPolicy policy;
  policy.Interval = std::chrono::hours(1);
  policy.Expiration = std::chrono::hours(30 * 24);
  policy.MaxSizeBytes = uint64_t(1) << 30;
  (void)llvm::pruneCache(directory, policy);
}

llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>>
KernelCache::load(std::unique_ptr<llvm::MemoryBuffer> object) {
  auto jit = llvm::orc::LLJITBuilder().create();
  if (!jit)
    return jit.takeError();
  auto process = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix());
  if (!process)
    return process.takeError();
  (*jit)->getMainJITDylib().addGenerator(std::move(*process));
  if (llvm::Error error = (*jit)->addObjectFile(std::move(object)))
    return std::move(error);
  return std::move(*jit);
}
