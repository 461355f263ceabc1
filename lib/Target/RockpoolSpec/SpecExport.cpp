//===- SpecExport.cpp - a merged network as Rockpool spec JSON ------------===//
#include "dynapse/Dialect/Dynapse/IR/QuantizationStatistics.h"
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
  InputOp input;                 // null without external inputs
  Operation *in = nullptr;       // dynapse.weights or dynapse.synapses
  Operation *rec = nullptr;
  bool quantized = false;
};

Value sourceOf(Operation *connection) {
  if (auto weights = dyn_cast<WeightsOp>(connection))
    return weights.getSource();
  return cast<SynapsesOp>(connection).getSource();
}

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
  merged.population = populations.front();
  merged.input = inputs.empty() ? InputOp() : inputs.front();
  merged.quantized = !body.getOps<SynapsesOp>().empty();
  if (!body.getOps<SynapsesOp>().empty() && !body.getOps<WeightsOp>().empty())
    return merged.network.emitError("the network mixes quantised and real "
                                    "weights; run 'dynapse-quantize-weights'");
  if (merged.quantized && !merged.population.getCoreMap())
    return merged.network.emitError("quantised weights need cores");
  for (Value operand : merged.population.getInputs()) {
    Operation *connection = operand.getDefiningOp();
    if (!isa_and_nonnull<WeightsOp, SynapsesOp>(connection))
      return merged.population.emitError(
          "input is neither 'dynapse.weights' nor 'dynapse.synapses'");
    bool recurrent = sourceOf(connection) == merged.population.getOutput();
    Operation *&slot = recurrent ? merged.rec : merged.in;
    if (slot)
      return connection->emitError("two weight matrices from one source; run "
                                   "'dynapse-merge' first");
    slot = connection;
  }
  return merged;
}

json::Array nested(ArrayRef<double> dense, int64_t rows, int64_t columns,
                   bool integers) {
  json::Array result;
  for (int64_t i = 0; i < rows; ++i) {
    json::Array row;
    for (int64_t j = 0; j < columns; ++j) {
      double value = dense[i * columns + j];
      if (integers)
        row.push_back(int64_t(value));
      else
        row.push_back(value);
    }
    result.push_back(std::move(row));
  }
  return result;
}

/// A real (pre, post) matrix.
json::Array matrix(Operation *connection, int64_t rows, int64_t columns) {
  std::vector<double> dense(rows * columns, 0.0);
  if (auto weights = dyn_cast_or_null<WeightsOp>(connection))
    forEachNonZero(weights.getWeights(), [&](int64_t i, int64_t j, double v) {
      dense[i * columns + j] = v;
    });
  return nested(dense, rows, columns, false);
}

/// Rockpool's quantised form (spec 4.2): per core a full-size mask matrix
/// with only that core's columns set, and the matching sign matrix.
void quantizedMatrices(Operation *connection, int64_t rows, int64_t columns,
                       ArrayRef<int64_t> coreMap, int64_t cores,
                       json::Array &masks, json::Array &signs) {
  std::vector<std::vector<double>> maskOf(cores, std::vector<double>(rows * columns, 0.0));
  std::vector<std::vector<double>> signOf = maskOf;
  if (auto synapses = dyn_cast_or_null<SynapsesOp>(connection)) {
    auto maskValues = synapses.getMask().getValues<int8_t>();
    auto dendriteValues = synapses.getDendrite().getValues<int16_t>();
    for (int64_t index = 0; index < rows * columns; ++index) {
      int64_t core = coreMap[index % columns];
      int64_t code = dendriteValues[index];
      maskOf[core][index] = double(maskValues[index]);
      signOf[core][index] = code == int64_t(Dendrite::gaba) ? -1.0
                            : code == 0                     ? 0.0
                                                            : 1.0;
    }
  }
  for (int64_t core = 0; core < cores; ++core) {
    masks.push_back(nested(maskOf[core], rows, columns, true));
    signs.push_back(nested(signOf[core], rows, columns, false));
  }
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
  if (llvm::any_of(cores, [](CoreOp core) {
        return bool(core->getAttr(stats::kWeightMSE));
      })) {
    json::Array losses;
    for (CoreOp core : cores) {
      auto loss = core->getAttrOfType<FloatAttr>(stats::kWeightMSE);
      losses.push_back(loss ? loss.getValueAsDouble() : 0.0);
    }
    spec["quantization_loss"] = std::move(losses);
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
  int64_t inputs =
      merged->input ? merged->input.getOutput().getType().getSize() : 0;
  if (merged->input)
    if (auto everyStep = merged->input.getEveryStep())
      merged->input.emitWarning("input channel ")
          << everyStep->front()
          << " is the bias source: it must carry one event every time step, "
             "which a Rockpool spec cannot record (its weights_in row is "
             "written like the others)";
  if (merged->quantized) {
    int64_t cores = int64_t(
        llvm::range_size(merged->network.getBodyBlock().getOps<CoreOp>()));
    ArrayRef<int64_t> coreMap = *merged->population.getCoreMap();
    json::Array masks, signs;
    if (merged->input) {
      quantizedMatrices(merged->in, inputs, size, coreMap, cores, masks, signs);
      spec["weights_in"] = std::move(masks);
      spec["sign_in"] = std::move(signs);
    } else {
      spec["weights_in"] = nullptr;
      spec["sign_in"] = nullptr;
    }
    json::Array recMasks, recSigns;
    quantizedMatrices(merged->rec, size, size, coreMap, cores, recMasks, recSigns);
    spec["weights_rec"] = std::move(recMasks);
    spec["sign_rec"] = std::move(recSigns);
  } else {
    spec["weights_in"] =
        merged->input ? json::Value(matrix(merged->in, inputs, size)) : nullptr;
    spec["weights_rec"] = matrix(merged->rec, size, size);
  }
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
