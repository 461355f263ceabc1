//===- Evaluation.cpp - chip models against the network as trained --------===//
#include "dynapse/Simulation/Evaluation.h"

#include "llvm/Support/Format.h"

using namespace dynapse;
using namespace dynapse::sim;

ChipRuns sim::runChips(const Simulator &simulator, const SpikeInput &input,
                       bool record, unsigned threads,
                       const CompileOptions &options,
                       std::vector<int64_t> chips) {
  ChipRuns runs;
  runs.chips = chips.empty() ? simulator.instanceChips() : std::move(chips);
  uint64_t seed = options.convertDynapseToSim.seed;
  for (int64_t chip : runs.chips) {
    // Chip k of the instances is seed + k - 1; a lone chip is the seed's.
    runs.seeds.push_back(chip == 0 ? seed : seed + uint64_t(chip) - 1);
    runs.traces.push_back(
        simulator.runBatches(input.values, input.batches, input.steps,
                             record, threads, chip));
  }
  return runs;
}

std::vector<Agreement> sim::compareChips(const Simulator &reference,
                                         llvm::ArrayRef<Trace> referenceTraces,
                                         const ChipRuns &runs,
                                         llvm::ArrayRef<int64_t> labels) {
  std::vector<Agreement> agreements;
  for (const std::vector<Trace> &traces : runs.traces)
    agreements.push_back(compareToReference(referenceTraces, traces,
                                            reference.layout(), reference.dt(),
                                            labels));
  return agreements;
}

void sim::printChipAgreements(llvm::raw_ostream &os,
                              llvm::ArrayRef<Agreement> agreements,
                              const ChipRuns &runs, llvm::StringRef what) {
  if (agreements.size() == 1 && runs.chips.front() == 0)
    return printAgreement(os, agreements.front(), what);
  printInstances(os, agreements, runs.seeds, what);
}

llvm::json::Object sim::instancesReport(llvm::ArrayRef<Agreement> agreements,
                                        const ChipRuns &runs,
                                        const CompileOptions &options) {
  llvm::json::Object json = instancesToJSON(agreements, runs.seeds);
  json["mismatch"] = options.convertDynapseToSim.mismatch;
  return json;
}

void sim::printAccuracies(llvm::raw_ostream &os, const Simulator &simulator,
                          const ChipRuns &runs, llvm::ArrayRef<int64_t> labels) {
  std::string model = simulator.model().str();
  std::vector<double> accuracies;
  for (const std::vector<Trace> &traces : runs.traces)
    accuracies.push_back(accuracy(decisions(traces, simulator.layout()), labels));
  if (accuracies.size() == 1 && runs.chips.front() == 0) {
    os << llvm::format("accuracy %.4f (%lld samples, model %s)\n",
                       accuracies.front(), (long long)labels.size(),
                       model.c_str());
    return;
  }
  os << "accuracy of " << accuracies.size() << " chip instances ("
     << labels.size() << " samples, model " << model << "):";
  for (auto [value, seed] : llvm::zip(accuracies, runs.seeds))
    os << llvm::format(" seed %llu %.4f,", (unsigned long long)seed, value);
  Spread spread = spreadOf(accuracies);
  os << llvm::format(" mean %.4f, worst %.4f, spread %.4f\n", spread.mean,
                     spread.worst, spread.spread);
}
