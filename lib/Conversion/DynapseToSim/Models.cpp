//===- Models.cpp - the simulator's neuron models, in one registry --------===//
#include "dynapse/Conversion/DynapseToSim/Models.h"

#include "dynapse/Conversion/DynapseToSim/KernelBuilder.h"

using namespace dynapse::sim;

llvm::ArrayRef<ModelInfo> dynapse::sim::models() {
  static const ModelInfo all[] = {
      {"dynapsim", "Rockpool's DynapSim, bug for bug (one merged synapse)",
       ModelSource::Currents, Model::DynapSim, createDynapSimModel},
      {"se2", "the chip's four DPI synapses (AMPA, GABA, NMDA, SHUNT)",
       ModelSource::Currents, Model::SE2, createSE2Model},
      {kReferenceModel, "the snn graph as trained, in its trainer's steps",
       ModelSource::TrainedGraph, Model::SE2, nullptr},
  };
  return all;
}

const ModelInfo *dynapse::sim::findModel(llvm::StringRef name) {
  for (const ModelInfo &model : models())
    if (model.name == name)
      return &model;
  return nullptr;
}

bool dynapse::sim::isReferenceModel(llvm::StringRef name) {
  return name == kReferenceModel;
}

std::string dynapse::sim::modelNames(ModelSource source) {
  std::vector<llvm::StringRef> names;
  for (const ModelInfo &model : models())
    if (model.source == source)
      names.push_back(model.name);
  std::string text;
  for (size_t i = 0; i < names.size(); ++i)
    text += (i == 0 ? "'" : i + 1 == names.size() ? " or '" : ", '") +
            names[i].str() + "'";
  return text;
}
