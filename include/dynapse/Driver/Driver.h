//===- Driver.h - the front door: networks in, diagnostics out ---*- C++ -*-===//
//
// What dynapse-compile, dynapse-sim, the C API and the Python package share:
// reading a network of any format and printing diagnostics for people.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_DRIVER_DRIVER_H
#define DYNAPSE_DRIVER_DRIVER_H

#include "dynapse/Pipeline/Options.h"
#include "dynapse/Target/NIR/NIR.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace dynapse {

enum class NetworkFormat { NIR, MLIR, RockpoolSpec, Image };

/// The format of a network file, by its extension or else its first bytes.
NetworkFormat sniffFormat(llvm::StringRef path, llvm::StringRef bytes);

/// Reads a network held in `bytes` (named `name` in diagnostics): NIR, MLIR
/// (any stage), a Rockpool spec or a device image. Returns null after
/// emitting a diagnostic. With the whole option table, the NIR convention's
/// remark also names the reset the options assume.
mlir::OwningOpRef<mlir::ModuleOp> loadNetwork(llvm::StringRef bytes,
                                              llvm::StringRef name,
                                              mlir::MLIRContext *context,
                                              const InputOptions &options);
mlir::OwningOpRef<mlir::ModuleOp> loadNetwork(llvm::StringRef bytes,
                                              llvm::StringRef name,
                                              mlir::MLIRContext *context,
                                              const CompileOptions &options);

/// Reads the network file at `path`; an unreadable file is a diagnostic too.
mlir::OwningOpRef<mlir::ModuleOp> loadNetworkFile(llvm::StringRef path,
                                                  mlir::MLIRContext *context,
                                                  const InputOptions &options);
mlir::OwningOpRef<mlir::ModuleOp> loadNetworkFile(llvm::StringRef path,
                                                  mlir::MLIRContext *context,
                                                  const CompileOptions &options);

/// Registers --import-nir with mlir-translate, taking the input options of
/// the option table (--nir-dt, --nir-convention) as flags.
void registerImportTranslations();

/// The NIR importer's options for `options`; with the whole option table,
/// the reset it assumes too.
nir::ImportOptions nirImportOptions(const InputOptions &options);
nir::ImportOptions nirImportOptions(const CompileOptions &options);

/// `diagnostic` and its notes as DiagnosticPrinter prints them, without the
/// source excerpt (for front ends that collect messages, like Python's).
std::string formatDiagnostic(mlir::Diagnostic &diagnostic);

/// Prints the diagnostics of `context` to `os` for people, as long as it
/// lives: `file:line:col: error: message`, its notes, and an excerpt of the
/// source line clipped to a screen's width; never an op or an array. Remarks
/// are dropped unless `showRemarks`.
class DiagnosticPrinter {
public:
  DiagnosticPrinter(mlir::MLIRContext &context, llvm::raw_ostream &os,
                    bool showRemarks = false);
  ~DiagnosticPrinter();

private:
  mlir::MLIRContext &context;
  uint64_t handler;
};

} // namespace dynapse

#endif // DYNAPSE_DRIVER_DRIVER_H
