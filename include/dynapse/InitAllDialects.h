//===- InitAllDialects.h - every dialect a dynapse tool loads ----*- C++ -*-===//
#ifndef DYNAPSE_INITALLDIALECTS_H
#define DYNAPSE_INITALLDIALECTS_H

#include "dynapse/Dialect/Dynapse/IR/DynapseDialect.h"
#include "dynapse/Dialect/SNN/IR/SNNDialect.h"
#include "mlir/IR/DialectRegistry.h"

namespace dynapse {

/// Registers the project's dialects with `registry`.
inline void registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<snn::SNNDialect, DynapseDialect>();
}

} // namespace dynapse

#endif // DYNAPSE_INITALLDIALECTS_H
