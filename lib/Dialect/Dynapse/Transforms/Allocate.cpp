//===- Allocate.cpp - cores on chips, CAM and SRAM in the IR --------------===//
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/Dynapse/IR/Stages.h"
#include "dynapse/Dialect/Dynapse/IR/WeightMatrix.h"
#include "dynapse/Dialect/Dynapse/Algorithms/Allocation.h"
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h"

#include "dynapse/Dialect/Dynapse/IR/Hardware.h"

#include "mlir/IR/Builders.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

namespace dynapse {
#define GEN_PASS_DEF_DYNAPSEALLOCATE
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h.inc"
} // namespace dynapse

using namespace mlir;
using namespace dynapse;

namespace {

/// The allocator's view of a merged, quantised network.
struct Gathered {
  allocation::Network network;
  PopulationOp population;
  InputOp input;
  SmallVector<CoreOp> cores; // by index
};

void addSynapses(SynapsesOp synapses, bool fromInput,
                 allocation::Network &network) {
  forEachSynapse(synapses, [&](int64_t pre, int64_t post, unsigned mask,
                               Dendrite dendrite) {
    network.synapses.push_back({fromInput, pre, post, mask, dendrite});
  });
}

FailureOr<Gathered> gather(NetworkOp networkOp) {
  Block &body = networkOp.getBodyBlock();
  Gathered result;
  static constexpr Stage needs[] = {Stage::Merged, Stage::Clustered,
                                    Stage::WeightsQuantised,
                                    Stage::CurrentsQuantised};
  if (failed(checkStages(networkOp, {"dynapse-allocate", needs, {}})))
    return failure();
  result.population = *body.getOps<PopulationOp>().begin();
  auto inputs = body.getOps<InputOp>();
  result.input = inputs.empty() ? InputOp() : *inputs.begin();
  ArrayRef<int64_t> coreMap = *result.population.getCoreMap();
  result.cores.assign(llvm::range_size(body.getOps<CoreOp>()), CoreOp());
  for (CoreOp core : body.getOps<CoreOp>()) {
    int64_t index = core.getIndexAttr().getInt();
    if (index >= int64_t(result.cores.size()))
      return core.emitError("cores must be numbered 0..")
             << result.cores.size() - 1;
    result.cores[index] = core;
  }
  allocation::Network &network = result.network;
  network.neurons = result.population.getSize();
  network.inputs = result.input ? result.input.getOutput().getType().getSize() : 0;
  network.cores = int64_t(result.cores.size());
  network.coreOf.assign(coreMap.begin(), coreMap.end());
  network.isOutput.assign(network.neurons, false);
  if (auto outputs = result.population.getOutputNeurons())
    for (int64_t neuron : *outputs)
      network.isOutput[neuron] = true;
  for (CoreOp core : result.cores) {
    auto dc = core.getCurrents().getAs<FloatAttr>("Idc");
    network.dcCore.push_back(dc && dc.getValueAsDouble() > 0);
  }
  // Inputs first, then recurrent synapses: the CAM order.
  for (bool fromInput : {true, false})
    for (Value operand : result.population.getInputs()) {
      auto synapses = operand.getDefiningOp<SynapsesOp>();
      if (synapses && (synapses.getSource() != result.population.getOutput()) == fromInput)
        addSynapses(synapses, fromInput, network);
    }
  return result;
}

/// The largest share of a neuron's input that bench/fidelity dropped
/// (digits-dense, 14.0 %).
constexpr double kMeasuredShare = 0.145;

/// What pruneFanIn removed.
struct Pruned {
  int64_t neurons = 0, synapses = 0;
  double largestShare = 0; // of a neuron's summed charge (weight current)
  int64_t worstNeuron = -1;
};

/// Keeps each neuron's kCamEntriesPerNeuron synapses that deliver the most
/// charge (the current their mask selects from the neuron's core, times
/// their source's `activity` when the network has one; among equals the
/// stronger, then the first in CAM order, inputs first) and sets the
/// others' masks to 0, so that the simulation of the deployed network loses
/// them too. Without a calibration every source counts as equally active.
/// `activity` holds the input channels, then the neurons.
Pruned pruneFanIn(const Gathered &gathered, ArrayRef<double> activity) {
  PopulationOp population = gathered.population;
  ArrayRef<int64_t> coreMap = gathered.network.coreOf;
  // Each core's base weights Iw_0..Iw_3 (A).
  std::vector<std::array<double, 4>> baseWeights;
  for (CoreOp core : gathered.cores) {
    std::array<double, 4> base = {0, 0, 0, 0};
    for (unsigned bit = 0; bit < 4; ++bit)
      if (auto iw = core.getCurrents().getAs<FloatAttr>(("Iw_" + Twine(bit)).str()))
        base[bit] = iw.getValueAsDouble();
    baseWeights.push_back(base);
  }
  struct Entry {
    size_t op;
    int64_t index; // into the op's mask
    double charge, current;
  };
  int64_t inputs = gathered.network.inputs;
  SmallVector<SynapsesOp> ops;
  for (bool fromInput : {true, false})
    for (Value operand : population.getInputs())
      if (auto synapses = operand.getDefiningOp<SynapsesOp>())
        if ((synapses.getSource() != population.getOutput()) == fromInput)
          ops.push_back(synapses);
  std::vector<std::vector<Entry>> fanIn(population.getSize());
  for (auto [k, synapses] : llvm::enumerate(ops)) {
    int64_t columns = synapses.getMask().getType().getShape()[1];
    bool fromInput = synapses.getSource() != population.getOutput();
    forEachSynapse(synapses, [&, k = k](int64_t pre, int64_t post,
                                        unsigned mask, Dendrite) {
      double current = 0;
      for (unsigned bit = 0; bit < 4; ++bit)
        if (mask & (1u << bit))
          current += baseWeights[coreMap[post]][bit];
      double charge =
          activity.empty() ? current
                           : current * activity[fromInput ? pre : inputs + pre];
      fanIn[post].push_back({k, pre * columns + post, charge, current});
    });
  }
  Pruned pruned;
  std::vector<std::vector<int8_t>> masks;
  std::vector<std::vector<int16_t>> dendrites;
  for (SynapsesOp synapses : ops) {
    auto values = synapses.getMask().getValues<int8_t>();
    masks.emplace_back(values.begin(), values.end());
    auto codes = synapses.getDendrite().getValues<int16_t>();
    dendrites.emplace_back(codes.begin(), codes.end());
  }
  for (auto [post, entries] : llvm::enumerate(fanIn)) {
    if (entries.size() <= hw::kCamEntriesPerNeuron)
      continue;
    double total = 0, dropped = 0;
    for (const Entry &entry : entries)
      total += entry.charge;
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry &a, const Entry &b) {
                       return std::tie(a.charge, a.current) >
                              std::tie(b.charge, b.current);
                     });
    for (size_t i = hw::kCamEntriesPerNeuron; i < entries.size(); ++i) {
      masks[entries[i].op][entries[i].index] = 0;
      dendrites[entries[i].op][entries[i].index] = 0;
      dropped += entries[i].charge;
      ++pruned.synapses;
    }
    ++pruned.neurons;
    double share = total > 0 ? dropped / total : 0;
    if (share > pruned.largestShare || pruned.worstNeuron < 0)
      pruned.largestShare = share, pruned.worstNeuron = int64_t(post);
  }
  if (pruned.neurons == 0)
    return pruned;
  for (auto [synapses, mask, dendrite] : llvm::zip(ops, masks, dendrites)) {
    synapses.setMaskAttr(DenseIntElementsAttr::get(
        cast<ShapedType>(synapses.getMask().getType()), ArrayRef(mask)));
    synapses.setDendriteAttr(DenseIntElementsAttr::get(
        cast<ShapedType>(synapses.getDendrite().getType()), ArrayRef(dendrite)));
  }
  return pruned;
}

FailureOr<allocation::Board> parseBoard(unsigned chips, StringRef grid,
                                        Location loc) {
  auto [columns, rows] = grid.split('x');
  allocation::Board board{chips, 0, 0};
  if (columns.getAsInteger(10, board.columns) ||
      rows.getAsInteger(10, board.rows) || board.columns == 0 || board.rows == 0)
    return emitError(loc, "chip-grid must be COLSxROWS, e.g. 2x2, got '")
           << grid << "'";
  if (board.columns > 8 || board.rows > 8)
    return emitError(loc, "chip-grid ")
           << grid << " is larger than hops of -7..7 can reach";
  return board;
}

ArrayAttr sramAttr(MLIRContext *context,
                   ArrayRef<allocation::SramEntry> entries) {
  SmallVector<Attribute> attrs;
  for (const auto &entry : entries)
    attrs.push_back(SramAttr::get(context, entry.tag, entry.cores, entry.xHop,
                                  entry.yHop));
  return ArrayAttr::get(context, attrs);
}

struct DynapseAllocatePass
    : public dynapse::impl::DynapseAllocateBase<DynapseAllocatePass> {
  using DynapseAllocateBase::DynapseAllocateBase;

  void runOnOperation() override {
    NetworkOp networkOp = getOperation();
    auto gathered = gather(networkOp);
    auto board = parseBoard(chips, chipGrid, networkOp.getLoc());
    if (failed(gathered) || failed(board))
      return signalPassFailure();
    if (!strict) {
      auto pruned = prune(networkOp, *gathered);
      if (failed(pruned))
        return signalPassFailure();
      // The allocator reads the pruned masks.
      if (*pruned && failed(gathered = gather(networkOp)))
        return signalPassFailure();
    }
    auto result = allocation::allocate(gathered->network, *board);
    if (!result) {
      networkOp.emitError("cannot allocate: ")
          << llvm::toString(result.takeError());
      return signalPassFailure();
    }
    write(networkOp, *gathered, *result);
  }

  /// What bench/fidelity measured for such a share (docs/fidelity.md): up
  /// to 14 % of a neuron's input weight dropped cost at most 1.2 points of
  /// accuracy (dense 14.0 %: none; recurrent 11.9 %: 1.2).
  static std::string expectedLoss(const Pruned &pruned) {
    if (pruned.largestShare <= kMeasuredShare)
      return "; expected accuracy loss: at most about 1 point (bench/fidelity "
             "lost <= 1.2 points dropping up to 14 %)";
    return "; expected accuracy loss: unknown, more than bench/fidelity's "
           "14 % (<= 1.2 points) is dropped";
  }

  /// Prunes fan-ins above the CAM's size, with a warning of the cost;
  /// returns whether it dropped any synapse.
  FailureOr<bool> prune(NetworkOp networkOp, const Gathered &gathered) {
    ArrayRef<double> activity = networkOp.getActivity().value_or(ArrayRef<double>());
    int64_t sources = gathered.network.inputs + gathered.network.neurons;
    if (!activity.empty() && int64_t(activity.size()) != sources)
      return networkOp.emitError("'activity' has ")
             << activity.size() << " values for " << sources
             << " sources (input channels, then neurons)";
    Pruned pruned = pruneFanIn(gathered, activity);
    if (pruned.neurons > 0)
      networkOp.emitWarning("")
          << pruned.neurons << " neuron(s) have a fan-in above "
          << hw::kCamEntriesPerNeuron << " CAM entries: " << pruned.synapses
          << (activity.empty() ? " weakest synapse(s) dropped, at most "
                               : " synapse(s) delivering the least charge on "
                                 "the calibration input dropped, at most ")
          << llvm::formatv("{0:F1}", 100 * pruned.largestShare).str()
          << (activity.empty() ? " % of a neuron's input weight"
                               : " % of a neuron's input charge")
          << " (neuron " << pruned.worstNeuron << ")" << expectedLoss(pruned)
          << "; --strict refuses instead";
    return pruned.neurons > 0;
  }

  void write(NetworkOp networkOp, Gathered &gathered,
             const allocation::Result &result) {
    MLIRContext *context = &getContext();
    OpBuilder builder(context);
    networkOp.setChipsAttr(builder.getI64IntegerAttr(chips));
    networkOp.setChipGridAttr(builder.getStringAttr(chipGrid));
    for (auto [index, core] : llvm::enumerate(gathered.cores)) {
      core.setChipAttr(builder.getI64IntegerAttr(result.corePlace[index].first));
      core.setCoreAttr(builder.getI64IntegerAttr(result.corePlace[index].second));
    }
    for (NeuronOp old :
         llvm::make_early_inc_range(networkOp.getBodyBlock().getOps<NeuronOp>()))
      old.erase();
    if (gathered.input) {
      SmallVector<Attribute> channels;
      for (const auto &entries : result.inputs)
        channels.push_back(sramAttr(context, entries));
      gathered.input.setDestinationsAttr(builder.getArrayAttr(channels));
    }
    builder.setInsertionPointToEnd(&networkOp.getBodyBlock());
    for (auto [logical, place] : llvm::enumerate(result.neurons)) {
      SmallVector<Attribute> cam;
      for (const auto &entry : place.cam)
        cam.push_back(CamAttr::get(context, entry.tag, entry.dendrite,
                                   entry.mask, false, false, false));
      builder.create<NeuronOp>(
          networkOp.getLoc(), builder.getI64IntegerAttr(place.chip),
          builder.getI64IntegerAttr(place.core),
          builder.getI64IntegerAttr(place.slot),
          builder.getI64IntegerAttr(logical), builder.getArrayAttr(cam),
          sramAttr(context, place.sram),
          place.dc ? builder.getStrArrayAttr({"latch_so_dc"}) : ArrayAttr());
    }
  }
};

} // namespace
