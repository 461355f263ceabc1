//===- FanOutPacking.cpp - fan-out entries that index a weight palette ----===//
#include "FanOutPacking.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cassert>
#include <cstring>

bool dynapse::sim::detail::packFanOutWeights(std::vector<int32_t> &slot,
                                             std::vector<float> &weight,
                                             int64_t slotBits) {
  // Delivery of a large table is bound by its memory traffic, and networks
  // have few distinct weights (a core's four base currents under 4-bit
  // masks): where the bits above the slots can index them all, each entry
  // carries its weight's index instead of the weight, and the weights
  // shrink to a palette that stays in the L1 cache. Bit patterns, so that
  // -0 and +0 (and NaNs) stay apart and every term keeps its bits.
  if (int64_t(weight.size()) < kPaletteMinEntries || slotBits >= 32)
    return false;
  int64_t capacity =
      std::min(int64_t(1) << (32 - slotBits), kMaxPaletteWeights);
  // The distinct patterns, widened so that no float's bits are one of
  // DenseMap's reserved keys; stops at the first one too many.
  llvm::DenseMap<uint64_t, uint32_t> indexOf;
  std::vector<uint32_t> bits(weight.size());
  std::memcpy(bits.data(), weight.data(), weight.size() * sizeof(float));
  for (uint32_t pattern : bits)
    if (indexOf.try_emplace(pattern, 0).second &&
        int64_t(indexOf.size()) > capacity)
      return false;
  // Indices in ascending bit-pattern order, whatever the entries' order.
  std::vector<uint32_t> distinct;
  for (auto &entry : indexOf)
    distinct.push_back(uint32_t(entry.first));
  llvm::sort(distinct);
  for (size_t k = 0; k < distinct.size(); ++k)
    indexOf[distinct[k]] = uint32_t(k);
  for (size_t k = 0; k < slot.size(); ++k) {
    assert(uint32_t(slot[k]) >> slotBits == 0 && "a slot wider than slotBits");
    slot[k] = int32_t(uint32_t(slot[k]) | indexOf[bits[k]] << slotBits);
  }
  weight.resize(distinct.size());
  std::memcpy(weight.data(), distinct.data(), distinct.size() * sizeof(float));
  return true;
}
