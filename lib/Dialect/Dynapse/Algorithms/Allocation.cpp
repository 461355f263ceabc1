//===- Allocation.cpp - cores on chips, CAM and SRAM contents -------------===//
//
// 1. Cores on chips: a graph of logical cores weighted by the synapses between
//    them is walked breadth first (Boost.Graph) from the core that receives
//    the most input, and cores are dealt out four per chip in that order, so
//    neighbours share a chip and events stay local.
// 2. Slots: a core's neurons take slots 0.. in logical order.
// 3. Tags: each source (input channels, then neurons) takes the smallest tag
//    free on every chip its events reach; sources reaching disjoint chips
//    share tags.
// 4. CAM: per neuron its synapses, inputs by channel then neurons by index.
//    SRAM: a monitor entry for outputs, then one entry per destination chip
//    (Rockpool keeps only the last chip) with the mask of its cores.
//
//===----------------------------------------------------------------------===//
#include "dynapse/Dialect/Dynapse/Algorithms/Allocation.h"

#include "dynapse/Dialect/Dynapse/IR/Hardware.h"

#include "llvm/ADT/Twine.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>

#include <algorithm>
#include <bitset>
#include <map>

using namespace dynapse;
using namespace dynapse::allocation;
using llvm::createStringError;
using llvm::Twine;

namespace {

using CoreGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

/// Logical cores in breadth-first order over the synapse graph.
std::vector<int64_t> coreOrder(const Network &network) {
  CoreGraph graph(network.cores);
  std::map<std::pair<int64_t, int64_t>, int64_t> weight;
  std::vector<int64_t> inputWeight(network.cores, 0);
  for (const Synapse &synapse : network.synapses) {
    int64_t to = network.coreOf[synapse.post];
    if (synapse.fromInput) {
      ++inputWeight[to];
      continue;
    }
    int64_t from = network.coreOf[synapse.pre];
    if (from != to && weight[{std::min(from, to), std::max(from, to)}]++ == 0)
      boost::add_edge(from, to, graph);
  }
  std::vector<int64_t> order;
  std::vector<boost::default_color_type> colors(
      network.cores, boost::white_color);
  auto colorMap = boost::make_iterator_property_map(
      colors.begin(), boost::get(boost::vertex_index, graph));
  struct Recorder : boost::default_bfs_visitor {
    std::vector<int64_t> *order;
    void discover_vertex(CoreGraph::vertex_descriptor v, const CoreGraph &) {
      order->push_back(int64_t(v));
    }
  } recorder;
  recorder.order = &order;
  // Start from the core with the most input synapses, then any core left.
  std::vector<int64_t> starts(network.cores);
  for (int64_t core = 0; core < network.cores; ++core)
    starts[core] = core;
  std::stable_sort(starts.begin(), starts.end(), [&](int64_t a, int64_t b) {
    return inputWeight[a] > inputWeight[b];
  });
  for (int64_t start : starts)
    if (colors[start] == boost::white_color)
      boost::breadth_first_visit(graph, start, boost::visitor(recorder).color_map(colorMap));
  return order;
}

std::pair<int, int> position(unsigned chip, const Board &board) {
  return {int(chip % board.columns), int(chip / board.columns)};
}

/// The destinations of one source: per chip, the mask of its cores.
using Destinations = std::map<unsigned, unsigned>;

llvm::Error fanOutError(bool input, int64_t index, size_t needed) {
  return createStringError(
      Twine(input ? "input channel " : "neuron ") + Twine(index) + " sends to " +
      Twine(needed) + " chips" + (input ? "" : " (plus its monitor entry)") +
      ", but a neuron has " + Twine(hw::kSramEntriesPerNeuron) +
      " SRAM entries: cluster its targets onto fewer chips");
}

} // namespace

llvm::Expected<Result> allocation::allocate(const Network &network,
                                            const Board &board) {
  if (board.chips == 0 || board.chips > board.columns * board.rows)
    return createStringError("the chip grid " + Twine(board.columns) + "x" +
                             Twine(board.rows) + " has no place for " +
                             Twine(board.chips) + " chips");
  if (network.cores > int64_t(board.chips * hw::kCoresPerChip))
    return createStringError(Twine(network.cores) + " cores do not fit on " +
                             Twine(board.chips) + " chips of 4 cores");
  Result result;
  result.corePlace.resize(network.cores);
  std::vector<int64_t> order = coreOrder(network);
  for (auto [position, core] : llvm::enumerate(order))
    result.corePlace[core] = {unsigned(position / hw::kCoresPerChip),
                              unsigned(position % hw::kCoresPerChip)};

  std::vector<unsigned> nextSlot(network.cores, 0);
  result.neurons.resize(network.neurons);
  for (int64_t neuron = 0; neuron < network.neurons; ++neuron) {
    int64_t core = network.coreOf[neuron];
    NeuronPlace &place = result.neurons[neuron];
    place.chip = result.corePlace[core].first;
    place.core = result.corePlace[core].second;
    place.slot = nextSlot[core]++;
    place.dc = network.dcCore[core];
  }

  // Where each source's events go.
  std::vector<Destinations> inputTargets(network.inputs),
      neuronTargets(network.neurons);
  for (const Synapse &synapse : network.synapses) {
    const NeuronPlace &target = result.neurons[synapse.post];
    auto &destinations = synapse.fromInput ? inputTargets[synapse.pre]
                                           : neuronTargets[synapse.pre];
    destinations[target.chip] |= 1u << target.core;
  }

  // Tags: the smallest free on every destination chip.
  std::vector<std::bitset<hw::kNumTags>> used(board.chips);
  auto takeTag = [&](const Destinations &destinations, unsigned &tag,
                     const Twine &source) -> llvm::Error {
    for (tag = 0; tag < hw::kNumTags; ++tag)
      if (llvm::all_of(destinations,
                       [&](const auto &entry) { return !used[entry.first][tag]; }))
        break;
    if (tag == hw::kNumTags) {
      unsigned chip = destinations.begin()->first;
      return createStringError(
          "tags exhausted: " + source + " finds none of the " +
          Twine(hw::kNumTags) + " tags free on chip " + Twine(chip) +
          " (every source reaching a chip needs its own tag there): fewer "
          "sources, or spread the targets over more chips");
    }
    for (const auto &entry : destinations)
      used[entry.first][tag] = true;
    return llvm::Error::success();
  };
  std::vector<unsigned> inputTag(network.inputs, 0), neuronTag(network.neurons, 0);
  for (int64_t channel = 0; channel < network.inputs; ++channel)
    if (!inputTargets[channel].empty())
      if (llvm::Error error = takeTag(inputTargets[channel], inputTag[channel],
                                      "input channel " + Twine(channel)))
        return std::move(error);
  for (int64_t neuron = 0; neuron < network.neurons; ++neuron)
    if (!neuronTargets[neuron].empty())
      if (llvm::Error error = takeTag(neuronTargets[neuron], neuronTag[neuron],
                                      "neuron " + Twine(neuron)))
        return std::move(error);

  // CAM: incoming synapses (inputs first, in the order given).
  for (const Synapse &synapse : network.synapses) {
    NeuronPlace &target = result.neurons[synapse.post];
    unsigned tag = synapse.fromInput ? inputTag[synapse.pre] : neuronTag[synapse.pre];
    target.cam.push_back({tag, synapse.dendrite, synapse.mask});
  }
  for (int64_t neuron = 0; neuron < network.neurons; ++neuron) {
    size_t fanIn = result.neurons[neuron].cam.size();
    if (fanIn > hw::kCamEntriesPerNeuron)
      return createStringError(
          "neuron " + Twine(neuron) + " has a fan-in of " + Twine(fanIn) +
          " synapses, but a neuron has " + Twine(hw::kCamEntriesPerNeuron) +
          " CAM entries: prune its inputs or split it into several neurons");
  }

  // SRAM: monitor entry for outputs, then one entry per destination chip.
  auto route = [&](unsigned fromChip, const Destinations &destinations,
                   unsigned tag, std::vector<SramEntry> &entries) {
    auto [x0, y0] = position(fromChip, board);
    for (const auto &[chip, cores] : destinations) {
      auto [x1, y1] = position(chip, board);
      entries.push_back({tag, cores, x1 - x0, y1 - y0});
    }
  };
  for (int64_t neuron = 0; neuron < network.neurons; ++neuron) {
    NeuronPlace &place = result.neurons[neuron];
    if (network.isOutput[neuron])
      place.sram.push_back({monitorTag(place.core, place.slot), 0xF,
                            -hw::kMaxHop, -hw::kMaxHop});
    route(place.chip, neuronTargets[neuron], neuronTag[neuron], place.sram);
    if (place.sram.size() > hw::kSramEntriesPerNeuron)
      return fanOutError(false, neuron, neuronTargets[neuron].size());
  }
  // Input events enter from the host at chip 0's position (as Rockpool).
  result.inputs.resize(network.inputs);
  for (int64_t channel = 0; channel < network.inputs; ++channel)
    route(0, inputTargets[channel], inputTag[channel], result.inputs[channel]);
  return result;
}
