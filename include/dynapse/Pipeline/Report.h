//===- Report.h - what a compiled network uses and how exact it is -*- C++ -*-//
#ifndef DYNAPSE_PIPELINE_REPORT_H
#define DYNAPSE_PIPELINE_REPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <vector>

namespace dynapse {

struct StageTime {
  std::string name;
  double seconds;
};

/// The compile report of a (possibly partly) deployed network.
struct Report {
  int64_t neurons = 0, inputs = 0, cores = 0, chips = 0, synapses = 0;
  /// Of the inputs, those the host drives every step (the bias source).
  int64_t everyStepInputs = 0;
  int64_t camEntries = 0, camLargest = 0, sramEntries = 0, sramLargest = 0;
  int64_t dropped = 0;
  double clusterLargest = 0, clusterMean = 0;
  std::string clusterWorst;
  double currentLargest = 0;
  std::string currentWorst;
  double weightMse = 0, weightLargest = 0;
  std::vector<StageTime> stages;
  /// --simulate's comparisons, when it ran.
  std::optional<llvm::json::Object> simulation;
};

/// Reads the report off the single `dynapse.network` of `module`.
Report buildReport(mlir::ModuleOp module);

/// The report as JSON (integer counts, errors, stage times).
llvm::json::Value reportToJSON(const Report &report);

/// The human summary dynapse-compile prints.
void printSummary(const Report &report, llvm::raw_ostream &output);

} // namespace dynapse

#endif // DYNAPSE_PIPELINE_REPORT_H
