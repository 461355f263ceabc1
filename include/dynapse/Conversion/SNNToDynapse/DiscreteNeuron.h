//===- DiscreteNeuron.h - a spiking node as its simulator steps it -*- C++ -*-===//
//
// The per-step factors of the LIF, CubaLIF and IF neurons of an snn graph in
// the discretisation of the exporter's simulator (docs/simulation.md, "The
// reference model"): the reference model steps them, and the fidelity
// conversion maps them onto DYNAP-SE2 currents.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_CONVERSION_SNNTODYNAPSE_DISCRETENEURON_H
#define DYNAPSE_CONVERSION_SNNTODYNAPSE_DISCRETENEURON_H

#include "mlir/IR/Operation.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/StringRef.h"

#include <vector>

namespace dynapse::conversion {

/// How a step is ordered and where the reset happens.
enum class Discretisation {
  /// snnTorch's Synaptic/RSynaptic/Leaky with reset_delay=False.
  SnnTorch,
  /// Norse's LIF: the membrane integrates the last step's current, the
  /// step's input enters the current afterwards.
  Norse,
  /// Forward Euler of NIR's equations, the step's input held over the step.
  Euler,
};

/// One neuron's parameters, in the units of the snn graph.
struct DiscreteNeuron {
  double alpha = 0;     // decay of the synaptic current per step
  double beta = 1;      // decay of the membrane per step
  double inputGain = 1; // into the synaptic current, per unit input
  double memoryGain = 1; // of the current into the membrane, per step
  double leak = 0;      // added to the membrane per step
  double bias = 0;      // added to the input every step
  double threshold = 1, reset = 0;
  bool subtract = false;      // subtract the threshold instead of resetting
  bool delayedCurrent = false; // the membrane sees the last step's current
};

/// The discretisation of the importer's convention: snntorch, norse, else
/// forward Euler.
Discretisation discretisationOf(llvm::StringRef convention);

/// The neurons of spiking node `op` (LIF, CubaLIF or IF) at time step `dt`,
/// with `bias` (per neuron) added to their input; fails with a diagnostic
/// naming the node on a time constant <= 0.
mlir::FailureOr<std::vector<DiscreteNeuron>>
readDiscreteNeurons(mlir::Operation *op, Discretisation discretisation,
                    double dt, bool subtract, llvm::ArrayRef<double> bias);

} // namespace dynapse::conversion

#endif // DYNAPSE_CONVERSION_SNNTODYNAPSE_DISCRETENEURON_H
