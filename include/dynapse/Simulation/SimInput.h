//===- SimInput.h - spike-count input and output arrays ----------*- C++ -*-===//
#ifndef DYNAPSE_SIMULATION_SIMINPUT_H
#define DYNAPSE_SIMULATION_SIMINPUT_H

#include "dynapse/Simulation/Simulator.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <vector>

namespace dynapse::sim {

/// Input spike counts as batches of (steps x width) rows.
struct SpikeInput {
  int64_t batches = 1, steps = 0;
  bool batched = false; // the file had a batch axis
  std::vector<std::vector<float>> rows;
};

/// Reads a .npy of shape (T, width) or (B, T, width), any numeric dtype. The
/// error names the file and what is wrong.
llvm::Expected<SpikeInput> readSpikeInput(llvm::StringRef path, int64_t width);

/// Spike trains of all batches, one after the other (for comparisons).
std::vector<float> concatenateSpikes(llvm::ArrayRef<Trace> traces);

/// Prints the fidelity of `b` against `a` (same input): rates, count
/// correlation, van Rossum distance, and the first `listed` neurons.
void printFidelity(llvm::raw_ostream &os, llvm::ArrayRef<Trace> a,
                   llvm::ArrayRef<Trace> b, int64_t steps, int64_t neurons,
                   double dt, double tau, int64_t listed = 16);

} // namespace dynapse::sim

#endif // DYNAPSE_SIMULATION_SIMINPUT_H
