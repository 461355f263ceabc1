//===- ChipParameters.h - a network as a differentiable model needs it -*- C++ -*-===//
//
// What the simulator steps, as plain arrays, for the torch model of the chip
// (python/dynapse_mlir/chip.py): the reference model's network (each
// neuron's discrete terms and the composed fan-in) and a dynapse-level
// network's per-neuron currents and capacitances, nominal and after
// applyMismatch for given seeds, exactly as convert-dynapse-to-sim reads
// them (readNetwork), with its fan-in in amperes, each neuron's core and
// the core's base weight currents. One source of truth with the simulator.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_SIMULATION_CHIPPARAMETERS_H
#define DYNAPSE_SIMULATION_CHIPPARAMETERS_H

#include "dynapse/Conversion/SNNToDynapse/DiscreteNeuron.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace dynapse::sim {

/// Connections in parallel arrays: target neuron, source (neurons 0..N-1,
/// then the input channels, then the channels driven every step), the
/// accumulator group and the weight.
struct ConnectionList {
  std::vector<int64_t> target, source, group;
  std::vector<double> weight;
};

/// Per-neuron values by name.
struct ParameterColumns {
  std::vector<std::string> names;
  std::vector<std::vector<double>> values; // [name][neuron]
};

struct NetworkDescription {
  double dt = 0;
  int64_t neurons = 0, inputs = 0, everyStepInputs = 0;
  std::vector<std::string> populationNames;
  std::vector<int64_t> populationSizes, outputs;
  /// Reference: the neurons update in stages ending here; a stage sees the
  /// same-step spikes of earlier ones (group 0). Chip: empty.
  std::vector<int64_t> stageEnds;
  /// Reference: groups 0 (this step's input and earlier stages' spikes of
  /// this step) and 1 (the last step's spikes), weights in the graph's
  /// units. Chip: the synapse type (0 AMPA, 1 GABA, 2 NMDA, 3 SHUNT), the
  /// weight in amperes (magnitude).
  ConnectionList fanIn;
  /// Reference: "snntorch", "norse", "norse-1.0" or "euler"; chip: "se2".
  std::string discretisation;
  /// Reference: alpha, beta, input_gain, memory_gain, leak, bias,
  /// recurrent_bias, threshold, reset, subtract, reset_delay,
  /// clears_current, delayed_current; Norse's memory_rate, synapse_rate, v_leak, r,
  /// norse_kind (2 LIFCell, 1 LIFBoxCell, 0 IAFCell). Chip: NeuronParameters'
  /// fields (SI units), the synapse arrays as Igain_ampa, Itau_gaba,
  /// C_nmda, ...
  ParameterColumns parameters;
  /// Chip: `parameters` after applyMismatch(fraction, seed), per seed.
  std::vector<ParameterColumns> instances;
  /// Chip: per neuron its core (-1 before clustering) and that core's base
  /// weight currents Iw_0..Iw_3 in amperes (0 before weight quantisation).
  std::vector<int64_t> cores;
  std::vector<std::array<double, 4>> baseWeights;
};

/// The reference model's network of the one `snn.graph` in `module` (not
/// modified; convolutions are lowered on a copy) at time step `dt` (0: the
/// graph's), with the trained network's `reset`.
llvm::Expected<NetworkDescription>
describeReference(mlir::ModuleOp module, double dt,
                  conversion::ResetRule reset);

/// The one `dynapse.network` of `module` as the se2 model reads it at time
/// step `dt` (0: the network's), and one instance per seed of
/// `seeds` at mismatch `fraction`.
llvm::Expected<NetworkDescription>
describeChip(mlir::ModuleOp module, double dt, double fraction,
             llvm::ArrayRef<uint64_t> seeds);

} // namespace dynapse::sim

#endif // DYNAPSE_SIMULATION_CHIPPARAMETERS_H
