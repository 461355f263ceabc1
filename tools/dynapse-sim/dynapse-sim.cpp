//===- dynapse-sim.cpp - simulate a network with the JIT-compiled kernel --===//
//
// dynapse-sim NETWORK --input IN.npy --output OUT.npy [--record imem,vmem
// --record-dir DIR] [--model dynapsim|se2] [--dt S] [--threads N]
// [--mismatch F --seed S [--instances K]] [--compare OTHER_NETWORK]
// [--labels LABELS.npy]
//
// NETWORK is .mlir (snn or dynapse, any stage), a NIR file, a Rockpool spec
// JSON or a device image. With --instances K > 1 every output array gains a
// leading axis of the K chip instances (seeds S .. S+K-1).
//
//===----------------------------------------------------------------------===//
#include "dynapse/Conversion/DynapseToSim/SimulationKernel.h"
#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Driver/Driver.h"
#include "dynapse/InitAllDialects.h"
#include "dynapse/Simulation/Fidelity.h"
#include "dynapse/Simulation/SimInput.h"
#include "dynapse/Simulation/Simulator.h"
#include "dynapse/Support/Npy.h"
#include "dynapse/Support/ThreadsOption.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

#include <chrono>
#include <cmath>

using namespace mlir;
using namespace dynapse;
namespace cl = llvm::cl;

namespace {

cl::OptionCategory category("dynapse-sim options");
cl::opt<std::string> networkPath(cl::Positional, cl::Required,
                                 cl::desc("<network.mlir|.nir|.json|.dse2>"),
                                 cl::cat(category));
cl::opt<std::string> inputPath("input", cl::Required, cl::cat(category),
                               cl::desc("input spike counts, .npy (T, Nin) or (B, T, Nin)"));
cl::opt<std::string> outputPath("output", cl::Required, cl::cat(category),
                                cl::desc("output spike counts, float32 .npy"));
cl::list<std::string> recordList("record", cl::CommaSeparated, cl::cat(category),
                                 cl::desc("states to record: imem,vmem,isyn,iahp "
                                          "(se2 also iampa,igaba,inmda,ishunt)"));
cl::opt<std::string> recordDir("record-dir", cl::init("."), cl::cat(category),
                               cl::desc("where DIR/<state>.npy go"));
cl::opt<unsigned> *threads = nullptr; // registered in main()
// The reading, conversion and simulation options, named as the passes name
// them (--model, --dt, --mismatch, --seed, ...), from the option table.
CommandLineOptions networkOptions(category,
                                  {"input", "convert-snn-to-dynapse",
                                   "convert-dynapse-to-sim",
                                   "convert-snn-to-sim"},
                                  CommandLineOptions::Naming::Pass);
CompileOptions options;
cl::opt<std::string> comparePath(
    "compare", cl::cat(category),
    cl::desc("simulate this network too (e.g. the deployed image) and print "
             "how both compute what the reference model of NETWORK does, "
             "then how they differ"));
cl::opt<std::string> labelsPath(
    "labels", cl::value_desc("LABELS.npy"), cl::cat(category),
    cl::desc("one class (output neuron) per batch element: print accuracies"));
cl::opt<bool> timing("timing", cl::cat(category),
                     cl::desc("print compile and simulation times to stderr"));
cl::opt<double> vanRossumTau("van-rossum-tau", cl::init(0.01), cl::cat(category),
                             cl::desc("kernel time constant (s) of --compare"));

int fail(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "dynapse-sim") << message << "\n";
  return 1;
}

/// Writes a float32 .npy of all chips' batches, atomically:
/// `writeBatch(c, b, os)` writes chip run c's batch b, steps x width values.
/// More than one chip run adds a leading axis.
bool writeArray(
    StringRef path, const sim::SpikeInput &input, int64_t width, size_t runs,
    llvm::function_ref<void(size_t, size_t, llvm::raw_ostream &)> writeBatch) {
  std::vector<int64_t> shape = {input.steps, width};
  if (input.batched)
    shape.insert(shape.begin(), input.batches);
  if (runs > 1)
    shape.insert(shape.begin(), int64_t(runs));
  std::string error;
  auto file = openOutputFile(path, &error);
  if (!file)
    return fail(error), false;
  npy::writeFloat32Header(file->os(), shape);
  for (size_t c = 0; c < runs; ++c)
    for (int64_t b = 0; b < input.batches; ++b)
      writeBatch(c, size_t(b), file->os());
  file->keep();
  return true;
}

/// The seed of each chip that `simulator` runs (chip k: --seed + k - 1).
std::vector<uint64_t> chipSeeds(llvm::ArrayRef<int64_t> chips) {
  std::vector<uint64_t> seeds;
  for (int64_t chip : chips)
    seeds.push_back(options.convertDynapseToSim.seed + uint64_t(chip) -
                    (chip > 0 ? 1 : 0));
  return seeds;
}

/// `simulator`'s runs of `input`, one per chip of instanceChips().
std::vector<std::vector<sim::Trace>> runChips(const sim::Simulator &simulator,
                                              const sim::SpikeInput &input,
                                              bool record) {
  std::vector<std::vector<sim::Trace>> runs;
  for (int64_t chip : simulator.instanceChips())
    runs.push_back(
        simulator.runBatches(input.rows, input.steps, record, *threads, chip));
  return runs;
}

/// Writes the dense steps x neurons counts of `train`, a block of steps at a
/// time: the dense array never exists whole.
void writeDense(const sim::SpikeTrain &train, llvm::raw_ostream &os) {
  constexpr int64_t kBlockSteps = 256;
  int64_t n = train.neurons();
  std::vector<float> block(size_t(std::min(train.steps(), kBlockSteps) * n));
  for (int64_t first = 0; first < train.steps(); first += kBlockSteps) {
    int64_t count = std::min(kBlockSteps, train.steps() - first);
    train.fillDense(first, count, block.data());
    npy::writeFloat32Values(os, llvm::ArrayRef(block.data(), count * n));
  }
}

std::unique_ptr<sim::Simulator> compileModule(StringRef path, ModuleOp module,
                                              const CompileOptions &options) {
  auto simulator = sim::Simulator::compile(module, options);
  if (!simulator) {
    fail(path + ": " + llvm::toString(simulator.takeError()));
    return nullptr;
  }
  return std::move(*simulator);
}

std::unique_ptr<sim::Simulator> compileNetwork(StringRef path,
                                               MLIRContext &context) {
  OwningOpRef<ModuleOp> module = loadNetworkFile(path, &context, options.input);
  if (!module)
    return nullptr;
  return compileModule(path, *module, options);
}

/// Both simulators step the same neurons at the same dt.
bool checkComparable(const sim::Simulator &a, StringRef pathA,
                     const sim::Simulator &b, StringRef pathB) {
  if (a.dt() != b.dt())
    return fail("--compare: " + pathB + " steps " + std::to_string(b.dt()) +
                " s, " + pathA + " " + std::to_string(a.dt()) + " s; give --dt"),
           false;
  if (a.neurons() != b.neurons() || a.inputs() != b.inputs())
    return fail("--compare: " + pathB + " has " + llvm::Twine(b.neurons()) +
                " neurons and " + llvm::Twine(b.inputs()) + " inputs; " +
                pathA + " has " + llvm::Twine(a.neurons()) + " and " +
                llvm::Twine(a.inputs())),
           false;
  return true;
}

/// Prints how each of `runs` (one per chip instance, or one) computes what
/// `reference` does.
void printAgainstReference(const sim::Simulator &reference,
                           llvm::ArrayRef<sim::Trace> referenceTraces,
                           const sim::Simulator &simulator,
                           llvm::ArrayRef<std::vector<sim::Trace>> runs,
                           llvm::ArrayRef<int64_t> labels, StringRef what) {
  std::vector<sim::Agreement> agreements;
  for (const std::vector<sim::Trace> &run : runs)
    agreements.push_back(sim::compareToReference(
        referenceTraces, run, reference.layout(), reference.dt(), labels));
  if (simulator.chips() == 1)
    return sim::printAgreement(llvm::outs(), agreements.front(), what);
  sim::printInstances(llvm::outs(), agreements,
                      chipSeeds(simulator.instanceChips()), what);
}

/// --compare: OTHER, and NETWORK, against the reference model of NETWORK
/// when NETWORK is the trained (snn-level) network; then NETWORK vs OTHER
/// (on the first chip of each).
int compare(MLIRContext &context, ModuleOp network,
            const sim::Simulator &simulator,
            llvm::ArrayRef<std::vector<sim::Trace>> runs,
            const sim::SpikeInput &input, llvm::ArrayRef<int64_t> labels) {
  auto other = compileNetwork(comparePath, context);
  if (!other || !checkComparable(simulator, networkPath, *other, comparePath))
    return 1;
  auto otherRuns = runChips(*other, input, false);
  std::string model = options.convertDynapseToSim.model;
  if (!network.getOps<snn::GraphOp>().empty() && model != "reference") {
    CompileOptions referenceOptions = options;
    referenceOptions.convertDynapseToSim.model = "reference";
    auto reference = compileModule(networkPath, network, referenceOptions);
    if (!reference ||
        !checkComparable(*reference, networkPath + " (reference)", *other,
                         comparePath))
      return 1;
    auto referenceTraces =
        reference->runBatches(input.rows, input.steps, false, *threads);
    printAgainstReference(*reference, referenceTraces, *other, otherRuns,
                          labels, comparePath + " (" + model + ")");
    printAgainstReference(*reference, referenceTraces, simulator, runs, labels,
                          networkPath + " (" + model + ")");
  }
  sim::printFidelity(llvm::outs(), runs.front(), otherRuns.front(), input.steps,
                     simulator.neurons(), simulator.dt(), vanRossumTau);
  return 0;
}

/// --labels: the accuracy of each chip run, and their spread.
void printAccuracies(const sim::Simulator &simulator,
                     llvm::ArrayRef<std::vector<sim::Trace>> runs,
                     llvm::ArrayRef<int64_t> labels) {
  const std::string &model = options.convertDynapseToSim.model;
  std::vector<double> accuracies;
  for (const std::vector<sim::Trace> &run : runs)
    accuracies.push_back(
        sim::accuracy(sim::decisions(run, simulator.layout()), labels));
  if (runs.size() == 1) {
    llvm::outs() << llvm::format("accuracy %.4f (%lld samples, model %s)\n",
                                 accuracies.front(), (long long)labels.size(),
                                 model.c_str());
    return;
  }
  llvm::outs() << "accuracy of " << runs.size() << " chip instances ("
               << labels.size() << " samples, model " << model << "):";
  for (auto [accuracy, seed] :
       llvm::zip(accuracies, chipSeeds(simulator.instanceChips())))
    llvm::outs() << llvm::format(" seed %llu %.4f,", (unsigned long long)seed,
                                 accuracy);
  sim::Spread spread = sim::spreadOf(accuracies);
  llvm::outs() << llvm::format(" mean %.4f, worst %.4f, spread %.4f\n",
                               spread.mean, spread.worst, spread.spread);
}

int run(MLIRContext &context) {
  if (!(vanRossumTau > 0))
    return fail("--van-rossum-tau must be positive");
  // Kept: --compare builds the reference model from it too.
  OwningOpRef<ModuleOp> network =
      loadNetworkFile(networkPath, &context, options.input);
  if (!network)
    return 1;
  auto simulator = compileModule(networkPath, *network, options);
  if (!simulator)
    return 1;
  auto input = sim::readSpikeInput(inputPath, simulator->inputs());
  if (!input)
    return fail(llvm::toString(input.takeError()));
  std::vector<size_t> recorded;
  for (const std::string &name : recordList) {
    auto found = llvm::find(simulator->recordNames(), name);
    if (found == simulator->recordNames().end())
      return fail("--record: model '" + options.convertDynapseToSim.model +
                  "' has no state '" + name +
                  "'; it records " +
                  llvm::join(simulator->recordNames(), ", "));
    recorded.push_back(found - simulator->recordNames().begin());
  }
  auto start = std::chrono::steady_clock::now();
  auto runs = runChips(*simulator, *input, !recorded.empty());
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (timing) {
    double updates = double(simulator->neurons()) * input->steps *
                     input->batches * double(runs.size());
    llvm::errs() << llvm::format(
        "compile %.4f s, simulate %.6f s: %.4g neuron-updates/s, real-time "
        "factor %.4g\n",
        simulator->compileSeconds(), seconds, updates / seconds,
        input->steps * input->batches * runs.size() * simulator->dt() / seconds);
  }
  int64_t n = simulator->neurons();
  size_t planeSize = size_t(input->steps * n);
  auto writeSpikes = [&](size_t c, size_t b, llvm::raw_ostream &os) {
    writeDense(runs[c][b].spikes, os);
  };
  if (!writeArray(outputPath, *input, n, runs.size(), writeSpikes))
    return 1;
  if (!recorded.empty())
    llvm::sys::fs::create_directories(recordDir);
  for (size_t r : recorded) {
    llvm::SmallString<128> path(recordDir);
    llvm::sys::path::append(path, simulator->recordNames()[r] + ".npy");
    auto writeRecord = [&](size_t c, size_t b, llvm::raw_ostream &os) {
      npy::writeFloat32Values(
          os,
          llvm::ArrayRef(runs[c][b].records).slice(r * planeSize, planeSize));
    };
    if (!writeArray(path, *input, n, runs.size(), writeRecord))
      return 1;
  }
  std::vector<int64_t> labels;
  if (!labelsPath.empty()) {
    auto read = sim::readLabels(labelsPath, input->batches, simulator->classes());
    if (!read)
      return fail(llvm::toString(read.takeError()));
    labels = std::move(*read);
    printAccuracies(*simulator, runs, labels);
  }
  if (comparePath.empty())
    return 0;
  return compare(context, *network, *simulator, runs, *input, labels);
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  threads = &registerThreadsOption(category, "batch threads (0: one per core)");
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "dynapse-sim: JIT-compiled DYNAP-SE2 simulation\n");
  llvm::Expected<CompileOptions> given = networkOptions.get();
  if (!given)
    return fail(llvm::toString(given.takeError()));
  options = std::move(*given);
  DialectRegistry registry;
  registerAllDialects(registry);
  kernel::registerKernelDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  DiagnosticPrinter printer(context, llvm::errs());
  return run(context);
}
