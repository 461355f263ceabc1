//===- Fidelity.h - how closely two simulations agree ------------*- C++ -*-===//
#ifndef DYNAPSE_SIMULATION_FIDELITY_H
#define DYNAPSE_SIMULATION_FIDELITY_H

#include "dynapse/Simulation/Simulator.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dynapse::sim {

/// The chip's mismatch level: every current and capacitance times
/// 1 + 0.1 N(0, 1), Rockpool's default `percent_mismatch` and the best
/// published figure for DYNAP-SE2, until a measured chip gives another.
inline constexpr double kChipMismatch = 0.3;
/// The chip instances `dynapse-compile --simulate` reports by default.
inline constexpr unsigned kDefaultInstances = 5;

struct Fidelity {
  std::vector<double> ratesA, ratesB; // per neuron, Hz
  double countCorrelation = 0;        // Pearson, over neurons' spike counts
  double vanRossum = 0;               // mean over neurons
};

/// Compares spike-count trains `a` and `b` (each steps x neurons, row-major)
/// of the same input. The van Rossum distance uses an exponential kernel of
/// time constant `tau` (s): D^2 = (1/tau) * sum_t (f_a - f_b)^2 * dt. The
/// trains may be independent runs of `segment` steps each, one after the
/// other (batches): the filters restart at each (0: one run).
Fidelity compareTrains(llvm::ArrayRef<float> a, llvm::ArrayRef<float> b,
                       int64_t steps, int64_t neurons, double dt, double tau,
                       int64_t segment = 0);

/// Spike trains of all batches, one after the other (for comparisons).
std::vector<float> concatenateSpikes(llvm::ArrayRef<Trace> traces);

struct PopulationAgreement {
  std::string name;
  double referenceRate = 0, rate = 0; // Hz, mean over neurons and samples
  double countCorrelation = 0; // Pearson, over (sample, neuron) spike counts
};

/// How a run computes what the reference run computes, on the same input.
struct Agreement {
  int64_t samples = 0;
  /// The fraction of samples whose decision (see decisions()) agrees.
  double decisionAgreement = 0;
  std::vector<PopulationAgreement> populations;
  /// With labels: the fraction of samples each run decides right.
  std::optional<double> referenceAccuracy, accuracy;
};

/// Per sample, the output neuron (an index into layout.outputs, or into all
/// neurons) with the most spikes over the run; the first of a tie.
std::vector<int64_t> decisions(llvm::ArrayRef<Trace> traces,
                               const NetworkLayout &layout);

/// Compares `run` against `reference` (one trace per sample, the same
/// neurons in the same order, laid out as `layout`); `labels` (one per
/// sample, or none) give the accuracies.
Agreement compareToReference(llvm::ArrayRef<Trace> reference,
                             llvm::ArrayRef<Trace> run,
                             const NetworkLayout &layout, double dt,
                             llvm::ArrayRef<int64_t> labels);

/// Prints `agreement`, the run named `what`, in a few lines.
void printAgreement(llvm::raw_ostream &os, const Agreement &agreement,
                    llvm::StringRef what);

/// The share of `decided` equal to `labels` (same length, not empty).
double accuracy(llvm::ArrayRef<int64_t> decided, llvm::ArrayRef<int64_t> labels);

/// `agreement` as JSON, for --report.
llvm::json::Object agreementToJSON(const Agreement &agreement);

/// Mean, worst (lowest) and spread (highest minus lowest) of a figure over
/// chip instances.
struct Spread {
  double mean = 0, worst = 0, spread = 0;
};
Spread spreadOf(llvm::ArrayRef<double> values);

/// The chip instances' agreements with the reference (one per instance, the
/// same samples): each instance's decision agreement and accuracy, then
/// their mean, worst and spread, for the run named `what`.
void printInstances(llvm::raw_ostream &os, llvm::ArrayRef<Agreement> instances,
                    llvm::ArrayRef<uint64_t> seeds, llvm::StringRef what);

/// The same as JSON: `seeds`, `decision_agreement` and, with labels,
/// `accuracy`, each {per_instance, mean, worst, spread}.
llvm::json::Object instancesToJSON(llvm::ArrayRef<Agreement> instances,
                                   llvm::ArrayRef<uint64_t> seeds);

/// Prints the fidelity of `b` against `a` (same input): rates, count
/// correlation, van Rossum distance, and the first `listed` neurons;
/// returns what it printed.
Fidelity printFidelity(llvm::raw_ostream &os, llvm::ArrayRef<Trace> a,
                   llvm::ArrayRef<Trace> b, int64_t steps, int64_t neurons,
                   double dt, double tau, int64_t listed = 16);

} // namespace dynapse::sim

#endif // DYNAPSE_SIMULATION_FIDELITY_H
