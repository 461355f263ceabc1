//===- SNNToDynapse.cpp - spiking snn populations to DYNAP-SE2 currents ---===//
//
// docs/conversion.md states the mapping. Both conversions read the graph
// through GraphDrives (populations, composed weights and biases per source).
// conversion=fidelity (FidelityCurrents) derives the currents from each
// neuron's discrete step (DiscreteNeuron) and gives biases to the bias
// source, an input channel that fires every step. conversion=rockpool reads
// every spiking node as Rockpool's LIF (tau_mem, tau_syn, threshold, bias)
// with an input gain g, which multiplies the weights into it:
//   g = r_eff * k,   bias = g * (Affine biases) + v_leak - v_reset,
//   threshold = v_threshold - v_reset,
// where r_eff is the membrane gain (r; 1 under the Rockpool convention) and k
// the jump of the synaptic current per unit weight (w_in; w_in dt / tau_syn
// under snnTorch's; dt / tau_syn for nodes without a synapse, which keeps the
// charge of a spike); the currents then follow Rockpool's _convert_from.
//
//===----------------------------------------------------------------------===//
#include "FidelityCurrents.h"
#include "GraphDrives.h"

#include "dynapse/Conversion/Passes.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/Dynapse/IR/Hardware.h"
#include "dynapse/Dialect/Dynapse/IR/NeuronCurrents.h"
#include "dynapse/Dialect/Dynapse/IR/WeightMatrix.h"
#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Support/ValueChecks.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>

namespace dynapse {
#define GEN_PASS_DEF_CONVERTSNNTODYNAPSE
#include "dynapse/Conversion/Passes.h.inc"
} // namespace dynapse

using namespace mlir;
using namespace dynapse;
using namespace dynapse::conversion;

namespace {

/// The pass options, which a node may override by `dynapse.<name>`.
struct Parameters {
  bool fidelity, strict;
  ResetRule reset;
  BiasSource biasSource;
  double rGainMem, rGainSyn, tPulse, tRef, cPulse, cRef, cMem, cSyn, iscale,
      lifTauSyn, ifTauMem;
};

/// One spiking node read as Rockpool's LIF, per neuron.
struct LifParameters {
  std::vector<double> tauMem, tauSyn, threshold, leakShift, gain;
};

class GraphConverter {
public:
  GraphConverter(snn::GraphOp graph, const Parameters &defaults)
      : graph(graph), defaults(defaults), builder(graph.getContext()) {
    dt = graphDt(graph);
    convention = graphConvention(graph).str();
  }
  LogicalResult run();

private:
  double parameter(Operation *op, StringRef name, double fallback);
  FailureOr<LifParameters> readNeuron(Operation *op);
  FailureOr<std::array<std::vector<double>, kNumCurrents>>
  currents(Operation *op, const LifParameters &lif, ArrayRef<double> bias);
  /// The currents, weight gains and Iscale of one population under the
  /// chosen conversion.
  FailureOr<PopulationCurrents> populationCurrents(Operation *op,
                                                   const LinearForm &drive);
  FailureOr<PopulationCurrents> fidelityPopulation(Operation *op,
                                                   const LinearForm &drive);
  LogicalResult markOutputs(llvm::DenseMap<Operation *, std::vector<int64_t>> &);
  ElementsAttr weightsAttr(const SparseMatrix &drive, ArrayRef<double> gain,
                           int64_t pre, int64_t post);
  /// The one-channel input that fires every step, behind the graph's inputs.
  Value createBiasSource(NetworkOp network);
  WeightsOp biasWeightsOp(Value source, PopulationOp population,
                          ArrayRef<double> weights);

  snn::GraphOp graph;
  Parameters defaults;
  OpBuilder builder;
  double dt;
  std::string convention;
  std::optional<GraphDrives> graphDrives;
};

} // namespace

/// One value when every neuron has the same (it broadcasts), else all.
static std::vector<double> compactCurrent(const std::vector<double> &values) {
  if (!values.empty() && llvm::all_equal(values))
    return {values.front()};
  return values;
}

double GraphConverter::parameter(Operation *op, StringRef name,
                                 double fallback) {
  if (auto attr = op->getAttrOfType<FloatAttr>(("dynapse." + name).str()))
    return attr.getValueAsDouble();
  return fallback;
}

FailureOr<LifParameters> GraphConverter::readNeuron(Operation *op) {
  int64_t size = sizeOf(op->getResult(0));
  LifParameters lif;
  double tauSynFallback = parameter(
      op, "lif_tau_syn", defaults.lifTauSyn > 0 ? defaults.lifTauSyn : dt);
  auto read = [&](StringRef name, double fallback) {
    return expand(op->getAttr(name), size, fallback);
  };
  std::vector<double> r = read("r", 1.0), wIn(size, 1.0), vLeak(size, 0.0);
  if (auto cuba = dyn_cast<snn::CubaLIFOp>(op)) {
    lif.tauMem = timeConstants(op, "tau_mem", size);
    lif.tauSyn = timeConstants(op, "tau_syn", size);
    wIn = read("w_in", 1.0);
    vLeak = read("v_leak", 0.0);
  } else if (isa<snn::LIFOp>(op)) {
    lif.tauMem = timeConstants(op, "tau", size);
    lif.tauSyn.assign(size, tauSynFallback);
    vLeak = read("v_leak", 0.0);
  } else {
    lif.tauMem.assign(size, parameter(op, "if_tau_mem", defaults.ifTauMem));
    lif.tauSyn.assign(size, tauSynFallback);
  }
  std::vector<double> vReset = read("v_reset", 0.0);
  std::vector<double> vThreshold = read("v_threshold", 0.0);
  bool cubaNode = isa<snn::CubaLIFOp>(op);
  for (int64_t j = 0; j < size; ++j) {
    if (!(lif.tauMem[j] > 0) || !(lif.tauSyn[j] > 0))
      return op->emitError("node '")
             << nodeName(op) << "': neuron " << j << " has a time constant <= 0 ("
             << "tau_mem " << formatRoundTrip(lif.tauMem[j]) << ", tau_syn "
             << formatRoundTrip(lif.tauSyn[j]) << " s)";
    double rEff = convention == "rockpool" ? 1.0 : r[j];
    double jump = wIn[j];
    if (!cubaNode)
      jump = dt / lif.tauSyn[j];
    else if (convention == "snntorch")
      jump = wIn[j] * dt / lif.tauSyn[j];
    lif.gain.push_back(rEff * jump);
    lif.threshold.push_back(vThreshold[j] - vReset[j]);
    lif.leakShift.push_back(vLeak[j] - vReset[j]);
  }
  return lif;
}

FailureOr<std::array<std::vector<double>, kNumCurrents>>
GraphConverter::currents(Operation *op, const LifParameters &lif,
                         ArrayRef<double> drive) {
  size_t size = lif.tauMem.size();
  double rGainMem = parameter(op, "r_gain_mem", defaults.rGainMem);
  double rGainSyn = parameter(op, "r_gain_syn", defaults.rGainSyn);
  double cMem = parameter(op, "c_mem", defaults.cMem);
  double cSyn = parameter(op, "c_syn", defaults.cSyn);
  double iscale = parameter(op, "iscale", defaults.iscale);
  double pulse = hw::pulseCurrent(parameter(op, "c_pulse", defaults.cPulse),
                                  parameter(op, "t_pulse", defaults.tPulse));
  double refractory = hw::pulseCurrent(parameter(op, "c_ref", defaults.cRef),
                                       parameter(op, "t_ref", defaults.tRef));
  std::array<std::vector<double>, kNumCurrents> result;
  auto at = [&](StringRef name) -> std::vector<double> & {
    return result[currentIndex(name)];
  };
  for (auto &values : result)
    values.assign(size, 0.0);
  for (size_t j = 0; j < size; ++j) {
    // The threshold first: a reset at the threshold also shifts the bias.
    if (!(lif.threshold[j] > 0))
      return op->emitError("node '")
             << nodeName(op) << "': neuron " << j
             << " resets at or above its threshold (v_threshold - v_reset = "
             << formatRoundTrip(lif.threshold[j])
             << "); the reset must lie below the threshold";
    double bias = lif.gain[j] * drive[j] + lif.leakShift[j];
    if (bias < 0)
      return op->emitError("node '")
             << nodeName(op) << "': neuron " << j << " has a negative bias ("
             << formatRoundTrip(bias)
             << " after gains, v_leak and v_reset); a DC current cannot be "
                "negative";
    at("Itau_mem")[j] = hw::leakCurrent(cMem, lif.tauMem[j]);
    at("Igain_mem")[j] = rGainMem * at("Itau_mem")[j];
    at("Itau_syn")[j] = hw::leakCurrent(cSyn, lif.tauSyn[j]);
    at("Igain_syn")[j] = rGainSyn * at("Itau_syn")[j];
    at("Ipulse")[j] = pulse;
    at("Iref")[j] = refractory;
    at("Ispkthr")[j] = lif.threshold[j] * iscale;
    at("Idc")[j] = bias * iscale;
  }
  return result;
}

FailureOr<PopulationCurrents>
GraphConverter::populationCurrents(Operation *op, const LinearForm &drive) {
  if (defaults.fidelity)
    return fidelityPopulation(op, drive);
  auto lif = readNeuron(op);
  if (failed(lif))
    return failure();
  auto values = currents(op, *lif, drive.bias);
  if (failed(values))
    return failure();
  PopulationCurrents population;
  population.currents = std::move(*values);
  population.weightGain = lif->gain;
  population.iscale = parameter(op, "iscale", defaults.iscale);
  return population;
}

FailureOr<PopulationCurrents>
GraphConverter::fidelityPopulation(Operation *op, const LinearForm &drive) {
  auto neurons = readDiscreteNeurons(op, discretisationOf(convention), dt,
                                     defaults.reset, drive.bias);
  if (failed(neurons))
    return failure();
  for (auto [j, neuron] : llvm::enumerate(*neurons)) {
    if (!(neuron.reset < neuron.threshold))
      return op->emitError("node '")
             << nodeName(op) << "': neuron " << j
             << " resets at or above its threshold (v_threshold - v_reset = "
             << formatRoundTrip(neuron.threshold - neuron.reset)
             << "); the reset must lie below the threshold";
    if (!(neuron.threshold > 0))
      return op->emitError("node '")
             << nodeName(op) << "': neuron " << j << " has a threshold <= 0 ("
             << formatRoundTrip(neuron.threshold) << "); the chip's rest is 0";
  }
  Capacitances c{parameter(op, "c_mem", defaults.cMem),
                 parameter(op, "c_syn", defaults.cSyn),
                 parameter(op, "c_pulse", defaults.cPulse),
                 parameter(op, "c_ref", defaults.cRef)};
  PopulationCurrents population =
      fidelityCurrents(*neurons, dt, c, parameter(op, "iscale", defaults.iscale),
                       defaults.biasSource);
  if (!population.differences.empty())
    op->emitRemark("node '")
        << nodeName(op) << "': the chip steps differently in "
        << population.differences.size() << " place(s); first, "
        << population.differences.front();
  if (!population.losses.empty()) {
    auto diag = defaults.strict ? op->emitError("node '")
                                : op->emitWarning("node '");
    diag << nodeName(op) << "': the chip loses fidelity in "
         << population.losses.size() << " place(s); first, "
         << population.losses.front();
    if (defaults.strict)
      return failure();
  }
  return population;
}

Value GraphConverter::createBiasSource(NetworkOp network) {
  OpBuilder::InsertionGuard guard(builder);
  Block &body = network.getBodyBlock();
  // Behind the graph's inputs, so that merging gives it the last channel.
  builder.setInsertionPointToStart(&body);
  for (InputOp input : body.getOps<InputOp>())
    builder.setInsertionPointAfter(input);
  auto source = builder.create<InputOp>(
      graph.getLoc(), SpikesType::get(builder.getContext(), 1),
      builder.getStringAttr("bias"), builder.getDenseI64ArrayAttr({0}),
      ArrayAttr());
  return source.getOutput();
}

WeightsOp GraphConverter::biasWeightsOp(Value source, PopulationOp population,
                                        ArrayRef<double> weights) {
  MatrixEntries entries;
  for (auto [j, weight] : llvm::enumerate(weights))
    if (weight != 0)
      entries[{0, int64_t(j)}] = weight;
  return builder.create<WeightsOp>(
      population.getLoc(),
      SynapticType::get(builder.getContext(), population.getSize()), source,
      buildWeightMatrix(builder, 1, population.getSize(), entries));
}

/// (pre, post) weights from a (post, pre) drive, each column scaled by its
/// neuron's gain.
ElementsAttr GraphConverter::weightsAttr(const SparseMatrix &drive,
                                         ArrayRef<double> gain, int64_t pre,
                                         int64_t post) {
  MatrixEntries entries;
  for (int64_t j = 0; j < post; ++j)
    for (const auto &[i, value] : drive.row(j))
      entries[{i, j}] = value * gain[j];
  return buildWeightMatrix(builder, pre, post, entries);
}

LogicalResult GraphConverter::markOutputs(
    llvm::DenseMap<Operation *, std::vector<int64_t>> &outputs) {
  for (auto [index, result] :
       llvm::enumerate(graph.getOutputOp().getOperands())) {
    Operation *producer = result.getDefiningOp();
    if (producer && isSpiking(producer)) {
      auto &neurons = outputs[producer];
      neurons.clear();
      for (int64_t j = 0; j < sizeOf(result); ++j)
        neurons.push_back(j);
      continue;
    }
    if (!producer)
      return graph.emitError("network output ")
             << index << " is a network input passed straight through; "
                         "there is nothing for the chip to compute";
    return producer->emitError("network output ")
           << index << " is computed by node '" << nodeName(producer)
           << "' after the last spiking layer; DYNAP-SE2 emits only spikes, "
              "so such a read-out runs on the host: end the network with a "
              "spiking layer or remove the read-out";
  }
  return success();
}

LogicalResult GraphConverter::run() {
  auto analysed = GraphDrives::analyse(graph);
  if (failed(analysed))
    return failure();
  graphDrives = std::move(*analysed);
  llvm::DenseMap<Operation *, std::vector<int64_t>> outputs;
  if (failed(markOutputs(outputs)))
    return failure();

  builder.setInsertionPoint(graph);
  auto network = builder.create<NetworkOp>(graph.getLoc(), graph.getSymName());
  builder.setInsertionPointToStart(&network.getBodyBlock());
  Block &body = graph.getBody().front();
  std::vector<Value> sources(graphDrives->numSources());
  for (BlockArgument argument : body.getArguments()) {
    auto input = builder.create<InputOp>(
        graph.getLoc(), SpikesType::get(builder.getContext(), sizeOf(argument)),
        StringAttr(), DenseI64ArrayAttr(), ArrayAttr());
    if (ArrayAttr names = graph.getArgAttrsAttr())
      if (auto dict = dyn_cast_or_null<DictionaryAttr>(names[argument.getArgNumber()]))
        if (auto name = dict.getAs<StringAttr>("snn.name"))
          input.setNameAttr(name);
    sources[argument.getArgNumber()] = input.getOutput();
  }

  // Populations first (weights may refer to any of them), then their inputs.
  std::vector<Operation *> order = graphDrives->networkOrder();
  std::vector<PopulationOp> created;
  llvm::DenseMap<Operation *, std::vector<double>> gains, biasWeights;
  for (Operation *op : order) {
    auto chosen = populationCurrents(op, graphDrives->drive(op));
    if (failed(chosen))
      return failure();
    auto &values = chosen->currents;
    double iscale = chosen->iscale;
    gains[op] = std::move(chosen->weightGain);
    if (!chosen->biasWeight.empty())
      biasWeights[op] = std::move(chosen->biasWeight);
    int64_t size = sizeOf(op->getResult(0));
    OperationState state(op->getLoc(), PopulationOp::getOperationName());
    state.addTypes(SpikesType::get(builder.getContext(), size));
    for (auto [index, name] : llvm::enumerate(currentAttrNames()))
      state.addAttribute(name, builder.getDenseF64ArrayAttr(
                                   compactCurrent(values[index])));
    state.addAttribute("Iscale", builder.getF64FloatAttr(iscale));
    state.addAttribute("dt", builder.getF64FloatAttr(dt));
    state.addAttribute("name", builder.getStringAttr(nodeName(op)));
    if (auto it = outputs.find(op); it != outputs.end())
      state.addAttribute("output_neurons",
                         builder.getDenseI64ArrayAttr(it->second));
    auto population = cast<PopulationOp>(builder.create(state));
    sources[graphDrives->sourceIndex(op->getResult(0))] = population.getOutput();
    created.push_back(population);
  }
  Value biasSource = biasWeights.empty() ? Value() : createBiasSource(network);
  for (auto [op, population] : llvm::zip(order, created)) {
    const LinearForm &drive = graphDrives->drive(op);
    SmallVector<Value> inputs;
    builder.setInsertionPoint(population);
    if (auto bias = biasWeights.find(op); bias != biasWeights.end())
      inputs.push_back(biasWeightsOp(biasSource, population, bias->second));
    for (const auto &[source, matrix] : drive.terms) {
      if (matrix.empty())
        continue;
      Value from = sources[source];
      int64_t pre = cast<SpikesType>(from.getType()).getSize();
      auto weights = builder.create<WeightsOp>(
          population.getLoc(),
          SynapticType::get(builder.getContext(), population.getSize()), from,
          weightsAttr(matrix, gains[op], pre, population.getSize()));
      inputs.push_back(weights.getOutput());
    }
    population->setOperands(inputs);
  }
  graph.erase();
  return success();
}

namespace {
struct ConvertSNNToDynapsePass
    : public dynapse::impl::ConvertSNNToDynapseBase<ConvertSNNToDynapsePass> {
  using ConvertSNNToDynapseBase::ConvertSNNToDynapseBase;
  void runOnOperation() override {
    if (conversion != "fidelity" && conversion != "rockpool") {
      emitError(getOperation().getLoc(), "conversion '")
          << conversion << "' must be 'fidelity' or 'rockpool'";
      return signalPassFailure();
    }
    if (biasSource != "input" && biasSource != "dc") {
      emitError(getOperation().getLoc(), "bias-source '")
          << biasSource << "' must be 'input' or 'dc'";
      return signalPassFailure();
    }
    Parameters parameters{conversion == "fidelity", strict,
                          ResetRule{reset == "subtract", resetDelay},
                          biasSource == "input" ? BiasSource::Input
                                                : BiasSource::DC,
                          rGainMem, rGainSyn, tPulse, tRef,
                          cPulse,   cRef,     cMem,   cSyn,
                          iscale,   lifTauSyn, ifTauMem};
    for (auto graph :
         llvm::make_early_inc_range(getOperation().getOps<snn::GraphOp>()))
      if (failed(GraphConverter(graph, parameters).run()))
        return signalPassFailure();
  }
};
} // namespace
