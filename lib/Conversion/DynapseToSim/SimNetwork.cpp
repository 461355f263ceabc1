//===- SimNetwork.cpp - per-neuron currents and fan-in of a network -------===//
#include "dynapse/Conversion/DynapseToSim/SimNetwork.h"

#include "dynapse/Dialect/Dynapse/IR/BiasGen.h"
#include "dynapse/Dialect/Dynapse/IR/Hardware.h"
#include "dynapse/Dialect/Dynapse/IR/NeuronCurrents.h"
#include "dynapse/Dialect/Dynapse/IR/WeightMatrix.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <cmath>
#include <random>

using namespace mlir;
using namespace dynapse;
using namespace dynapse::sim;
using namespace dynapse::hw;

namespace {

constexpr const char *kSynapseNames[kNumSynapses] = {"ampa", "gaba", "nmda",
                                                     "shunt"};


/// DynapSim's layout constants (spec 7.1) and the SE2 capacitances of each
/// synapse type (se2-model.md).
void setLayout(NeuronParameters &p, Model model) {
  p.C_ahp = 40e-12, p.C_pulse_ahp = 0.5e-12, p.C_pulse = 0.5e-12;
  p.C_ref = 1.5e-12, p.C_mem = 3e-12, p.Io = kDarkCurrent;
  p.kappa_n = kKappaN, p.kappa_p = kKappaP, p.Ut = kThermalVoltage;
  p.Vth = kPulseThresholdVoltage;
  if (model == Model::DynapSim)
    p.C_syn = {24.5e-12, 24.5e-12, 24.5e-12, 24.5e-12};
  else
    p.C_syn = {24.5e-12, 25e-12, 25e-12, 24.5e-12};
}

/// Fills the currents of one neuron from `values` (a core's, or the
/// neuron's own). Per-synapse currents fall back to the combined synapse.
void setCurrents(NeuronParameters &p, const llvm::StringMap<double> &values,
                 const NeuronParameters &own) {
  auto get = [&](StringRef name, double fallback) {
    auto found = values.find(name);
    return found == values.end() ? fallback : found->second;
  };
  p.Idc = get("Idc", own.Idc), p.If_nmda = get("If_nmda", own.If_nmda);
  p.Igain_ahp = get("Igain_ahp", own.Igain_ahp);
  p.Igain_mem = get("Igain_mem", own.Igain_mem);
  p.Ipulse_ahp = get("Ipulse_ahp", own.Ipulse_ahp);
  p.Ipulse = get("Ipulse", own.Ipulse), p.Iref = get("Iref", own.Iref);
  p.Ispkthr = get("Ispkthr", own.Ispkthr);
  p.Itau_ahp = get("Itau_ahp", own.Itau_ahp);
  p.Itau_mem = get("Itau_mem", own.Itau_mem);
  p.Iw_ahp = get("Iw_ahp", own.Iw_ahp);
  double gainSyn = get("Igain_syn", own.Igain[Ampa]);
  double tauSyn = get("Itau_syn", own.Itau[Ampa]);
  for (unsigned s = 0; s < kNumSynapses; ++s) {
    p.Igain[s] = get((Twine("Igain_") + kSynapseNames[s]).str(), gainSyn);
    p.Itau[s] = get((Twine("Itau_") + kSynapseNames[s]).str(), tauSyn);
  }
}

struct Reader {
  NetworkOp networkOp;
  Model model;
  Network result;
  llvm::DenseMap<Value, int64_t> sourceOffset; // into the source vector
  /// Per input, each channel's slot in the source vector: the user's
  /// channels in order, then those driven every step.
  llvm::DenseMap<Value, std::vector<int64_t>> channelSlot;
  llvm::DenseMap<int64_t, llvm::StringMap<double>> coreCurrents; // by index
  std::vector<std::array<double, 4>> baseWeights; // Iw_0..Iw_3 per neuron

  LogicalResult read();
  void readInputs();
  LogicalResult readPopulation(PopulationOp population);
  void addWeights(WeightsOp weights, int64_t firstPost);
  void addSynapses(SynapsesOp synapses, int64_t firstPost);
  void connect(int64_t post, Value source, int64_t pre, double signedWeight,
               int synapse);
};

LogicalResult Reader::read() {
  Block &body = networkOp.getBodyBlock();
  for (CoreOp core : body.getOps<CoreOp>())
    coreCurrents[core.getIndexAttr().getInt()] = coreValues(core);
  auto populations = llvm::to_vector(body.getOps<PopulationOp>());
  if (populations.empty())
    return networkOp.emitError("network '")
           << networkOp.getSymName() << "' has no population to simulate";
  for (PopulationOp population : populations) {
    sourceOffset[population.getOutput()] = result.neurons;
    result.populations.push_back(
        {population.getName().value_or("population").str(),
         int64_t(population.getSize())});
    if (auto outputs = population.getOutputNeurons())
      for (int64_t neuron : *outputs)
        result.outputs.push_back(result.neurons + neuron);
    result.neurons += population.getSize();
  }
  readInputs();
  if (result.neurons == 0)
    return networkOp.emitError("network '")
           << networkOp.getSymName() << "' has no neurons to simulate";
  result.fanIn.resize(result.neurons);
  bool given = result.dt > 0;
  if (!given)
    result.dt = populations.front().getDt().convertToDouble();
  for (PopulationOp population : populations) {
    if (!given && population.getDt().convertToDouble() != result.dt)
      return population.emitError("population dt ")
             << population.getDt().convertToDouble()
             << " s differs from the network's first population (" << result.dt
             << " s); run 'dynapse-merge' or give --dt";
    if (failed(readPopulation(population)))
      return failure();
  }
  int64_t first = 0;
  for (PopulationOp population : populations) {
    for (Value operand : population.getInputs()) {
      if (auto weights = operand.getDefiningOp<WeightsOp>())
        addWeights(weights, first);
      else if (auto synapses = operand.getDefiningOp<SynapsesOp>()) {
        if (!population.getCoreMap())
          return synapses.emitError("quantised synapses feed a population "
                                    "without 'core_map': their weights need "
                                    "the cores' Iw_0..Iw_3 ('dynapse-cluster' "
                                    "and 'dynapse-quantize-weights')");
        addSynapses(synapses, first);
      }
    }
    first += population.getSize();
  }
  return success();
}

void Reader::readInputs() {
  auto inputs = llvm::to_vector(networkOp.getBodyBlock().getOps<InputOp>());
  for (InputOp input : inputs) {
    int64_t size = input.getOutput().getType().getSize();
    ArrayRef<int64_t> everyStep = input.getEveryStep().value_or(ArrayRef<int64_t>());
    result.inputs += size - int64_t(everyStep.size());
    result.everyStepInputs += int64_t(everyStep.size());
  }
  int64_t user = result.neurons, driven = result.neurons + result.inputs;
  for (InputOp input : inputs) {
    auto &slots = channelSlot[input.getOutput()];
    ArrayRef<int64_t> everyStep = input.getEveryStep().value_or(ArrayRef<int64_t>());
    for (int64_t k = 0, size = input.getOutput().getType().getSize(); k < size; ++k)
      slots.push_back(llvm::is_contained(everyStep, k) ? driven++ : user++);
  }
}

LogicalResult Reader::readPopulation(PopulationOp population) {
  auto full = NeuronCurrents::fromOp(population).getFull();
  if (!full)
    return population.emitError(llvm::toString(full.takeError()));
  auto coreMap = population.getCoreMap();
  for (unsigned i = 0; i < population.getSize(); ++i) {
    auto value = [&](StringRef name) { return (*full)[currentIndex(name)][i]; };
    NeuronParameters own{};
    setLayout(own, model);
    own.Iscale = population.getIscale().convertToDouble();
    llvm::StringMap<double> values;
    for (StringRef name : currentAttrNames())
      values[name] = value(name);
    own.Igain.fill(value("Igain_syn"));
    own.Itau.fill(value("Itau_syn"));
    NeuronParameters neuron = own;
    setCurrents(neuron, values, own);
    std::array<double, 4> base = {0, 0, 0, 0};
    if (coreMap) {
      auto core = coreCurrents.find((*coreMap)[i]);
      if (core == coreCurrents.end())
        return population.emitError("neuron ")
               << i << " maps to core " << (*coreMap)[i] << ", which is missing";
      // What the core does not set, the neuron keeps.
      const llvm::StringMap<double> &shared = core->second;
      NeuronParameters intended = neuron;
      setCurrents(neuron, shared, intended);
      for (unsigned k = 0; k < 4; ++k) {
        auto found = shared.find(("Iw_" + Twine(k)).str());
        base[k] = found == shared.end() ? 0.0 : found->second;
      }
      // dynapsim_net_from_spec never passes Iw_ahp on (spec 7.7).
      if (model == Model::DynapSim)
        neuron.Iw_ahp = kDarkCurrent;
    }
    result.parameters.push_back(neuron);
    baseWeights.push_back(base);
  }
  return success();
}

void Reader::connect(int64_t post, Value source, int64_t pre,
                     double signedWeight, int synapse) {
  auto slots = channelSlot.find(source);
  int64_t offset = slots != channelSlot.end() ? slots->second[pre]
                                              : sourceOffset.lookup(source) + pre;
  bool fromInput = offset >= result.neurons;
  Connection connection{int32_t(offset), 0, signedWeight};
  if (model == Model::DynapSim) {
    connection.group = fromInput ? 1 : 0;
  } else {
    if (synapse < 0)
      synapse = signedWeight < 0 ? Gaba : Ampa;
    connection.group = unsigned(synapse);
    connection.weight = std::fabs(signedWeight);
    connection.weight *= result.parameters[post].Iscale;
  }
  result.fanIn[post].push_back(connection);
}

void Reader::addWeights(WeightsOp weights, int64_t firstPost) {
  forEachNonZero(weights.getWeights(), [&](int64_t pre, int64_t post, double w) {
    connect(firstPost + post, weights.getSource(), pre, w, -1);
  });
}

void Reader::addSynapses(SynapsesOp synapses, int64_t firstPost) {
  forEachSynapse(synapses, [&](int64_t pre, int64_t post, unsigned mask,
                               Dendrite dendrite) {
    if (dendrite == Dendrite::none)
      return;
    int64_t target = firstPost + post;
    double current = 0;
    for (unsigned k = 0; k < 4; ++k)
      if (mask & (1u << k))
        current += baseWeights[target][k];
    int synapse = dendrite == Dendrite::ampa   ? Ampa
                  : dendrite == Dendrite::gaba ? Gaba
                  : dendrite == Dendrite::nmda ? Nmda
                                               : Shunt;
    bool inhibitory = synapse == Gaba || synapse == Shunt;
    double weight = current / result.parameters[target].Iscale;
    connect(target, synapses.getSource(), pre, inhibitory ? -weight : weight,
            synapse);
  });
}

} // namespace

llvm::StringMap<double> dynapse::sim::coreValues(CoreOp core) {
  llvm::StringMap<double> values;
  for (NamedAttribute entry : core.getCurrents())
    if (auto value = dyn_cast<FloatAttr>(entry.getValue()))
      values[entry.getName().strref()] = value.getValueAsDouble();
  if (auto biases = core.getBiases()) {
    llvm::StringMap<StringRef> currentOf;
    for (auto [current, parameter] : biasgen::currentToParameter())
      currentOf[parameter] = current;
    for (auto bias : biases->getAsRange<BiasAttr>()) {
      auto current = currentOf.find(bias.getName());
      if (current == currentOf.end())
        continue;
      values[current->second] = biasgen::parameterCurrent(
          bias.getName(), {bias.getCoarse(), bias.getFine()});
    }
    // The combined synapse of the DynapSim model reads the AMPA circuit,
    // as Rockpool does when it reads a configuration back.
    for (StringRef kind : {"Igain", "Itau"}) {
      auto ampa = values.find((kind + "_ampa").str());
      if (ampa != values.end())
        values[(kind + "_syn").str()] = ampa->second;
    }
  }
  return values;
}

FailureOr<Network> dynapse::sim::readNetwork(NetworkOp network, Model model,
                                             double dt) {
  Reader reader;
  reader.networkOp = network;
  reader.model = model;
  reader.result.dt = dt;
  if (failed(reader.read()))
    return failure();
  return std::move(reader.result);
}

void dynapse::sim::applyMismatch(std::vector<NeuronParameters> &parameters,
                                 double fraction, uint64_t seed) {
  if (fraction == 0.0)
    return;
  std::mt19937_64 engine(seed);
  // Box-Muller on the engine's raw bits: the same numbers on every platform.
  auto uniform = [&] { return (double(engine() >> 11) + 0.5) * 0x1.0p-53; };
  auto normal = [&] {
    double radius = uniform(), angle = uniform(); // in this order
    return std::sqrt(-2.0 * std::log(radius)) * std::cos(2.0 * M_PI * angle);
  };
  auto perturb = [&](auto member) {
    for (NeuronParameters &p : parameters)
      member(p) *= 1.0 + fraction / 3.0 * normal();
  };
  perturb([](NeuronParameters &p) -> double & { return p.Idc; });
  perturb([](NeuronParameters &p) -> double & { return p.If_nmda; });
  perturb([](NeuronParameters &p) -> double & { return p.Igain_ahp; });
  perturb([](NeuronParameters &p) -> double & { return p.Igain_mem; });
  perturb([](NeuronParameters &p) -> double & { return p.Ipulse_ahp; });
  perturb([](NeuronParameters &p) -> double & { return p.Ipulse; });
  perturb([](NeuronParameters &p) -> double & { return p.Iref; });
  perturb([](NeuronParameters &p) -> double & { return p.Ispkthr; });
  perturb([](NeuronParameters &p) -> double & { return p.Itau_ahp; });
  perturb([](NeuronParameters &p) -> double & { return p.Itau_mem; });
  perturb([](NeuronParameters &p) -> double & { return p.Iw_ahp; });
  for (unsigned s = 0; s < kNumSynapses; ++s) {
    perturb([s](NeuronParameters &p) -> double & { return p.Igain[s]; });
    perturb([s](NeuronParameters &p) -> double & { return p.Itau[s]; });
    perturb([s](NeuronParameters &p) -> double & { return p.C_syn[s]; });
  }
  perturb([](NeuronParameters &p) -> double & { return p.C_ahp; });
  perturb([](NeuronParameters &p) -> double & { return p.C_pulse_ahp; });
  perturb([](NeuronParameters &p) -> double & { return p.C_pulse; });
  perturb([](NeuronParameters &p) -> double & { return p.C_ref; });
  perturb([](NeuronParameters &p) -> double & { return p.C_mem; });
  perturb([](NeuronParameters &p) -> double & { return p.Io; });
  perturb([](NeuronParameters &p) -> double & { return p.kappa_n; });
  perturb([](NeuronParameters &p) -> double & { return p.kappa_p; });
  perturb([](NeuronParameters &p) -> double & { return p.Ut; });
  perturb([](NeuronParameters &p) -> double & { return p.Vth; });
}
