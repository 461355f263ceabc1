//===- Passes.h - passes on the dynapse dialect ------------------*- C++ -*-===//
#ifndef DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_PASSES_H
#define DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_PASSES_H

#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "mlir/Pass/Pass.h"

namespace dynapse {

#define GEN_PASS_DECL
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h.inc"

} // namespace dynapse

#endif // DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_PASSES_H
