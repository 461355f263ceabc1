//===- ThreadsOption.h - the tools' --threads option -------------*- C++ -*-===//
#ifndef DYNAPSE_SUPPORT_THREADSOPTION_H
#define DYNAPSE_SUPPORT_THREADSOPTION_H

#include "llvm/Support/CommandLine.h"

namespace dynapse {

/// Registers `--threads N` (0: one per core) in `category`. libLLVM already
/// registers a hidden, unrelated "threads" option, which this takes over;
/// call it once, before parsing the command line.
inline llvm::cl::opt<unsigned> &registerThreadsOption(
    llvm::cl::OptionCategory &category, const char *description) {
  if (llvm::cl::Option *taken = llvm::cl::getRegisteredOptions().lookup("threads"))
    taken->removeArgument();
  static llvm::cl::opt<unsigned> threads("threads", llvm::cl::init(0),
                                         llvm::cl::cat(category),
                                         llvm::cl::desc(description));
  return threads;
}

} // namespace dynapse

#endif // DYNAPSE_SUPPORT_THREADSOPTION_H
