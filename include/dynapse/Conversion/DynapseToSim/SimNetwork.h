//===- SimNetwork.h - what the simulator needs from a dynapse network -*- C++ -*-===//
//
// The per-neuron currents and the fan-in lists of a `dynapse.network`, read
// at whatever stage the network is in (see ConvertDynapseToSim's
// description), before the kernel is generated from them.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_CONVERSION_DYNAPSETOSIM_SIMNETWORK_H
#define DYNAPSE_CONVERSION_DYNAPSETOSIM_SIMNETWORK_H

#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/StringMap.h"

#include <array>
#include <string>
#include <cstdint>
#include <vector>

namespace dynapse::sim {

enum class Model { DynapSim, SE2 };

/// The four synapse types (dendrites) of a neuron, in this order.
enum Synapse : unsigned { Ampa = 0, Gaba = 1, Nmda = 2, Shunt = 3 };
constexpr unsigned kNumSynapses = 4;

/// Everything one neuron's equations read, in SI units (A, F, s, V).
struct NeuronParameters {
  double Idc, If_nmda, Igain_ahp, Igain_mem, Ipulse_ahp, Ipulse, Iref, Ispkthr,
      Itau_ahp, Itau_mem, Iw_ahp;
  std::array<double, kNumSynapses> Igain, Itau, C_syn;
  double C_ahp, C_pulse_ahp, C_pulse, C_ref, C_mem, Io, kappa_n, kappa_p, Ut,
      Vth;
  double Iscale;
};

/// One incoming connection of a neuron. `source` indexes the simulator's
/// source vector: neurons 0..N-1 (previous step's spikes), then input
/// channels N..N+Nin-1 (this step's counts), then the channels driven every
/// step (one event each step). `group` is the accumulator it
/// adds to (DynapSim: 0 recurrent, 1 input; SE2: the synapse type) and
/// `weight` its weight (DynapSim: signed units of Iscale; SE2: amperes).
/// A `sameStep` connection from a neuron delivers its spikes of this step
/// to a later stage (see Network::stageEnds), the others those of the last.
struct Connection {
  int32_t source;
  unsigned group;
  double weight;
  bool sameStep = false;
};

/// A named range of neurons, for the kernel's description.
struct PopulationRange {
  std::string name;
  int64_t size;
};

struct Network {
  /// `inputs` channels come from the user; `everyStepInputs` more, behind
  /// them, carry one event every step (the bias source).
  int64_t neurons = 0, inputs = 0, everyStepInputs = 0;
  double dt = 1e-3;
  std::vector<NeuronParameters> parameters; // per neuron, logical order
  std::vector<std::vector<Connection>> fanIn; // per neuron
  /// The neurons are updated in stages, [0, stageEnds[0]), [stageEnds[0],
  /// stageEnds[1]), ...; a stage sees the same-step spikes of earlier ones.
  /// Empty: one stage, every connection from the last step.
  std::vector<int64_t> stageEnds;
  std::vector<PopulationRange> populations; // in neuron order
  std::vector<int64_t> outputs;             // the network's output neurons
};

/// Reads `network` for `model` with time step `dt` (0: the populations',
/// which must then agree); emits a diagnostic and fails when it cannot be
/// simulated.
mlir::FailureOr<Network> readNetwork(NetworkOp network, Model model, double dt);

/// The values a core gives its neurons, by current name: its decoded bias
/// codes after current quantisation, its shared currents before.
llvm::StringMap<double> coreValues(CoreOp core);

/// Multiplies every current and layout parameter of every neuron by
/// `1 + (fraction / 3) * N(0, 1)`, independently, as Rockpool's
/// `percent_mismatch` does (spec 7.1). Deterministic for a given seed.
void applyMismatch(std::vector<NeuronParameters> &parameters, double fraction,
                   uint64_t seed);

} // namespace dynapse::sim

#endif // DYNAPSE_CONVERSION_DYNAPSETOSIM_SIMNETWORK_H
