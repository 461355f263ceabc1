#include "dynapse/Support/ValueChecks.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

using namespace dynapse;

TEST(ValueChecks, FindsFirstOffendingIndex) {
  double values[] = {1.0, 0.0, -2.0};
  EXPECT_EQ(findInvalidValue(values, ValueBound::Finite), -1);
  EXPECT_EQ(findInvalidValue(values, ValueBound::NonNegative), 2);
  EXPECT_EQ(findInvalidValue(values, ValueBound::Positive), 1);
}

TEST(ValueChecks, RejectsNaNAndInfinityInEveryRange) {
  double nan[] = {std::nan("")};
  double inf[] = {std::numeric_limits<double>::infinity()};
  for (ValueBound range :
       {ValueBound::Finite, ValueBound::NonNegative, ValueBound::Positive}) {
    EXPECT_EQ(findInvalidValue(nan, range), 0);
    EXPECT_EQ(findInvalidValue(inf, range), 0);
  }
}

TEST(ValueChecks, FloatsGiveTheSameIndexAsDoublesAnywhereInALongArray) {
  // Long enough for the vectorised pass and its remainder; -0 is >= 0.
  std::vector<float> counts(1003, 1.0f);
  counts[0] = -0.0f;
  EXPECT_EQ(findInvalidValue(counts, ValueBound::NonNegative), -1);
  EXPECT_EQ(findInvalidValue(counts, ValueBound::Positive), 0);
  for (size_t at : {size_t(1), size_t(500), size_t(1002)})
    for (float bad : {-1.0f, std::numeric_limits<float>::quiet_NaN(),
                      std::numeric_limits<float>::infinity()}) {
      std::vector<float> values = counts;
      values[at] = bad;
      if (at + 1 < values.size())
        values[at + 1] = -2.0f; // a later one too
      std::vector<double> doubles(values.begin(), values.end());
      EXPECT_EQ(findInvalidValue(values, ValueBound::NonNegative), int64_t(at))
          << bad;
      EXPECT_EQ(findInvalidValue(values, ValueBound::Finite),
                findInvalidValue(doubles, ValueBound::Finite))
          << at << " " << bad;
    }
}
