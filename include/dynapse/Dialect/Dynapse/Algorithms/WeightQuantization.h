//===- WeightQuantization.h - 4-bit masks over four base currents -*- C++ -*-=//
//
// The algorithm behind --dynapse-quantize-weights (docs/weight-quantization.md):
// every synapse of a DYNAP-SE2 core realises its weight as the sum of a subset
// (a 4-bit mask) of the core's four base currents Iw_0..Iw_3.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_WEIGHTQUANTIZATION_H
#define DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_WEIGHTQUANTIZATION_H

#include "llvm/ADT/ArrayRef.h"

#include <array>
#include <cstdint>
#include <vector>

namespace dynapse::weights {

struct Options {
  /// Snap the base currents to bias-generator values (SYAM_W0_P..W3_P) and
  /// choose the masks for those.
  bool realisable = true;
  /// Never give a non-zero weight the empty mask.
  bool keepConnections = false;
  /// Seed of the random starting points.
  uint64_t seed = 0;
  /// Random starting points tried besides the fixed ones.
  unsigned restarts = 8;
};

struct Result {
  /// Base weights in units of weight (current / Iscale).
  std::array<double, 4> base{};
  /// One mask (0..15) per magnitude, in input order.
  std::vector<uint8_t> masks;
  double meanSquaredError = 0;
  double maxError = 0;
  unsigned dropped = 0; // weights given mask 0
};

/// Chooses base weights and masks for the magnitudes |w| (> 0, units of
/// weight) of one core's synapses. `iscale` converts to amperes for
/// realisable base currents. Deterministic for a given seed.
Result quantize(llvm::ArrayRef<double> magnitudes, double iscale,
                const Options &options);

/// The weight a mask realises: sum of the selected base weights.
double realised(const std::array<double, 4> &base, unsigned mask);

} // namespace dynapse::weights

#endif // DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_WEIGHTQUANTIZATION_H
