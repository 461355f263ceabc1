//===- SpikeTrainTest.cpp - spike counts as events, and their dense form --===//
#include "dynapse/Simulation/SpikeTrain.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace dynapse::sim;

namespace {

/// Writes `events` as the kernel does: two words each, then the step starts.
void write(SpikeTrain &train, const std::vector<SpikeEvent> &events,
           const std::vector<int64_t> &starts) {
  int32_t *words = train.eventWords();
  for (size_t k = 0; k < events.size(); ++k) {
    words[2 * k] = events[k].neuron;
    std::memcpy(&words[2 * k + 1], &events[k].count, sizeof(float));
  }
  std::copy(starts.begin(), starts.end(), train.stepStarts());
}

TEST(SpikeTrain, EventsExpandToTheDenseCounts) {
  // Three steps of four neurons; the middle step is silent.
  SpikeTrain train(3, 4);
  EXPECT_EQ(train.eventCapacity(), 3 * 4 + 1);
  write(train, {{1, 1.0f}, {3, 2.0f}, {0, 4.0f}}, {0, 2, 2, 3});
  ASSERT_EQ(train.events().size(), 3u);
  EXPECT_EQ(train.step(0).size(), 2u);
  EXPECT_TRUE(train.step(1).empty());
  EXPECT_EQ(train.step(2).front().neuron, 0);
  std::vector<float> expected = {0, 1, 0, 2, 0, 0, 0, 0, 4, 0, 0, 0};
  EXPECT_EQ(train.dense(), expected);
  // A block of steps 1 and 2 overwrites what the buffer held.
  std::vector<float> block(8, -1.0f);
  train.fillDense(1, 2, block.data());
  EXPECT_EQ(block, std::vector<float>(expected.begin() + 4, expected.end()));
}

TEST(SpikeTrain, EqualityComparesEventsBitForBitAndMovesKeepThem) {
  SpikeTrain a(2, 2), b(2, 2), c(2, 2);
  write(a, {{1, 1.0f}}, {0, 1, 1});
  write(b, {{1, 1.0f}}, {0, 1, 1});
  write(c, {{1, 1.0f}}, {0, 0, 1}); // the same event, a step later
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  SpikeTrain moved = std::move(a);
  EXPECT_EQ(moved, b);
  EXPECT_EQ(a, SpikeTrain()); // the moved-from train is empty
  EXPECT_EQ(SpikeTrain(0, 5).dense().size(), 0u);
}

TEST(SpikeTrain, ACopyOfAKernelsEventsEqualsTheTrainItWroteAndMoves) {
  SpikeTrain written(3, 4);
  write(written, {{1, 1.0f}, {3, 2.0f}, {0, -0.0f}}, {0, 2, 2, 3});
  SpikeTrain copy(4, {0, 2, 2, 3}, written.eventWords());
  EXPECT_EQ(copy.eventCapacity(), 3); // its own events only
  EXPECT_EQ(copy.steps(), 3);
  EXPECT_EQ(copy, written); // bit for bit: the -0 count too
  EXPECT_EQ(copy.dense(), written.dense());
  SpikeTrain moved = std::move(copy);
  EXPECT_EQ(moved, written);
  EXPECT_EQ(copy, SpikeTrain());
  // A silent run holds no memory.
  SpikeTrain silent(4, {0, 0, 0}, nullptr);
  EXPECT_TRUE(silent.events().empty());
  EXPECT_EQ(silent.dense(), std::vector<float>(8, 0.0f));
}

TEST(SpikeTrain, ALongRunReservesButDoesNotCommitItsWorstCase) {
  // Every neuron in every step: 8 GiB of events, which only a reservation
  // can hold on a small machine; writing a few commits a few pages.
  SpikeTrain train(1 << 20, 1 << 10);
  write(train, {{7, 1.0f}}, {0, 1});
  EXPECT_EQ(train.eventWords()[0], 7);
}

} // namespace
