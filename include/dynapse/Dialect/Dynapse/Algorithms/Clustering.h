//===- Clustering.h - assigning neurons to cores -----------------*- C++ -*-===//
//
// The algorithms behind --dynapse-cluster, usable on their own (unit tests,
// benchmarks): all neurons of a DYNAP-SE2 core share one value of each current,
// so neurons are grouped into cores of at most 256 and each core gets one
// value per current.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_CLUSTERING_H
#define DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_CLUSTERING_H

#include "dynapse/Dialect/Dynapse/IR/NeuronCurrents.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace dynapse::clustering {

/// One neuron's intended currents, in currentAttrNames() order.
using Currents = std::array<double, kNumCurrents>;

enum class Method { Greedy, Random, Parameter };
std::optional<Method> parseMethod(llvm::StringRef name);

struct Options {
  Method method = Method::Parameter;
  unsigned cores = 0;               // 0: choose (see docs/clustering.md)
  unsigned maxCores = 16;           // chips x 4
  unsigned maxNeuronsPerCore = 256;
  uint64_t seed = 0;
};

/// Assigns each neuron to a core 0..K-1; every core gets at least one neuron
/// and at most maxNeuronsPerCore. Fails with the counts when the neurons do
/// not fit.
llvm::Expected<std::vector<int64_t>> assignCores(llvm::ArrayRef<Currents> neurons,
                                                 const Options &options);

/// The value a core shares for one current: the geometric mean of its
/// neurons' values when all are positive (it minimises the squared log error,
/// i.e. the relative error of time constants and of gain ratios), else the
/// arithmetic mean.
double sharedValue(llvm::ArrayRef<double> values);

/// The shared currents of each core.
std::vector<Currents> coreCurrents(llvm::ArrayRef<Currents> neurons,
                                   llvm::ArrayRef<int64_t> coreMap,
                                   unsigned numCores);

/// How far the shared currents are from the intended ones: the largest and
/// the mean relative deviation |shared - intended| / intended over the
/// neurons' positive currents, and which current is worst.
struct Deviation {
  double largest = 0, mean = 0;
  unsigned neurons = 0;
  llvm::StringRef worstCurrent;
};
Deviation deviation(llvm::ArrayRef<Currents> neurons,
                    llvm::ArrayRef<int64_t> coreMap, const Currents &shared,
                    int64_t core);

} // namespace dynapse::clustering

#endif // DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_CLUSTERING_H
