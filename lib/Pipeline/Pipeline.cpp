//===- Pipeline.cpp - the deploy pipeline, stage by stage -----------------===//
#include "dynapse/Pipeline/Pipeline.h"

#include "dynapse/Conversion/Passes.h"
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h"
#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Dialect/SNN/Transforms/Passes.h"

#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace dynapse;

void dynapse::populateConversionStage(OpPassManager &pm,
                                      const CompileOptions &options) {
  pm.addNestedPass<snn::GraphOp>(snn::createSNNLowerConv());
  pm.addPass(createConvertSNNToDynapse(options.convertSNNToDynapse));
}

void dynapse::populateMergeStage(OpPassManager &pm) {
  pm.addNestedPass<NetworkOp>(createDynapseMerge());
}

void dynapse::populateClusterStage(OpPassManager &pm,
                                   const CompileOptions &options) {
  pm.addNestedPass<NetworkOp>(createDynapseCluster(options.dynapseCluster));
}

void dynapse::populateWeightStage(OpPassManager &pm,
                                  const CompileOptions &options) {
  pm.addNestedPass<NetworkOp>(
      createDynapseQuantizeWeights(options.dynapseQuantizeWeights));
}

void dynapse::populateCurrentStage(OpPassManager &pm) {
  pm.addNestedPass<NetworkOp>(createDynapseQuantizeCurrents());
}

void dynapse::populateAllocationStage(OpPassManager &pm,
                                      const CompileOptions &options) {
  pm.addNestedPass<NetworkOp>(createDynapseAllocate(options.dynapseAllocate));
}

void dynapse::populateSimulationPipeline(OpPassManager &pm,
                                         const CompileOptions &options,
                                         bool fromSNN) {
  if (options.convertDynapseToSim.model == "reference") {
    // The network as trained: no conversion, its own kernel.
    if (fromSNN)
      pm.addNestedPass<snn::GraphOp>(snn::createSNNLowerConv());
    pm.addPass(createConvertSNNToSim(options.convertSNNToSim));
  } else {
    if (fromSNN)
      populateConversionStage(pm, options);
    pm.addPass(createConvertDynapseToSim(options.convertDynapseToSim));
  }
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void dynapse::populateDeployThroughMerge(OpPassManager &pm,
                                         const CompileOptions &options) {
  populateConversionStage(pm, options);
  populateMergeStage(pm);
}

void dynapse::populateDeployAfterMerge(OpPassManager &pm,
                                       const CompileOptions &options) {
  populateClusterStage(pm, options);
  populateWeightStage(pm, options);
  populateCurrentStage(pm);
  populateAllocationStage(pm, options);
}

void dynapse::buildDeployPipeline(OpPassManager &pm,
                                  const CompileOptions &options) {
  populateDeployThroughMerge(pm, options);
  populateDeployAfterMerge(pm, options);
}

namespace {
/// The textual options of a registered pipeline: one per front-door name of
/// the option table's rows in `groups`.
class TablePipelineOptions : public PassPipelineOptions<TablePipelineOptions> {
public:
  TablePipelineOptions() = default;
  explicit TablePipelineOptions(ArrayRef<StringRef> groups) {
    for (OptionFlag &flag : optionFlags(groups, OptionNaming::FrontDoor))
      entries.push_back(std::make_unique<Entry>(*this, std::move(flag)));
  }

  /// The defaults with the given options applied, checked.
  llvm::Expected<CompileOptions> get() const {
    CompileOptions options;
    for (const auto &entry : entries)
      if (entry->option.hasValue())
        if (llvm::Error error = applyFlag(options, entry->flag, entry->option))
          return std::move(error);
    return options;
  }

private:
  struct Entry {
    Entry(TablePipelineOptions &parent, OptionFlag table)
        : flag(std::move(table)),
          option(parent, flag.name, llvm::cl::desc(flag.rows.front()->help)) {}
    OptionFlag flag;
    Option<std::string> option;
  };
  std::vector<std::unique_ptr<Entry>> entries;
};

using PipelineBuilder = std::function<void(OpPassManager &, const CompileOptions &)>;

void registerTablePipeline(StringRef argument, StringRef description,
                           std::vector<StringRef> groups, PipelineBuilder build) {
  registerPassPipeline(
      argument, description,
      [groups, build](OpPassManager &pm, StringRef text,
                      function_ref<LogicalResult(const Twine &)> errorHandler) {
        TablePipelineOptions options(groups);
        if (failed(options.parseFromString(text)))
          return failure();
        llvm::Expected<CompileOptions> compileOptions = options.get();
        if (!compileOptions)
          return errorHandler(llvm::toString(compileOptions.takeError()));
        build(pm, *compileOptions);
        return success();
      },
      [groups](function_ref<void(const mlir::detail::PassOptions &)> handler) {
        handler(TablePipelineOptions(groups));
      });
}
} // namespace

void dynapse::registerPipelines() {
  registerTablePipeline(
      "dynapse-deploy",
      "from an snn graph (or any later stage) to an allocated DYNAP-SE2 "
      "network: lower-conv, convert, merge, cluster, quantize weights and "
      "currents, allocate",
      {"convert-snn-to-dynapse", "dynapse-cluster", "dynapse-quantize-weights",
       "dynapse-allocate"},
      buildDeployPipeline);
  registerTablePipeline(
      "dynapse-simulation-kernel",
      "what the simulator runs: convert an snn graph (lower-conv, "
      "convert-snn-to-dynapse), then convert-dynapse-to-sim, canonicalize, "
      "cse; with model=reference lower-conv and convert-snn-to-sim instead",
      {"convert-snn-to-dynapse", "convert-dynapse-to-sim",
       "convert-snn-to-sim"},
      [](OpPassManager &pm, const CompileOptions &options) {
        // The conversion stage's passes do nothing on a module without graphs.
        populateSimulationPipeline(pm, options, /*fromSNN=*/true);
      });
}
