//===- SimInput.h - spike-count input arrays ----------------------*- C++ -*-===//
#ifndef DYNAPSE_SIMULATION_SIMINPUT_H
#define DYNAPSE_SIMULATION_SIMINPUT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

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

} // namespace dynapse::sim

#endif // DYNAPSE_SIMULATION_SIMINPUT_H
