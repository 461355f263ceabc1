#include "dynapse/Support/ValueChecks.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

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
