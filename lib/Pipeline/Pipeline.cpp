//===- Pipeline.cpp - the deploy pipeline, stage by stage -----------------===//
#include "dynapse/Pipeline/Pipeline.h"

#include "dynapse/Conversion/DynapseToSim/Models.h"
#include "dynapse/Conversion/Passes.h"
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h"
#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Dialect/SNN/Transforms/Passes.h"

#include "mlir/Pass/Pass.h"
#include "llvm/ADT/StringExtras.h"
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
                                         bool fromSNN, bool tidy) {
  if (sim::isReferenceModel(options.convertDynapseToSim.model)) {
    // The network as trained: no conversion, its own kernel.
    if (fromSNN)
      pm.addNestedPass<snn::GraphOp>(snn::createSNNLowerConv());
    pm.addPass(createConvertSNNToSim(options.convertSNNToSim));
  } else {
    if (fromSNN)
      populateConversionStage(pm, options);
    pm.addPass(createConvertDynapseToSim(options.convertDynapseToSim));
  }
  if (!tidy)
    return;
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

namespace {

/// A module pass that runs a hook of the driver's: a stage without passes
/// of its own (calibration), or the work between two stages.
class HookPass : public PassWrapper<HookPass, OperationPass<ModuleOp>> {
public:
  using Hook = std::function<LogicalResult(ModuleOp)>;
  HookPass(StringRef argument, StringRef description, Hook hook)
      : argument(argument.str()), description(description.str()),
        hook(std::move(hook)) {}
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(HookPass)
  StringRef getArgument() const override { return argument; }
  StringRef getDescription() const override { return description; }
  StringRef getName() const override { return argument; }
  void runOnOperation() override {
    if (failed(hook(getOperation())))
      signalPassFailure();
  }

private:
  std::string argument, description;
  Hook hook;
};

} // namespace

void dynapse::buildDeployPipeline(OpPassManager &pm,
                                  const CompileOptions &options,
                                  const StageHooks &hooks) {
  // Each stage's passes, in the order of kDeployStages.
  const std::function<void()> populate[] = {
      [&] { populateConversionStage(pm, options); },
      [&] { populateMergeStage(pm); },
      [&] {
        pm.addPass(std::make_unique<HookPass>(
            "dynapse-calibrate",
            "the source activity of the network as trained on a calibration "
            "input (dynapse-compile --calibrate)",
            hooks.calibrate));
      },
      [&] { populateClusterStage(pm, options); },
      [&] { populateWeightStage(pm, options); },
      [&] { populateCurrentStage(pm); },
      [&] { populateAllocationStage(pm, options); },
  };
  for (auto [name, add] : llvm::zip_equal(kDeployStages, populate)) {
    if (name == "calibrate" && !hooks.calibrate)
      continue;
    add();
    if (hooks.afterStage)
      pm.addPass(std::make_unique<HookPass>(
          "dynapse-after-" + llvm::join(llvm::split(name, ' '), "-"),
          "the driver's work after a stage",
          [name = StringRef(name), after = hooks.afterStage](ModuleOp module) {
            return after(name, module);
          }));
  }
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
      [](OpPassManager &pm, const CompileOptions &options) {
        buildDeployPipeline(pm, options);
      });
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
