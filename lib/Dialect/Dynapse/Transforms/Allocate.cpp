//===- Allocate.cpp - cores on chips, CAM and SRAM in the IR --------------===//
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/Dynapse/IR/WeightMatrix.h"
#include "dynapse/Dialect/Dynapse/Algorithms/Allocation.h"
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

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
  auto populations = llvm::to_vector(body.getOps<PopulationOp>());
  auto inputs = llvm::to_vector(body.getOps<InputOp>());
  if (populations.size() != 1 || inputs.size() > 1)
    return networkOp.emitError("'dynapse-merge' must run before "
                               "'dynapse-allocate' (one population, one input)");
  if (!body.getOps<WeightsOp>().empty())
    return networkOp.emitError("'dynapse-quantize-weights' must run before "
                               "'dynapse-allocate'");
  result.population = populations.front();
  result.input = inputs.empty() ? InputOp() : inputs.front();
  std::optional<ArrayRef<int64_t>> coreMap = result.population.getCoreMap();
  if (!coreMap)
    return networkOp.emitError("'dynapse-cluster' must run before "
                               "'dynapse-allocate'");
  result.cores.assign(llvm::range_size(body.getOps<CoreOp>()), CoreOp());
  for (CoreOp core : body.getOps<CoreOp>()) {
    int64_t index = core.getIndexAttr().getInt();
    if (index >= int64_t(result.cores.size()))
      return core.emitError("cores must be numbered 0..")
             << result.cores.size() - 1;
    if (!core.getBiases())
      return core.emitError("'dynapse-quantize-currents' must run before "
                            "'dynapse-allocate' (core ")
             << index << " has no bias codes)";
    result.cores[index] = core;
  }
  allocation::Network &network = result.network;
  network.neurons = result.population.getSize();
  network.inputs = result.input ? result.input.getOutput().getType().getSize() : 0;
  network.cores = int64_t(result.cores.size());
  network.coreOf.assign(coreMap->begin(), coreMap->end());
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
    auto result = allocation::allocate(gathered->network, *board);
    if (!result) {
      networkOp.emitError("cannot allocate: ")
          << llvm::toString(result.takeError());
      return signalPassFailure();
    }
    write(networkOp, *gathered, *result);
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
