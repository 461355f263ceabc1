//===- Evaluation.h - chip models against the network as trained -*- C++ -*-===//
//
// The one flow behind dynapse-compile --simulate, dynapse-sim --compare and
// --labels, the Python fidelity() and the C API: run a simulator on each
// chip it holds (the ideal chip and the chip instances), compare each run
// against the reference model's, and report the agreements as text or JSON.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_SIMULATION_EVALUATION_H
#define DYNAPSE_SIMULATION_EVALUATION_H

#include "dynapse/Pipeline/Options.h"
#include "dynapse/Simulation/Fidelity.h"
#include "dynapse/Simulation/SimInput.h"
#include "dynapse/Simulation/Simulator.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <vector>

namespace dynapse::sim {

/// One simulator's runs of one input, a run per chip.
struct ChipRuns {
  std::vector<int64_t> chips;             // as Simulator::run takes them
  std::vector<uint64_t> seeds;            // each chip's mismatch seed
  std::vector<std::vector<Trace>> traces; // per chip, per batch element
};

/// Runs `simulator` on `input` on each of `chips` (by default its
/// instanceChips(): the instances, or its one chip), on `threads` threads.
/// `options` give the seeds (convert-dynapse-to-sim's seed).
ChipRuns runChips(const Simulator &simulator, const SpikeInput &input,
                  bool record, unsigned threads, const CompileOptions &options,
                  std::vector<int64_t> chips = {});

/// Per chip, how the run computes what `reference` (its traces of the same
/// input) computes.
std::vector<Agreement> compareChips(const Simulator &reference,
                                    llvm::ArrayRef<Trace> referenceTraces,
                                    const ChipRuns &runs,
                                    llvm::ArrayRef<int64_t> labels);

/// Prints `agreements` of the run named `what`: one chip as printAgreement,
/// several as printInstances.
void printChipAgreements(llvm::raw_ostream &os,
                         llvm::ArrayRef<Agreement> agreements,
                         const ChipRuns &runs, llvm::StringRef what);

/// --labels: the accuracy of each of `runs` (of `simulator`) and, for
/// several chips, their mean, worst and spread.
void printAccuracies(llvm::raw_ostream &os, const Simulator &simulator,
                     const ChipRuns &runs, llvm::ArrayRef<int64_t> labels);

/// The chip instances' agreements as JSON (instancesToJSON) with the
/// mismatch level.
llvm::json::Object instancesReport(llvm::ArrayRef<Agreement> agreements,
                                   const ChipRuns &runs,
                                   const CompileOptions &options);

} // namespace dynapse::sim

#endif // DYNAPSE_SIMULATION_EVALUATION_H
