//===- InitAllDialects.h - every dialect a dynapse tool loads ----*- C++ -*-===//
#ifndef DYNAPSE_INITALLDIALECTS_H
#define DYNAPSE_INITALLDIALECTS_H

#include "dynapse/Dialect/Dynapse/IR/DynapseDialect.h"
#include "dynapse/Dialect/SNN/IR/SNNDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/DialectRegistry.h"

namespace dynapse {

/// Registers the project's dialects with `registry`, and the upstream ones
/// the simulation kernel is written in.
inline void registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<snn::SNNDialect, DynapseDialect>();
  registry.insert<mlir::arith::ArithDialect, mlir::func::FuncDialect,
                  mlir::math::MathDialect, mlir::memref::MemRefDialect,
                  mlir::scf::SCFDialect>();
}

} // namespace dynapse

#endif // DYNAPSE_INITALLDIALECTS_H
