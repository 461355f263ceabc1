//===- SafeParse.h - parse MLIR text around a known parser crash -*- C++ -*-===//
//
// MLIR 19's parser dereferences a null attribute when the values of a
// `sparse<...>` literal fail to parse, e.g. an integer where the element type
// is a float (llvm/llvm-project#132891, fixed in MLIR 21). A text holding a
// sparse literal is therefore parsed first in a forked child
// (ChildProcess.h); if the child crashes, its diagnostics are printed and
// the input is refused with an error instead of crashing the tool.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_SUPPORT_SAFEPARSE_H
#define DYNAPSE_SUPPORT_SAFEPARSE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace dynapse {

/// False, after printing the parser's diagnostics and an error, when parsing
/// the main buffer of `sourceMgr` in `context` would crash MLIR's parser.
bool parserSurvives(const llvm::SourceMgr &sourceMgr,
                    mlir::MLIRContext *context);

/// parseSourceFile<ModuleOp> behind parserSurvives.
mlir::OwningOpRef<mlir::ModuleOp> parseModule(llvm::SourceMgr &sourceMgr,
                                              mlir::MLIRContext *context);

} // namespace dynapse

#endif // DYNAPSE_SUPPORT_SAFEPARSE_H
