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
#include "dynapse/Conversion/DynapseToSim/Models.h"
#include "dynapse/Conversion/DynapseToSim/SimulationKernel.h"
#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Driver/Compiler.h"
#include "dynapse/Driver/Driver.h"
#include "dynapse/InitAllDialects.h"
#include "dynapse/Simulation/Evaluation.h"
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
#include "llvm/Support/Timer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

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
cl::opt<bool> quiet("quiet", cl::cat(category),
                    cl::desc("print no remark (the NIR convention and dt "
                             "the import assumed)"));
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
  // A batch's blocks are small (one sample's steps): written through a
  // buffer, a 500-sample test set's 10 MB take 10 writes, not 500.
  file->os().SetBufferSize(size_t(1) << 20);
  npy::writeFloat32Header(file->os(), shape);
  for (size_t c = 0; c < runs; ++c)
    for (int64_t b = 0; b < input.batches; ++b)
      writeBatch(c, size_t(b), file->os());
  file->keep();
  return true;
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

DriverSettings driverSettings() {
  DriverSettings settings;
  settings.threads = *threads;
  settings.onError = [](const llvm::Twine &message) { fail(message); };
  // The guesses that decide every number (the NIR convention and dt).
  if (!quiet)
    settings.onImportRemark = [](const std::string &remark) {
      llvm::errs() << remark << "\n";
    };
  return settings;
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

/// --compare: OTHER, and NETWORK, against the reference model of NETWORK
/// when NETWORK is the trained (snn-level) network; then NETWORK vs OTHER
/// (on the first chip of each).
int compare(MLIRContext &context, Compiler &network, const sim::ChipRuns &runs,
            const sim::SpikeInput &input, llvm::ArrayRef<int64_t> labels) {
  Compiler otherNetwork(context, options, driverSettings());
  if (failed(otherNetwork.loadFile(comparePath)))
    return 1;
  const sim::Simulator *simulator = network.simulator();
  const sim::Simulator *other = otherNetwork.simulator(input.batches);
  if (!other || !checkComparable(*simulator, networkPath, *other, comparePath))
    return 1;
  const sim::ChipRuns otherRuns =
      sim::runChips(*other, input, false, *threads, options);
  const std::string &model = options.convertDynapseToSim.model;
  if (!network.module().getOps<snn::GraphOp>().empty() &&
      !sim::isReferenceModel(model)) {
    const sim::Simulator *reference =
        network.referenceModel("the reference model", input.batches);
    if (!reference ||
        !checkComparable(*reference, networkPath + " (reference)", *other,
                         comparePath))
      return 1;
    auto referenceTraces =
        reference->runBatches(input.values, input.batches, input.steps, false, *threads);
    for (auto [path, chipRuns] : {std::pair(StringRef(comparePath), &otherRuns),
                                  std::pair(StringRef(networkPath), &runs)})
      sim::printChipAgreements(
          llvm::outs(),
          sim::compareChips(*reference, referenceTraces, *chipRuns, labels),
          *chipRuns, (path + " (" + model + ")").str());
  }
  sim::printFidelity(llvm::outs(), runs.traces.front(),
                     otherRuns.traces.front(), input.steps,
                     simulator->neurons(), simulator->dt(), vanRossumTau);
  return 0;
}

/// Writes OUT.npy and the --record files of `runs`.
bool writeOutputs(const sim::Simulator &simulator, const sim::ChipRuns &runs,
                  const sim::SpikeInput &input,
                  llvm::ArrayRef<size_t> recorded) {
  int64_t n = simulator.neurons();
  size_t planeSize = size_t(input.steps * n), chips = runs.traces.size();
  auto writeSpikes = [&](size_t c, size_t b, llvm::raw_ostream &os) {
    writeDense(runs.traces[c][b].spikes, os);
  };
  if (!writeArray(outputPath, input, n, chips, writeSpikes))
    return false;
  if (!recorded.empty())
    llvm::sys::fs::create_directories(recordDir);
  for (size_t r : recorded) {
    llvm::SmallString<128> path(recordDir);
    llvm::sys::path::append(path, simulator.recordNames()[r] + ".npy");
    auto writeRecord = [&](size_t c, size_t b, llvm::raw_ostream &os) {
      npy::writeFloat32Values(os, llvm::ArrayRef(runs.traces[c][b].records)
                                      .slice(r * planeSize, planeSize));
    };
    if (!writeArray(path, input, n, chips, writeRecord))
      return false;
  }
  return true;
}

int run(MLIRContext &context) {
  if (!(vanRossumTau > 0))
    return fail("--van-rossum-tau must be positive");
  Compiler network(context, options, driverSettings());
  if (failed(network.loadFile(networkPath)))
    return 1;
  // The input first: its batch picks the kernel to compile.
  auto input = sim::readSpikeInput(inputPath);
  if (!input)
    return fail(llvm::toString(input.takeError()));
  const sim::Simulator *simulator = network.simulator(input->batches);
  if (!simulator)
    return 1;
  if (llvm::Error error =
          sim::checkWidth(*input, simulator->inputs(), inputPath))
    return fail(llvm::toString(std::move(error)));
  std::vector<size_t> recorded;
  for (const std::string &name : recordList) {
    llvm::Expected<size_t> index = simulator->recordIndex(name);
    if (!index)
      return fail("--record: " + llvm::toString(index.takeError()));
    recorded.push_back(*index);
  }
  double start = llvm::TimeRecord::getCurrentTime(true).getWallTime();
  sim::ChipRuns runs =
      sim::runChips(*simulator, *input, !recorded.empty(), *threads, options);
  double seconds = llvm::TimeRecord::getCurrentTime(true).getWallTime() - start;
  if (timing) {
    double updates = double(simulator->neurons()) * input->steps *
                     input->batches * double(runs.chips.size());
    llvm::errs() << llvm::format(
        "compile %.4f s%s, simulate %.6f s: %.4g neuron-updates/s, real-time "
        "factor %.4g; %lld sample%s per kernel call\n",
        simulator->compileSeconds(),
        simulator->fromCache() ? " (kernel cache)" : "", seconds,
        updates / seconds,
        input->steps * input->batches * runs.chips.size() * simulator->dt() /
            seconds,
        (long long)simulator->sampleLanes(),
        simulator->sampleLanes() == 1 ? "" : "s");
  }
  if (!writeOutputs(*simulator, runs, *input, recorded))
    return 1;
  std::vector<int64_t> labels;
  if (!labelsPath.empty()) {
    auto read = sim::readLabels(labelsPath, input->batches, simulator->classes());
    if (!read)
      return fail(llvm::toString(read.takeError()));
    labels = std::move(*read);
    sim::printAccuracies(llvm::outs(), *simulator, runs, labels);
  }
  if (comparePath.empty())
    return 0;
  return compare(context, network, runs, *input, labels);
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
