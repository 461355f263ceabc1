//===- SpikeTrain.h - spike counts as events --------------------*- C++ -*-===//
//
// The simulation kernel records each step's non-zero spike counts as events
// (neuron, count), not as a dense steps x neurons array: memory then grows
// with the spikes, not with the run's length, and no page of a dense trace is
// zeroed by the OS and written by the kernel. OUT.npy's dense float32 array
// is written from the events block by block (fillDense).
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_SIMULATION_SPIKETRAIN_H
#define DYNAPSE_SIMULATION_SPIKETRAIN_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace dynapse::sim {

/// One neuron's non-zero spike count in one step.
struct SpikeEvent {
  int32_t neuron;
  float count;
};

class SpikeTrain {
public:
  SpikeTrain() = default;
  /// Room for every neuron to fire in every step, reserved as address space:
  /// memory is committed only where the kernel writes events.
  SpikeTrain(int64_t steps, int64_t neurons);
  /// The events the kernel may write in `steps` steps of `neurons`: every
  /// neuron in every step, and one more (it writes an input channel's event
  /// without counting it).
  static int64_t worstCaseEvents(int64_t steps, int64_t neurons) {
    return steps * neurons + 1;
  }
  /// A copy of the events `eventWords` holds (pairs of 32-bit words, as the
  /// kernel writes them) in the steps that `stepStarts` (steps + 1 starts)
  /// delimit, in memory of their size: for a kernel's output in a buffer that
  /// is used again, which spares a mapping (and its page faults) per train.
  SpikeTrain(int64_t neurons, llvm::ArrayRef<int64_t> stepStarts,
             const int32_t *eventWords);
  SpikeTrain(SpikeTrain &&other) noexcept;
  SpikeTrain &operator=(SpikeTrain &&other) noexcept;
  SpikeTrain(const SpikeTrain &) = delete;
  SpikeTrain &operator=(const SpikeTrain &) = delete;
  ~SpikeTrain();

  int64_t steps() const { return numSteps; }
  int64_t neurons() const { return numNeurons; }
  /// All events, by step, each step's in ascending neuron order.
  llvm::ArrayRef<SpikeEvent> events() const;
  /// Step `step`'s events.
  llvm::ArrayRef<SpikeEvent> step(int64_t step) const;
  /// Steps [first, first + count) as a dense count x neurons() block, row by
  /// row; zero where a neuron has no event.
  void fillDense(int64_t first, int64_t count, float *block) const;
  /// All steps as a dense steps() x neurons() array.
  std::vector<float> dense() const;
  /// The same events, bit for bit, in the same steps.
  bool operator==(const SpikeTrain &other) const;
  bool operator!=(const SpikeTrain &other) const { return !(*this == other); }

  /// The kernel's view: events as pairs of 32-bit words (the neuron, the
  /// count's bits), room for eventCapacity() of them (a copy has room for
  /// its own only), and steps() + 1 step starts (step t's events are
  /// [start t, start t + 1)).
  int32_t *eventWords() { return reinterpret_cast<int32_t *>(buffer); }
  int64_t eventCapacity() const { return capacity; }
  int64_t *stepStarts() { return starts.data(); }

private:
  void release();

  int64_t numSteps = 0, numNeurons = 0, capacity = 0;
  SpikeEvent *buffer = nullptr;
  bool mapped = false; // else from new[]
  std::vector<int64_t> starts{0};
};

} // namespace dynapse::sim

#endif // DYNAPSE_SIMULATION_SPIKETRAIN_H
