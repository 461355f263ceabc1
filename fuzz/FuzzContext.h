//===- FuzzContext.h - a quiet MLIR context for the fuzz harnesses -*- C++ -*-===//
#ifndef DYNAPSE_FUZZ_FUZZCONTEXT_H
#define DYNAPSE_FUZZ_FUZZCONTEXT_H

#include "dynapse/Conversion/DynapseToSim/SimulationKernel.h"
#include "dynapse/Conversion/Passes.h"
#include "dynapse/InitAllDialects.h"
#include "mlir/IR/MLIRContext.h"

namespace dynapse::fuzz {

/// A context with every dialect loaded whose diagnostics are swallowed: bad
/// input must be reported, not crash, and the fuzzer's output stays readable.
/// Multithreading is off so that one input is one deterministic execution.
inline mlir::MLIRContext &context() {
  static mlir::MLIRContext *instance = [] {
    mlir::DialectRegistry registry;
    registerAllDialects(registry);
    kernel::registerKernelDialects(registry);
    auto *context = new mlir::MLIRContext(registry);
    context->disableMultithreading();
    context->loadAllAvailableDialects();
    context->getDiagEngine().registerHandler(
        [](mlir::Diagnostic &) { return mlir::success(); });
    return context;
  }();
  return *instance;
}

} // namespace dynapse::fuzz

#endif // DYNAPSE_FUZZ_FUZZCONTEXT_H
