//===- Stages.h - the deploy stages a network has passed through -*- C++ -*-===//
//
// Each deploy pass leaves a mark on a `dynapse.network` that the IR itself
// carries (merging: one population; clustering: core maps; ...). The marks
// are read here, once, and every pass declares which stages it needs and
// which it must precede; one helper reports the pass to run first. Adding a
// stage is a change here and in the passes that declare it.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_DIALECT_DYNAPSE_IR_STAGES_H
#define DYNAPSE_DIALECT_DYNAPSE_IR_STAGES_H

#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace dynapse {

/// The deploy stages, in the pipeline's order.
enum class Stage {
  Merged,            // dynapse-merge: one population, at most one input
  Clustered,         // dynapse-cluster: cores, and a core map per population
  WeightsQuantised,  // dynapse-quantize-weights: masks, no real weights
  CurrentsQuantised, // dynapse-quantize-currents: every core has bias codes
  Allocated,         // dynapse-allocate: neurons and routes placed
};

/// Whether `network` carries `stage`'s mark.
bool hasStage(NetworkOp network, Stage stage);

/// The pass that leaves `stage`'s mark.
llvm::StringRef stagePass(Stage stage);

/// What a pass (or a translation) declares about the stages.
struct StageRequirements {
  llvm::StringRef pass;
  llvm::ArrayRef<Stage> needs;    // stages it reads
  llvm::ArrayRef<Stage> precedes; // stages that must not have happened yet
};

/// Fails on `network` with "'X' must run before 'Y' (why)" for the first
/// stage of `needs` it lacks (X the stage's pass, Y `pass`) or of
/// `precedes` it has (X `pass`, Y the stage's pass).
mlir::LogicalResult checkStages(NetworkOp network,
                                const StageRequirements &requirements);

} // namespace dynapse

#endif // DYNAPSE_DIALECT_DYNAPSE_IR_STAGES_H
