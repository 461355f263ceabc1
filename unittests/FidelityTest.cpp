//===- FidelityTest.cpp - decisions, agreement and accuracy ---------------===//
#include "dynapse/Simulation/Fidelity.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace dynapse;
using namespace dynapse::sim;

namespace {

/// A trace of `steps` steps whose events are (step, neuron, count).
Trace makeTrace(int64_t steps, int64_t neurons,
                std::vector<std::tuple<int64_t, int32_t, float>> events) {
  Trace trace;
  trace.spikes = SpikeTrain(steps, neurons);
  int32_t *words = trace.spikes.eventWords();
  int64_t *starts = trace.spikes.stepStarts();
  int64_t k = 0;
  for (int64_t t = 0; t < steps; ++t) {
    starts[t] = k;
    for (auto [step, neuron, count] : events)
      if (step == t) {
        words[2 * k] = neuron;
        std::memcpy(&words[2 * k + 1], &count, sizeof(float));
        ++k;
      }
  }
  starts[steps] = k;
  return trace;
}

/// Two populations: "hidden" (neurons 0, 1) and "out" (2, 3, 4), the
/// outputs.
NetworkLayout layout() {
  return {{"hidden", "out"}, {2, 3}, {2, 3, 4}};
}

TEST(Agreement, DecisionsAreTheOutputWithMostSpikesFirstOfATie) {
  std::vector<Trace> traces;
  // Output 1 (neuron 3) fires most, although hidden neuron 0 fires more.
  traces.push_back(makeTrace(4, 5, {{0, 0, 1}, {1, 0, 1}, {2, 0, 1}, {0, 3, 1},
                                    {1, 3, 1}, {2, 2, 1}}));
  // A tie between outputs 0 and 2 goes to the first; silence to output 0.
  traces.push_back(makeTrace(4, 5, {{0, 2, 1}, {3, 4, 1}}));
  traces.push_back(makeTrace(4, 5, {}));
  EXPECT_EQ(decisions(traces, layout()), (std::vector<int64_t>{1, 0, 0}));
}

TEST(Agreement, CountsAgreementAccuracyAndPopulationRates) {
  std::vector<Trace> reference, run;
  reference.push_back(makeTrace(10, 5, {{0, 2, 1}, {1, 0, 1}}));  // decides 0
  reference.push_back(makeTrace(10, 5, {{0, 4, 1}, {1, 1, 1}}));  // decides 2
  run.push_back(makeTrace(10, 5, {{0, 2, 1}, {1, 0, 1}, {2, 0, 1}})); // 0
  run.push_back(makeTrace(10, 5, {{0, 3, 1}, {1, 1, 1}, {2, 0, 1}})); // 1
  double dt = 1e-3;
  Agreement a = compareToReference(reference, run, layout(), dt, {0, 1});
  EXPECT_EQ(a.samples, 2);
  EXPECT_DOUBLE_EQ(a.decisionAgreement, 0.5);
  ASSERT_TRUE(a.accuracy && a.referenceAccuracy);
  EXPECT_DOUBLE_EQ(*a.referenceAccuracy, 0.5);
  EXPECT_DOUBLE_EQ(*a.accuracy, 1.0);
  ASSERT_EQ(a.populations.size(), 2u);
  // hidden: 2 spikes in the reference, 4 in the run, over 2 neurons x 2
  // samples x 10 ms.
  EXPECT_EQ(a.populations[0].name, "hidden");
  EXPECT_DOUBLE_EQ(a.populations[0].referenceRate, 2 / (4 * 10e-3));
  EXPECT_DOUBLE_EQ(a.populations[0].rate, 4 / (4 * 10e-3));
  EXPECT_DOUBLE_EQ(a.populations[1].referenceRate, a.populations[1].rate);
  // No labels, no accuracy.
  EXPECT_FALSE(compareToReference(reference, run, layout(), dt, {}).accuracy);
  // A run agrees with itself.
  EXPECT_DOUBLE_EQ(
      compareToReference(reference, reference, layout(), dt, {}).decisionAgreement,
      1.0);
}

} // namespace
