//===- Cluster.cpp - assign neurons to cores ------------------------------===//
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/Dynapse/IR/Stages.h"
#include "dynapse/Dialect/Dynapse/IR/NeuronCurrents.h"
#include "dynapse/Dialect/Dynapse/Algorithms/Clustering.h"
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "llvm/Support/Format.h"

namespace dynapse {
#define GEN_PASS_DEF_DYNAPSECLUSTER
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h.inc"
} // namespace dynapse

using namespace mlir;
using namespace dynapse;
using clustering::Currents;

namespace {

/// A core current further than this from a neuron's own changes what the
/// neuron does enough to warn (the conversion's own currents are exact).
constexpr double kSharingLoss = 0.1;

/// Every neuron's intended currents, populations in IR order.
FailureOr<std::vector<Currents>>
intendedCurrents(ArrayRef<PopulationOp> populations) {
  std::vector<Currents> neurons;
  for (PopulationOp population : populations) {
    auto full = NeuronCurrents::fromOp(population).getFull();
    if (!full)
      return population.emitError(llvm::toString(full.takeError()));
    for (unsigned j = 0; j < population.getSize(); ++j) {
      Currents neuron;
      for (unsigned d = 0; d < kNumCurrents; ++d)
        neuron[d] = (*full)[d][j];
      neurons.push_back(neuron);
    }
  }
  return neurons;
}

std::string percent(double fraction) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%.3g %%", fraction * 100);
  return text;
}

struct DynapseClusterPass
    : public dynapse::impl::DynapseClusterBase<DynapseClusterPass> {
  using DynapseClusterBase::DynapseClusterBase;

  void runOnOperation() override {
    NetworkOp network = getOperation();
    Block &body = network.getBodyBlock();
    if (!body.getOps<SynapsesOp>().empty()) {
      // Masks were chosen for these cores' base weights: re-clustering would
      // invalidate them, so a quantised network keeps its cores.
      bool clustered = llvm::all_of(body.getOps<PopulationOp>(), [](PopulationOp p) {
        return bool(p.getCoreMap());
      });
      if (clustered) {
        emitRemark(network.getLoc(), "the weights are quantised per core; "
                                     "keeping the existing clustering");
        return;
      }
      network.emitError("the weights are quantised but the neurons have no "
                        "cores: 'dynapse-cluster' must run before "
                        "'dynapse-quantize-weights'");
      return signalPassFailure();
    }
    static constexpr Stage precedes[] = {Stage::Allocated};
    if (failed(checkStages(network, {"dynapse-cluster", {}, precedes})))
      return signalPassFailure();
    auto populations = llvm::to_vector(body.getOps<PopulationOp>());
    if (populations.empty()) {
      network.emitError("network @") << network.getSymName()
                                     << " has no population to cluster";
      return signalPassFailure();
    }
    auto parsedMethod = clustering::parseMethod(method);
    if (!parsedMethod) {
      network.emitError("unknown clustering method '")
          << method << "'; expected greedy, random or parameter";
      return signalPassFailure();
    }
    auto neurons = intendedCurrents(populations);
    if (failed(neurons))
      return signalPassFailure();
    clustering::Options options{*parsedMethod, cores, chips * 4,
                                maxNeuronsPerCore, seed};
    auto coreMap = clustering::assignCores(*neurons, options);
    if (!coreMap) {
      network.emitError("cannot cluster: ") << llvm::toString(coreMap.takeError());
      return signalPassFailure();
    }
    unsigned numCores = 0;
    for (int64_t core : *coreMap)
      numCores = std::max<unsigned>(numCores, core + 1);
    std::vector<Currents> shared =
        clustering::coreCurrents(*neurons, *coreMap, numCores);
    rewrite(network, populations, *coreMap, shared);
    report(network, *neurons, *coreMap, shared);
  }

  /// Replaces the cores and sets every population's slice of the core map.
  void rewrite(NetworkOp network, ArrayRef<PopulationOp> populations,
               ArrayRef<int64_t> coreMap, ArrayRef<Currents> shared) {
    OpBuilder builder(network.getContext());
    bool hadBiases = false;
    for (CoreOp core :
         llvm::make_early_inc_range(network.getBodyBlock().getOps<CoreOp>())) {
      hadBiases |= bool(core.getBiases());
      core.erase();
    }
    if (hadBiases)
      emitRemark(network.getLoc(), "dropping the bias codes of the previous "
                                   "cores; run 'dynapse-quantize-currents' again");
    size_t offset = 0;
    for (PopulationOp population : populations) {
      population.setCoreMapAttr(builder.getDenseI64ArrayAttr(
          coreMap.slice(offset, population.getSize())));
      offset += population.getSize();
    }
    builder.setInsertionPointToEnd(&network.getBodyBlock());
    for (auto [index, currents] : llvm::enumerate(shared)) {
      SmallVector<NamedAttribute> values;
      for (auto [d, name] : llvm::enumerate(currentAttrNames()))
        values.push_back(
            builder.getNamedAttr(name, builder.getF64FloatAttr(currents[d])));
      builder.create<CoreOp>(network.getLoc(), builder.getI64IntegerAttr(index),
                             builder.getDictionaryAttr(values), ArrayAttr(),
                             IntegerAttr(), IntegerAttr());
    }
  }

  void report(NetworkOp network, ArrayRef<Currents> neurons,
              ArrayRef<int64_t> coreMap, ArrayRef<Currents> shared) {
    clustering::Deviation worst;
    int64_t worstCore = 0;
    double meanTotal = 0;
    unsigned lossyCores = 0;
    for (auto [core, currents] : llvm::enumerate(shared)) {
      auto d = clustering::deviation(neurons, coreMap, currents, core);
      lossyCores += d.largest > kSharingLoss;
      InFlightDiagnostic remark = emitRemark(network.getLoc())
                                  << "core " << core << ": " << d.neurons
                                  << " neurons, largest deviation "
                                  << percent(d.largest);
      if (!d.worstCurrent.empty())
        remark << " (" << d.worstCurrent << ")";
      remark << ", mean " << percent(d.mean);
      meanTotal += d.mean * d.neurons;
      if (d.largest > worst.largest || worst.worstCurrent.empty()) {
        worst = d;
        worstCore = core;
      }
    }
    InFlightDiagnostic remark =
        emitRemark(network.getLoc())
        << "clustering (method " << method << "): " << neurons.size()
        << " neurons on " << shared.size() << " cores; largest deviation "
        << percent(worst.largest);
    if (!worst.worstCurrent.empty())
      remark << " (core " << worstCore << ", " << worst.worstCurrent << ")";
    remark << ", mean " << percent(meanTotal / double(neurons.size()));
    if (lossyCores)
      network.emitWarning("")
          << lossyCores << " of " << shared.size()
          << " cores share currents more than " << percent(kSharingLoss)
          << " away from some of their neurons' own; worst, core "
          << worstCore << ": " << worst.worstCurrent << " up to "
          << percent(worst.largest) << " away, so "
          << currentEffect(worst.worstCurrent)
          << " of those neurons changes by that much (more cores, "
             "--cores/--chips, or neurons with closer parameters keep it)";
  }
};

} // namespace
