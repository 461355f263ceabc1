//===- FanOutPackingTest.cpp - fan-out entries that index a palette -------===//
#include "../lib/Conversion/DynapseToSim/FanOutPacking.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using namespace dynapse::sim::detail;

namespace {

uint32_t bitsOf(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

/// A table of `size` entries, slots and weights repeating `slots` and
/// `weights`.
struct Table {
  Table(const std::vector<int32_t> &slotPattern,
        const std::vector<float> &weightPattern,
        int64_t size = kPaletteMinEntries) {
    for (int64_t k = 0; k < size; ++k) {
      slots.push_back(slotPattern[k % slotPattern.size()]);
      weights.push_back(weightPattern[k % weightPattern.size()]);
    }
    packed = slots;
    palette = weights;
  }
  /// Each entry's slot and weight, read back from the packed form.
  void expectEntries(int64_t slotBits) const {
    ASSERT_EQ(packed.size(), slots.size());
    for (size_t k = 0; k < packed.size(); ++k) {
      uint32_t entry = uint32_t(packed[k]);
      ASSERT_EQ(int32_t(entry & ((1u << slotBits) - 1)), slots[k]) << k;
      uint32_t index = entry >> slotBits;
      ASSERT_LT(index, palette.size()) << k;
      ASSERT_EQ(bitsOf(palette[index]), bitsOf(weights[k])) << k;
    }
  }
  void expectUnchanged() const {
    EXPECT_EQ(packed, slots);
    EXPECT_EQ(palette.size(), weights.size());
    for (size_t k = 0; k < weights.size(); ++k)
      ASSERT_EQ(bitsOf(palette[k]), bitsOf(weights[k])) << k;
  }
  std::vector<int32_t> slots, packed;
  std::vector<float> weights, palette;
};

TEST(FanOutPacking, EntriesIndexTheSortedDistinctWeights) {
  Table table({3, 0, 7, 3, 5, 1}, {0.5f, -1.25f, 0.5f, 0.0f, 2.0f, -1.25f});
  ASSERT_TRUE(packFanOutWeights(table.packed, table.palette, 3));
  EXPECT_EQ(table.palette, (std::vector<float>{0.0f, 0.5f, 2.0f, -1.25f}));
  table.expectEntries(3);
}

TEST(FanOutPacking, SignedZerosAndNaNsKeepTheirBits) {
  Table table({0, 1, 2, 3}, {0.0f, -0.0f, std::nanf(""), 0.0f});
  ASSERT_TRUE(packFanOutWeights(table.packed, table.palette, 2));
  EXPECT_EQ(table.palette.size(), 3u);
  table.expectEntries(2);
}

TEST(FanOutPacking, SmallTablesKeepTheirWeights) {
  Table table({0, 1}, {1, 2}, kPaletteMinEntries - 1);
  EXPECT_FALSE(packFanOutWeights(table.packed, table.palette, 1));
  table.expectUnchanged();
  Table none({0}, {1}, 0);
  EXPECT_FALSE(packFanOutWeights(none.packed, none.palette, 8));
}

TEST(FanOutPacking, TooManyDistinctWeightsForTheBitsLeaveTheTable) {
  // 30 slot bits leave room for four weights; five are given.
  Table five({0, 1, 2, 3, 4}, {1, 2, 3, 4, 5});
  EXPECT_FALSE(packFanOutWeights(five.packed, five.palette, 30));
  five.expectUnchanged();
  Table four({0, 1, 2, 3, 4}, {1, 2, 3, 4, 4});
  ASSERT_TRUE(packFanOutWeights(four.packed, four.palette, 30));
  four.expectEntries(30);
  Table fullWidth({1}, {1});
  EXPECT_FALSE(packFanOutWeights(fullWidth.packed, fullWidth.palette, 32));
}

TEST(FanOutPacking, PalettesStaySmall) {
  std::vector<float> many(kMaxPaletteWeights + 1);
  for (size_t k = 0; k < many.size(); ++k)
    many[k] = float(k);
  Table tooMany({0}, many);
  EXPECT_FALSE(packFanOutWeights(tooMany.packed, tooMany.palette, 8));
  tooMany.expectUnchanged();
  many.pop_back();
  Table enough({0}, many);
  ASSERT_TRUE(packFanOutWeights(enough.packed, enough.palette, 8));
  enough.expectEntries(8);
}

} // namespace
