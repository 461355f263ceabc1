//===- LargeBufferAllocatorTest.cpp - the simulator's trace arrays --------===//
#include "dynapse/Support/LargeBufferAllocator.h"

#include <gtest/gtest.h>

#include <cstdint>

using namespace dynapse;

TEST(LargeBufferAllocator, LargeArraysStartOnAHugePageBoundary) {
  LargeFloatArray trace;
  trace.resize((3u << 20) / sizeof(float)); // 3 MiB: two huge pages
  EXPECT_EQ(reinterpret_cast<uintptr_t>(trace.data()) % (2u << 20), 0u);
  trace.back() = 1.5f;
  EXPECT_EQ(trace.back(), 1.5f);
}

TEST(LargeBufferAllocator, FilledGrownAndCopiedArraysKeepTheirValues) {
  LargeFloatArray small(4, 0.0f); // an explicit fill value is written
  for (float value : small)
    EXPECT_EQ(value, 0.0f);
  small[3] = 7.0f;
  small.resize(1u << 20);
  EXPECT_EQ(small[3], 7.0f);
  LargeFloatArray copy = small;
  EXPECT_EQ(copy[3], 7.0f);
  EXPECT_TRUE(copy == small);
}
