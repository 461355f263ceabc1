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
  /// snnTorch's Synaptic/RSynaptic/Leaky (reset_delay either way).
  SnnTorch,
  /// Norse >= 1.1: the step's input jumps the current, the membrane
  /// integrates it at once (`v += dt/tau_mem ((v_leak - v) + i)`).
  Norse,
  /// Norse 1.0: the membrane integrates the last step's current, the step's
  /// input enters the current afterwards.
  Norse10,
  /// Forward Euler of NIR's equations, the step's input held over the step.
  Euler,
};

/// The trained network's reset: NIR has no word for either choice.
struct ResetRule {
  bool subtract = false; // subtract the threshold instead of resetting
  /// snnTorch's reset_delay=True (its default): a spike's reset applies at
  /// the next step, so the membrane shows the threshold crossing for one
  /// step; a Synaptic neuron's zero reset then drops that step's input (a
  /// Leaky one zeroes before integrating: no change).
  bool delayed = false;
  /// A zero reset clears the synaptic current too: snnTorch 0.7's RSynaptic
  /// with init_hidden=True (later versions reset the membrane only).
  bool clearsCurrent = false;
};

/// Norse's per-step terms, kept as Norse computes them so that the reference
/// model repeats its float32 operations exactly.
struct NorseTerms {
  float memoryRate = 0;  // dt * tau_mem_inv
  float synapseRate = 0; // dt * tau_syn_inv
  double vLeak = 0, r = 1;
  bool leaky = false;   // LIF or CubaLIF; else IF (IAFCell)
  bool synapse = false; // CubaLIF (LIFCell); else LIF (LIFBoxCell) or IF
};

/// One neuron's parameters, in the units of the snn graph.
struct DiscreteNeuron {
  double alpha = 0;     // decay of the synaptic current per step
  double beta = 1;      // decay of the membrane per step
  double inputGain = 1; // into the synaptic current, per unit input
  double memoryGain = 1; // of the current into the membrane, per step
  double leak = 0;      // added to the membrane per step
  double bias = 0;      // added to the step's input (W x + b) every step
  /// The part of the input's bias that comes with the last step's spikes (a
  /// recurrent Affine's), which snnTorch adds apart: (alpha I + (W x + b)) +
  /// (W_rec s + b_rec). The conversion uses totalBias().
  double recurrentBias = 0;
  double threshold = 1, reset = 0;
  bool subtract = false;      // subtract the threshold instead of resetting
  bool resetDelay = false;    // ResetRule::delayed
  bool resetClearsCurrent = false; // ResetRule::clearsCurrent, zero reset only
  bool delayedCurrent = false; // the membrane sees the last step's current
  NorseTerms norse;           // under Discretisation::Norse and Norse10

  double totalBias() const { return bias + recurrentBias; }
};

/// The discretisation of the importer's convention: snntorch, norse,
/// norse-1.0, else forward Euler.
Discretisation discretisationOf(llvm::StringRef convention);

/// The neurons of spiking node `op` (LIF, CubaLIF or IF) at time step `dt`,
/// with `bias` (per neuron) added to their input, of which `recurrentBias`
/// (empty: none) comes with the last step's spikes; fails with a diagnostic
/// naming the node on a time constant <= 0.
mlir::FailureOr<std::vector<DiscreteNeuron>>
readDiscreteNeurons(mlir::Operation *op, Discretisation discretisation,
                    double dt, ResetRule reset, llvm::ArrayRef<double> bias,
                    llvm::ArrayRef<double> recurrentBias = {});

} // namespace dynapse::conversion

#endif // DYNAPSE_CONVERSION_SNNTODYNAPSE_DISCRETENEURON_H
