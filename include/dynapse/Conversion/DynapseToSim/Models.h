//===- Models.h - the simulator's neuron models, in one registry -*- C++ -*-===//
//
// Every model `--model` names: its name, what it simulates, where its kernel
// comes from and how to build its neuron step. Adding a model is an entry
// here (Models.cpp) with its NeuronModel (its parameter table, state,
// records and step; KernelBuilder.h), and its name in the `model` option's
// values (Passes.td; ModelsTest checks that the two agree).
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_CONVERSION_DYNAPSETOSIM_MODELS_H
#define DYNAPSE_CONVERSION_DYNAPSETOSIM_MODELS_H

#include "dynapse/Conversion/DynapseToSim/SimNetwork.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>

namespace dynapse::sim {

class NeuronModel;

/// What a model's kernel is built from.
enum class ModelSource {
  /// A dynapse network's currents: the chip's models (convert-dynapse-to-sim).
  Currents,
  /// The named exception: the snn graph as trained (convert-snn-to-sim).
  /// It has no currents, so no mismatch or chip instances, and the front
  /// ends compare the chip's models against it.
  TrainedGraph,
};

struct ModelInfo {
  llvm::StringLiteral name;    // the value of --model
  llvm::StringLiteral summary; // one line for docs and diagnostics
  ModelSource source;
  /// How the network's fan-in is grouped (Currents models).
  Model fanIn;
  /// The neuron step (Currents models; convert-snn-to-sim builds the
  /// reference model from the graph).
  std::unique_ptr<NeuronModel> (*create)();
};

/// Every model, in the order of the `model` option's values.
llvm::ArrayRef<ModelInfo> models();

/// The model named `name`, or null.
const ModelInfo *findModel(llvm::StringRef name);

/// The reference model's name, and whether `name` is it.
inline constexpr llvm::StringLiteral kReferenceModel = "reference";
bool isReferenceModel(llvm::StringRef name);

/// The names of the models of `source`, as "a, b or c".
std::string modelNames(ModelSource source);

} // namespace dynapse::sim

#endif // DYNAPSE_CONVERSION_DYNAPSETOSIM_MODELS_H
