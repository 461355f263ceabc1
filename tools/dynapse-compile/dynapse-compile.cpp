//===- dynapse-compile.cpp - a network file to a DYNAP-SE2 image ----------===//
//
// dynapse-compile INPUT -o OUTPUT [--emit=image|samna-json|mlir|rockpool-spec]
//                 [--report REPORT.json] [--chips N] [pipeline options]
//
// INPUT is NIR (.nir), MLIR (.mlir) or a Rockpool spec (.json). Each stage
// prints one line with its time; a summary follows (docs/user-guide.md).
// A thin shell around dynapse::Compiler (lib/Driver): arguments in, the
// driver's results out.
//
//===----------------------------------------------------------------------===//
#include "dynapse/Driver/Compiler.h"
#include "dynapse/Driver/Driver.h"
#include "dynapse/InitAllDialects.h"
#include "dynapse/Pipeline/Report.h"
#include "dynapse/Simulation/Fidelity.h"
#include "dynapse/Simulation/SimInput.h"
#include "dynapse/Support/ThreadsOption.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

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

EmitKind outputKind() {
  switch (emitKind) {
  case Emit::Image:
    return EmitKind::Image;
  case Emit::Samna:
    return EmitKind::Samna;
  case Emit::MLIR:
    return EmitKind::MLIR;
  case Emit::Spec:
    return EmitKind::RockpoolSpec;
  case Emit::Auto:
    break;
  }
  StringRef path = outputPath;
  if (path.ends_with(".mlir"))
    return EmitKind::MLIR;
  if (path.ends_with(".json"))
    return EmitKind::Samna;
  return EmitKind::Image;
}

bool fail(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "dynapse-compile") << message << "\n";
  return false;
}

/// Writes the output (and samna's channel map beside it) through the
/// driver; nothing stays behind on failure.
bool emit(Compiler &compiler) {
  std::string error;
  auto output = openOutputFile(outputPath, &error);
  if (!output)
    return fail("cannot write " + outputPath + ": " + error);
  EmitKind kind = outputKind();
  std::string channels;
  llvm::raw_string_ostream channelStream(channels);
  if (failed(compiler.emit(kind, output->os(), &channelStream)))
    return false;
  if (kind == EmitKind::Samna) {
    StringRef base = outputPath;
    base.consume_back(".json");
    std::string path = (base + ".channels.json").str();
    auto channelFile = openOutputFile(path, &error);
    if (!channelFile)
      return fail("cannot write " + path + ": " + error);
    channelFile->os() << channels;
    channelFile->keep();
  }
  output->keep();
  return true;
}

bool writeReport(const Report &report) {
  std::string error;
  auto file = openOutputFile(reportPath, &error);
  if (!file)
    return fail("cannot write " + reportPath + ": " + error);
  file->os() << llvm::formatv("{0:2}", reportToJSON(report)) << "\n";
  file->keep();
  return true;
}

int run(MLIRContext &context, CompileOptions options) {
  DriverSettings settings;
  settings.commandLineInstruments = true;
  settings.threads = *threads;
  settings.onError = [](const llvm::Twine &message) { fail(message); };
  // The guesses that decide every number (the NIR convention and dt).
  if (!quiet)
    settings.onImportRemark = [](const std::string &remark) {
      llvm::errs() << remark << "\n";
    };
  if (!quiet)
    settings.onStage = [](const StageTime &stage, bool succeeded) {
      llvm::outs() << llvm::format("[%-17s] %8.3f s%s\n", stage.name.c_str(),
                                   stage.seconds, succeeded ? "" : "  failed");
    };
  Compiler compiler(context, std::move(options), std::move(settings));
  if (failed(compiler.loadFile(inputPath)))
    return 1;
  if (!simulatePath.empty() && failed(compiler.keepForSimulation()))
    return 1;
  if (!calibratePath.empty()) {
    const sim::Simulator *reference = compiler.referenceModel("--calibrate");
    if (!reference)
      return 1;
    auto input = sim::readSpikeInput(calibratePath, reference->inputs());
    if (!input)
      return fail(llvm::toString(input.takeError())), 1;
    compiler.calibrateOn(std::move(*input));
  }
  if (failed(compiler.deploy()) || !emit(compiler))
    return 1;
  std::optional<SimulationReport> simulation;
  if (!simulatePath.empty()) {
    // The input first: its batch picks the kernels to compile.
    auto spikes = sim::readSpikeInput(simulatePath);
    if (!spikes)
      return fail(llvm::toString(spikes.takeError())), 1;
    SimulationInput input;
    input.batch = spikes->batches;
    input.spikes = [&](int64_t width) -> llvm::Expected<sim::SpikeInput> {
      if (llvm::Error error = sim::checkWidth(*spikes, width, simulatePath))
        return std::move(error);
      return std::move(*spikes);
    };
    if (!labelsPath.empty())
      input.labels = [](int64_t batches, int64_t classes) {
        return sim::readLabels(labelsPath, batches, classes);
      };
    simulation = compiler.simulate(input);
    if (!simulation)
      return 1;
  }
  Report report = compiler.report();
  if (!quiet) {
    printSummary(report, llvm::outs());
    if (simulation)
      llvm::outs() << simulation->text;
  }
  if (!reportPath.empty() && !writeReport(report))
    return 1;
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // MLIR's own instruments: --mlir-timing, --mlir-print-ir-*, reproducers.
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
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
  return run(context, std::move(*options));
}
