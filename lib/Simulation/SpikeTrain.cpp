//===- SpikeTrain.cpp - a simulation's spike counts as events -------------===//
#include "dynapse/Simulation/SpikeTrain.h"

#include "llvm/Support/ErrorHandling.h"

#include <algorithm>
#include <cstring>
#include <sys/mman.h>
#include <utility>

using namespace dynapse::sim;

static_assert(sizeof(SpikeEvent) == 2 * sizeof(int32_t),
              "the kernel writes an event as two 32-bit words");

SpikeTrain::SpikeTrain(int64_t steps, int64_t neurons)
    : numSteps(steps), numNeurons(neurons),
      capacity(worstCaseEvents(steps, neurons)), starts(size_t(steps + 1), 0) {
  size_t bytes = size_t(capacity) * sizeof(SpikeEvent);
  // MAP_NORESERVE: a long run's worst case need not fit in memory, only the
  // spikes it has.
  void *memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (memory == MAP_FAILED)
    llvm::report_bad_alloc_error("no address space for a spike train");
  buffer = static_cast<SpikeEvent *>(memory);
  mapped = true;
}

SpikeTrain::SpikeTrain(int64_t neurons, llvm::ArrayRef<int64_t> stepStarts,
                       const int32_t *eventWords)
    : numSteps(int64_t(stepStarts.size()) - 1), numNeurons(neurons),
      capacity(stepStarts.back()), starts(stepStarts.begin(), stepStarts.end()) {
  if (capacity == 0)
    return;
  buffer = new SpikeEvent[size_t(capacity)];
  std::memcpy(buffer, eventWords, size_t(capacity) * sizeof(SpikeEvent));
}

SpikeTrain::SpikeTrain(SpikeTrain &&other) noexcept {
  *this = std::move(other);
}

SpikeTrain &SpikeTrain::operator=(SpikeTrain &&other) noexcept {
  if (this == &other)
    return *this;
  release();
  numSteps = std::exchange(other.numSteps, 0);
  numNeurons = std::exchange(other.numNeurons, 0);
  capacity = std::exchange(other.capacity, 0);
  buffer = std::exchange(other.buffer, nullptr);
  mapped = std::exchange(other.mapped, false);
  starts = std::exchange(other.starts, {0});
  return *this;
}

SpikeTrain::~SpikeTrain() { release(); }

void SpikeTrain::release() {
  if (mapped)
    munmap(buffer, size_t(capacity) * sizeof(SpikeEvent));
  else
    delete[] buffer;
  buffer = nullptr;
}

llvm::ArrayRef<SpikeEvent> SpikeTrain::events() const {
  return {buffer, size_t(starts.back())};
}

llvm::ArrayRef<SpikeEvent> SpikeTrain::step(int64_t step) const {
  return events().slice(starts[step], starts[step + 1] - starts[step]);
}

void SpikeTrain::fillDense(int64_t first, int64_t count, float *block) const {
  std::fill(block, block + count * numNeurons, 0.0f);
  for (int64_t t = 0; t < count; ++t)
    for (SpikeEvent event : step(first + t))
      block[t * numNeurons + event.neuron] = event.count;
}

std::vector<float> SpikeTrain::dense() const {
  std::vector<float> counts(size_t(numSteps * numNeurons));
  fillDense(0, numSteps, counts.data());
  return counts;
}

bool SpikeTrain::operator==(const SpikeTrain &other) const {
  if (numSteps != other.numSteps || numNeurons != other.numNeurons ||
      starts != other.starts)
    return false;
  llvm::ArrayRef<SpikeEvent> mine = events(), theirs = other.events();
  return mine.empty() || std::memcmp(mine.data(), theirs.data(),
                                     mine.size() * sizeof(SpikeEvent)) == 0;
}
