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

/// Reads one class label per batch element: a .npy of shape (B,) (or (1,)
/// and () for an input without a batch axis) of non-negative integers below
/// `classes`, in any numeric dtype.
llvm::Expected<std::vector<int64_t>>
readLabels(llvm::StringRef path, int64_t batches, int64_t classes);

/// `batches` x `steps` x `width` counts at `data` (row-major, as the Python
/// and C APIs take them) for a network of `inputs` channels; an error names
/// `what` and the element that is wrong.
llvm::Expected<SpikeInput> spikeInputFromArray(const float *data,
                                               int64_t batches, int64_t steps,
                                               int64_t width, int64_t inputs,
                                               llvm::StringRef what);

/// `labels` checked: one per batch element, each an output (0..classes-1).
llvm::Error checkLabels(llvm::ArrayRef<int64_t> labels, int64_t batches,
                        int64_t classes);

} // namespace dynapse::sim

#endif // DYNAPSE_SIMULATION_SIMINPUT_H
