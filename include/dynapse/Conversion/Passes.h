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

} // namespace dynapse

#endif // DYNAPSE_CONVERSION_PASSES_H
