//===- KernelBuilder.h - the simulation kernel in upstream dialects -*- C++ -*-===//
//
// Generates `func.func @dynapse_sim` for a sim::Network. Common to every
// model (KernelBuilder.cpp): the time loop; an event-driven scatter of the
// last step's spikes and this step's input (and the channels driven every
// step) along fan-out lists into per-group accumulators; branch-free neuron
// loops over structure-of-arrays state and parameters, which LLVM vectorises,
// one per stage, each stage delivering its spikes to later ones in the same
// step; loops before and after them for the model's exp and log and, in the
// rare step that needs it, a vector loop that recounts spikes; the records.
// Each neuron model supplies its parameter table and its per-neuron step
// (DynapSimModel.cpp, SE2Model.cpp, and the reference model's
// ReferenceModel.cpp in SNNToSim).
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_CONVERSION_DYNAPSETOSIM_KERNELBUILDER_H
#define DYNAPSE_CONVERSION_DYNAPSETOSIM_KERNELBUILDER_H

#include "dynapse/Conversion/DynapseToSim/SimNetwork.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

#include <string>
#include <vector>

namespace dynapse::sim {

/// Float32 arithmetic on the kernel's values, in the order written.
class Emitter {
public:
  explicit Emitter(mlir::ImplicitLocOpBuilder &builder) : b(builder) {}
  /// `value` in `shape`: the step's values are f32, or vectors of samples
  /// in the sample-lane layout.
  mlir::Value constant(float value);
  /// `value` in the shape of `like`: a scalar or a splat vector.
  mlir::Value constant(float value, mlir::Type like);
  mlir::Value add(mlir::Value x, mlir::Value y);
  mlir::Value sub(mlir::Value x, mlir::Value y);
  mlir::Value mul(mlir::Value x, mlir::Value y);
  mlir::Value div(mlir::Value x, mlir::Value y);
  mlir::Value max(mlir::Value x, mlir::Value y);
  mlir::Value exp(mlir::Value x);
  mlir::Value log(mlir::Value x);
  mlir::Value ceil(mlir::Value x);
  mlir::Value compare(mlir::arith::CmpFPredicate predicate, mlir::Value x,
                      mlir::Value y);
  mlir::Value select(mlir::Value condition, mlir::Value x, mlir::Value y);

  mlir::ImplicitLocOpBuilder &b;
  mlir::Type shape; // null: f32
  /// exp and log take vectors of at most this many lanes, the vector math
  /// library's (0: any); a wider vector is done in parts.
  int64_t mathWidth = 0;

private:
  /// `f` of `x`, in parts of mathWidth lanes where `x` is wider.
  mlir::Value inParts(mlir::Value x,
                      llvm::function_ref<mlir::Value(mlir::Value)> f);
};

/// What a model's step reads for one neuron, and what it returns.
struct StepInputs {
  std::vector<mlir::Value> parameters; // the model's table row
  std::vector<mlir::Value> groupSums;  // one weighted sum per group
  std::vector<mlir::Value> state;      // the model's state, before the step
  mlir::Value previousSpikes;          // this neuron's count of the last step
  std::vector<mlir::Value> prelude;    // what emitPrelude returned
  /// By group: whether any connection of the network adds to it (a group
  /// without one sums to 0 in every step).
  std::vector<bool> groupUsed;
};
struct StepResults {
  std::vector<mlir::Value> state; // after the step, or emitFinish's argument
  /// This step's count; where `recount` holds, recountSpikes's argument.
  mlir::Value spikes;
  mlir::Value recount; // an i1, where the model recountsSpikes()
};

/// A recordable quantity: its name and the state array that holds it.
struct Record {
  std::string name;
  unsigned state;
};

/// A neuron model: its parameter table, state, records and step.
class NeuronModel {
public:
  virtual ~NeuronModel() = default;
  virtual unsigned numGroups() const = 0;
  virtual unsigned numParameters() const = 0;
  /// One row of the parameter table, computed in float32.
  virtual std::vector<float> parameterRow(const NeuronParameters &p,
                                          double dt) const = 0;
  /// The rows of every neuron: by default parameterRow of each neuron's
  /// `parameters` (the network's, or a chip instance's). A model of the
  /// network as trained has no currents and holds its rows itself.
  virtual std::vector<std::vector<float>>
  parameterTable(const Network &network,
                 llvm::ArrayRef<NeuronParameters> parameters) const;
  /// Per state array: true where it starts at the dark current Io, false
  /// where at 0.
  virtual std::vector<bool> startsAtIo() const = 0;
  /// The index of Io in the parameter row.
  virtual unsigned darkCurrentSlot() const = 0;
  virtual std::vector<Record> records() const = 0;
  virtual StepResults emitStep(Emitter &e, const StepInputs &in) const = 0;
  /// A libmvec call inside the big neuron loop costs far more than the call:
  /// every vector register is spilled around it, and the vectorised loop
  /// stalls on it. A model therefore computes its transcendental functions
  /// in a loop of its own after the step: emitFinish (below) finishes the
  /// step's states, and emitPrelude computes, from the finished state, values
  /// for the next step (once before the first step, from the initial state).
  /// emitPrelude gets the step's inputs without group sums and the last
  /// step's spikes; what it returns reaches emitStep as StepInputs::prelude.
  /// A null value is one this network's step does not need: it is neither
  /// stored nor loaded.
  virtual unsigned numPreludeValues() const { return 0; }
  virtual std::vector<mlir::Value> emitPrelude(Emitter &e,
                                               const StepInputs &in) const {
    return {};
  }
  /// The states that emitStep leaves as an argument, which emitFinish turns
  /// into the state in the loop after the step.
  virtual std::vector<unsigned> finishedStates() const { return {}; }
  virtual mlir::Value emitFinish(Emitter &e, unsigned state,
                                 mlir::Value argument,
                                 llvm::ArrayRef<mlir::Value> parameters) const {
    return argument;
  }
  /// A model whose spike count is expensive but rarely needed (the
  /// vectorised neuron loop would compute both sides of a select) returns
  /// StepResults::recount. In a step where it holds for some neuron, a loop
  /// after the neuron loop passes vectors of kLanes of the step's `spikes`
  /// to recountSpikes, which returns their counts: unchanged where recount
  /// did not hold.
  virtual bool recountsSpikes() const { return false; }
  virtual mlir::Value recountSpikes(Emitter &e, mlir::Value spikes) const {
    return spikes;
  }
};

/// Neurons per vector in the kernel's hand-vectorised loops.
constexpr int64_t kLanes = 16;

std::unique_ptr<NeuronModel> createDynapSimModel();
std::unique_ptr<NeuronModel> createSE2Model();

/// Per chip (the ideal one, then the mismatched instances), the parameters
/// of every neuron in neuron order.
using ChipParameters = llvm::ArrayRef<std::vector<NeuronParameters>>;

/// Appends the kernel `func.func @name` (by default @dynapse_sim) and its
/// constant globals (`name`_*) to `module`. The kernel runs chip c of
/// `chips` (its argument `chip`), by default the one chip of
/// `network.parameters`. With `sampleLanes` L > 1 it runs L samples at once,
/// one per SIMD lane (SimulationKernel.h has the buffers' layout); a network
/// with stages (same-step connections) needs L <= 1.
void buildKernel(mlir::ModuleOp module, const Network &network,
                 const NeuronModel &model, llvm::StringRef modelName,
                 ChipParameters chips = {}, int64_t sampleLanes = 1,
                 llvm::StringRef name = "dynapse_sim");

} // namespace dynapse::sim

#endif // DYNAPSE_CONVERSION_DYNAPSETOSIM_KERNELBUILDER_H
