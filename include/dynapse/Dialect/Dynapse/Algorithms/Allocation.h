//===- Allocation.h - cores on chips, CAM and SRAM contents ------*- C++ -*-===//
//
// The algorithm behind --dynapse-allocate, on plain data so that it can be
// tested and benchmarked alone (docs/allocation.md).
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_ALLOCATION_H
#define DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_ALLOCATION_H

#include "dynapse/Dialect/Dynapse/IR/DynapseAttributes.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace dynapse::allocation {

/// One quantised synapse: from input channel or neuron `pre` to neuron `post`.
struct Synapse {
  bool fromInput;
  int64_t pre, post;
  unsigned mask; // 1..15
  Dendrite dendrite;
};

struct Network {
  int64_t inputs = 0, neurons = 0, cores = 0;
  std::vector<int64_t> coreOf;  // logical core of each neuron
  std::vector<bool> isOutput;   // per neuron
  std::vector<bool> dcCore;     // per logical core: Idc > 0
  std::vector<Synapse> synapses;
};

struct Board {
  unsigned chips = 4, columns = 2, rows = 2;
};

struct CamEntry {
  unsigned tag;
  Dendrite dendrite;
  unsigned mask;
};

struct SramEntry {
  unsigned tag, cores; // core bit i = core i of the destination chip
  int xHop, yHop;
};

struct NeuronPlace {
  unsigned chip, core, slot;
  std::vector<CamEntry> cam;
  std::vector<SramEntry> sram;
  bool dc;
};

struct Result {
  std::vector<std::pair<unsigned, unsigned>> corePlace; // (chip, core)
  std::vector<NeuronPlace> neurons;
  std::vector<std::vector<SramEntry>> inputs; // per input channel
};

/// Places and routes `network` on `board`. Fails with a message naming the
/// neuron, chip or count and the limit when it does not fit.
llvm::Expected<Result> allocate(const Network &network, const Board &board);

/// The tag an output neuron's monitor event carries: its index on its chip.
inline unsigned monitorTag(unsigned core, unsigned slot) {
  return core * 256 + slot;
}

} // namespace dynapse::allocation

#endif // DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_ALLOCATION_H
