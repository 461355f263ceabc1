//===- Samna.h - samna's Dynapse2Configuration as JSON -----------*- C++ -*-===//
#ifndef DYNAPSE_TARGET_SAMNA_SAMNA_H
#define DYNAPSE_TARGET_SAMNA_SAMNA_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

namespace dynapse::samna {

/// Writes the allocated network of `module` as the JSON form of samna's
/// Dynapse2Configuration (docs/samna.md); the input channel map goes to
/// `channels` when given.
mlir::LogicalResult emitConfiguration(mlir::ModuleOp module,
                                      llvm::raw_ostream &output,
                                      llvm::raw_ostream *channels);

/// Registers --emit-samna-json (and its --samna-channels option).
void registerSamnaTranslations();

} // namespace dynapse::samna

#endif // DYNAPSE_TARGET_SAMNA_SAMNA_H
