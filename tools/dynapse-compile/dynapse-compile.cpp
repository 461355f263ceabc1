//===- dynapse-compile.cpp - a network file to a DYNAP-SE2 image ----------===//
//
// dynapse-compile INPUT -o OUTPUT [--emit=image|samna-json|mlir|rockpool-spec]
//                 [--report REPORT.json] [--chips N] [pipeline options]
//
// INPUT is NIR (.nir), MLIR (.mlir) or a Rockpool spec (.json). Each stage
// prints one line with its time; a summary follows (docs/user-guide.md).
//
//===----------------------------------------------------------------------===//
#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Driver/Driver.h"
#include "dynapse/InitAllDialects.h"
#include "dynapse/Pipeline/Pipeline.h"
#include "dynapse/Pipeline/Report.h"
#include "dynapse/Simulation/Calibration.h"
#include "dynapse/Simulation/Fidelity.h"
#include "dynapse/Simulation/SimInput.h"
#include "dynapse/Support/ThreadsOption.h"
#include "dynapse/Target/Image/Image.h"
#include "dynapse/Target/RockpoolSpec/RockpoolSpec.h"
#include "dynapse/Target/Samna/Samna.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

#include <chrono>

using namespace mlir;
using namespace dynapse;
namespace cl = llvm::cl;

namespace {

cl::OptionCategory category("dynapse-compile options");
cl::opt<std::string> inputPath(cl::Positional, cl::desc("<network.nir|.mlir|.json>"),
                               cl::Required, cl::cat(category));
cl::opt<std::string> outputPath("o", cl::desc("output file"), cl::Required,
                                cl::value_desc("file"), cl::cat(category));
enum class Emit { Auto, Image, Samna, MLIR, Spec };
cl::opt<Emit> emitKind(
    "emit", cl::desc("what to write (default: by the output's extension)"),
    cl::values(clEnumValN(Emit::Image, "image", "device image (.dse2)"),
               clEnumValN(Emit::Samna, "samna-json", "samna configuration JSON"),
               clEnumValN(Emit::MLIR, "mlir", "the allocated IR"),
               clEnumValN(Emit::Spec, "rockpool-spec", "Rockpool spec JSON")),
    cl::init(Emit::Auto), cl::cat(category));
cl::opt<std::string> reportPath("report", cl::desc("write the report as JSON"),
                                cl::value_desc("file"), cl::cat(category));
cl::opt<std::string> simulatePath(
    "simulate", cl::value_desc("IN.npy"), cl::cat(category),
    cl::desc("simulate the trained (reference model), the unquantised and "
             "the deployed network on this input and print their fidelity: "
             "on the ideal chip and on --instances chip instances (here "
             "default 5) at --mismatch (here default 0.3, the chip's level)"));
cl::opt<std::string> labelsPath(
    "labels", cl::value_desc("LABELS.npy"), cl::cat(category),
    cl::desc("with --simulate: one class (output neuron) per batch element, "
             "for accuracies"));
cl::opt<std::string> calibratePath(
    "calibrate", cl::value_desc("IN.npy"), cl::cat(category),
    cl::desc("spike counts (as for --simulate) on which the network as "
             "trained is simulated: a fan-in above 64 then keeps the synapses "
             "that deliver the most charge on it, not merely the strongest"));
cl::opt<unsigned> *threads = nullptr; // registered in main()
cl::opt<bool> quiet("quiet", cl::desc("print nothing but errors"), cl::cat(category));

// Every pipeline option, from the option table (lib/Pipeline/Options.cpp).
CommandLineOptions pipelineOptions(category, {}, CommandLineOptions::Naming::FrontDoor);

Emit outputKind() {
  if (emitKind != Emit::Auto)
    return emitKind;
  StringRef path = outputPath;
  if (path.ends_with(".mlir"))
    return Emit::MLIR;
  if (path.ends_with(".json"))
    return Emit::Samna;
  return Emit::Image;
}

class Driver {
public:
  Driver(MLIRContext &context, CompileOptions options)
      : context(context), options(std::move(options)) {}
  int run();

private:
  /// Runs `body`, prints its line, records its time; false on failure.
  template <typename Body> bool stage(StringRef name, Body body) {
    auto start = std::chrono::steady_clock::now();
    bool ok = body();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report.stages.push_back({name.str(), seconds});
    if (!quiet)
      llvm::outs() << llvm::format("[%-17s] %8.3f s%s\n", name.str().c_str(),
                                   seconds, ok ? "" : "  failed");
    return ok;
  }
  bool runPasses(llvm::function_ref<void(OpPassManager &)> populate) {
    PassManager pm(&context);
    populate(pm);
    return succeeded(pm.run(*module));
  }
  bool import();
  bool emit();
  /// Simulates `unquantised`, the deployed module and, when there is one,
  /// the network as trained on --simulate's input.
  bool simulate();
  /// The deployed network's chip instances against the reference traces
  /// `r`: printed to `os`, returned as JSON; none without instances.
  std::optional<llvm::json::Object>
  simulateInstances(const sim::Simulator &deployed, const sim::SpikeInput &input,
                    llvm::ArrayRef<sim::Trace> r, const sim::NetworkLayout &layout,
                    double dt, llvm::ArrayRef<int64_t> labels,
                    llvm::raw_ostream &os);
  /// The reference model of `trained`, compiled once for --calibrate and
  /// --simulate; null after printing why it cannot be.
  const sim::Simulator *referenceModel();
  /// Sets the merged network's `activity`: every input channel's and
  /// neuron's mean events per step, the network as trained on --calibrate's
  /// input (channels driven every step: 1).
  bool calibrate();
  bool fail(const llvm::Twine &message) {
    llvm::WithColor::error(llvm::errs(), "dynapse-compile") << message << "\n";
    return false;
  }

  /// The network as trained (snn level), when the input is one.
  OwningOpRef<ModuleOp> trained;
  std::unique_ptr<sim::Simulator> reference;
  OwningOpRef<ModuleOp> unquantized;
  std::string fidelity;
  std::optional<llvm::json::Object> simulation;

  MLIRContext &context;
  CompileOptions options;
  OwningOpRef<ModuleOp> module;
  Report report;
};

bool Driver::import() {
  module = loadNetworkFile(inputPath, &context, options.input);
  bool wanted = !simulatePath.empty() || !calibratePath.empty();
  if (module && wanted && !module->getOps<snn::GraphOp>().empty())
    trained = module->clone();
  return bool(module);
}

bool Driver::emit() {
  std::error_code error;
  llvm::ToolOutputFile output(outputPath, error, llvm::sys::fs::OF_None);
  if (error) {
    llvm::WithColor::error(llvm::errs(), "dynapse-compile")
        << "cannot write " << outputPath << ": " << error.message() << "\n";
    return false;
  }
  LogicalResult result = success();
  std::string channels;
  llvm::raw_string_ostream channelStream(channels);
  switch (outputKind()) {
  case Emit::Image:
  case Emit::Auto:
    result = image::emitImage(*module, output.os());
    break;
  case Emit::Samna:
    result = samna::emitConfiguration(*module, output.os(), &channelStream);
    break;
  case Emit::MLIR:
    module->print(output.os());
    break;
  case Emit::Spec:
    result = rockpool::exportSpec(*module, output.os());
    break;
  }
  if (failed(result))
    return false;
  if (outputKind() == Emit::Samna) {
    StringRef base = outputPath;
    base.consume_back(".json");
    std::string path = (base + ".channels.json").str();
    llvm::ToolOutputFile channelFile(path, error, llvm::sys::fs::OF_Text);
    if (error)
      return false;
    channelFile.os() << channels;
    channelFile.keep();
  }
  output.keep();
  return true;
}

const sim::Simulator *Driver::referenceModel() {
  if (!reference) {
    auto compiled = sim::compileReference(*trained, options);
    if (!compiled) {
      fail(llvm::toString(compiled.takeError()));
      return nullptr;
    }
    reference = std::move(*compiled);
  }
  return reference.get();
}

bool Driver::calibrate() {
  if (!trained)
    return fail("--calibrate simulates the network as trained: give it at "
                "the snn level (NIR, or an snn.graph in MLIR)");
  const sim::Simulator *reference = referenceModel();
  if (!reference)
    return false;
  auto input = sim::readSpikeInput(calibratePath, reference->inputs());
  if (!input)
    return fail(llvm::toString(input.takeError()));
  if (llvm::Error error = sim::calibrateActivity(*reference, *module, input->rows,
                                                 input->steps, *threads))
    return fail("--calibrate: " + llvm::toString(std::move(error)));
  return true;
}

bool Driver::simulate() {
  const std::string &model = options.convertDynapseToSim.model;
  // The unquantised network on the ideal chip; the deployed one on the
  // ideal chip (chip 0) and on the instances.
  CompileOptions ideal = options;
  ideal.convertDynapseToSim.mismatch = 0;
  ideal.convertDynapseToSim.instances = 0;
  auto before = sim::Simulator::compile(*unquantized, ideal);
  if (!before)
    return fail(llvm::toString(before.takeError()));
  auto after = sim::Simulator::compile(
      *module, options.convertDynapseToSim.instances ? options : ideal);
  if (!after)
    return fail(llvm::toString(after.takeError()));
  auto input = sim::readSpikeInput(simulatePath, (*before)->inputs());
  if (!input)
    return fail(llvm::toString(input.takeError()));
  std::vector<int64_t> labels;
  if (!labelsPath.empty()) {
    auto read = sim::readLabels(labelsPath, input->batches, (*after)->classes());
    if (!read)
      return fail(llvm::toString(read.takeError()));
    labels = std::move(*read);
  }
  auto a = (*before)->runBatches(input->rows, input->steps, false, *threads);
  auto b = (*after)->runBatches(input->rows, input->steps, false, *threads);
  llvm::raw_string_ostream os(fidelity);
  llvm::json::Object json{{"model", model},
                          {"samples", input->batches},
                          {"steps", input->steps}};
  if (trained) {
    const sim::Simulator *reference = referenceModel();
    if (!reference)
      return false;
    auto r = reference->runBatches(input->rows, input->steps, false, *threads);
    const sim::NetworkLayout &layout = reference->layout();
    double dt = reference->dt();
    sim::Agreement deployed = sim::compareToReference(r, b, layout, dt, labels);
    sim::Agreement converted = sim::compareToReference(r, a, layout, dt, labels);
    sim::printAgreement(os, deployed, "deployed (" + model + ", ideal chip)");
    sim::printAgreement(os, converted, "unquantised (" + model + ", ideal chip)");
    json["deployed_vs_reference"] = sim::agreementToJSON(deployed);
    json["unquantised_vs_reference"] = sim::agreementToJSON(converted);
    if (std::optional<llvm::json::Object> instances =
            simulateInstances(**after, *input, r, layout, dt, labels, os))
      json["deployed_instances_vs_reference"] = std::move(*instances);
  }
  os << "simulation (" << model << ", " << input->batches << " x " << input->steps
     << " steps), unquantised vs deployed:\n";
  sim::Fidelity f = sim::printFidelity(os, a, b, input->steps, (*before)->neurons(),
                                       (*before)->dt(), /*tau=*/0.01, /*listed=*/0);
  json["unquantised_vs_deployed"] =
      llvm::json::Object{{"count_correlation", f.countCorrelation},
                         {"van_rossum", f.vanRossum}};
  simulation = std::move(json);
  return true;
}

std::optional<llvm::json::Object> Driver::simulateInstances(
    const sim::Simulator &deployed, const sim::SpikeInput &input,
    llvm::ArrayRef<sim::Trace> r, const sim::NetworkLayout &layout, double dt,
    llvm::ArrayRef<int64_t> labels, llvm::raw_ostream &os) {
  if (deployed.chips() == 1)
    return std::nullopt;
  std::vector<sim::Agreement> agreements;
  std::vector<uint64_t> seeds;
  for (int64_t chip : deployed.instanceChips()) {
    auto run = deployed.runBatches(input.rows, input.steps, false, *threads, chip);
    agreements.push_back(sim::compareToReference(r, run, layout, dt, labels));
    seeds.push_back(options.convertDynapseToSim.seed + uint64_t(chip) - 1);
  }
  double mismatch = options.convertDynapseToSim.mismatch;
  sim::printInstances(os, agreements, seeds,
                      llvm::formatv("deployed ({0}, mismatch {1})",
                                    options.convertDynapseToSim.model, mismatch)
                          .str());
  llvm::json::Object json = sim::instancesToJSON(agreements, seeds);
  json["mismatch"] = mismatch;
  return json;
}

int Driver::run() {
  if (!simulatePath.empty() && options.convertDynapseToSim.model == "reference") {
    llvm::WithColor::error(llvm::errs(), "dynapse-compile")
        << "--simulate compares the chip's model against the reference "
           "model: give --model dynapsim or se2\n";
    return 1;
  }
  bool ok = stage("import", [&] { return import(); }) &&
            stage("convert", [&] {
              return runPasses([&](OpPassManager &pm) { populateConversionStage(pm, options); });
            }) &&
            stage("merge", [&] {
              if (!runPasses(populateMergeStage))
                return false;
              if (!simulatePath.empty())
                unquantized = module->clone();
              return true;
            }) &&
            (calibratePath.empty() || stage("calibrate", [&] { return calibrate(); })) &&
            stage("cluster", [&] {
              return runPasses([&](OpPassManager &pm) { populateClusterStage(pm, options); });
            }) &&
            stage("quantise weights", [&] {
              return runPasses([&](OpPassManager &pm) { populateWeightStage(pm, options); });
            }) &&
            stage("quantise currents", [&] { return runPasses(populateCurrentStage); }) &&
            stage("allocate", [&] {
              return runPasses([&](OpPassManager &pm) { populateAllocationStage(pm, options); });
            }) &&
            stage("emit", [&] { return emit(); }) &&
            (simulatePath.empty() || stage("simulate", [&] { return simulate(); }));
  if (!ok)
    return 1;
  Report stages = std::move(report);
  report = buildReport(*module);
  report.stages = std::move(stages.stages);
  report.simulation = std::move(simulation);
  if (!quiet) {
    printSummary(report, llvm::outs());
    llvm::outs() << fidelity;
  }
  if (!reportPath.empty()) {
    std::error_code error;
    llvm::ToolOutputFile file(reportPath, error, llvm::sys::fs::OF_Text);
    if (error) {
      llvm::WithColor::error(llvm::errs(), "dynapse-compile")
          << "cannot write " << reportPath << ": " << error.message() << "\n";
      return 1;
    }
    file.os() << llvm::formatv("{0:2}", reportToJSON(report)) << "\n";
    file.keep();
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  threads = &registerThreadsOption(
      category, "threads of the pass manager and the simulator (0: one per "
                "core); outputs do not depend on it");
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "dynapse-compile: a spiking network (NIR, MLIR or Rockpool spec) to a "
      "DYNAP-SE2 device image\n");
  // --simulate shows chip instances at the chip's mismatch level unless
  // told otherwise.
  CompileOptions defaults;
  defaults.convertDynapseToSim.mismatch = sim::kChipMismatch;
  defaults.convertDynapseToSim.instances = sim::kDefaultInstances;
  llvm::Expected<CompileOptions> options = pipelineOptions.get(defaults);
  if (!options) {
    llvm::WithColor::error(llvm::errs(), "dynapse-compile")
        << llvm::toString(options.takeError()) << "\n";
    return 1;
  }
  DialectRegistry registry;
  registerAllDialects(registry);
  // The pool outlives the context that uses it.
  std::unique_ptr<llvm::DefaultThreadPool> pool;
  if (*threads != 1)
    pool = std::make_unique<llvm::DefaultThreadPool>(
        llvm::hardware_concurrency(*threads));
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  if (pool)
    context.setThreadPool(*pool);
  context.loadAllAvailableDialects();
  // Errors without op dumps; remarks (per-core details) stay quiet.
  DiagnosticPrinter printer(context, llvm::errs());
  return Driver(context, std::move(*options)).run();
}
