//===- ReferenceModel.h - the network as its simulator trained it -*- C++ -*-===//
//
// A discrete-time LIF/CubaLIF/IF neuron, stepped as the exporter's simulator
// steps it (docs/simulation.md, "The reference model"), as a NeuronModel of
// the simulation kernel. Its parameters come from the snn graph, not from
// DYNAP-SE2 currents, so the model holds its table rows itself.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_CONVERSION_SNNTOSIM_REFERENCEMODEL_H
#define DYNAPSE_CONVERSION_SNNTOSIM_REFERENCEMODEL_H

#include "dynapse/Conversion/DynapseToSim/KernelBuilder.h"
#include "dynapse/Conversion/SNNToDynapse/DiscreteNeuron.h"

#include "dynapse/Dialect/SNN/IR/SNNOps.h"

#include <memory>
#include <vector>

namespace dynapse::sim {

using ReferenceVariant = conversion::Discretisation;
using ReferenceNeuron = conversion::DiscreteNeuron;

/// Groups of the kernel's accumulators: the step's own input (network
/// inputs and earlier stages), and spikes of the last step.
enum ReferenceGroup : unsigned { kSameStepInput = 0, kLastStepInput = 1 };

/// The reference model's network of `graph` at time step `dt` (0: the
/// graph's): the spiking populations breadth-first from the inputs, each a
/// stage, their composed fan-in (group kSameStepInput: the step's input and
/// earlier stages' spikes of the step; kLastStepInput: the last step's);
/// `neurons` receives each neuron's discrete terms and `variant` the
/// discretisation of the graph's convention. Fails with a diagnostic.
mlir::FailureOr<Network> readReferenceNetwork(snn::GraphOp graph, double dt,
                                              conversion::ResetRule reset,
                                              ReferenceVariant &variant,
                                              std::vector<ReferenceNeuron> &neurons);

std::unique_ptr<NeuronModel>
createReferenceModel(ReferenceVariant variant,
                     std::vector<ReferenceNeuron> neurons);

} // namespace dynapse::sim

#endif // DYNAPSE_CONVERSION_SNNTOSIM_REFERENCEMODEL_H
