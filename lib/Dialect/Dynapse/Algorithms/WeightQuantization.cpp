//===- WeightQuantization.cpp - 4-bit masks over four base currents -------===//
//
// Alternating minimisation, exact in each half step: for fixed base weights
// the best mask of every weight is the nearest of the 16 subset sums; for
// fixed masks the best non-negative base weights solve a 4-variable
// non-negative least-squares problem, solved exactly by trying every active
// set. Both steps never increase the squared error, so the iteration stops
// when the assignment repeats. It starts from several points (binary 1-2-4-8,
// equal, quantiles of |w|, seeded random ones) and keeps the best. Magnitudes
// are sorted once: the nearest subset sum is then monotone along them, so an
// assignment is 15 binary searches and both steps work on 16 per-mask sums.
//
//===----------------------------------------------------------------------===//
#include "dynapse/Dialect/Dynapse/Algorithms/WeightQuantization.h"

#include "dynapse/Dialect/Dynapse/IR/BiasGen.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

using namespace dynapse;
using namespace dynapse::weights;

using Base = std::array<double, 4>;

double weights::realised(const Base &base, unsigned mask) {
  double sum = 0;
  for (unsigned k = 0; k < 4; ++k)
    if (mask & (1u << k))
      sum += base[k];
  return sum;
}

namespace {

/// Magnitudes sorted ascending, with prefix sums: the nearest subset sum is
/// monotone along sorted magnitudes, so an assignment is 15 cut points found
/// by binary search, and per-mask statistics are prefix-sum differences.
struct Problem {
  std::vector<double> sorted;
  std::vector<double> prefix; // prefix[i] = sum of sorted[0..i)
  double sumOfSquares = 0;
  bool keepConnections = false;
};

/// The allowed subset sums in ascending order, equal sums merged into the
/// smallest mask (unused base weights change nothing).
std::vector<std::pair<double, uint8_t>> levelsOf(const Problem &problem,
                                                 const Base &base) {
  std::array<std::pair<double, uint8_t>, 16> sums;
  for (unsigned mask = 0; mask < 16; ++mask)
    sums[mask] = {realised(base, mask), uint8_t(mask)};
  std::sort(sums.begin(), sums.end());
  std::vector<std::pair<double, uint8_t>> levels;
  for (const auto &sum : sums) {
    if (problem.keepConnections && sum.second == 0)
      continue;
    if (levels.empty() || sum.first != levels.back().first)
      levels.push_back(sum);
    else
      levels.back().second = std::min(levels.back().second, sum.second);
  }
  return levels;
}

/// How many magnitudes take each mask, and their sum.
struct MaskStatistics {
  std::array<double, 16> count{}, sum{};
  bool operator==(const MaskStatistics &other) const {
    return count == other.count;
  }
};

/// Nearest allowed subset sum for every magnitude (ties to the smaller sum),
/// as per-mask statistics and, if asked, the masks of the sorted magnitudes.
MaskStatistics assign(const Problem &problem, const Base &base,
                      std::vector<uint8_t> *masks = nullptr) {
  auto levels = levelsOf(problem, base);
  MaskStatistics stats;
  size_t begin = 0, n = problem.sorted.size();
  if (masks)
    masks->resize(n);
  for (size_t l = 0; l < levels.size(); ++l) {
    size_t end = n;
    if (l + 1 < levels.size()) {
      double cut = 0.5 * (levels[l].first + levels[l + 1].first);
      end = std::upper_bound(problem.sorted.begin() + begin,
                             problem.sorted.end(), cut) -
            problem.sorted.begin();
    }
    uint8_t mask = levels[l].second;
    stats.count[mask] += double(end - begin);
    stats.sum[mask] += problem.prefix[end] - problem.prefix[begin];
    if (masks)
      std::fill(masks->begin() + begin, masks->begin() + end, mask);
    begin = end;
  }
  return stats;
}

double squaredError(const Problem &problem, const MaskStatistics &stats,
                    const Base &base) {
  double error = problem.sumOfSquares;
  for (unsigned mask = 0; mask < 16; ++mask) {
    double s = realised(base, mask);
    error += stats.count[mask] * s * s - 2 * s * stats.sum[mask];
  }
  return std::max(error, 0.0);
}

/// Solves the normal equations restricted to `subset` (bit k = base k free);
/// false when singular.
bool solveSubset(const double gram[4][4], const double rhs[4], unsigned subset,
                 Base &solution) {
  int index[4], size = 0;
  for (int k = 0; k < 4; ++k)
    if (subset & (1u << k))
      index[size++] = k;
  double a[4][5];
  for (int r = 0; r < size; ++r) {
    for (int c = 0; c < size; ++c)
      a[r][c] = gram[index[r]][index[c]];
    a[r][size] = rhs[index[r]];
  }
  for (int col = 0; col < size; ++col) {
    int pivot = col;
    for (int r = col + 1; r < size; ++r)
      if (std::fabs(a[r][col]) > std::fabs(a[pivot][col]))
        pivot = r;
    if (std::fabs(a[pivot][col]) < 1e-12)
      return false;
    std::swap(a[col], a[pivot]);
    for (int r = 0; r < size; ++r) {
      if (r == col)
        continue;
      double factor = a[r][col] / a[col][col];
      for (int c = col; c <= size; ++c)
        a[r][c] -= factor * a[col][c];
    }
  }
  solution.fill(0.0);
  for (int r = 0; r < size; ++r)
    solution[index[r]] = a[r][size] / a[r][r];
  return true;
}

/// Exact non-negative least squares for the base weights given the masks.
Base bestBase(const Problem &problem, const MaskStatistics &stats,
              const Base &current) {
  double gram[4][4] = {}, rhs[4] = {};
  for (unsigned mask = 0; mask < 16; ++mask)
    for (unsigned k = 0; k < 4; ++k) {
      if (!(mask & (1u << k)))
        continue;
      rhs[k] += stats.sum[mask];
      for (unsigned l = 0; l < 4; ++l)
        if (mask & (1u << l))
          gram[k][l] += stats.count[mask];
    }
  Base best = current;
  double bestError = squaredError(problem, stats, current);
  for (unsigned subset = 1; subset < 16; ++subset) {
    Base candidate;
    if (!solveSubset(gram, rhs, subset, candidate) ||
        std::any_of(candidate.begin(), candidate.end(),
                    [](double v) { return v < 0; }))
      continue;
    double error = squaredError(problem, stats, candidate);
    if (error < bestError) {
      bestError = error;
      best = candidate;
    }
  }
  return best;
}

/// Alternates masks and base weights from `start` until the assignment
/// repeats.
std::pair<Base, double> descend(const Problem &problem, Base base) {
  MaskStatistics previous;
  for (int iteration = 0; iteration < 200; ++iteration) {
    MaskStatistics stats = assign(problem, base);
    if (iteration > 0 && stats == previous)
      break;
    base = bestBase(problem, stats, base);
    previous = stats;
  }
  return {base, squaredError(problem, assign(problem, base), base)};
}

double quantile(const std::vector<double> &sorted, double q) {
  return sorted[size_t(q * double(sorted.size() - 1))];
}

std::vector<Base> startingPoints(const Problem &problem,
                                 const Options &options) {
  double top = problem.sorted.back();
  std::vector<Base> starts = {
      {top / 15, 2 * top / 15, 4 * top / 15, 8 * top / 15},
      {top / 4, top / 4, top / 4, top / 4},
      {quantile(problem.sorted, 0.2), quantile(problem.sorted, 0.4) / 2,
       quantile(problem.sorted, 0.7) / 3, top / 4},
      {quantile(problem.sorted, 0.1), quantile(problem.sorted, 0.3),
       quantile(problem.sorted, 0.6) / 2, top / 3}};
  std::mt19937_64 generator(options.seed);
  for (unsigned r = 0; r < options.restarts; ++r) {
    Base base;
    for (double &value : base)
      value = top / 2 * double(generator() >> 11) / double(uint64_t(1) << 53);
    starts.push_back(base);
  }
  return starts;
}

/// Base weights on the bias generator's grid: each the nearest realisable
/// SYAM_Wk_P current, then improved by trying neighbouring codes.
Base realisableBase(const Problem &problem, Base base, double iscale) {
  static const char *names[4] = {"SYAM_W0_P", "SYAM_W1_P", "SYAM_W2_P",
                                 "SYAM_W3_P"};
  auto snap = [&](unsigned k, biasgen::Code code) {
    return biasgen::parameterCurrent(names[k], code) / iscale;
  };
  auto error = [&](const Base &candidate) {
    return squaredError(problem, assign(problem, candidate), candidate);
  };
  std::array<biasgen::Code, 4> codes;
  for (unsigned k = 0; k < 4; ++k) {
    codes[k] = biasgen::parameterCode(names[k], base[k] * iscale);
    base[k] = snap(k, codes[k]);
  }
  double best = error(base);
  for (int round = 0; round < 2; ++round)
    for (unsigned k = 0; k < 4; ++k)
      for (int step : {-4, -2, -1, 1, 2, 4}) {
        int fine = int(codes[k].fine) + step;
        if (fine < 0 || fine > 255)
          continue;
        biasgen::Code code{codes[k].coarse, unsigned(fine)};
        Base candidate = base;
        candidate[k] = snap(k, code);
        double value = error(candidate);
        if (value < best) {
          best = value;
          base = candidate;
          codes[k] = code;
        }
      }
  return base;
}

} // namespace

Result weights::quantize(llvm::ArrayRef<double> magnitudes, double iscale,
                         const Options &options) {
  Result result;
  if (magnitudes.empty())
    return result;
  std::vector<size_t> order(magnitudes.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return magnitudes[a] < magnitudes[b];
  });
  Problem problem;
  problem.keepConnections = options.keepConnections;
  problem.prefix.push_back(0.0);
  for (size_t index : order) {
    problem.sorted.push_back(magnitudes[index]);
    problem.prefix.push_back(problem.prefix.back() + magnitudes[index]);
    problem.sumOfSquares += magnitudes[index] * magnitudes[index];
  }

  Base best{};
  double bestError = std::numeric_limits<double>::infinity();
  for (const Base &start : startingPoints(problem, options)) {
    auto [base, error] = descend(problem, start);
    if (error < bestError) {
      bestError = error;
      best = base;
    }
  }
  // Base weights in ascending order make masks read like binary numbers.
  std::sort(best.begin(), best.end());
  if (options.realisable)
    best = realisableBase(problem, best, iscale);

  std::vector<uint8_t> sortedMasks;
  assign(problem, best, &sortedMasks);
  result.base = best;
  result.masks.resize(magnitudes.size());
  double sum = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    result.masks[order[i]] = sortedMasks[i];
    double error = std::fabs(realised(best, sortedMasks[i]) - problem.sorted[i]);
    sum += error * error;
    result.maxError = std::max(result.maxError, error);
    result.dropped += sortedMasks[i] == 0;
  }
  result.meanSquaredError = sum / double(magnitudes.size());
  return result;
}
