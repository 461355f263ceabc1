//===- ExportRegistration.h - translations from a parsed module -*- C++ -*-===//
//
// Like mlir::TranslateFromMLIRRegistration, but the module is parsed through
// dynapse::parseModule (SafeParse.h), so that an input which crashes MLIR
// 19's parser gives an error instead.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_TARGET_EXPORTREGISTRATION_H
#define DYNAPSE_TARGET_EXPORTREGISTRATION_H

#include "dynapse/InitAllDialects.h"
#include "dynapse/Support/SafeParse.h"

#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/SourceMgr.h"

#include <functional>

namespace dynapse {

using ModuleExport =
    std::function<mlir::LogicalResult(mlir::ModuleOp, llvm::raw_ostream &)>;

/// Registers the translation `name` from a module with every dialect of the
/// project loaded.
inline void registerExportTranslation(llvm::StringRef name,
                                      llvm::StringRef description,
                                      ModuleExport exportModule) {
  mlir::TranslateRegistration(
      name, description,
      [exportModule](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
                     llvm::raw_ostream &output,
                     mlir::MLIRContext *context) -> mlir::LogicalResult {
        // mlir-translate turns op printing on for every diagnostic; ours
        // name the op and never dump IR.
        context->printOpOnDiagnostic(false);
        mlir::DialectRegistry registry;
        registerAllDialects(registry);
        context->appendDialectRegistry(registry);
        mlir::OwningOpRef<mlir::ModuleOp> module =
            parseModule(*sourceMgr, context);
        if (!module)
          return mlir::failure();
        return exportModule(*module, output);
      });
}

} // namespace dynapse

#endif // DYNAPSE_TARGET_EXPORTREGISTRATION_H
