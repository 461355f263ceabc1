//===- Simulator.h - JIT-compiled simulation of a dynapse network -*- C++ -*-===//
//
// Lowers a network (snn or dynapse level, any stage) with
// --convert-dynapse-to-sim, then to the LLVM dialect, and runs the kernel
// with mlir::ExecutionEngine. The whole time loop runs in compiled code.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_SIMULATION_SIMULATOR_H
#define DYNAPSE_SIMULATION_SIMULATOR_H

#include "dynapse/Conversion/DynapseToSim/SimulationKernel.h"
#include "dynapse/Pipeline/Options.h"
#include "dynapse/Simulation/SpikeTrain.h"
#include "dynapse/Support/LargeBufferAllocator.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mlir {
class ExecutionEngine;
} // namespace mlir
namespace llvm::orc {
class LLJIT;
} // namespace llvm::orc

namespace dynapse::sim {

class KernelCache;

/// The result of simulating one batch element.
struct Trace {
  SpikeTrain spikes;       // the non-zero counts, by step
  LargeFloatArray records; // recordNames().size() x steps x neurons
};

/// Where a run's populations and outputs are, as its kernel says.
struct NetworkLayout {
  std::vector<std::string> populationNames;
  std::vector<int64_t> populationSizes; // in neuron order
  std::vector<int64_t> outputs;         // empty: every neuron
};

class Simulator {
public:
  /// Compiles `module` (not modified) with populateSimulationPipeline and
  /// `options` (the conversion's and convert-dynapse-to-sim's are used).
  /// Diagnostics go to the module's context; a failure is returned as an
  /// error. `batch`, where given, is how many samples the runs will hold:
  /// of layout=auto's two kernels only the one such a batch runs fastest
  /// with is compiled (any batch still runs, with the same results).
  static llvm::Expected<std::unique_ptr<Simulator>>
  compile(mlir::ModuleOp module, const CompileOptions &options,
          int64_t batch = 0);
  ~Simulator();

  int64_t neurons() const { return numNeurons; }
  int64_t inputs() const { return numInputs; }
  double dt() const { return timeStep; }
  llvm::ArrayRef<std::string> recordNames() const { return records; }
  /// The index of the state `name` in recordNames(); the error lists them.
  llvm::Expected<size_t> recordIndex(llvm::StringRef name) const;
  /// The neuron model the kernel runs (KernelInfo::model).
  llvm::StringRef model() const { return modelName; }
  /// The chips the kernel can run (convert-dynapse-to-sim's `instances` + 1,
  /// or 1): with instances, chip 0 is the ideal chip, 1..K the instances.
  int64_t chips() const { return numChips; }
  /// The chips a front end simulates: the instances 1..K where the kernel
  /// has them, else chip 0.
  std::vector<int64_t> instanceChips() const;
  const NetworkLayout &layout() const { return networkLayout; }
  /// The number of classes a decision picks from: the output neurons, or
  /// every neuron when the kernel names none.
  int64_t classes() const {
    return networkLayout.outputs.empty() ? numNeurons
                                         : int64_t(networkLayout.outputs.size());
  }
  /// Seconds spent lowering and JIT-compiling (or loading the kernel's
  /// machine code from the kernel cache, KernelCache.h).
  double compileSeconds() const { return compileTime; }
  /// Whether the machine code came from the kernel cache.
  bool fromCache() const { return loadedFromCache; }
  /// Samples one kernel call runs in a batch, one per SIMD lane (1: the
  /// kernel's lanes hold neurons; convert-dynapse-to-sim's `layout`).
  int64_t sampleLanes() const {
    return numLanes > 1 ? numLanes : std::max<int64_t>(sampleKernelLanes, 1);
  }

  /// Simulates `steps` steps of `input` (steps x inputs() counts) on
  /// `chip` (below chips()).
  Trace run(llvm::ArrayRef<float> input, int64_t steps, bool record,
            int64_t chip = 0) const;

  /// Simulates `batches` independent batch elements, one after the other in
  /// `inputs` (batches x steps x inputs() counts), on up to `threads`
  /// threads (0: one per core); the results do not depend on the thread
  /// count.
  std::vector<Trace> runBatches(llvm::ArrayRef<float> inputs, int64_t batches,
                                int64_t steps, bool record, unsigned threads,
                                int64_t chip = 0) const;

private:
  Simulator() = default;
  /// A sample-lane kernel's buffers, kept from call to call by a thread.
  struct LaneBuffers;
  /// One call of the sample-lane kernel `function` of `lanes` lanes:
  /// `count` (at most `lanes`) samples of `inputs`, one after the other.
  std::vector<Trace> runLanes(kernel::KernelFunction function, int64_t lanes,
                              llvm::ArrayRef<float> inputs, int64_t count,
                              int64_t steps, bool record, int64_t chip,
                              LaneBuffers &buffers) const;
  /// Simulates batch elements [first, first + count) of `inputs` into
  /// `traces` with one kernel call, or one per element.
  void runGroup(llvm::ArrayRef<float> inputs, size_t first, size_t count,
                int64_t steps, bool record, int64_t chip, LaneBuffers &buffers,
                std::vector<Trace> &traces) const;
  /// The kernel of `kernelModule`: from the kernel cache, else lowered to
  /// the LLVM dialect (in place) and JIT-compiled (and then stored there).
  llvm::Error loadKernel(mlir::ModuleOp kernelModule);
  /// The machine code of `key` from the cache, if it has a kernel there.
  bool loadCached(const KernelCache &cache, llvm::StringRef key);
  std::unique_ptr<mlir::ExecutionEngine> engine; // compiled here
  std::unique_ptr<llvm::orc::LLJIT> cachedJit;   // or loaded from the cache
  bool loadedFromCache = false;
  kernel::KernelFunction kernel = nullptr;
  /// layout=auto's second kernel, of sampleKernelLanes lanes, or null.
  kernel::KernelFunction sampleKernel = nullptr;
  int64_t sampleKernelLanes = 0;
  int64_t numNeurons = 0, numInputs = 0, numChips = 1, numLanes = 1;
  double timeStep = 0, compileTime = 0;
  std::vector<std::string> records;
  std::string modelName;
  NetworkLayout networkLayout;
};

} // namespace dynapse::sim

#endif // DYNAPSE_SIMULATION_SIMULATOR_H
