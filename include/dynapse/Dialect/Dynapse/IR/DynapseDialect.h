//===- DynapseDialect.h - the dynapse dialect --------------------*- C++ -*-===//
#ifndef DYNAPSE_DIALECT_DYNAPSE_IR_DYNAPSEDIALECT_H
#define DYNAPSE_DIALECT_DYNAPSE_IR_DYNAPSEDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dynapse/Dialect/Dynapse/IR/DynapseDialect.h.inc"

#endif // DYNAPSE_DIALECT_DYNAPSE_IR_DYNAPSEDIALECT_H
