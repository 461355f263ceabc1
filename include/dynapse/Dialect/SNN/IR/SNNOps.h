//===- SNNOps.h - ops of the snn dialect -------------------------*- C++ -*-===//
#ifndef DYNAPSE_DIALECT_SNN_IR_SNNOPS_H
#define DYNAPSE_DIALECT_SNN_IR_SNNOPS_H

#include "dynapse/Dialect/SNN/IR/SNNDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/RegionKindInterface.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

#define GET_OP_CLASSES
#include "dynapse/Dialect/SNN/IR/SNN.h.inc"

#endif // DYNAPSE_DIALECT_SNN_IR_SNNOPS_H
