//===- Compiler.cpp - the compiler driver ---------------------------------===//
#include "dynapse/Driver/Compiler.h"

#include "dynapse/Conversion/DynapseToSim/Models.h"
#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Driver/Driver.h"
#include "dynapse/Pipeline/Pipeline.h"
#include "dynapse/Simulation/Calibration.h"
#include "dynapse/Simulation/Evaluation.h"
#include "dynapse/Target/Image/Image.h"
#include "dynapse/Target/RockpoolSpec/RockpoolSpec.h"
#include "dynapse/Target/Samna/Samna.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/Timer.h"

using namespace mlir;
using namespace dynapse;

namespace {

double wallSeconds() { return llvm::TimeRecord::getCurrentTime(true).getWallTime(); }

/// The stage after `last` in kDeployStages, skipping calibration when it
/// does not run: the one that failed when the pipeline stops after `last`.
llvm::StringRef stageAfter(llvm::StringRef last, bool calibrating) {
  llvm::ArrayRef<llvm::StringLiteral> all(kDeployStages);
  auto it = last.empty() ? all.begin() : llvm::find(all, last) + 1;
  if (it != all.end() && *it == "calibrate" && !calibrating)
    ++it;
  return it == all.end() ? llvm::StringRef() : llvm::StringRef(*it);
}

} // namespace

Compiler::Compiler(MLIRContext &context, CompileOptions options,
                   DriverSettings settings)
    : context(context), compileOptions(std::move(options)),
      settings(std::move(settings)) {}

Compiler::~Compiler() = default;

LogicalResult Compiler::fail(const llvm::Twine &message) {
  if (settings.onError)
    settings.onError(message);
  else
    emitError(UnknownLoc::get(&context)) << message;
  return failure();
}

LogicalResult Compiler::runStage(llvm::StringRef name,
                                 llvm::function_ref<LogicalResult()> body) {
  double start = wallSeconds();
  LogicalResult result = body();
  stages.push_back({name.str(), wallSeconds() - start});
  if (settings.onStage)
    settings.onStage(stages.back(), succeeded(result));
  return result;
}

LogicalResult
Compiler::import(llvm::function_ref<OwningOpRef<ModuleOp>()> read) {
  return runStage("import", [&] {
    std::optional<ScopedDiagnosticHandler> remarks;
    if (settings.onImportRemark)
      remarks.emplace(&context, [this](Diagnostic &diagnostic) {
        if (diagnostic.getSeverity() != DiagnosticSeverity::Remark)
          return failure(); // to the front end's own handler
        settings.onImportRemark(formatDiagnostic(diagnostic));
        return success();
      });
    network = read();
    return success(bool(network));
  });
}

LogicalResult Compiler::loadFile(llvm::StringRef path) {
  sourceName = path.str();
  return import(
      [&] { return loadNetworkFile(path, &context, compileOptions); });
}

LogicalResult Compiler::load(llvm::StringRef bytes, llvm::StringRef name) {
  sourceName = name.str();
  return import(
      [&] { return loadNetwork(bytes, name, &context, compileOptions); });
}

void Compiler::keepTrained() {
  if (!trained && network && !module().getOps<snn::GraphOp>().empty())
    trained = module().clone();
}

void Compiler::calibrateOn(sim::SpikeInput input) {
  keepTrained();
  input.own(); // deploy() reads it after the caller's array is gone
  calibration = std::move(input);
}

LogicalResult Compiler::keepForSimulation() {
  if (sim::isReferenceModel(compileOptions.convertDynapseToSim.model))
    return fail("--simulate compares the chip's model against the reference "
                "model: give --model dynapsim or se2");
  keepTrained();
  simulating = true;
  return success();
}

const sim::Simulator *Compiler::referenceModel(llvm::StringRef purpose,
                                               int64_t batch) {
  if (!reference) {
    keepTrained();
    if (!trained) {
      (void)fail(purpose + " simulates the network as trained: give it at "
                           "the snn level (NIR, or an snn.graph in MLIR)");
      return nullptr;
    }
    auto compiled = sim::compileReference(*trained, compileOptions, batch);
    if (!compiled) {
      (void)fail(llvm::toString(compiled.takeError()));
      return nullptr;
    }
    reference = std::move(*compiled);
  }
  return reference.get();
}

LogicalResult Compiler::calibrate(ModuleOp merged) {
  const sim::Simulator *model = referenceModel("--calibrate");
  if (!model)
    return failure();
  if (calibration->width != model->inputs())
    return fail(llvm::formatv("--calibrate: the input has {0} channels per "
                              "step; the network takes {1}",
                              calibration->width, model->inputs()));
  if (llvm::Error error = sim::calibrateActivity(*model, merged, *calibration,
                                                 settings.threads))
    return fail("--calibrate: " + llvm::toString(std::move(error)));
  return success();
}

LogicalResult Compiler::afterStage(llvm::StringRef name, ModuleOp module) {
  double now = wallSeconds();
  stages.push_back({name.str(), now - stageStart});
  if (settings.onStage)
    settings.onStage(stages.back(), true);
  if (name == "merge" && simulating)
    unquantised = module.clone();
  stageStart = wallSeconds(); // the hook's own work is not the next stage's
  return success();
}

LogicalResult Compiler::deploy() {
  PassManager pm(&context);
  DefaultTimingManager timingManager;
  std::optional<TimingScope> timing;
  if (settings.commandLineInstruments) {
    if (failed(applyPassManagerCLOptions(pm)))
      return fail("the pass manager's command-line options cannot be applied");
    applyDefaultTimingManagerCLOptions(timingManager);
    if (timingManager.isEnabled()) {
      timing = timingManager.getRootScope();
      pm.enableTiming(*timing);
    }
  }
  StageHooks hooks;
  hooks.afterStage = [this](llvm::StringRef name, ModuleOp module) {
    return afterStage(name, module);
  };
  if (calibration)
    hooks.calibrate = [this](ModuleOp merged) { return calibrate(merged); };
  buildDeployPipeline(pm, compileOptions, hooks);
  stageStart = wallSeconds();
  if (succeeded(pm.run(module())))
    return success();
  llvm::StringRef last = stages.empty() ? "" : llvm::StringRef(stages.back().name);
  if (llvm::StringRef failed = stageAfter(last == "import" ? "" : last,
                                          calibration.has_value());
      !failed.empty()) {
    stages.push_back({failed.str(), wallSeconds() - stageStart});
    if (settings.onStage)
      settings.onStage(stages.back(), false);
  }
  return failure();
}

Report Compiler::report() const {
  Report result = buildReport(module());
  result.stages = stages;
  result.simulation = simulation;
  return result;
}

LogicalResult Compiler::emit(EmitKind kind, llvm::raw_ostream &os,
                             llvm::raw_ostream *channels) {
  return runStage("emit", [&]() -> LogicalResult {
    switch (kind) {
    case EmitKind::Image:
      return image::emitImage(module(), os);
    case EmitKind::Samna:
      return samna::emitConfiguration(module(), os, channels);
    case EmitKind::MLIR:
      module().print(os);
      return success();
    case EmitKind::RockpoolSpec:
      return rockpool::exportSpec(module(), os);
    }
    llvm_unreachable("every kind is handled");
  });
}

const sim::Simulator *Compiler::simulator(int64_t batch) {
  if (!compiled) {
    auto simulator = sim::Simulator::compile(module(), compileOptions, batch);
    if (!simulator) {
      (void)fail(sourceName + ": " + llvm::toString(simulator.takeError()));
      return nullptr;
    }
    compiled = std::move(*simulator);
  }
  return compiled.get();
}

std::optional<SimulationReport>
Compiler::simulate(const SimulationInput &given) {
  std::optional<SimulationReport> result;
  auto body = [&]() -> LogicalResult {
    if (!unquantised)
      return fail("simulate compares the deployed network with the one as "
                  "loaded: call keepForSimulation(), then deploy()");
    const std::string &model = compileOptions.convertDynapseToSim.model;
    // The unquantised network on the ideal chip; the deployed one on the
    // ideal chip (chip 0) and on the instances.
    CompileOptions ideal = compileOptions;
    ideal.convertDynapseToSim.mismatch = 0;
    ideal.convertDynapseToSim.instances = 0;
    auto before = sim::Simulator::compile(*unquantised, ideal, given.batch);
    if (!before)
      return fail(llvm::toString(before.takeError()));
    auto after = sim::Simulator::compile(
        module(),
        compileOptions.convertDynapseToSim.instances ? compileOptions : ideal,
        given.batch);
    if (!after)
      return fail(llvm::toString(after.takeError()));
    llvm::Expected<sim::SpikeInput> read = given.spikes((*before)->inputs());
    if (!read)
      return fail(llvm::toString(read.takeError()));
    const sim::SpikeInput &input = *read;
    std::vector<int64_t> labels;
    if (given.labels) {
      auto classes = given.labels(input.batches, (*after)->classes());
      if (!classes)
        return fail(llvm::toString(classes.takeError()));
      labels = std::move(*classes);
    }
    unsigned threads = settings.threads;
    auto a = (*before)->runBatches(input.values, input.batches, input.steps, false, threads);
    auto b = (*after)->runBatches(input.values, input.batches, input.steps, false, threads);
    result.emplace();
    llvm::raw_string_ostream os(result->text);
    llvm::json::Object &json = result->json;
    json = llvm::json::Object{{"model", model},
                              {"samples", input.batches},
                              {"steps", input.steps}};
    if (trained) {
      const sim::Simulator *referenceSim =
          referenceModel("the reference model", given.batch);
      if (!referenceSim)
        return failure();
      auto r = referenceSim->runBatches(input.values, input.batches, input.steps, false, threads);
      const sim::NetworkLayout &layout = referenceSim->layout();
      double dt = referenceSim->dt();
      sim::Agreement deployed = sim::compareToReference(r, b, layout, dt, labels);
      sim::Agreement converted = sim::compareToReference(r, a, layout, dt, labels);
      sim::printAgreement(os, deployed, "deployed (" + model + ", ideal chip)");
      sim::printAgreement(os, converted, "unquantised (" + model + ", ideal chip)");
      json["deployed_vs_reference"] = sim::agreementToJSON(deployed);
      json["unquantised_vs_reference"] = sim::agreementToJSON(converted);
      if ((*after)->chips() > 1) {
        sim::ChipRuns runs =
            sim::runChips(**after, input, false, threads, compileOptions);
        auto agreements = sim::compareChips(*referenceSim, r, runs, labels);
        sim::printChipAgreements(
            os, agreements, runs,
            llvm::formatv("deployed ({0}, mismatch {1})", model,
                          compileOptions.convertDynapseToSim.mismatch)
                .str());
        json["deployed_instances_vs_reference"] =
            sim::instancesReport(agreements, runs, compileOptions);
      }
    }
    os << "simulation (" << model << ", " << input.batches << " x "
       << input.steps << " steps), unquantised vs deployed:\n";
    sim::Fidelity f =
        sim::printFidelity(os, a, b, input.steps, (*before)->neurons(),
                           (*before)->dt(), /*tau=*/0.01, /*listed=*/0);
    json["unquantised_vs_deployed"] =
        llvm::json::Object{{"count_correlation", f.countCorrelation},
                           {"van_rossum", f.vanRossum}};
    simulation = llvm::json::Object(json);
    return success();
  };
  if (failed(runStage("simulate", body)))
    return std::nullopt;
  return result;
}
