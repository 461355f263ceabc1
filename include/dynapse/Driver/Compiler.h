//===- Compiler.h - the compiler driver ---------------------------*- C++ -*-===//
//
// One object does what dynapse-compile, the C API and the Python package
// do with a network: load it from any format, run the deploy stages on one
// PassManager (MLIR's command-line instruments where the front end has
// them, hooks between the stages, calibration as a stage), emit it, and
// simulate it against the network as trained. The front ends parse their
// arguments, call it and print; none builds a pipeline. (CIRCT's firtool
// library and tools/firtool are the model.)
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_DRIVER_COMPILER_H
#define DYNAPSE_DRIVER_COMPILER_H

#include "dynapse/Pipeline/Options.h"
#include "dynapse/Pipeline/Report.h"
#include "dynapse/Simulation/SimInput.h"
#include "dynapse/Simulation/Simulator.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace dynapse {

/// What the driver writes.
enum class EmitKind { Image, Samna, MLIR, RockpoolSpec };

/// How a front end wants the driver to run.
struct DriverSettings {
  /// Apply MLIR's pass-manager and timing command-line options
  /// (--mlir-timing, --mlir-print-ir-*, crash reproducers); only for tools
  /// that registered them.
  bool commandLineInstruments = false;
  /// Simulator threads (0: one per core); outputs do not depend on them.
  unsigned threads = 0;
  /// Called as each stage ends (kDeployStages, and "import", "emit",
  /// "simulate"), with its time and whether it succeeded.
  std::function<void(const StageTime &stage, bool succeeded)> onStage;
  /// Receives the importer's remarks (formatted as the diagnostic printer
  /// does): the NIR convention and dt it assumed, a time axis it dropped.
  /// Without it they are remarks like any other.
  std::function<void(const std::string &remark)> onImportRemark;
  /// Receives what fails without a diagnostic of its own (an input that
  /// does not fit the network, a missing reference model); by default an
  /// error diagnostic at an unknown location.
  std::function<void(const llvm::Twine &message)> onError;
};

/// Where simulate() reads its input and labels, once it knows the
/// network's input width and classes (a file, an array).
struct SimulationInput {
  std::function<llvm::Expected<sim::SpikeInput>(int64_t width)> spikes;
  /// The samples `spikes` will give, where the caller knows them before
  /// (a file it has read, an array): the simulators then compile only the
  /// kernel that batch takes (Simulator::compile). 0: unknown.
  int64_t batch = 0;
  /// Optional: one class per batch element.
  std::function<llvm::Expected<std::vector<int64_t>>(int64_t batches,
                                                     int64_t classes)>
      labels;
};

/// --simulate's findings: the lines it prints and the report's JSON.
struct SimulationReport {
  std::string text;
  llvm::json::Object json;
};

class Compiler {
public:
  Compiler(mlir::MLIRContext &context, CompileOptions options,
           DriverSettings settings = {});
  ~Compiler();

  const CompileOptions &options() const { return compileOptions; }

  /// Reads the network file at `path`, or `bytes` named `name` (the format
  /// by the extension, else the first bytes). Fails after a diagnostic.
  mlir::LogicalResult loadFile(llvm::StringRef path);
  mlir::LogicalResult load(llvm::StringRef bytes, llvm::StringRef name);

  /// Before deploy(): the calibration stage runs the network as trained on
  /// `input`, so that a fan-in above 64 keeps the synapses that deliver the
  /// most charge (dynapse-compile --calibrate).
  void calibrateOn(sim::SpikeInput input);
  /// Before deploy(): keep what simulate() compares (the network as
  /// trained, the unquantised one). Fails when the options' model is the
  /// reference model, which simulate() compares against.
  mlir::LogicalResult keepForSimulation();

  /// Runs the deploy stages on the loaded network.
  mlir::LogicalResult deploy();

  /// The network: as loaded, then as deployed.
  mlir::ModuleOp module() const { return network.get(); }
  /// The merged network before clustering (after keepForSimulation() and
  /// deploy()).
  mlir::ModuleOp unquantisedModule() const { return unquantised.get(); }
  /// The report of the deployed network, with the stage times and, after
  /// simulate(), its findings.
  Report report() const;

  /// Writes the deployed network; Samna also writes the channel map to
  /// `channels` when given.
  mlir::LogicalResult emit(EmitKind kind, llvm::raw_ostream &os,
                           llvm::raw_ostream *channels = nullptr);

  /// Simulates the unquantised and the deployed network and, for a network
  /// loaded at the snn level, compares both with the reference model: on
  /// the ideal chip, then the deployed network on the chip instances of the
  /// options (convert-dynapse-to-sim's instances, mismatch, seed). Needs
  /// keepForSimulation() before deploy().
  std::optional<SimulationReport> simulate(const SimulationInput &input);

  /// The network as it is now (as loaded, or deployed) compiled for
  /// simulation with the options (model, mismatch, instances, dt), once;
  /// null after reporting why it cannot be. `batch`: the samples a run will
  /// hold, where known (Simulator::compile); the first call's counts.
  const sim::Simulator *simulator(int64_t batch = 0);

  /// The reference model of the network as loaded, compiled once; null
  /// after reporting why it has none, naming `purpose` (what needs it).
  /// `batch` as for simulator().
  const sim::Simulator *
  referenceModel(llvm::StringRef purpose = "the reference model",
                 int64_t batch = 0);

private:
  /// Keeps the network as loaded, when it is the network as trained.
  void keepTrained();
  /// Loads through `read`, passing its remarks to onImportRemark.
  mlir::LogicalResult
  import(llvm::function_ref<mlir::OwningOpRef<mlir::ModuleOp>()> read);
  mlir::LogicalResult fail(const llvm::Twine &message);
  mlir::LogicalResult runStage(llvm::StringRef name,
                               llvm::function_ref<mlir::LogicalResult()> body);
  mlir::LogicalResult afterStage(llvm::StringRef name, mlir::ModuleOp module);
  mlir::LogicalResult calibrate(mlir::ModuleOp merged);

  mlir::MLIRContext &context;
  CompileOptions compileOptions;
  DriverSettings settings;
  mlir::OwningOpRef<mlir::ModuleOp> network;
  /// The network as trained (snn level), when it was loaded as one and
  /// calibration or simulation needs it.
  mlir::OwningOpRef<mlir::ModuleOp> trained;
  mlir::OwningOpRef<mlir::ModuleOp> unquantised;
  std::unique_ptr<sim::Simulator> reference, compiled;
  std::optional<sim::SpikeInput> calibration;
  bool simulating = false;
  std::string sourceName; // the loaded file's, for diagnostics
  std::vector<StageTime> stages;
  double stageStart = 0;
  std::optional<llvm::json::Object> simulation;
};

} // namespace dynapse

#endif // DYNAPSE_DRIVER_COMPILER_H
