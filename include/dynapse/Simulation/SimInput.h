//===- SimInput.h - spike-count input arrays ----------------------*- C++ -*-===//
#ifndef DYNAPSE_SIMULATION_SIMINPUT_H
#define DYNAPSE_SIMULATION_SIMINPUT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace dynapse::sim {

/// Input spike counts: `batches` rows of (steps x width) counts, one after
/// the other. The values are the input's own (`storage`: read from a file)
/// or a view of the caller's array (the Python and C APIs, no copy), which
/// must then outlive the input or be copied with own().
struct SpikeInput {
  int64_t batches = 1, steps = 0, width = 0;
  bool batched = false; // the file had a batch axis
  /// batches x steps x width counts, C order.
  llvm::ArrayRef<float> values;
  std::vector<float> storage;

  SpikeInput() = default;
  SpikeInput(SpikeInput &&) = default;
  SpikeInput &operator=(SpikeInput &&) = default;
  SpikeInput(const SpikeInput &) = delete;
  SpikeInput &operator=(const SpikeInput &) = delete;

  /// Batch element `b`'s steps x width counts.
  llvm::ArrayRef<float> row(int64_t b) const {
    size_t size = size_t(steps * width);
    return values.slice(size_t(b) * size, size);
  }
  /// Makes the values the input's own (a copy of a caller's array).
  void own();
};

/// Reads a .npy of shape (T, width) or (B, T, width), any numeric dtype. The
/// error names the file and what is wrong.
llvm::Expected<SpikeInput> readSpikeInput(llvm::StringRef path, int64_t width);
/// The same for any width; checkWidth checks it later.
llvm::Expected<SpikeInput> readSpikeInput(llvm::StringRef path);
/// An error naming `path` where `input` is not `width` channels wide.
llvm::Error checkWidth(const SpikeInput &input, int64_t width,
                       llvm::StringRef path);

/// Reads one class label per batch element: a .npy of shape (B,) (or (1,)
/// and () for an input without a batch axis) of non-negative integers below
/// `classes`, in any numeric dtype.
llvm::Expected<std::vector<int64_t>>
readLabels(llvm::StringRef path, int64_t batches, int64_t classes);

/// `batches` x `steps` x `width` counts at `data` (row-major, as the Python
/// and C APIs take them) for a network of `inputs` channels, as a view of
/// `data`; an error names `what` and the element that is wrong.
llvm::Expected<SpikeInput> spikeInputFromArray(const float *data,
                                               int64_t batches, int64_t steps,
                                               int64_t width, int64_t inputs,
                                               llvm::StringRef what);

/// `labels` checked: one per batch element, each an output (0..classes-1).
llvm::Error checkLabels(llvm::ArrayRef<int64_t> labels, int64_t batches,
                        int64_t classes);

} // namespace dynapse::sim

#endif // DYNAPSE_SIMULATION_SIMINPUT_H
