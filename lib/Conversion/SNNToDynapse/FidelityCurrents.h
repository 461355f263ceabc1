//===- FidelityCurrents.h - currents that keep the trained neuron -*- C++ -*-===//
//
// conversion=fidelity: the currents under which the chip's neuron (the se2
// model's DPI synapses and membrane) steps like the trained discrete neuron
// at the network's dt. docs/conversion.md derives them.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_LIB_CONVERSION_SNNTODYNAPSE_FIDELITYCURRENTS_H
#define DYNAPSE_LIB_CONVERSION_SNNTODYNAPSE_FIDELITYCURRENTS_H

#include "dynapse/Conversion/SNNToDynapse/DiscreteNeuron.h"

#include "dynapse/Dialect/Dynapse/IR/NeuronCurrents.h"

#include <array>
#include <string>
#include <vector>

namespace dynapse::conversion {

/// The circuit's capacitances (F), as the conversion's options give them.
struct Capacitances {
  double mem, syn, pulse, ref;
};

/// One population's currents and weight gains, under either conversion.
struct PopulationCurrents {
  std::array<std::vector<double>, kNumCurrents> currents;
  /// The weight current (A) of one unit of weight into each neuron, divided
  /// by `iscale` (the unit the weights are expressed in, shared by every
  /// population so that they merge).
  std::vector<double> weightGain;
  double iscale = 0;
  /// With a bias source: the weight (in the units of weights, as
  /// weightGain scales them) from a channel that fires every step which
  /// gives each neuron its bias and v_leak; empty when Idc carries them.
  std::vector<double> biasWeight;
  /// What cannot be kept, per neuron, for a warning.
  std::vector<std::string> losses;
  /// What the chip does differently without a loss that the fidelity
  /// benchmark bears out (docs/fidelity.md), per neuron, for a remark.
  std::vector<std::string> differences;
};

/// How a neuron's constant input (bias, v_leak) reaches the chip.
enum class BiasSource {
  /// A weight from an input channel that fires every step: per neuron, to
  /// weight precision, of either sign.
  Input,
  /// The DC current, which a core shares and which cannot go below 0.
  DC,
};

PopulationCurrents fidelityCurrents(llvm::ArrayRef<DiscreteNeuron> neurons,
                                    double dt, const Capacitances &c,
                                    double iscale, BiasSource biasSource);

} // namespace dynapse::conversion

#endif // DYNAPSE_LIB_CONVERSION_SNNTODYNAPSE_FIDELITYCURRENTS_H
