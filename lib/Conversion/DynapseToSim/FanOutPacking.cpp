//===- FanOutPacking.cpp - fan-out entries that index a weight palette ----===//
#include "FanOutPacking.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cstring>

bool dynapse::sim::detail::packFanOutWeights(std::vector<int32_t> &slot,
                                             std::vector<float> &weight,
                                             int64_t slotBits) {
  // Delivery of a large table is bound by its memory traffic, and networks
  // have few distinct weights (a core's four base currents under 4-bit
  // masks): where the bits above the slots can index them all, each entry
  // carries its weight's index instead of the weight, and the weights
  // shrink to a palette that stays in the L1 cache. Bit patterns, so that -0 and +0
  // (and NaNs) stay apart and every term keeps its bits.
  if (int64_t(weight.size()) < kPaletteMinEntries || slotBits >= 32)
    return false;
  std::vector<uint32_t> bits(weight.size());
  std::memcpy(bits.data(), weight.data(), weight.size() * sizeof(float));
  std::vector<uint32_t> distinct = bits;
  llvm::sort(distinct);
  distinct.erase(std::unique(distinct.begin(), distinct.end()),
                 distinct.end());
  if (int64_t(distinct.size()) > (int64_t(1) << (32 - slotBits)) ||
      int64_t(distinct.size()) > kMaxPaletteWeights)
    return false;
  for (size_t k = 0; k < slot.size(); ++k) {
    uint32_t index =
        uint32_t(llvm::lower_bound(distinct, bits[k]) - distinct.begin());
    slot[k] = int32_t(uint32_t(slot[k]) | index << slotBits);
  }
  weight.resize(distinct.size());
  std::memcpy(weight.data(), distinct.data(), distinct.size() * sizeof(float));
  return true;
}
