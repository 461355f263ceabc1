//===- Passes.h - conversions between dialects -------------------*- C++ -*-===//
#ifndef DYNAPSE_CONVERSION_PASSES_H
#define DYNAPSE_CONVERSION_PASSES_H

#include "dynapse/Dialect/Dynapse/IR/DynapseDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace dynapse {

#define GEN_PASS_DECL
#include "dynapse/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dynapse/Conversion/Passes.h.inc"

/// The type of `func.func @dynapse_sim`, which --convert-dynapse-to-sim
/// writes and dynapse::sim::Simulator runs: (input counts, event words, step
/// starts, records, steps, record flag), the buffers memref<?xf32>,
/// memref<?xi32>, memref<?xi64> and memref<?xf32>.
mlir::FunctionType simulationKernelType(mlir::MLIRContext *context);

/// Registers the upstream dialects the simulation kernel is written in, for
/// tools that parse or print it (link DynapseDynapseToSim).
inline void registerSimulationKernelDialects(mlir::DialectRegistry &registry) {
  registry.insert<mlir::arith::ArithDialect, mlir::func::FuncDialect,
                  mlir::math::MathDialect, mlir::memref::MemRefDialect,
                  mlir::scf::SCFDialect>();
}

} // namespace dynapse

#endif // DYNAPSE_CONVERSION_PASSES_H
