//===- NIR.h - NIR import and export -----------------------------*- C++ -*-===//
//
// Translations between NIR files (HDF5, docs/nir.md) and the snn dialect.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_TARGET_NIR_NIR_H
#define DYNAPSE_TARGET_NIR_NIR_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace dynapse::nir {

/// How an exporter encoded the time step in `r` and `w_in` (docs/nir.md).
enum class Convention { Auto, NIR, SNNTorch, Norse, Norse10, Rockpool };

llvm::StringRef stringifyConvention(Convention convention);
std::optional<Convention> parseConvention(llvm::StringRef text);

struct ImportOptions {
  /// The time step in seconds; when unset the convention's rule or 1 ms.
  std::optional<double> dt;
  Convention convention = Convention::Auto;
  /// Parse the HDF5 file in a child process, so that a damaged file which
  /// crashes or hangs the HDF5 library becomes a diagnostic. Only the fuzzer
  /// turns this off, to see HDF5's failures itself.
  bool isolate = true;
  /// The trained network's reset as the caller assumes it (e.g. "zero, at
  /// once"), which no NIR file records; the snntorch convention's remark
  /// names it, or else the options that set it.
  std::string resetAssumed;
};

/// Imports the NIR file held in `bytes` (named `fileName` in diagnostics) as a
/// module with one `snn.graph @network`. Returns null after emitting a
/// diagnostic when the file is not a valid NIR graph.
mlir::OwningOpRef<mlir::ModuleOp> importNIR(llvm::StringRef bytes,
                                            llvm::StringRef fileName,
                                            mlir::MLIRContext *context,
                                            const ImportOptions &options);

struct ExportOptions {
  /// Write what the Python `nir` package's constructors need as well
  /// (nir.read of the file builds every node): a neuron's optional
  /// parameters with their defaults (r = 1, v_leak = 0, v_reset = 0,
  /// w_in = 1), parameters in the node's shape (a single value broadcast,
  /// as many values reshaped; a convolution's bias one per output
  /// channel), a convolution's
  /// `input_shape` and a Flatten's `input_type`. The same network, but a
  /// re-import gives these values explicitly; off, the file re-imports to
  /// the same IR (--export-nir).
  bool complete = false;
};

/// Writes the single `snn.graph` of `module` as an NIR file in the layout of
/// the Python `nir` package (version 1.0.0).
mlir::LogicalResult exportNIR(mlir::ModuleOp module, llvm::raw_ostream &output,
                              const ExportOptions &options = {});

/// Registers --export-nir with mlir-translate (--import-nir, whose options
/// come from the option table, is the front door's:
/// dynapse::registerImportTranslations).
void registerNIRTranslations();

} // namespace dynapse::nir

#endif // DYNAPSE_TARGET_NIR_NIR_H
