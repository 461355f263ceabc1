//===- SafeParse.cpp - parse MLIR text around a known parser crash --------===//
#include "dynapse/Support/SafeParse.h"
#include "dynapse/Support/ChildProcess.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

bool dynapse::parserSurvives(const llvm::SourceMgr &sourceMgr,
                             MLIRContext *context) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  llvm::StringRef text = buffer->getBuffer();
  if (!text.contains("sparse<"))
    return true; // the crash needs a sparse literal
  llvm::StringRef name = buffer->getBufferIdentifier();
  // The child's diagnostics go to the pipe as they are emitted, so that the
  // ones before a crash arrive; the verifier, which may use threads the
  // child does not have, does not run.
  auto parse = [&](int fd) {
    llvm::raw_fd_ostream pipe(fd, /*shouldClose=*/false, /*unbuffered=*/true);
    llvm::SourceMgr copy;
    copy.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer(text, name),
                            llvm::SMLoc());
    SourceMgrDiagnosticHandler handler(copy, context, pipe);
    (void)parseSourceFile<ModuleOp>(copy,
                                    ParserConfig(context, /*verify=*/false));
    return 0;
  };
  std::string diagnostics;
  auto collect = [&](int fd) { diagnostics = readAll(fd); };
  ChildLimits limits;
  limits.seconds = 60 + unsigned(text.size() >> 20); // and 1 s per MiB
  llvm::Expected<ChildEnd> end = runInChild(parse, collect, limits);
  if (!end) { // no child: parse in this process as MLIR would
    llvm::consumeError(end.takeError());
    return true;
  }
  if (end->clean)
    return true;
  llvm::errs() << diagnostics;
  emitError(FileLineColLoc::get(context, name, 0, 0))
      << "MLIR 19's parser " << end->described
      << " on this input after the error above: a sparse<...> literal whose "
         "values do not parse crashes it (llvm/llvm-project#132891, fixed in "
         "MLIR 21); correct the literal";
  return false;
}

OwningOpRef<ModuleOp> dynapse::parseModule(llvm::SourceMgr &sourceMgr,
                                           MLIRContext *context) {
  if (!parserSurvives(sourceMgr, context))
    return nullptr;
  return parseSourceFile<ModuleOp>(sourceMgr, context);
}
