//===- Fidelity.cpp - rates, count correlation, van Rossum; the summary ---===//
#include "dynapse/Simulation/Fidelity.h"

#include "llvm/Support/Format.h"

#include <algorithm>
#include <cmath>

using namespace dynapse::sim;

static double pearson(const std::vector<double> &x, const std::vector<double> &y) {
  double n = double(x.size()), meanX = 0, meanY = 0;
  for (size_t i = 0; i < x.size(); ++i)
    meanX += x[i] / n, meanY += y[i] / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - meanX) * (y[i] - meanY);
    sxx += (x[i] - meanX) * (x[i] - meanX);
    syy += (y[i] - meanY) * (y[i] - meanY);
  }
  if (sxx == 0 || syy == 0) // a constant side: agreement only if both are
    return sxx == syy ? 1.0 : 0.0;
  return sxy / std::sqrt(sxx * syy);
}

Fidelity dynapse::sim::compareTrains(llvm::ArrayRef<float> a,
                                     llvm::ArrayRef<float> b, int64_t steps,
                                     int64_t neurons, double dt, double tau,
                                     int64_t segment) {
  Fidelity result;
  std::vector<double> countA(neurons, 0), countB(neurons, 0);
  std::vector<double> filteredA(neurons, 0), filteredB(neurons, 0);
  std::vector<double> squared(neurons, 0);
  double decay = std::exp(-dt / tau);
  for (int64_t t = 0; t < steps; ++t) {
    if (segment > 0 && t % segment == 0) {
      std::fill(filteredA.begin(), filteredA.end(), 0.0);
      std::fill(filteredB.begin(), filteredB.end(), 0.0);
    }
    for (int64_t i = 0; i < neurons; ++i) {
      double x = a[t * neurons + i], y = b[t * neurons + i];
      countA[i] += x, countB[i] += y;
      filteredA[i] = filteredA[i] * decay + x;
      filteredB[i] = filteredB[i] * decay + y;
      double difference = filteredA[i] - filteredB[i];
      squared[i] += difference * difference * dt / tau;
    }
  }
  double duration = double(steps) * dt;
  for (int64_t i = 0; i < neurons; ++i) {
    result.ratesA.push_back(countA[i] / duration);
    result.ratesB.push_back(countB[i] / duration);
    result.vanRossum += std::sqrt(squared[i]) / double(neurons);
  }
  result.countCorrelation = pearson(countA, countB);
  return result;
}

std::vector<float> dynapse::sim::concatenateSpikes(llvm::ArrayRef<Trace> traces) {
  std::vector<float> joined;
  for (const Trace &trace : traces) {
    std::vector<float> counts = trace.spikes.dense();
    joined.insert(joined.end(), counts.begin(), counts.end());
  }
  return joined;
}

void dynapse::sim::printFidelity(llvm::raw_ostream &os, llvm::ArrayRef<Trace> a,
                                 llvm::ArrayRef<Trace> b, int64_t steps,
                                 int64_t neurons, double dt, double tau,
                                 int64_t listed) {
  Fidelity f = compareTrains(concatenateSpikes(a), concatenateSpikes(b),
                             steps * int64_t(a.size()), neurons, dt, tau,
                             /*segment=*/steps);
  double meanA = 0, meanB = 0, worst = 0;
  for (int64_t i = 0; i < neurons; ++i) {
    meanA += f.ratesA[i] / neurons, meanB += f.ratesB[i] / neurons;
    worst = std::max(worst, std::fabs(f.ratesA[i] - f.ratesB[i]));
  }
  os << llvm::format("fidelity: mean rate %.4g Hz vs %.4g Hz, largest "
                     "per-neuron difference %.4g Hz\n",
                     meanA, meanB, worst)
     << llvm::format("  spike-count correlation %.4f, van Rossum distance "
                     "%.4g (tau %g s, mean over neurons)\n",
                     f.countCorrelation, f.vanRossum, tau);
  for (int64_t i = 0; i < std::min(neurons, listed); ++i)
    os << llvm::format("  neuron %lld: %.4g Hz vs %.4g Hz\n", (long long)i,
                       f.ratesA[i], f.ratesB[i]);
  if (listed > 0 && neurons > listed)
    os << "  (" << neurons - listed << " more neurons)\n";
}
