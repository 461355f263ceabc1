//===- Stages.cpp - the deploy stages a network has passed through --------===//
#include "dynapse/Dialect/Dynapse/IR/Stages.h"

using namespace mlir;
using namespace dynapse;

namespace {

struct StageInfo {
  llvm::StringLiteral pass, lacking, present;
};

/// By Stage: its pass, and why a network does or does not have it.
constexpr StageInfo kStages[] = {
    {"dynapse-merge", "one population, one input", "the network is merged"},
    {"dynapse-cluster", "the neurons have no cores", "the neurons have cores"},
    {"dynapse-quantize-weights", "the weights are not quantised",
     "the weights are already quantised"},
    {"dynapse-quantize-currents", "a core has no bias codes",
     "the cores have bias codes"},
    {"dynapse-allocate", "nothing is allocated", "the network is allocated"},
};

const StageInfo &info(Stage stage) { return kStages[unsigned(stage)]; }

/// Cores exist and every neuron is on one.
bool clustered(Block &body) {
  return !body.getOps<CoreOp>().empty() &&
         llvm::all_of(body.getOps<PopulationOp>(),
                      [](PopulationOp p) { return bool(p.getCoreMap()); });
}

} // namespace

bool dynapse::hasStage(NetworkOp network, Stage stage) {
  Block &body = network.getBodyBlock();
  switch (stage) {
  case Stage::Merged:
    return llvm::range_size(body.getOps<PopulationOp>()) == 1 &&
           llvm::range_size(body.getOps<InputOp>()) <= 1;
  case Stage::Clustered:
    return clustered(body);
  case Stage::WeightsQuantised:
    // Quantised masks replace every real weight, on cores; a clustered
    // network without connections has nothing left to quantise.
    return body.getOps<WeightsOp>().empty() &&
           (!body.getOps<SynapsesOp>().empty() || clustered(body));
  case Stage::CurrentsQuantised: {
    auto cores = body.getOps<CoreOp>();
    return !cores.empty() &&
           llvm::all_of(cores, [](CoreOp core) { return bool(core.getBiases()); });
  }
  case Stage::Allocated:
    return !body.getOps<NeuronOp>().empty() ||
           llvm::any_of(body.getOps<InputOp>(), [](InputOp input) {
             return bool(input.getDestinations());
           });
  }
  llvm_unreachable("every stage has a mark");
}

llvm::StringRef dynapse::stagePass(Stage stage) { return info(stage).pass; }

LogicalResult dynapse::checkStages(NetworkOp network,
                                   const StageRequirements &requirements) {
  for (Stage stage : requirements.needs)
    if (!hasStage(network, stage))
      return network.emitError("'")
             << stagePass(stage) << "' must run before '" << requirements.pass
             << "' (" << info(stage).lacking << ")";
  for (Stage stage : requirements.precedes)
    if (hasStage(network, stage))
      return network.emitError("'")
             << requirements.pass << "' must run before '" << stagePass(stage)
             << "' (" << info(stage).present << ")";
  return success();
}
