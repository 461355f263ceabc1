//===- dynapse-compile.cpp - a network file to a DYNAP-SE2 image ----------===//
//
// dynapse-compile INPUT -o OUTPUT [--emit=image|samna-json|mlir|rockpool-spec]
//                 [--report REPORT.json] [--chips N] [pipeline options]
//
// INPUT is NIR (.nir), MLIR (.mlir) or a Rockpool spec (.json). Each stage
// prints one line with its time; a summary follows (docs/user-guide.md).
//
//===----------------------------------------------------------------------===//
#include "dynapse/InitAllDialects.h"
#include "dynapse/Pipeline/Pipeline.h"
#include "dynapse/Pipeline/Report.h"
#include "dynapse/Simulation/Fidelity.h"
#include "dynapse/Simulation/SimInput.h"
#include "dynapse/Support/SafeParse.h"
#include "dynapse/Support/ThreadsOption.h"
#include "dynapse/Target/Image/Image.h"
#include "dynapse/Target/NIR/NIR.h"
#include "dynapse/Target/RockpoolSpec/RockpoolSpec.h"
#include "dynapse/Target/Samna/Samna.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
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
    cl::desc("simulate the unquantised and the deployed network on this input "
             "and print their fidelity"));
cl::opt<unsigned> *threads = nullptr; // registered in main()
cl::opt<bool> quiet("quiet", cl::desc("print nothing but errors"), cl::cat(category));

// Pipeline options, named as the passes name them.
cl::opt<double> rGainMem("r-gain-mem", cl::init(4.0), cl::cat(category));
cl::opt<double> rGainSyn("r-gain-syn", cl::init(100.0), cl::cat(category));
cl::opt<double> tPulse("t-pulse", cl::init(1e-5), cl::cat(category));
cl::opt<double> tRef("t-ref", cl::init(1e-3), cl::cat(category));
cl::opt<double> cPulse("c-pulse", cl::init(5e-13), cl::cat(category));
cl::opt<double> cRef("c-ref", cl::init(1.5e-12), cl::cat(category));
cl::opt<double> cMem("c-mem", cl::init(3e-12), cl::cat(category));
cl::opt<double> cSyn("c-syn", cl::init(2.5e-11), cl::cat(category));
cl::opt<double> iscale("iscale", cl::init(1e-8), cl::cat(category));
cl::opt<double> lifTauSyn("lif-tau-syn", cl::init(0.0), cl::cat(category));
cl::opt<double> ifTauMem("if-tau-mem", cl::init(1.0), cl::cat(category));
cl::opt<std::string> method("method", cl::desc("clustering: greedy, random or parameter"),
                            cl::init("parameter"), cl::cat(category));
cl::opt<unsigned> chips("chips", cl::desc("chips on the board"), cl::init(4),
                        cl::cat(category));
cl::opt<unsigned> cores("cores", cl::desc("use exactly this many cores (0: choose)"),
                        cl::init(0), cl::cat(category));
cl::opt<unsigned> maxNeuronsPerCore("max-neurons-per-core", cl::init(256),
                                    cl::cat(category));
cl::opt<uint64_t> seed("seed", cl::init(0), cl::cat(category));
cl::opt<bool> realisable("realisable", cl::init(true), cl::cat(category));
cl::opt<bool> keepConnections("keep-connections", cl::init(false), cl::cat(category));
cl::opt<uint64_t> weightSeed("weight-seed", cl::init(0), cl::cat(category));
cl::opt<std::string> chipGrid("chip-grid", cl::init("2x2"), cl::cat(category));
cl::opt<double> nirDt("nir-dt", cl::desc("time step (s) of the NIR exporter"),
                      cl::init(0.0), cl::cat(category));
cl::opt<nir::Convention> nirConvention(
    "nir-convention", cl::desc("how the NIR exporter encoded dt"),
    cl::values(clEnumValN(nir::Convention::Auto, "auto", ""),
               clEnumValN(nir::Convention::NIR, "nir", ""),
               clEnumValN(nir::Convention::SNNTorch, "snntorch", ""),
               clEnumValN(nir::Convention::Norse, "norse", ""),
               clEnumValN(nir::Convention::Rockpool, "rockpool", "")),
    cl::init(nir::Convention::Auto), cl::cat(category));

DeployOptions deployOptions() {
  DeployOptions options;
  options.rGainMem = rGainMem, options.rGainSyn = rGainSyn;
  options.tPulse = tPulse, options.tRef = tRef, options.cPulse = cPulse;
  options.cRef = cRef, options.cMem = cMem, options.cSyn = cSyn;
  options.iscale = iscale, options.lifTauSyn = lifTauSyn, options.ifTauMem = ifTauMem;
  options.method = method, options.chips = chips, options.cores = cores;
  options.maxNeuronsPerCore = maxNeuronsPerCore, options.seed = seed;
  options.realisable = realisable, options.keepConnections = keepConnections;
  options.weightSeed = weightSeed, options.chipGrid = chipGrid;
  return options;
}

enum class Format { NIR, MLIR, Spec };

Format inputFormat(StringRef path, StringRef bytes) {
  if (path.ends_with(".nir") || bytes.starts_with("\x89HDF"))
    return Format::NIR;
  if (path.ends_with(".json") || bytes.ltrim().starts_with("{"))
    return Format::Spec;
  return Format::MLIR;
}

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
  explicit Driver(MLIRContext &context) : context(context) {}
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
  /// Simulates `unquantised` and the deployed module on --simulate's input.
  bool simulate();

  OwningOpRef<ModuleOp> unquantised;
  std::string fidelity;

  MLIRContext &context;
  OwningOpRef<ModuleOp> module;
  Report report;
};

bool Driver::import() {
  auto buffer = llvm::MemoryBuffer::getFile(inputPath, /*IsText=*/false);
  if (!buffer) {
    llvm::WithColor::error(llvm::errs(), "dynapse-compile")
        << "cannot read " << inputPath << ": " << buffer.getError().message() << "\n";
    return false;
  }
  StringRef bytes = (*buffer)->getBuffer();
  switch (inputFormat(inputPath, bytes)) {
  case Format::NIR: {
    nir::ImportOptions options;
    options.convention = nirConvention;
    if (nirDt.getNumOccurrences())
      options.dt = nirDt;
    module = nir::importNIR(bytes, inputPath, &context, options);
    break;
  }
  case Format::Spec:
    module = rockpool::importSpec(bytes, inputPath, &context);
    break;
  case Format::MLIR: {
    llvm::SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
    module = parseModule(sourceMgr, &context);
    break;
  }
  }
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

bool Driver::simulate() {
  auto fail = [](const llvm::Twine &message) {
    llvm::WithColor::error(llvm::errs(), "dynapse-compile") << message << "\n";
    return false;
  };
  auto before = sim::Simulator::compile(*unquantised, {});
  if (!before)
    return fail(llvm::toString(before.takeError()));
  auto after = sim::Simulator::compile(*module, {});
  if (!after)
    return fail(llvm::toString(after.takeError()));
  auto input = sim::readSpikeInput(simulatePath, (*before)->inputs());
  if (!input)
    return fail(llvm::toString(input.takeError()));
  auto a = (*before)->runBatches(input->rows, input->steps, false, *threads);
  auto b = (*after)->runBatches(input->rows, input->steps, false, *threads);
  llvm::raw_string_ostream os(fidelity);
  os << "simulation (dynapsim, " << input->batches << " x " << input->steps
     << " steps), unquantised vs deployed:\n";
  sim::printFidelity(os, a, b, input->steps, (*before)->neurons(),
                     (*before)->dt(), /*tau=*/0.01, /*listed=*/0);
  return true;
}

int Driver::run() {
  DeployOptions options = deployOptions();
  bool ok = stage("import", [&] { return import(); }) &&
            stage("convert", [&] {
              return runPasses([&](OpPassManager &pm) { populateConversionStage(pm, options); });
            }) &&
            stage("merge", [&] {
              if (!runPasses(populateMergeStage))
                return false;
              if (!simulatePath.empty())
                unquantised = module->clone();
              return true;
            }) &&
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
  // Errors are printed as `file:line:col: error: ...`, without the op dump
  // MLIR adds by default; remarks (per-core details) stay quiet. The handler
  // registered last sees a diagnostic first.
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler printer(sourceMgr, &context);
  context.getDiagEngine().registerHandler([](Diagnostic &diagnostic) {
    return success(diagnostic.getSeverity() == DiagnosticSeverity::Remark);
  });
  return Driver(context).run();
}
