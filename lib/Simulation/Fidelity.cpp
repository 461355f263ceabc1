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

Fidelity dynapse::sim::printFidelity(llvm::raw_ostream &os, llvm::ArrayRef<Trace> a,
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
  return f;
}

namespace {

/// Spike counts per neuron over the whole run of one sample.
std::vector<double> neuronCounts(const Trace &trace) {
  std::vector<double> counts(size_t(trace.spikes.neurons()), 0.0);
  for (const SpikeEvent &event : trace.spikes.events())
    counts[size_t(event.neuron)] += event.count;
  return counts;
}

int64_t decide(const std::vector<double> &counts, const NetworkLayout &layout) {
  int64_t best = 0, candidates = layout.outputs.empty()
                                     ? int64_t(counts.size())
                                     : int64_t(layout.outputs.size());
  auto countOf = [&](int64_t k) {
    return counts[size_t(layout.outputs.empty() ? k : layout.outputs[k])];
  };
  for (int64_t k = 1; k < candidates; ++k)
    if (countOf(k) > countOf(best))
      best = k;
  return best;
}

} // namespace

double dynapse::sim::accuracy(llvm::ArrayRef<int64_t> decided,
                              llvm::ArrayRef<int64_t> labels) {
  double right = 0;
  for (size_t b = 0; b < decided.size(); ++b)
    right += decided[b] == labels[b];
  return right / double(decided.size());
}

std::vector<int64_t> dynapse::sim::decisions(llvm::ArrayRef<Trace> traces,
                                             const NetworkLayout &layout) {
  std::vector<int64_t> result;
  for (const Trace &trace : traces)
    result.push_back(decide(neuronCounts(trace), layout));
  return result;
}

Agreement dynapse::sim::compareToReference(llvm::ArrayRef<Trace> reference,
                                           llvm::ArrayRef<Trace> run,
                                           const NetworkLayout &layout,
                                           double dt,
                                           llvm::ArrayRef<int64_t> labels) {
  Agreement result;
  result.samples = int64_t(reference.size());
  std::vector<std::vector<double>> countsA, countsB;
  for (const Trace &trace : reference)
    countsA.push_back(neuronCounts(trace));
  for (const Trace &trace : run)
    countsB.push_back(neuronCounts(trace));
  std::vector<int64_t> decidedA, decidedB;
  for (size_t b = 0; b < countsA.size(); ++b) {
    decidedA.push_back(decide(countsA[b], layout));
    decidedB.push_back(decide(countsB[b], layout));
  }
  double agree = 0;
  for (size_t b = 0; b < decidedA.size(); ++b)
    agree += decidedA[b] == decidedB[b];
  result.decisionAgreement = agree / double(std::max<size_t>(1, decidedA.size()));
  if (!labels.empty()) {
    result.referenceAccuracy = accuracy(decidedA, labels);
    result.accuracy = accuracy(decidedB, labels);
  }
  double duration =
      reference.empty() ? 1.0 : double(reference.front().spikes.steps()) * dt;
  int64_t first = 0;
  for (auto [name, size] :
       llvm::zip(layout.populationNames, layout.populationSizes)) {
    PopulationAgreement population;
    population.name = name;
    std::vector<double> a, b;
    for (size_t s = 0; s < countsA.size(); ++s)
      for (int64_t i = first; i < first + size; ++i) {
        a.push_back(countsA[s][size_t(i)]), b.push_back(countsB[s][size_t(i)]);
        population.referenceRate += countsA[s][size_t(i)];
        population.rate += countsB[s][size_t(i)];
      }
    double perNeuron = duration * double(std::max<size_t>(1, a.size()));
    population.referenceRate /= perNeuron, population.rate /= perNeuron;
    population.countCorrelation = pearson(a, b);
    result.populations.push_back(population);
    first += size;
  }
  return result;
}

void dynapse::sim::printAgreement(llvm::raw_ostream &os,
                                  const Agreement &agreement,
                                  llvm::StringRef what) {
  os << llvm::format("%s vs reference (%lld samples): decision agreement %.4f",
                     what.str().c_str(), (long long)agreement.samples,
                     agreement.decisionAgreement);
  if (agreement.accuracy)
    os << llvm::format(", accuracy %.4f (reference %.4f)", *agreement.accuracy,
                       *agreement.referenceAccuracy);
  os << "\n";
  for (const PopulationAgreement &p : agreement.populations) {
    double ratio = p.referenceRate > 0 ? p.rate / p.referenceRate : 0.0;
    os << llvm::format("  %s: rate %.4g Hz vs %.4g Hz (ratio %.3f), "
                       "spike-count correlation %.4f\n",
                       p.name.c_str(), p.rate, p.referenceRate, ratio,
                       p.countCorrelation);
  }
}

llvm::json::Object dynapse::sim::agreementToJSON(const Agreement &agreement) {
  llvm::json::Array populations;
  for (const PopulationAgreement &p : agreement.populations)
    populations.push_back(llvm::json::Object{
        {"name", p.name},
        {"rate_hz", p.rate},
        {"reference_rate_hz", p.referenceRate},
        {"count_correlation", p.countCorrelation}});
  llvm::json::Object result{{"samples", agreement.samples},
                            {"decision_agreement", agreement.decisionAgreement},
                            {"populations", std::move(populations)}};
  if (agreement.accuracy) {
    result["accuracy"] = *agreement.accuracy;
    result["reference_accuracy"] = *agreement.referenceAccuracy;
  }
  return result;
}

Spread dynapse::sim::spreadOf(llvm::ArrayRef<double> values) {
  Spread result;
  if (values.empty())
    return result;
  double best = values.front();
  result.worst = values.front();
  for (double value : values) {
    result.mean += value / double(values.size());
    result.worst = std::min(result.worst, value);
    best = std::max(best, value);
  }
  result.spread = best - result.worst;
  return result;
}

namespace {

/// One figure of every instance, in order.
std::vector<double> figureOf(llvm::ArrayRef<Agreement> instances,
                             bool accuracy) {
  std::vector<double> values;
  for (const Agreement &agreement : instances)
    values.push_back(accuracy ? agreement.accuracy.value_or(0)
                              : agreement.decisionAgreement);
  return values;
}

void printSpread(llvm::raw_ostream &os, llvm::StringRef figure,
                 llvm::ArrayRef<double> values) {
  Spread s = spreadOf(values);
  os << llvm::format("  %s: mean %.4f, worst %.4f, spread %.4f over %zu chips\n",
                     figure.str().c_str(), s.mean, s.worst, s.spread,
                     values.size());
}

llvm::json::Object spreadToJSON(llvm::ArrayRef<double> values) {
  Spread s = spreadOf(values);
  return llvm::json::Object{{"per_instance", llvm::json::Array(values)},
                            {"mean", s.mean},
                            {"worst", s.worst},
                            {"spread", s.spread}};
}

} // namespace

void dynapse::sim::printInstances(llvm::raw_ostream &os,
                                  llvm::ArrayRef<Agreement> instances,
                                  llvm::ArrayRef<uint64_t> seeds,
                                  llvm::StringRef what) {
  if (instances.empty())
    return;
  bool labelled = instances.front().accuracy.has_value();
  os << what << " vs reference, " << instances.size() << " chip instances ("
     << instances.front().samples << " samples";
  if (labelled)
    os << llvm::format(", reference accuracy %.4f",
                       *instances.front().referenceAccuracy);
  os << "):\n";
  for (auto [agreement, seed] : llvm::zip(instances, seeds)) {
    os << llvm::format("  seed %llu: decision agreement %.4f",
                       (unsigned long long)seed, agreement.decisionAgreement);
    if (labelled)
      os << llvm::format(", accuracy %.4f", *agreement.accuracy);
    os << "\n";
  }
  printSpread(os, "decision agreement", figureOf(instances, false));
  if (labelled)
    printSpread(os, "accuracy", figureOf(instances, true));
}

llvm::json::Object
dynapse::sim::instancesToJSON(llvm::ArrayRef<Agreement> instances,
                              llvm::ArrayRef<uint64_t> seeds) {
  llvm::json::Object result{
      {"seeds", llvm::json::Array(seeds)},
      {"decision_agreement", spreadToJSON(figureOf(instances, false))}};
  if (!instances.empty() && instances.front().accuracy) {
    result["accuracy"] = spreadToJSON(figureOf(instances, true));
    result["reference_accuracy"] = *instances.front().referenceAccuracy;
  }
  return result;
}
