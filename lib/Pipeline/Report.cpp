//===- Report.cpp - what a compiled network uses and how exact it is ------===//
#include "dynapse/Dialect/Dynapse/IR/QuantizationStatistics.h"
#include "dynapse/Pipeline/Report.h"

#include "dynapse/Dialect/Dynapse/IR/BiasGen.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/Dynapse/IR/NeuronCurrents.h"
#include "dynapse/Dialect/Dynapse/Algorithms/Clustering.h"

#include "llvm/Support/Format.h"

#include <cmath>
#include <set>

using namespace mlir;
using namespace dynapse;

namespace {

void clusterDeviation(Block &body, Report &report) {
  auto populations = llvm::to_vector(body.getOps<PopulationOp>());
  std::map<int64_t, clustering::Currents> shared;
  for (CoreOp core : body.getOps<CoreOp>()) {
    clustering::Currents values{};
    for (auto [d, name] : llvm::enumerate(currentAttrNames()))
      if (auto value = core.getCurrents().getAs<FloatAttr>(name))
        values[d] = value.getValueAsDouble();
    shared[core.getIndexAttr().getInt()] = values;
  }
  double total = 0;
  int64_t counted = 0;
  for (PopulationOp population : populations) {
    auto coreMap = population.getCoreMap();
    auto full = NeuronCurrents::fromOp(population).getFull();
    if (!coreMap || !full) {
      llvm::consumeError(full.takeError());
      continue;
    }
    std::vector<clustering::Currents> neurons(population.getSize());
    for (unsigned j = 0; j < population.getSize(); ++j)
      for (unsigned d = 0; d < kNumCurrents; ++d)
        neurons[j][d] = (*full)[d][j];
    for (const auto &[core, values] : shared) {
      auto deviation = clustering::deviation(neurons, *coreMap, values, core);
      total += deviation.mean * deviation.neurons;
      counted += deviation.neurons;
      if (deviation.largest > report.clusterLargest) {
        report.clusterLargest = deviation.largest;
        report.clusterWorst = deviation.worstCurrent.str();
      }
    }
  }
  report.clusterMean = counted ? total / double(counted) : 0.0;
}

void currentErrors(CoreOp core, Report &report) {
  if (!core.getBiases())
    return;
  for (auto bias : core.getBiases()->getAsRange<BiasAttr>())
    for (auto [current, parameter] : biasgen::currentToParameter()) {
      if (parameter != bias.getName())
        continue;
      auto value = core.getCurrents().getAs<FloatAttr>(current);
      if (!value && current.starts_with("Igain_"))
        value = core.getCurrents().getAs<FloatAttr>("Igain_syn");
      if (!value && current.starts_with("Itau_"))
        value = core.getCurrents().getAs<FloatAttr>("Itau_syn");
      if (!value || value.getValueAsDouble() <= 0)
        continue;
      double wanted = value.getValueAsDouble();
      double error = std::fabs(biasgen::parameterCurrent(
                                   parameter, {bias.getCoarse(), bias.getFine()}) -
                               wanted) /
                     wanted;
      if (error > report.currentLargest) {
        report.currentLargest = error;
        report.currentWorst = parameter.str();
      }
    }
}

int64_t countSynapses(Block &body) {
  int64_t count = 0;
  for (Operation &op : body) {
    if (auto synapses = dyn_cast<SynapsesOp>(op)) {
      for (int8_t mask : synapses.getMask().getValues<int8_t>())
        count += mask != 0;
    } else if (auto weights = dyn_cast<WeightsOp>(op)) {
      if (auto sparse = dyn_cast<SparseElementsAttr>(weights.getWeights()))
        count += sparse.getValues().size();
      else
        for (double value : cast<DenseElementsAttr>(weights.getWeights()).getValues<double>())
          count += value != 0.0;
    }
  }
  return count;
}

} // namespace

Report dynapse::buildReport(ModuleOp module) {
  Report report;
  auto networks = llvm::to_vector(module.getOps<NetworkOp>());
  if (networks.size() != 1)
    return report;
  Block &body = networks.front().getBodyBlock();
  for (PopulationOp population : body.getOps<PopulationOp>())
    report.neurons += population.getSize();
  for (InputOp input : body.getOps<InputOp>()) {
    report.inputs += input.getOutput().getType().getSize();
    if (auto everyStep = input.getEveryStep())
      report.everyStepInputs += int64_t(everyStep->size());
  }
  std::set<int64_t> chips;
  double mseTotal = 0;
  for (CoreOp core : body.getOps<CoreOp>()) {
    ++report.cores;
    if (core.getChipAttr())
      chips.insert(core.getChipAttr().getInt());
    currentErrors(core, report);
    if (auto mse = core->getAttrOfType<FloatAttr>(stats::kWeightMSE))
      mseTotal += mse.getValueAsDouble();
    if (auto largest = core->getAttrOfType<FloatAttr>(stats::kWeightMaxError))
      report.weightLargest = std::max(report.weightLargest, largest.getValueAsDouble());
    if (auto dropped = core->getAttrOfType<IntegerAttr>(stats::kDropped))
      report.dropped += dropped.getInt();
  }
  report.weightMse = report.cores ? mseTotal / double(report.cores) : 0.0;
  report.chips = int64_t(chips.size());
  report.synapses = countSynapses(body);
  for (NeuronOp neuron : body.getOps<NeuronOp>()) {
    report.camEntries += neuron.getCam().size();
    report.camLargest = std::max<int64_t>(report.camLargest, neuron.getCam().size());
    report.sramEntries += neuron.getSram().size();
    report.sramLargest = std::max<int64_t>(report.sramLargest, neuron.getSram().size());
  }
  clusterDeviation(body, report);
  return report;
}

llvm::json::Value dynapse::reportToJSON(const Report &report) {
  llvm::json::Array stages;
  for (const StageTime &stage : report.stages)
    stages.push_back(llvm::json::Object{{"name", stage.name}, {"seconds", stage.seconds}});
  llvm::json::Object result{
      {"neurons", report.neurons},
      {"inputs", report.inputs},
      {"every_step_inputs", report.everyStepInputs},
      {"cores", report.cores},
      {"chips", report.chips},
      {"synapses", report.synapses},
      {"cam", llvm::json::Object{{"entries", report.camEntries},
                                 {"largest_per_neuron", report.camLargest},
                                 {"limit", 64}}},
      {"sram", llvm::json::Object{{"entries", report.sramEntries},
                                  {"largest_per_neuron", report.sramLargest},
                                  {"limit", 4}}},
      {"clustering", llvm::json::Object{{"largest_relative_deviation", report.clusterLargest},
                                        {"mean_relative_deviation", report.clusterMean},
                                        {"worst_current", report.clusterWorst}}},
      {"current_quantization", llvm::json::Object{{"largest_relative_error", report.currentLargest},
                                                  {"worst_parameter", report.currentWorst}}},
      {"weight_quantization", llvm::json::Object{{"mean_squared_error", report.weightMse},
                                                 {"largest_error", report.weightLargest},
                                                 {"dropped_connections", report.dropped}}},
      {"stages", std::move(stages)}};
  if (report.simulation)
    result["simulation"] = llvm::json::Object(*report.simulation);
  return result;
}

void dynapse::printSummary(const Report &report, llvm::raw_ostream &out) {
  out << "summary: " << report.neurons << " neurons, " << report.inputs
      << " inputs";
  if (report.everyStepInputs)
    out << " (" << report.everyStepInputs
        << " driven every step: the bias source)";
  out << ", " << report.cores << " cores on " << report.chips
      << (report.chips == 1 ? " chip, " : " chips, ") << report.synapses
      << " synapses\n";
  out << "  CAM: " << report.camEntries << " entries (largest " << report.camLargest
      << " of 64 per neuron); SRAM: " << report.sramEntries << " entries (largest "
      << report.sramLargest << " of 4)\n";
  out << llvm::format("  clustering: largest deviation %.3g %%", report.clusterLargest * 100);
  if (!report.clusterWorst.empty())
    out << " (" << report.clusterWorst << ")";
  out << llvm::format(", mean %.3g %%\n", report.clusterMean * 100);
  out << llvm::format("  bias codes: largest error %.3g %%", report.currentLargest * 100);
  if (!report.currentWorst.empty())
    out << " (" << report.currentWorst << ")";
  out << llvm::format("\n  weights: MSE %.4g, largest error %.4g (units of weight), ",
                      report.weightMse, report.weightLargest)
      << report.dropped << " connections dropped\n";
}
