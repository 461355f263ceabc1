//===- SNNDialect.h - the snn dialect ----------------------------*- C++ -*-===//
#ifndef DYNAPSE_DIALECT_SNN_IR_SNNDIALECT_H
#define DYNAPSE_DIALECT_SNN_IR_SNNDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dynapse/Dialect/SNN/IR/SNNDialect.h.inc"

#endif // DYNAPSE_DIALECT_SNN_IR_SNNDIALECT_H
