//===- KernelBuilderImpl.h - the kernel builder's class (private) -*- C++ -*-===//
//
// KernelBuilder.cpp builds the tables, the state, the neuron loops and the
// time loop; Delivery.cpp the fan-out tables, the scan of spiking sources,
// their delivery and their events.
//
// Two layouts of the same arithmetic (buildKernel's `sampleLanes`):
//  - neuron lanes (1 sample per call): state arrays hold one float per
//    neuron, and LLVM vectorises the neuron loops across neurons;
//  - sample lanes (L samples per call): every array holds L floats per
//    element, one per sample. Delivery works on vector<L x f32>, the
//    neuron loops on blocks of kBlockNeurons neurons, vector<B*L x f32>,
//    which LLVM splits into B independent vectors: the exp, log and
//    division chains of B neurons overlap, as the neuron layout's
//    interleaved loops do. A small network fills whole vectors, and one
//    scan and one delivery serve L samples.
// Each sample's float32 operations are the same in both, in the same order,
// so that their results are the same bit for bit.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_LIB_CONVERSION_DYNAPSETOSIM_KERNELBUILDERIMPL_H
#define DYNAPSE_LIB_CONVERSION_DYNAPSETOSIM_KERNELBUILDERIMPL_H

#include "dynapse/Conversion/DynapseToSim/KernelBuilder.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace dynapse::sim::detail {

/// Neuron arrays are padded to a multiple of kNeuronPadding in the neuron
/// layout: LLVM then vectorises the neuron loops without a scalar remainder,
/// so that every neuron's exp and log come from the same (vector) library
/// whatever the network's size, and the padded neurons (copies of the last,
/// without connections) step like real ones instead of holding garbage. 64
/// is the vector width times the interleaving LLVM picks, AVX2 and AVX-512.
constexpr int64_t kNeuronPadding = 64;

/// Sources are scanned kScanLanes floats at a time (a 64-bit mask of the
/// spiking ones: few groups, so few mispredicted exits from the loop over
/// set bits), and spikes delivered kChunk fan-out entries at a time.
constexpr int64_t kScanLanes = 64;
constexpr int64_t kChunk = 8;
/// Delivery is bound by memory operations. A chunk's weights are read in one
/// vector load and its accumulator slots two to a 64-bit load, so that an
/// entry takes 2.6 of them (a 64-bit load every other entry, and the
/// accumulator's load and store) instead of 4.
constexpr int64_t kSlotsPerLoad = 2;
static_assert(kChunk % kSlotsPerLoad == 0, "a chunk holds whole slot pairs");

/// Neurons per step vector in the sample-lane layout.
constexpr int64_t kBlockNeurons = 2;

inline int64_t roundUp(int64_t value, int64_t multiple = kLanes) {
  return (value + multiple - 1) / multiple * multiple;
}

/// The kernel's layout of the network's neurons and sources: the source
/// vector holds the (padded) neurons' spikes, then the user's input channels,
/// then those driven every step; each element `lanes` floats, one per sample.
struct Layout {
  Layout(const Network &network, int64_t lanes)
      : neurons(network.neurons),
        paddedNeurons(roundUp(network.neurons,
                              lanes > 1 ? kBlockNeurons : kNeuronPadding)),
        sources(paddedNeurons + network.inputs + network.everyStepInputs),
        lanes(lanes), block(lanes > 1 ? kBlockNeurons : 1) {}
  /// The kernel's index of the network's source `source`.
  int64_t source(int64_t networkSource) const {
    return networkSource < neurons ? networkSource
                                   : networkSource - neurons + paddedNeurons;
  }
  int64_t neurons, paddedNeurons, sources, lanes;
  int64_t block; // neurons per step of the neuron loops
};

/// Fan-out lists by source in chunks (see createFanOut). Entry k is a
/// 32-bit slot with weight[k] or, where the table packs a palette
/// (FanOutPacking.h), the slot in its low slotBits bits and the index of its
/// weight in `palette` above them.
struct FanOutTable {
  mlir::Value start, slotPairs, weight, palette;
  int64_t slotBits = 0; // with a palette
};

/// Builds the kernel function body; see buildKernel.
class KernelBuilder {
public:
  KernelBuilder(mlir::ModuleOp module, const Network &network,
                const NeuronModel &model, ChipParameters chips,
                int64_t sampleLanes, llvm::StringRef name);
  void build(llvm::StringRef modelName);

private:
  using Value = mlir::Value;
  // The ops come out in the order of the statements that create them. C++
  // leaves the order in which a call's arguments are evaluated open, so no
  // call here takes two arguments that both create ops (the IR would depend
  // on the compiler); the overloads that take a number create its constant
  // themselves, after their other operand.
  Value index(int64_t value);
  Value add(Value x, Value y);
  Value add(Value x, int64_t y) { return add(x, index(y)); }
  Value mul(Value x, Value y);
  Value mul(Value x, int64_t y) { return mul(x, index(y)); }
  /// A loop from `first` to `last`; `body` gets the induction variable.
  void loop(Value first, Value last, llvm::function_ref<void(Value)> body);
  /// A loop from 0 to `count`.
  void loop(int64_t count, llvm::function_ref<void(Value)> body);
  /// A loop that carries one value, from `initial`: `body` gets the
  /// induction variable and the value and returns its next one. Returns the
  /// last.
  Value loop(Value first, Value last, Value initial,
             llvm::function_ref<Value(Value, Value)> body);
  Value loop(int64_t count, Value initial,
             llvm::function_ref<Value(Value, Value)> body);
  /// A private constant global holding `values`, and its memref in the body.
  template <typename T>
  Value constantTable(llvm::StringRef name, mlir::Type elementType,
                      std::vector<T> values);
  void createTables();
  Value allocate(int64_t size);
  void initialiseState();

  // The lanes of an element: a float (neuron lanes) or a vector of the
  // samples' floats at element * L. storeLanes stores a float or any
  // vector there (an element's lanes, or a block's).
  Value loadLanes(Value array, Value element);
  void storeLanes(Value value, Value array, Value element);
  // The lanes of the block of neurons from `neuron` (stepType); storeLanes
  // stores them.
  Value loadBlock(Value array, Value neuron);
  /// A loop over the blocks of neurons [first, last); `body` gets the
  /// block's first neuron.
  void forEachBlock(int64_t first, int64_t last,
                    llvm::function_ref<void(Value)> body);
  /// The carrying variant, as `loop`.
  Value forEachBlock(int64_t first, int64_t last, Value initial,
                     llvm::function_ref<Value(Value, Value)> body);

  // Delivery.cpp.
  /// The fan-out table of the connections whose sameStep is `sameStep`,
  /// its globals named `prefix`_*.
  FanOutTable createFanOut(bool sameStep, llvm::StringRef prefix);
  /// Zeroes the accumulators and delivers the last step's spikes and this
  /// step's input; returns the event count after recording the spikes.
  Value emitScatter(Value eventCount);
  /// Finds the spiking sources among the first `sourceCount`, records those
  /// that are neurons as events of the last step and, where `deliver` is
  /// set, delivers them. Returns the event count after.
  Value emitScan(Value eventCount, int64_t sourceCount, bool deliver);
  Value emitNeuronLaneScan(Value eventCount, int64_t sourceCount,
                           bool deliver);
  void emitSampleLaneScan(int64_t sourceCount, bool deliver);
  /// Writes `source`'s event at event word `word`; returns the event count
  /// after it, `eventCount` or one more.
  Value writeEvent(Value word, Value source, Value count, Value eventCount);
  /// Writes `source`'s event; returns the event count after it.
  Value emitEvent(Value source, Value count, Value eventCount);
  /// Writes `source`'s event in sample lane `lane`.
  void emitLaneEvent(Value source, Value count, Value lane);
  /// Delivers `count` spikes of `source` to its fan-out in `table`: a float,
  /// or a vector of the samples' counts; or, where `lane` is given, the
  /// float count of one sample lane. Where `prefetched` is given, each
  /// chunk also prefetches the chunk at the same place in that source's list.
  void emitDelivery(const FanOutTable &table, Value source, Value count,
                    Value prefetched = {}, Value lane = {});
  /// The first chunk of `source`'s list in `table` (the end of the previous).
  Value firstChunk(const FanOutTable &table, Value source);
  /// Starts loading fan-out chunk `chunk` of `table` into the cache.
  void prefetchChunk(const FanOutTable &table, Value chunk);
  /// Delivers this step's spikes of neurons [first, last) to later stages.
  void emitSameStepDelivery(int64_t first, int64_t last);
  /// Calls `body` with the index of every set bit of the i64 `bits`, lowest
  /// first, carrying a value as `loop` does; its third argument holds the
  /// bits still to come.
  Value forEachSetBit(Value bits, Value initial,
                      llvm::function_ref<Value(Value, Value, Value)> body);
  /// The index of the lowest set bit of `rest`, or `current` where none is.
  Value nextSetBit(Value rest, Value current);
  /// Where this step's events begin, in `stepStarts`.
  void emitStepStart(Value step, Value steps, Value eventCount);

  // KernelBuilder.cpp: the neurons.
  /// Parameter `slot` of `neuron`: a constant if all neurons share it.
  Value parameter(Value neuron, unsigned slot);
  /// The step's inputs for `neuron`; group sums and the last spikes only
  /// where `step` is set (the prelude and the finish do not read them).
  StepInputs loadStepInputs(Value neuron, bool step);
  /// The model's prelude of the next step, from the state `neuron` has now.
  void emitPrelude(Value neuron);
  /// The step of `neuron`; returns StepResults::recount, an i1.
  Value emitNeuron(Value neuron);
  /// The neuron loop over [first, last), and the recount where a neuron
  /// needs it.
  void emitNeurons(int64_t first, int64_t last);
  void emitFinish(Value neuron);
  /// The model's recountSpikes, a vector at a time.
  void emitRecount();
  void emitRecords(Value step, Value steps, Value recordFlag);
  /// This step's input counts behind the neurons' spikes of the last one.
  void emitInput(Value step, Value steps);
  /// One step; returns the event count after it.
  Value emitTimeStep(Value step, Value steps, Value recordFlag,
                     Value eventCount);

  mlir::ModuleOp module;
  const Network &network;
  const NeuronModel &model;
  ChipParameters chips;
  llvm::StringRef name; // the function's, and its globals' prefix
  Layout layout;
  mlir::ImplicitLocOpBuilder b;
  Emitter e;
  mlir::Type laneType; // f32, or vector<L x f32> with sample lanes
  mlir::Type stepType; // f32, or vector<B*L x f32> with sample lanes
  mlir::func::FuncOp function;
  Value parameters;
  Value chipOffset; // where the chip's table starts; null with one chip
  FanOutTable lastStep, sameStep; // sameStep.start is null when unused
  std::vector<bool> stageDelivers; // by stage: same-step spikes to deliver
  std::vector<float> sharedParameters; // by slot, where tableRow is -1
  std::vector<int> tableRow;           // by slot
  Value sources, accumulators;
  std::vector<Value> state;
  std::vector<Value> prelude; // emitPrelude's values, by neuron
  std::vector<bool> preludeUsed; // by prelude value: whether emitted
  std::vector<bool> groupUsed;   // StepInputs::groupUsed
  /// Whether every fan-out weight is finite: then weight * 0 is a zero,
  /// which leaves an accumulator as it is.
  bool finiteWeights = true;
  Value input, events, stepStarts, records, chip;
  /// Sample lanes: each lane's event count, and the distance between two
  /// lanes' events (in words), step starts and records.
  Value laneEventCounts, laneEventStride, laneRecordStride;
};

} // namespace dynapse::sim::detail

#endif // DYNAPSE_LIB_CONVERSION_DYNAPSETOSIM_KERNELBUILDERIMPL_H
