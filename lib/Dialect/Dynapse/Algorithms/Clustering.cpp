//===- Clustering.cpp - assigning neurons to cores ------------------------===//
//
// greedy:    contiguous index-order chunks, balanced (Rockpool's method with its
//            phantom cores fixed).
// random:    a balanced assignment, shuffled with a seeded generator.
// parameter: neurons with equal currents form groups; when every group can
//            have cores of its own they get them (no mixing at all); else the
//            neurons, ordered along the main direction of their log-currents,
//            are cut into contiguous cores by dynamic programming so that the
//            squared log deviation from each core's mean is smallest.
//
//===----------------------------------------------------------------------===//
#include "dynapse/Dialect/Dynapse/Algorithms/Clustering.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>

using namespace dynapse;
using namespace dynapse::clustering;

std::optional<Method> clustering::parseMethod(llvm::StringRef name) {
  if (name == "greedy")
    return Method::Greedy;
  if (name == "random")
    return Method::Random;
  if (name == "parameter")
    return Method::Parameter;
  return std::nullopt;
}

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// Neuron i of `count` goes to core floor(i * cores / count): contiguous,
/// sizes differ by at most one, every core used.
static void balancedChunks(int64_t first, int64_t count, int64_t cores,
                           int64_t firstCore, std::vector<int64_t> &coreMap,
                           const std::vector<int64_t> &order) {
  for (int64_t i = 0; i < count; ++i)
    coreMap[order[first + i]] = firstCore + i * cores / count;
}

namespace {

/// Log-currents of each neuron; zero currents sit far below any real one.
std::vector<std::array<double, kNumCurrents>>
logFeatures(llvm::ArrayRef<Currents> neurons) {
  std::vector<std::array<double, kNumCurrents>> features(neurons.size());
  for (auto [i, neuron] : llvm::enumerate(neurons))
    for (unsigned d = 0; d < kNumCurrents; ++d)
      features[i][d] = std::log(std::max(neuron[d], 1e-18));
  return features;
}

/// The unit vector along which the features vary most (power iteration on
/// their covariance), for ordering neurons before the cut.
std::array<double, kNumCurrents>
mainDirection(const std::vector<std::array<double, kNumCurrents>> &features) {
  std::array<double, kNumCurrents> mean{}, direction{};
  for (const auto &f : features)
    for (unsigned d = 0; d < kNumCurrents; ++d)
      mean[d] += f[d] / double(features.size());
  double covariance[kNumCurrents][kNumCurrents] = {};
  for (const auto &f : features)
    for (unsigned a = 0; a < kNumCurrents; ++a)
      for (unsigned b = 0; b < kNumCurrents; ++b)
        covariance[a][b] += (f[a] - mean[a]) * (f[b] - mean[b]);
  direction.fill(1.0);
  for (int iteration = 0; iteration < 100; ++iteration) {
    std::array<double, kNumCurrents> next{};
    for (unsigned a = 0; a < kNumCurrents; ++a)
      for (unsigned b = 0; b < kNumCurrents; ++b)
        next[a] += covariance[a][b] * direction[b];
    double norm = 0;
    for (double v : next)
      norm += v * v;
    if (norm == 0)
      break;
    for (unsigned d = 0; d < kNumCurrents; ++d)
      direction[d] = next[d] / std::sqrt(norm);
  }
  return direction;
}

/// The least previous[i] + runCost(i) over i = highest down to lowest, and
/// the highest i that reaches it ({infinity, 0} when none is finite). Four
/// interleaved minima keep the comparisons from waiting on each other.
template <typename RunCost>
std::pair<double, int64_t> bestCut(const double *previous, int64_t highest,
                                   int64_t lowest, RunCost runCost) {
  constexpr int kLanes = 4;
  const double infinity = std::numeric_limits<double>::infinity();
  double least[kLanes] = {infinity, infinity, infinity, infinity};
  int64_t at[kLanes] = {0, 0, 0, 0};
  int64_t i = highest;
  for (; i - (kLanes - 1) >= lowest; i -= kLanes)
    for (int lane = 0; lane < kLanes; ++lane) {
      double candidate = previous[i - lane] + runCost(i - lane);
      if (candidate < least[lane])
        least[lane] = candidate, at[lane] = i - lane;
    }
  for (int lane = 0; i >= lowest; --i, ++lane) {
    double candidate = previous[i] + runCost(i);
    if (candidate < least[lane])
      least[lane] = candidate, at[lane] = i;
  }
  // Each lane holds its highest i among equals; of equal lanes, the highest.
  std::pair<double, int64_t> result{infinity, 0};
  for (int lane = 0; lane < kLanes; ++lane)
    if (least[lane] < result.first ||
        (least[lane] == result.first && least[lane] != infinity &&
         at[lane] > result.second))
      result = {least[lane], at[lane]};
  return result;
}

/// Cuts `order` into `cores` contiguous runs of 1..capacity neurons with the
/// least total squared deviation from each run's mean (prefix sums make each
/// run's cost O(dimensions)).
std::vector<int64_t>
cutOptimally(const std::vector<std::array<double, kNumCurrents>> &features,
             const std::vector<int64_t> &order, int64_t cores,
             int64_t capacity) {
  int64_t n = int64_t(order.size());
  // Only dimensions that vary matter.
  std::vector<unsigned> dims;
  for (unsigned d = 0; d < kNumCurrents; ++d)
    for (const auto &f : features)
      if (f[d] != features.front()[d]) {
        dims.push_back(d);
        break;
      }
  size_t width = dims.size();
  std::vector<double> sum((n + 1) * width, 0.0), square((n + 1) * width, 0.0);
  for (int64_t i = 0; i < n; ++i)
    for (size_t k = 0; k < width; ++k) {
      double value = features[order[i]][dims[k]];
      sum[(i + 1) * width + k] = sum[i * width + k] + value;
      square[(i + 1) * width + k] = square[i * width + k] + value * value;
    }
  auto cost = [&](int64_t from, int64_t to) {
    double total = 0, count = double(to - from);
    for (size_t k = 0; k < width; ++k) {
      double s = sum[to * width + k] - sum[from * width + k];
      total += square[to * width + k] - square[from * width + k] - s * s / count;
    }
    return total;
  };
  const double infinity = std::numeric_limits<double>::infinity();
  std::vector<double> best((cores + 1) * (n + 1), infinity);
  std::vector<int64_t> cut((cores + 1) * (n + 1), 0);
  best[0] = 0;
  // Only cuts from which the remaining cores can still hold the rest: the
  // first k cores hold between k and k * capacity neurons, the others at most
  // (cores - k) * capacity.
  auto firstFeasible = [&](int64_t k) {
    return std::max<int64_t>(k, n - (cores - k) * capacity);
  };
  auto lastFeasible = [&](int64_t k) {
    return std::min<int64_t>(n - (cores - k), k * capacity);
  };
  auto lowestCut = [&](int64_t k, int64_t j) {
    return std::max(firstFeasible(k - 1), j - capacity);
  };
  auto highestCut = [&](int64_t k, int64_t j) {
    return std::min(j - 1, lastFeasible(k - 1));
  };
  // A run's cost does not depend on the core it fills. Where the cores leave
  // the cuts freedom, the programme asks for each run many times (3000
  // neurons in 16 cores: about five), so each is computed once; where the
  // board is nearly full, few runs are feasible and none is tabulated.
  int64_t evaluations = 0;
  for (int64_t k = 1; k <= cores; ++k)
    for (int64_t j = firstFeasible(k); j <= lastFeasible(k); ++j)
      evaluations += std::max<int64_t>(highestCut(k, j) - lowestCut(k, j) + 1, 0);
  const int64_t stride = capacity + 1;
  std::vector<double> runCost;
  if (evaluations > 2 * n * capacity) {
    runCost.resize((n + 1) * stride);
    for (int64_t j = 1; j <= n; ++j)
      for (int64_t length = 1; length <= std::min(j, capacity); ++length)
        runCost[j * stride + length] = cost(j - length, j);
  }
  // best[k][j]: the least cost of the first j neurons in k cores, reached
  // from the highest cut i among equals. A run after an unreachable prefix
  // costs infinity + finite = infinity and never wins.
  for (int64_t k = 1; k <= cores; ++k) {
    const double *previous = &best[(k - 1) * (n + 1)];
    for (int64_t j = firstFeasible(k); j <= lastFeasible(k); ++j) {
      auto [least, leastCut] =
          runCost.empty()
              ? bestCut(previous, highestCut(k, j), lowestCut(k, j),
                        [&](int64_t i) { return cost(i, j); })
              : bestCut(previous, highestCut(k, j), lowestCut(k, j),
                        [&, costs = &runCost[j * stride]](int64_t i) {
                          return costs[j - i];
                        });
      best[k * (n + 1) + j] = least;
      cut[k * (n + 1) + j] = leastCut;
    }
  }
  std::vector<int64_t> coreMap(n, 0);
  for (int64_t k = cores, j = n; k > 0; --k) {
    int64_t i = cut[k * (n + 1) + j];
    for (int64_t p = i; p < j; ++p)
      coreMap[order[p]] = k - 1;
    j = i;
  }
  return coreMap;
}

std::vector<int64_t> byParameter(llvm::ArrayRef<Currents> neurons,
                                 int64_t cores, int64_t capacity) {
  int64_t n = int64_t(neurons.size());
  // Groups of identical neurons, in order of first appearance.
  std::map<Currents, int64_t> groupOf;
  std::vector<std::vector<int64_t>> groups;
  for (int64_t i = 0; i < n; ++i) {
    auto [it, inserted] = groupOf.try_emplace(neurons[i], int64_t(groups.size()));
    if (inserted)
      groups.emplace_back();
    groups[it->second].push_back(i);
  }
  std::vector<int64_t> needed;
  for (const auto &group : groups)
    needed.push_back(ceilDiv(int64_t(group.size()), capacity));
  int64_t minimum = std::accumulate(needed.begin(), needed.end(), int64_t(0));
  std::vector<int64_t> coreMap(n, 0);
  if (minimum <= cores) {
    // Every group gets cores of its own; spare cores split the groups with
    // the most neurons per core.
    std::vector<int64_t> given = needed;
    for (int64_t spare = cores - minimum; spare > 0; --spare) {
      int64_t pick = -1;
      for (size_t g = 0; g < groups.size(); ++g)
        if (given[g] < int64_t(groups[g].size()) &&
            (pick < 0 || groups[g].size() * given[pick] >
                             groups[pick].size() * given[g]))
          pick = int64_t(g);
      ++given[pick];
    }
    int64_t nextCore = 0;
    for (size_t g = 0; g < groups.size(); ++g) {
      balancedChunks(0, int64_t(groups[g].size()), given[g], nextCore, coreMap,
                     groups[g]);
      nextCore += given[g];
    }
    return coreMap;
  }
  auto features = logFeatures(neurons);
  auto direction = mainDirection(features);
  std::vector<std::pair<double, int64_t>> keyed;
  for (int64_t i = 0; i < n; ++i) {
    double projection = 0;
    for (unsigned d = 0; d < kNumCurrents; ++d)
      projection += features[i][d] * direction[d];
    keyed.emplace_back(projection, i);
  }
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto &a, const auto &b) { return a.first < b.first; });
  std::vector<int64_t> order;
  for (const auto &entry : keyed)
    order.push_back(entry.second);
  return cutOptimally(features, order, cores, capacity);
}

/// The number of cores when the options leave it open.
int64_t chooseCores(llvm::ArrayRef<Currents> neurons, const Options &options) {
  int64_t n = int64_t(neurons.size()), capacity = options.maxNeuronsPerCore;
  int64_t fewest = ceilDiv(n, capacity);
  if (options.method != Method::Parameter)
    return fewest;
  // Room permitting, one set of cores per group of identical neurons.
  std::map<Currents, int64_t> sizes;
  for (const Currents &neuron : neurons)
    ++sizes[neuron];
  int64_t separate = 0;
  for (const auto &entry : sizes)
    separate += ceilDiv(entry.second, capacity);
  return std::max(fewest, std::min<int64_t>(separate, options.maxCores));
}

} // namespace

llvm::Expected<std::vector<int64_t>>
clustering::assignCores(llvm::ArrayRef<Currents> neurons,
                        const Options &options) {
  int64_t n = int64_t(neurons.size());
  int64_t capacity = options.maxNeuronsPerCore;
  if (capacity < 1 || capacity > 256)
    return llvm::createStringError("max-neurons-per-core must be 1..256, got " +
                                   llvm::Twine(capacity));
  if (n == 0)
    return std::vector<int64_t>();
  int64_t fewest = ceilDiv(n, capacity);
  if (fewest > int64_t(options.maxCores))
    return llvm::createStringError(
        llvm::Twine(n) + " neurons need at least " + llvm::Twine(fewest) +
        " cores of " + llvm::Twine(capacity) + ", but only " +
        llvm::Twine(options.maxCores) +
        " are available (4 per chip; raise --chips or shrink the network)");
  int64_t cores = options.cores ? int64_t(options.cores)
                                : chooseCores(neurons, options);
  if (cores < fewest)
    return llvm::createStringError(
        "--cores=" + llvm::Twine(cores) + " cannot hold " + llvm::Twine(n) +
        " neurons at " + llvm::Twine(capacity) + " per core (at least " +
        llvm::Twine(fewest) + " needed)");
  if (cores > int64_t(options.maxCores))
    return llvm::createStringError(
        "--cores=" + llvm::Twine(cores) + " is more than the " +
        llvm::Twine(options.maxCores) + " cores of the board");
  if (cores > n)
    return llvm::createStringError("--cores=" + llvm::Twine(cores) +
                                   " is more than the " + llvm::Twine(n) +
                                   " neurons (a core cannot be empty)");
  std::vector<int64_t> order(n), coreMap(n, 0);
  std::iota(order.begin(), order.end(), 0);
  switch (options.method) {
  case Method::Greedy:
    balancedChunks(0, n, cores, 0, coreMap, order);
    return coreMap;
  case Method::Random: {
    balancedChunks(0, n, cores, 0, coreMap, order);
    std::mt19937_64 generator(options.seed);
    // Fisher-Yates with our own index draw: std::shuffle's use of the
    // generator is not specified, and results must not depend on the library.
    for (int64_t i = n - 1; i > 0; --i) {
      int64_t j = int64_t(generator() % uint64_t(i + 1));
      std::swap(coreMap[i], coreMap[j]);
    }
    return coreMap;
  }
  case Method::Parameter:
    return byParameter(neurons, cores, capacity);
  }
  return coreMap;
}

double clustering::sharedValue(llvm::ArrayRef<double> values) {
  if (values.empty())
    return 0.0;
  bool positive = llvm::all_of(values, [](double v) { return v > 0; });
  if (!positive) {
    double sum = 0;
    for (double v : values)
      sum += v;
    return sum / double(values.size());
  }
  if (llvm::all_equal(values))
    return values.front();
  double logSum = 0;
  for (double v : values)
    logSum += std::log(v);
  return std::exp(logSum / double(values.size()));
}

std::vector<Currents> clustering::coreCurrents(llvm::ArrayRef<Currents> neurons,
                                               llvm::ArrayRef<int64_t> coreMap,
                                               unsigned numCores) {
  std::vector<Currents> result(numCores);
  for (unsigned d = 0; d < kNumCurrents; ++d) {
    std::vector<std::vector<double>> members(numCores);
    for (auto [i, neuron] : llvm::enumerate(neurons))
      members[coreMap[i]].push_back(neuron[d]);
    for (unsigned core = 0; core < numCores; ++core)
      result[core][d] = sharedValue(members[core]);
  }
  return result;
}

Deviation clustering::deviation(llvm::ArrayRef<Currents> neurons,
                                llvm::ArrayRef<int64_t> coreMap,
                                const Currents &shared, int64_t core) {
  Deviation result;
  double total = 0;
  unsigned counted = 0;
  for (auto [i, neuron] : llvm::enumerate(neurons)) {
    if (coreMap[i] != core)
      continue;
    ++result.neurons;
    for (unsigned d = 0; d < kNumCurrents; ++d) {
      if (!(neuron[d] > 0))
        continue;
      double relative = std::fabs(shared[d] - neuron[d]) / neuron[d];
      total += relative;
      ++counted;
      if (relative > result.largest) {
        result.largest = relative;
        result.worstCurrent = currentAttrNames()[d];
      }
    }
  }
  result.mean = counted ? total / counted : 0.0;
  return result;
}
