//===- InitAllPasses.h - every pass of dynapse-mlir --------------*- C++ -*-===//
#ifndef DYNAPSE_INITALLPASSES_H
#define DYNAPSE_INITALLPASSES_H

#include "dynapse/Conversion/Passes.h"
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h"
#include "dynapse/Dialect/SNN/Transforms/Passes.h"

namespace dynapse {

/// Registers the project's passes with the global pass registry.
inline void registerAllPasses() {
  snn::registerSNNPasses();
  registerConversionPasses();
  registerDynapsePasses();
}

} // namespace dynapse

#endif // DYNAPSE_INITALLPASSES_H
