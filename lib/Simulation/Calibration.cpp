//===- Calibration.cpp - source activity from the network as trained -----===//
#include "dynapse/Simulation/Calibration.h"

#include "dynapse/Conversion/DynapseToSim/Models.h"

#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/SNN/IR/SNNOps.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace dynapse;

llvm::Expected<std::unique_ptr<sim::Simulator>>
sim::compileReference(ModuleOp trained, const CompileOptions &options,
                      int64_t batch) {
  if (trained.getOps<snn::GraphOp>().empty())
    return llvm::createStringError(
        "calibration simulates the network as trained: give it at the snn "
        "level (NIR, or an snn.graph in MLIR)");
  CompileOptions referenceOptions = options;
  referenceOptions.convertDynapseToSim.model = sim::kReferenceModel.str();
  return sim::Simulator::compile(trained, referenceOptions, batch);
}

namespace {

/// Each channel's mean count per step over the input.
std::vector<double> channelActivity(const sim::SpikeInput &input) {
  std::vector<double> channels(input.width, 0.0);
  if (input.width == 0)
    return channels;
  double samples = double(input.batches) * double(input.steps);
  for (int64_t b = 0; b < input.batches; ++b) {
    llvm::ArrayRef<float> row = input.row(b);
    for (size_t k = 0; k < row.size(); ++k)
      channels[k % input.width] += row[k] / samples;
  }
  return channels;
}

} // namespace

llvm::Error sim::calibrateActivity(const Simulator &reference, ModuleOp merged,
                                   const SpikeInput &input, unsigned threads) {
  auto networks = llvm::to_vector(merged.getOps<NetworkOp>());
  if (networks.size() != 1)
    return llvm::createStringError("calibration needs exactly one network");
  NetworkOp network = networks.front();
  double samples = double(input.batches) * double(input.steps);
  std::vector<double> neurons(reference.neurons(), 0.0);
  for (const Trace &trace : reference.runBatches(
           input.values, input.batches, input.steps, false, threads))
    for (const SpikeEvent &event : trace.spikes.events())
      neurons[event.neuron] += event.count / samples;
  std::vector<double> channels = channelActivity(input);
  std::vector<double> activity;
  auto user = channels.begin();
  int64_t deployed = 0;
  for (Operation &op : network.getBodyBlock()) {
    if (auto population = dyn_cast<PopulationOp>(op))
      deployed += population.getSize();
    auto input = dyn_cast<InputOp>(op);
    if (!input)
      continue;
    ArrayRef<int64_t> everyStep = input.getEveryStep().value_or(ArrayRef<int64_t>());
    for (int64_t k = 0, size = input.getOutput().getType().getSize(); k < size; ++k)
      activity.push_back(llvm::is_contained(everyStep, k) ? 1.0
                         : user != channels.end()        ? *user++
                                                         : 0.0);
  }
  if (user != channels.end() || deployed != int64_t(neurons.size()))
    return llvm::createStringError(
        "calibration: the converted network does not have the trained one's "
        "inputs and neurons");
  activity.insert(activity.end(), neurons.begin(), neurons.end());
  network.setActivityAttr(DenseF64ArrayAttr::get(merged.getContext(), activity));
  return llvm::Error::success();
}
