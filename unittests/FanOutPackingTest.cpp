//===- FanOutPackingTest.cpp - fan-out entries that index a palette -------===//
#include "../lib/Conversion/DynapseToSim/FanOutPacking.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using dynapse::sim::detail::packFanOutWeights;

namespace {

uint32_t bitsOf(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

/// Each entry's slot and weight, read back from the packed form.
void expectEntries(const std::vector<int32_t> &packed,
                   const std::vector<float> &palette, int64_t slotBits,
                   const std::vector<int32_t> &slots,
                   const std::vector<float> &weights) {
  ASSERT_EQ(packed.size(), slots.size());
  for (size_t k = 0; k < packed.size(); ++k) {
    uint32_t entry = uint32_t(packed[k]);
    EXPECT_EQ(int32_t(entry & ((1u << slotBits) - 1)), slots[k]) << k;
    uint32_t index = entry >> slotBits;
    ASSERT_LT(index, palette.size()) << k;
    EXPECT_EQ(bitsOf(palette[index]), bitsOf(weights[k])) << k;
  }
}

TEST(FanOutPacking, EntriesIndexTheSortedDistinctWeights) {
  std::vector<int32_t> slots{3, 0, 7, 3, 5, 1}, packed = slots;
  std::vector<float> weights{0.5f, -1.25f, 0.5f, 0.0f, 2.0f, -1.25f};
  std::vector<float> palette = weights;
  ASSERT_TRUE(packFanOutWeights(packed, palette, 3));
  EXPECT_EQ(palette.size(), 4u);
  expectEntries(packed, palette, 3, slots, weights);
}

TEST(FanOutPacking, SignedZerosAndNaNsKeepTheirBits) {
  float nan = std::nanf("");
  std::vector<int32_t> slots{0, 1, 2, 3}, packed = slots;
  std::vector<float> weights{0.0f, -0.0f, nan, 0.0f};
  std::vector<float> palette = weights;
  ASSERT_TRUE(packFanOutWeights(packed, palette, 2));
  EXPECT_EQ(palette.size(), 3u);
  expectEntries(packed, palette, 2, slots, weights);
}

TEST(FanOutPacking, TooManyDistinctWeightsLeaveTheTableAsItIs) {
  // 30 slot bits leave room for four weights; five are given.
  std::vector<int32_t> slots{0, 1, 2, 3, 4}, packed = slots;
  std::vector<float> weights{1, 2, 3, 4, 5}, kept = weights;
  EXPECT_FALSE(packFanOutWeights(packed, kept, 30));
  EXPECT_EQ(packed, slots);
  EXPECT_EQ(kept, weights);
  // Four fit exactly.
  weights.back() = 4;
  kept = weights;
  ASSERT_TRUE(packFanOutWeights(packed, kept, 30));
  expectEntries(packed, kept, 30, slots, weights);
}

TEST(FanOutPacking, PalettesStaySmall) {
  using dynapse::sim::detail::kMaxPaletteWeights;
  std::vector<int32_t> slots(kMaxPaletteWeights + 1, 0), packed = slots;
  std::vector<float> weights(slots.size());
  for (size_t k = 0; k < weights.size(); ++k)
    weights[k] = float(k);
  std::vector<float> kept = weights;
  EXPECT_FALSE(packFanOutWeights(packed, kept, 8));
  weights.back() = 0;
  kept = weights;
  ASSERT_TRUE(packFanOutWeights(packed, kept, 8));
  expectEntries(packed, kept, 8, slots, weights);
}

TEST(FanOutPacking, EmptyTablesAndFullWidthSlotsAreNotPacked) {
  std::vector<int32_t> none;
  std::vector<float> noWeights;
  EXPECT_FALSE(packFanOutWeights(none, noWeights, 8));
  std::vector<int32_t> slots{1};
  std::vector<float> weights{1};
  EXPECT_FALSE(packFanOutWeights(slots, weights, 32));
}

} // namespace
