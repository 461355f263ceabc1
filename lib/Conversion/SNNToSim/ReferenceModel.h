//===- ReferenceModel.h - the network as its simulator trained it -*- C++ -*-===//
//
// A discrete-time LIF/CubaLIF/IF neuron, stepped as the exporter's simulator
// steps it (docs/simulation.md, "The reference model"), as a NeuronModel of
// the simulation kernel. Its parameters come from the snn graph, not from
// DYNAP-SE2 currents, so the model holds its table rows itself.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_LIB_CONVERSION_SNNTOSIM_REFERENCEMODEL_H
#define DYNAPSE_LIB_CONVERSION_SNNTOSIM_REFERENCEMODEL_H

#include "../DynapseToSim/KernelBuilder.h"

#include <memory>
#include <vector>

namespace dynapse::sim {

/// How a step is ordered and where the reset happens.
enum class ReferenceVariant {
  /// snnTorch's Synaptic/RSynaptic/Leaky with reset_delay=False.
  SnnTorch,
  /// Norse's LIF: the membrane integrates the last step's current, the
  /// step's input enters the current afterwards.
  Norse,
  /// Forward Euler of NIR's equations, the step's input held over the step.
  Euler,
};

/// One neuron's parameters, in the units of the snn graph.
struct ReferenceNeuron {
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

/// Groups of the kernel's accumulators: the step's own input (network
/// inputs and earlier stages), and spikes of the last step.
enum ReferenceGroup : unsigned { kSameStepInput = 0, kLastStepInput = 1 };

std::unique_ptr<NeuronModel>
createReferenceModel(ReferenceVariant variant,
                     std::vector<ReferenceNeuron> neurons);

} // namespace dynapse::sim

#endif // DYNAPSE_LIB_CONVERSION_SNNTOSIM_REFERENCEMODEL_H
