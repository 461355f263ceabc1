//===- DynapseOps.h - ops of the dynapse dialect -----------------*- C++ -*-===//
#ifndef DYNAPSE_DIALECT_DYNAPSE_IR_DYNAPSEOPS_H
#define DYNAPSE_DIALECT_DYNAPSE_IR_DYNAPSEOPS_H

#include "dynapse/Dialect/Dynapse/IR/DynapseAttributes.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/RegionKindInterface.h"
#include "mlir/IR/SymbolTable.h"

#define GET_OP_CLASSES
#include "dynapse/Dialect/Dynapse/IR/Dynapse.h.inc"

#endif // DYNAPSE_DIALECT_DYNAPSE_IR_DYNAPSEOPS_H
