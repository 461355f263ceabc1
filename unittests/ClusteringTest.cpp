//===- ClusteringTest.cpp - assigning neurons to cores --------------------===//
#include "dynapse/Dialect/Dynapse/Algorithms/Clustering.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

using namespace dynapse;
using namespace dynapse::clustering;

namespace {

Currents neuron(double tauCurrent, double threshold = 1e-8) {
  Currents currents{};
  currents[currentIndex("Itau_mem")] = tauCurrent;
  currents[currentIndex("Igain_mem")] = 4 * tauCurrent;
  currents[currentIndex("Ispkthr")] = threshold;
  return currents;
}

std::map<int64_t, int64_t> sizes(const std::vector<int64_t> &coreMap) {
  std::map<int64_t, int64_t> result;
  for (int64_t core : coreMap)
    ++result[core];
  return result;
}

std::vector<int64_t> assign(size_t count, Options options) {
  std::vector<Currents> neurons(count, neuron(5e-12));
  auto coreMap = assignCores(neurons, options);
  EXPECT_TRUE(static_cast<bool>(coreMap));
  return coreMap ? *coreMap : std::vector<int64_t>();
}

} // namespace

TEST(Clustering, GreedyUsesTheFewestCoresWithoutPhantoms) {
  Options greedy{Method::Greedy};
  // Rockpool puts 5 neurons in 1 core but 256 in 2, and 5 neurons in 2
  // clusters as [0, 0, 1, 1, 2]: a phantom third core.
  EXPECT_EQ(sizes(assign(5, greedy)), (std::map<int64_t, int64_t>{{0, 5}}));
  EXPECT_EQ(sizes(assign(256, greedy)), (std::map<int64_t, int64_t>{{0, 256}}));
  EXPECT_EQ(sizes(assign(257, greedy)),
            (std::map<int64_t, int64_t>{{0, 129}, {1, 128}}));
  EXPECT_EQ(sizes(assign(1000, greedy)),
            (std::map<int64_t, int64_t>{{0, 250}, {1, 250}, {2, 250}, {3, 250}}));
  Options two{Method::Greedy, 2};
  EXPECT_EQ(assign(5, two), (std::vector<int64_t>{0, 0, 0, 1, 1}));
}

TEST(Clustering, RandomIsBalancedAndDeterministic) {
  Options random{Method::Random, 3, 16, 256, 7};
  std::vector<int64_t> first = assign(10, random), again = assign(10, random);
  EXPECT_EQ(first, again);
  EXPECT_EQ(sizes(first), (std::map<int64_t, int64_t>{{0, 4}, {1, 3}, {2, 3}}));
  random.seed = 8;
  EXPECT_NE(assign(10, random), first);
}

TEST(Clustering, TwoTimeConstantsNeverShareACoreWhenThereIsRoom) {
  // 300 neurons of each time constant, interleaved: each needs two cores.
  std::vector<Currents> neurons;
  for (int i = 0; i < 600; ++i)
    neurons.push_back(neuron(i % 2 ? 5e-12 : 2e-11));
  auto coreMap = assignCores(neurons, Options{});
  ASSERT_TRUE(static_cast<bool>(coreMap));
  std::map<int64_t, std::set<double>> taus;
  for (size_t i = 0; i < neurons.size(); ++i)
    taus[(*coreMap)[i]].insert(neurons[i][currentIndex("Itau_mem")]);
  EXPECT_EQ(taus.size(), 4u);
  for (const auto &[core, values] : taus)
    EXPECT_EQ(values.size(), 1u) << "core " << core << " mixes time constants";
  for (const auto &[core, count] : sizes(*coreMap))
    EXPECT_LE(count, 256);
}

TEST(Clustering, ParameterMethodGroupsAlikeNeuronsWhenCoresAreScarce) {
  // Four time constants, two cores: the two fastest and the two slowest pair.
  std::vector<Currents> neurons;
  for (double tau : {1e-12, 1.1e-12, 8e-11, 9e-11})
    for (int i = 0; i < 10; ++i)
      neurons.push_back(neuron(tau));
  auto coreMap = assignCores(neurons, Options{Method::Parameter, 2});
  ASSERT_TRUE(static_cast<bool>(coreMap));
  EXPECT_EQ((*coreMap)[0], (*coreMap)[10]);
  EXPECT_EQ((*coreMap)[20], (*coreMap)[30]);
  EXPECT_NE((*coreMap)[0], (*coreMap)[20]);
}

TEST(Clustering, CapacityErrorsGiveTheCounts) {
  std::vector<Currents> neurons(4097, neuron(5e-12));
  auto overflow = assignCores(neurons, Options{});
  ASSERT_FALSE(static_cast<bool>(overflow));
  EXPECT_EQ(llvm::toString(overflow.takeError()),
            "4097 neurons need at least 17 cores of 256, but only 16 are "
            "available (4 per chip; raise --chips or shrink the network)");
  std::vector<Currents> few(300, neuron(5e-12));
  auto tooFewCores = assignCores(few, Options{Method::Greedy, 1});
  ASSERT_FALSE(static_cast<bool>(tooFewCores));
  EXPECT_EQ(llvm::toString(tooFewCores.takeError()),
            "--cores=1 cannot hold 300 neurons at 256 per core (at least 2 "
            "needed)");
  auto tooManyCores = assignCores(few, Options{Method::Greedy, 17});
  ASSERT_FALSE(static_cast<bool>(tooManyCores));
  EXPECT_EQ(llvm::toString(tooManyCores.takeError()),
            "--cores=17 is more than the 16 cores of the board");
}

TEST(Clustering, SharedValueIsTheGeometricMeanOfPositiveCurrents) {
  EXPECT_NEAR(sharedValue({1e-12, 4e-12}), 2e-12, 1e-12 * 2e-12);
  EXPECT_DOUBLE_EQ(sharedValue({0.0, 4e-10}), 2e-10);
  EXPECT_EQ(sharedValue({3e-12, 3e-12, 3e-12}), 3e-12);
  // The geometric mean makes tau too long and too short by the same factor.
  std::vector<Currents> neurons = {neuron(1e-12), neuron(4e-12)};
  std::vector<int64_t> coreMap = {0, 0};
  Currents shared = coreCurrents(neurons, coreMap, 1)[0];
  Deviation d = deviation(neurons, coreMap, shared, 0);
  EXPECT_NEAR(d.largest, 1.0, 1e-12); // 2e-12 vs 1e-12
  EXPECT_EQ(d.worstCurrent, "Itau_mem");
  EXPECT_EQ(d.neurons, 2u);
}

namespace {

/// Sum over cores of the squared deviations of log(Itau_mem) and
/// log(Igain_mem) from the core's mean: the cost the parameter method
/// minimises for neuron(tau).
double spread(const std::vector<double> &taus, const std::vector<int64_t> &coreMap) {
  std::map<int64_t, std::vector<double>> byCore;
  for (size_t i = 0; i < taus.size(); ++i)
    byCore[coreMap[i]].push_back(std::log(taus[i]));
  double total = 0;
  for (const auto &[core, logs] : byCore) {
    double mean = 0;
    for (double value : logs)
      mean += value / double(logs.size());
    for (double value : logs)
      total += 2 * (value - mean) * (value - mean);
  }
  return total;
}

/// The least spread over every cut of the sorted taus into `cores` runs of
/// 1..capacity neurons.
double leastSpread(std::vector<double> taus, int64_t cores, int64_t capacity) {
  std::sort(taus.begin(), taus.end());
  int64_t n = int64_t(taus.size());
  double least = INFINITY;
  std::vector<int64_t> coreMap(n);
  std::function<void(int64_t, int64_t)> cut = [&](int64_t from, int64_t core) {
    if (core == cores - 1) {
      if (n - from < 1 || n - from > capacity)
        return;
      std::fill(coreMap.begin() + from, coreMap.end(), core);
      least = std::min(least, spread(taus, coreMap));
      return;
    }
    for (int64_t length = 1; length <= capacity && from + length < n; ++length) {
      std::fill(coreMap.begin() + from, coreMap.begin() + from + length, core);
      cut(from + length, core + 1);
    }
  };
  cut(0, 0);
  return least;
}

} // namespace

TEST(Clustering, ParameterCutIsTheBestCutIntoContiguousRuns) {
  // Neurons that differ in one time constant are ordered by it; the dynamic
  // programme must find the cut an exhaustive search finds, both when it
  // evaluates runs on demand (few feasible cuts) and when it tabulates them.
  struct Case {
    int64_t neurons, cores, capacity;
  };
  for (Case c : {Case{13, 3, 5}, Case{13, 5, 13}, Case{13, 8, 13},
                 Case{20, 6, 4}, Case{20, 10, 20}, Case{24, 12, 3},
                 Case{18, 9, 4}}) {
    std::vector<double> taus;
    std::vector<Currents> neurons;
    for (int64_t i = 0; i < c.neurons; ++i) {
      // Scattered, distinct, with clusters of near neighbours.
      taus.push_back(1e-12 * std::exp(double((i * 7919) % 23) / 4.0));
      neurons.push_back(neuron(taus.back()));
    }
    Options options{Method::Parameter, unsigned(c.cores)};
    options.maxNeuronsPerCore = unsigned(c.capacity);
    auto coreMap = assignCores(neurons, options);
    ASSERT_TRUE(static_cast<bool>(coreMap));
    EXPECT_NEAR(spread(taus, *coreMap), leastSpread(taus, c.cores, c.capacity),
                1e-9)
        << c.neurons << " neurons, " << c.cores << " cores of " << c.capacity;
  }
}
