//===- NeuronCurrents.h - DynapseNeurons' current API ------------*- C++ -*-===//
//
// The C++ counterpart of Rockpool's DynapseNeurons: the 13 currents in a fixed
// order (`currentAttrNames`, Rockpool's `current_attrs` without its random
// order), per-neuron expansion (`getFull`, Rockpool's `get_full`) and
// concatenation of populations (`merge`).
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_DIALECT_DYNAPSE_IR_NEURONCURRENTS_H
#define DYNAPSE_DIALECT_DYNAPSE_IR_NEURONCURRENTS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <string>
#include <vector>

namespace dynapse {
class PopulationOp;

/// Number of DynapseNeurons currents.
constexpr unsigned kNumCurrents = 13;

/// The 13 current attribute names, in the fixed order of this project
/// (Rockpool's declaration order): Idc, If_nmda, Igain_ahp, Igain_mem,
/// Igain_syn, Ipulse_ahp, Ipulse, Iref, Ispkthr, Itau_ahp, Itau_mem, Itau_syn,
/// Iw_ahp.
llvm::ArrayRef<llvm::StringLiteral> currentAttrNames();

/// Index of `name` in currentAttrNames(), or -1.
int currentIndex(llvm::StringRef name);

/// What a current (one of the 13, a per-dendrite or a base weight current)
/// sets in the neurons, for diagnostics: "the membrane time constant", ...
llvm::StringRef currentEffect(llvm::StringRef current);

/// The currents of a population, each either one value (broadcast) or one per
/// neuron, plus Iscale (A per unit weight) and dt (s).
struct NeuronCurrents {
  std::string name;
  unsigned size = 0;
  std::array<std::vector<double>, kNumCurrents> values;
  double iscale = 1e-8;
  double dt = 1e-3;

  /// Reads the currents of `op`.
  static NeuronCurrents fromOp(PopulationOp op);

  /// The current `name` with one value per neuron. Fails on an unknown name or
  /// a length that is neither 1 nor `size`.
  llvm::Expected<std::vector<double>> getFull(llvm::StringRef name) const;

  /// Every current expanded to one value per neuron, in currentAttrNames()
  /// order.
  llvm::Expected<std::array<std::vector<double>, kNumCurrents>> getFull() const;

  /// Concatenates populations in order. Iscale and dt must agree; the error
  /// names the first population that differs.
  static llvm::Expected<NeuronCurrents>
  merge(llvm::ArrayRef<NeuronCurrents> parts);

  /// Writes the currents, Iscale and dt onto `op` (whose size must match).
  void applyTo(PopulationOp op) const;
};

} // namespace dynapse

#endif // DYNAPSE_DIALECT_DYNAPSE_IR_NEURONCURRENTS_H
