//===- Calibration.h - source activity from the network as trained -*- C++ -*-===//
//
// dynapse-compile --calibrate and the Python compile(calibrate=...): the
// network as trained (reference model) runs on a calibration input, and the
// merged network records every source's mean events per step, which
// dynapse-allocate's fan-in pruning weighs synapses by (docs/conversion.md).
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_SIMULATION_CALIBRATION_H
#define DYNAPSE_SIMULATION_CALIBRATION_H

#include "dynapse/Pipeline/Options.h"
#include "dynapse/Simulation/SimInput.h"
#include "dynapse/Simulation/Simulator.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace dynapse::sim {

/// The reference model of `trained` (snn level, not modified), compiled
/// for runs of `batch` samples where known (Simulator::compile); an error
/// when `trained` is not at the snn level.
llvm::Expected<std::unique_ptr<Simulator>>
compileReference(mlir::ModuleOp trained, const CompileOptions &options,
                 int64_t batch = 0);

/// Runs `reference` on `input` (of reference.inputs() channels) and sets the `activity` of the one network of `merged` (after
/// dynapse-merge): its input channels' mean counts per step (channels
/// driven every step: 1), then its neurons'. Fails when `merged` does not
/// have the reference's inputs and neurons.
llvm::Error calibrateActivity(const Simulator &reference, mlir::ModuleOp merged,
                              const SpikeInput &input, unsigned threads);

} // namespace dynapse::sim

#endif // DYNAPSE_SIMULATION_CALIBRATION_H
