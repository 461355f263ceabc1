//===- Passes.h - passes on the snn dialect ----------------------*- C++ -*-===//
#ifndef DYNAPSE_DIALECT_SNN_TRANSFORMS_PASSES_H
#define DYNAPSE_DIALECT_SNN_TRANSFORMS_PASSES_H

#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "mlir/Pass/Pass.h"

namespace dynapse::snn {

#define GEN_PASS_DECL
#include "dynapse/Dialect/SNN/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dynapse/Dialect/SNN/Transforms/Passes.h.inc"

} // namespace dynapse::snn

#endif // DYNAPSE_DIALECT_SNN_TRANSFORMS_PASSES_H
