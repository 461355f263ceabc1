//===- SpecExport.cpp - a merged network as Rockpool spec JSON ------------===//
#include "dynapse/Dialect/Dynapse/IR/BiasGen.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/Dynapse/IR/NeuronCurrents.h"
#include "dynapse/Dialect/Dynapse/IR/WeightMatrix.h"
#include "dynapse/Support/Numerics.h"
#include "dynapse/Target/RockpoolSpec/RockpoolSpec.h"

#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace dynapse;
namespace json = llvm::json;

namespace {

/// The parts of a merged network the spec describes.
struct MergedNetwork {
  NetworkOp network;
  PopulationOp population;
  InputOp input;              // null without external inputs
  WeightsOp weightsIn, weightsRec; // null when absent
};

FailureOr<MergedNetwork> findMerged(ModuleOp module) {
  auto networks = llvm::to_vector(module.getOps<NetworkOp>());
  if (networks.size() != 1)
    return module.emitError("--export-rockpool-spec needs exactly one "
                            "'dynapse.network', found ")
           << networks.size();
  MergedNetwork merged{networks.front(), {}, {}, {}, {}};
  Block &body = merged.network.getBodyBlock();
  auto populations = llvm::to_vector(body.getOps<PopulationOp>());
  auto inputs = llvm::to_vector(body.getOps<InputOp>());
  if (populations.size() != 1 || inputs.size() > 1)
    return merged.network.emitError("the network has ")
           << populations.size() << " populations and " << inputs.size()
           << " inputs; run 'dynapse-merge' first (a spec has one of each)";
  if (!body.getOps<SynapsesOp>().empty())
    return merged.network.emitError(
        "quantised weights cannot be written to a spec yet");
  merged.population = populations.front();
  merged.input = inputs.empty() ? InputOp() : inputs.front();
  for (Value operand : merged.population.getInputs()) {
    auto weights = operand.getDefiningOp<WeightsOp>();
    if (!weights)
      return merged.population.emitError("input is not a 'dynapse.weights'");
    bool recurrent = weights.getSource() == merged.population.getOutput();
    WeightsOp &slot = recurrent ? merged.weightsRec : merged.weightsIn;
    if (slot)
      return weights.emitError("two weight matrices from one source; run "
                               "'dynapse-merge' first");
    slot = weights;
  }
  return merged;
}

json::Array matrix(WeightsOp weights, int64_t rows, int64_t columns) {
  std::vector<double> dense(rows * columns, 0.0);
  if (weights)
    forEachNonZero(weights.getWeights(), [&](int64_t i, int64_t j, double v) {
      dense[i * columns + j] = v;
    });
  json::Array result;
  for (int64_t i = 0; i < rows; ++i) {
    json::Array row;
    for (int64_t j = 0; j < columns; ++j)
      row.push_back(dense[i * columns + j]);
    result.push_back(std::move(row));
  }
  return result;
}

json::Array numbers(ArrayRef<double> values) {
  json::Array result;
  for (double value : values)
    result.push_back(value);
  return result;
}

/// Per-core base weights Iw_0..Iw_3 (where any core has them) and the bias
/// codes (where every core has them).
void addCoreExtras(ArrayRef<CoreOp> cores, json::Object &spec) {
  for (StringRef name : {"Iw_0", "Iw_1", "Iw_2", "Iw_3"}) {
    if (llvm::none_of(cores, [&](CoreOp core) {
          return bool(core.getCurrents().get(name));
        }))
      continue;
    json::Array perCore;
    for (CoreOp core : cores) {
      auto value = core.getCurrents().getAs<FloatAttr>(name);
      perCore.push_back(value ? value.getValueAsDouble() : 0.0);
    }
    spec[name] = std::move(perCore);
  }
  if (!llvm::all_of(cores, [](CoreOp core) { return bool(core.getBiases()); }))
    return;
  json::Array biases;
  for (CoreOp core : cores) {
    json::Object codes;
    for (auto bias : core.getBiases()->getAsRange<BiasAttr>())
      codes[bias.getName()] = json::Object{
          {"coarse", int64_t(bias.getCoarse())},
          {"fine", int64_t(bias.getFine())},
          {"type", stringifyTransistorType(bias.getType())},
          {"current", biasgen::parameterCurrent(
                          bias.getName(), {bias.getCoarse(), bias.getFine()})}};
    biases.push_back(std::move(codes));
  }
  spec["biases"] = std::move(biases);
}

/// n_cluster, core_map and the per-core value of each current: from the
/// cores when the population is clustered, else one core holding the means.
LogicalResult addClusters(MergedNetwork merged,
                          const std::array<std::vector<double>, kNumCurrents> &full,
                          json::Object &spec) {
  size_t size = merged.population.getSize();
  std::optional<ArrayRef<int64_t>> coreMap = merged.population.getCoreMap();
  if (!coreMap) {
    spec["n_cluster"] = 1;
    spec["core_map"] = json::Array(std::vector<json::Value>(size, 0));
    for (auto [index, name] : llvm::enumerate(currentAttrNames()))
      spec[name] = json::Array{numpyMean(full[index])};
    return success();
  }
  auto cores = llvm::to_vector(merged.network.getBodyBlock().getOps<CoreOp>());
  llvm::sort(cores, [](CoreOp a, CoreOp b) {
    return a.getIndexAttr().getInt() < b.getIndexAttr().getInt();
  });
  for (auto [position, core] : llvm::enumerate(cores))
    if (core.getIndexAttr().getInt() != int64_t(position))
      return core.emitError("cores must be numbered 0..")
             << cores.size() - 1 << " to be written as Rockpool clusters";
  spec["n_cluster"] = int64_t(cores.size());
  json::Array map;
  for (int64_t core : *coreMap)
    map.push_back(core);
  spec["core_map"] = std::move(map);
  for (StringRef name : currentAttrNames()) {
    json::Array perCore;
    for (CoreOp core : cores) {
      auto value = core.getCurrents().getAs<FloatAttr>(name);
      if (!value)
        return core.emitError("core ")
               << core.getIndexAttr().getInt() << " has no current '" << name
               << "'";
      perCore.push_back(value.getValueAsDouble());
    }
    spec[name] = std::move(perCore);
  }
  addCoreExtras(cores, spec);
  return success();
}

} // namespace

LogicalResult rockpool::exportSpec(ModuleOp module, raw_ostream &output) {
  auto merged = findMerged(module);
  if (failed(merged))
    return failure();
  NeuronCurrents currents = NeuronCurrents::fromOp(merged->population);
  auto full = currents.getFull();
  if (!full)
    return merged->population.emitError(llvm::toString(full.takeError()));
  int64_t size = merged->population.getSize();

  json::Object spec;
  if (merged->input)
    spec["weights_in"] = matrix(merged->weightsIn,
                                merged->input.getOutput().getType().getSize(),
                                size);
  else
    spec["weights_in"] = nullptr;
  spec["weights_rec"] = matrix(merged->weightsRec, size, size);
  spec["Iscale"] = currents.iscale;
  spec["dt"] = currents.dt;
  spec["n_neuron"] = size;
  json::Object unclustered;
  for (auto [index, name] : llvm::enumerate(currentAttrNames()))
    unclustered[name] = numbers((*full)[index]);
  spec["unclustered"] = std::move(unclustered);
  if (failed(addClusters(*merged, *full, spec)))
    return failure();
  output << json::Value(std::move(spec)) << "\n";
  return success();
}
