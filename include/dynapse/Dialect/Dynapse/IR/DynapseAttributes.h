//===- DynapseAttributes.h - enums, attributes and types ---------*- C++ -*-===//
#ifndef DYNAPSE_DIALECT_DYNAPSE_IR_DYNAPSEATTRIBUTES_H
#define DYNAPSE_DIALECT_DYNAPSE_IR_DYNAPSEATTRIBUTES_H

#include "dynapse/Dialect/Dynapse/IR/DynapseDialect.h"
#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/Types.h"

#include "dynapse/Dialect/Dynapse/IR/DynapseEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dynapse/Dialect/Dynapse/IR/DynapseAttributes.h.inc"

#define GET_TYPEDEF_CLASSES
#include "dynapse/Dialect/Dynapse/IR/DynapseTypes.h.inc"

#endif // DYNAPSE_DIALECT_DYNAPSE_IR_DYNAPSEATTRIBUTES_H
