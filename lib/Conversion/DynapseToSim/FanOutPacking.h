//===- FanOutPacking.h - fan-out entries that index a weight palette ------===//
//
// The simulation kernel's fan-out entries are 32-bit accumulator slots, each
// with its weight. Where the weights' distinct values can be numbered in the
// bits above the slots, an entry carries that number and the weights shrink
// to a palette (see Delivery.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_LIB_CONVERSION_DYNAPSETOSIM_FANOUTPACKING_H
#define DYNAPSE_LIB_CONVERSION_DYNAPSETOSIM_FANOUTPACKING_H

#include <cstdint>
#include <vector>

namespace dynapse::sim::detail {

/// The fewest entries a table packs: below, the table (at 8 bytes per
/// entry) stays in the L2 cache of this round's machine (512 KB), and the
/// palette's extra load per entry cost small batched networks 2-5 %.
constexpr int64_t kPaletteMinEntries = int64_t(1) << 16;

/// The most weights a palette holds: 16 KB, so that its random reads stay in
/// the L1 cache (a chip image has at most 16 weights per core and synapse
/// group). Beyond, entries keep weights of their own, read in order.
constexpr int64_t kMaxPaletteWeights = 4096;

/// Where there are at least kPaletteMinEntries entries and the distinct
/// weights (by bit pattern) number at most 2^(32 - slotBits) and
/// kMaxPaletteWeights: sets each slot[k]'s bits from slotBits up to the
/// index of weight[k] in the sorted distinct weights, replaces `weight` by
/// these and returns true. Otherwise leaves both unchanged and returns
/// false. Every slot must be below 2^slotBits.
bool packFanOutWeights(std::vector<int32_t> &slot, std::vector<float> &weight,
                       int64_t slotBits);

} // namespace dynapse::sim::detail

#endif
