//===- RockpoolSpec.h - Rockpool's mapper spec as JSON -----------*- C++ -*-===//
//
// The dictionary Rockpool's `mapper` returns (spec section 3.2), written as
// JSON, so that Rockpool users can move networks in and out of dynapse-mlir
// (docs/rockpool-spec.md).
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_TARGET_ROCKPOOLSPEC_ROCKPOOLSPEC_H
#define DYNAPSE_TARGET_ROCKPOOLSPEC_ROCKPOOLSPEC_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace dynapse::rockpool {

/// Writes the single merged `dynapse.network` of `module` as spec JSON.
mlir::LogicalResult exportSpec(mlir::ModuleOp module, llvm::raw_ostream &output);

/// Reads spec JSON (also `json.dump` of Rockpool's mapper output) into a
/// module with one merged `dynapse.network @network`; null after a diagnostic.
mlir::OwningOpRef<mlir::ModuleOp> importSpec(llvm::StringRef text,
                                             llvm::StringRef fileName,
                                             mlir::MLIRContext *context);

/// Registers --export-rockpool-spec and --import-rockpool-spec.
void registerRockpoolSpecTranslations();

} // namespace dynapse::rockpool

#endif // DYNAPSE_TARGET_ROCKPOOLSPEC_ROCKPOOLSPEC_H
