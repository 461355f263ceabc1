//===- QuantizeWeights.cpp - weights to masks over per-core base currents -===//
#include "dynapse/Dialect/Dynapse/IR/QuantizationStatistics.h"
#include "dynapse/Dialect/Dynapse/IR/BiasGen.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/Dynapse/IR/Stages.h"
#include "dynapse/Dialect/Dynapse/IR/WeightMatrix.h"
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h"
#include "dynapse/Dialect/Dynapse/Algorithms/WeightQuantization.h"

#include "mlir/IR/Builders.h"
#include "llvm/Support/Format.h"

#include <map>

namespace dynapse {
#define GEN_PASS_DEF_DYNAPSEQUANTIZEWEIGHTS
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h.inc"
} // namespace dynapse

using namespace mlir;
using namespace dynapse;

namespace {

/// One non-zero weight: which weights op, where, and its value.
struct Synapse {
  WeightsOp op;
  int64_t pre, post;
  double weight;
};

std::string number(double value) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%.4g", value);
  return text;
}

struct DynapseQuantizeWeightsPass
    : public dynapse::impl::DynapseQuantizeWeightsBase<
          DynapseQuantizeWeightsPass> {
  using DynapseQuantizeWeightsBase::DynapseQuantizeWeightsBase;

  void runOnOperation() override {
    NetworkOp network = getOperation();
    Block &body = network.getBodyBlock();
    if (body.getOps<WeightsOp>().empty())
      return; // nothing left to quantise
    if (!body.getOps<SynapsesOp>().empty()) {
      network.emitError("the network mixes quantised and real weights; "
                        "quantise all of them in one run of "
                        "'dynapse-quantize-weights'");
      return signalPassFailure();
    }
    static constexpr Stage needs[] = {Stage::Clustered};
    if (failed(checkStages(network, {"dynapse-quantize-weights", needs, {}})))
      return signalPassFailure();
    std::map<int64_t, std::vector<Synapse>> byCore;
    double iscale = 0;
    for (PopulationOp population : body.getOps<PopulationOp>()) {
      std::optional<ArrayRef<int64_t>> coreMap = population.getCoreMap();
      if (iscale != 0 && population.getIscale().convertToDouble() != iscale) {
        population.emitError("populations with different Iscale: run "
                             "'dynapse-merge' first");
        return signalPassFailure();
      }
      iscale = population.getIscale().convertToDouble();
      for (Value operand : population.getInputs()) {
        auto weights = operand.getDefiningOp<WeightsOp>();
        if (!weights)
          continue;
        forEachNonZero(weights.getWeights(), [&](int64_t i, int64_t j, double w) {
          byCore[(*coreMap)[j]].push_back({weights, i, j, w});
        });
      }
    }
    llvm::DenseMap<int64_t, CoreOp> cores;
    for (CoreOp core : body.getOps<CoreOp>())
      cores[core.getIndexAttr().getInt()] = core;

    // Masks and dendrites per weights op, filled core by core.
    llvm::DenseMap<Operation *, std::pair<std::vector<int8_t>, std::vector<int16_t>>>
        encoded;
    for (WeightsOp weights : body.getOps<WeightsOp>()) {
      auto shape = cast<ShapedType>(weights.getWeights().getType()).getShape();
      encoded[weights] = {std::vector<int8_t>(shape[0] * shape[1], 0),
                          std::vector<int16_t>(shape[0] * shape[1], 0)};
    }
    weights::Options options{realisable, keepConnections, seed};
    for (auto &[core, synapses] : byCore) {
      std::vector<double> magnitudes;
      for (const Synapse &synapse : synapses)
        magnitudes.push_back(std::fabs(synapse.weight));
      weights::Result result = weights::quantize(magnitudes, iscale, options);
      for (auto [synapse, mask] : llvm::zip(synapses, result.masks)) {
        int64_t post = cast<SynapticType>(synapse.op.getOutput().getType()).getSize();
        int64_t index = synapse.pre * post + synapse.post;
        auto &[masks, dendrites] = encoded[synapse.op];
        masks[index] = int8_t(mask);
        if (mask)
          dendrites[index] = int16_t(synapse.weight > 0 ? Dendrite::ampa
                                                        : Dendrite::gaba);
      }
      if (!cores.count(core)) {
        network.emitError("core_map names core ")
            << core << " but there is no 'dynapse.core " << core << "'";
        return signalPassFailure();
      }
      storeBase(cores[core], result.base, iscale);
      // Exported as the spec's quantization_loss.
      Builder builder(&getContext());
      cores[core]->setAttr(stats::kWeightMSE,
                           builder.getF64FloatAttr(result.meanSquaredError));
      // For the compile report.
      cores[core]->setAttr(stats::kWeightMaxError,
                           builder.getF64FloatAttr(result.maxError));
      cores[core]->setAttr(stats::kDropped,
                           builder.getI64IntegerAttr(result.dropped));
      emitRemark(network.getLoc())
          << "core " << core << ": " << synapses.size()
          << " weights on base weights " << number(result.base[0]) << ", "
          << number(result.base[1]) << ", " << number(result.base[2]) << ", "
          << number(result.base[3]) << " (x Iscale); MSE "
          << number(result.meanSquaredError) << ", largest error "
          << number(result.maxError) << ", " << result.dropped
          << " connection" << (result.dropped == 1 ? "" : "s")
          << " dropped to mask 0";
    }
    replaceWeights(body, encoded);
  }

  /// Stores Iw_0..Iw_3 (A) on the core and refreshes its SYAM_W codes.
  void storeBase(CoreOp core, const std::array<double, 4> &base,
                 double iscale) {
    Builder builder(core.getContext());
    NamedAttrList currents(core.getCurrents());
    for (unsigned k = 0; k < 4; ++k)
      currents.set(("Iw_" + llvm::Twine(k)).str(),
                   builder.getF64FloatAttr(base[k] * iscale));
    core.setCurrentsAttr(currents.getDictionary(core.getContext()));
    std::optional<ArrayAttr> biases = core.getBiases();
    if (!biases)
      return;
    SmallVector<Attribute> updated;
    for (auto bias : biases->getAsRange<BiasAttr>()) {
      StringRef name = bias.getName();
      if (name.starts_with("SYAM_W")) {
        unsigned k = name[6] - '0';
        biasgen::Code code = biasgen::parameterCode(name, base[k] * iscale);
        bias = BiasAttr::get(core.getContext(), name, code.coarse, code.fine,
                             bias.getType());
      }
      updated.push_back(bias);
    }
    core.setBiasesAttr(builder.getArrayAttr(updated));
  }

  void replaceWeights(
      Block &body,
      llvm::DenseMap<Operation *, std::pair<std::vector<int8_t>, std::vector<int16_t>>>
          &encoded) {
    OpBuilder builder(body.getParentOp()->getContext());
    for (WeightsOp weights : llvm::make_early_inc_range(body.getOps<WeightsOp>())) {
      auto shape = cast<ShapedType>(weights.getWeights().getType()).getShape();
      auto &[masks, dendrites] = encoded[weights];
      builder.setInsertionPoint(weights);
      auto synapses = builder.create<SynapsesOp>(
          weights.getLoc(), weights.getOutput().getType(), weights.getSource(),
          cast<DenseIntElementsAttr>(DenseElementsAttr::get(
              RankedTensorType::get(shape, builder.getIntegerType(8)),
              ArrayRef<int8_t>(masks))),
          cast<DenseIntElementsAttr>(DenseElementsAttr::get(
              RankedTensorType::get(shape, builder.getIntegerType(16)),
              ArrayRef<int16_t>(dendrites))));
      weights.getOutput().replaceAllUsesWith(synapses.getOutput());
      weights.erase();
    }
  }
};

} // namespace
