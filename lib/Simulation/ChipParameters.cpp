//===- ChipParameters.cpp - a network as a differentiable model needs it --===//
#include "dynapse/Simulation/ChipParameters.h"

#include "dynapse/Conversion/DynapseToSim/SimNetwork.h"
#include "dynapse/Conversion/SNNToSim/ReferenceModel.h"

#include "dynapse/Dialect/Dynapse/IR/BiasGen.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Dialect/SNN/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace dynapse;
using namespace dynapse::sim;

namespace {

llvm::Error describeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 message.str());
}

void describeLayout(const Network &network, NetworkDescription &d) {
  d.dt = network.dt;
  d.neurons = network.neurons;
  d.inputs = network.inputs;
  d.everyStepInputs = network.everyStepInputs;
  for (const PopulationRange &population : network.populations) {
    d.populationNames.push_back(population.name);
    d.populationSizes.push_back(population.size);
  }
  d.outputs = network.outputs;
  d.stageEnds = network.stageEnds;
  for (int64_t target = 0; target < network.neurons; ++target)
    for (const Connection &c : network.fanIn[size_t(target)]) {
      d.fanIn.target.push_back(target);
      d.fanIn.source.push_back(c.source);
      d.fanIn.group.push_back(c.group);
      d.fanIn.weight.push_back(c.weight);
    }
}

/// NeuronParameters' fields by name, in the order applyMismatch draws them.
ParameterColumns columns(llvm::ArrayRef<NeuronParameters> parameters) {
  static const char *synapses[kNumSynapses] = {"ampa", "gaba", "nmda", "shunt"};
  ParameterColumns result;
  auto add = [&](std::string name, auto member) {
    result.names.push_back(std::move(name));
    std::vector<double> &values = result.values.emplace_back();
    for (const NeuronParameters &p : parameters)
      values.push_back(member(p));
  };
#define DYNAPSE_FIELD(NAME)                                                    \
  add(#NAME, [](const NeuronParameters &p) { return p.NAME; })
  DYNAPSE_FIELD(Idc);
  DYNAPSE_FIELD(If_nmda);
  DYNAPSE_FIELD(Igain_ahp);
  DYNAPSE_FIELD(Igain_mem);
  DYNAPSE_FIELD(Ipulse_ahp);
  DYNAPSE_FIELD(Ipulse);
  DYNAPSE_FIELD(Iref);
  DYNAPSE_FIELD(Ispkthr);
  DYNAPSE_FIELD(Itau_ahp);
  DYNAPSE_FIELD(Itau_mem);
  DYNAPSE_FIELD(Iw_ahp);
  for (unsigned s = 0; s < kNumSynapses; ++s) {
    std::string suffix = synapses[s];
    add("Igain_" + suffix, [s](const NeuronParameters &p) { return p.Igain[s]; });
    add("Itau_" + suffix, [s](const NeuronParameters &p) { return p.Itau[s]; });
    add("C_" + suffix, [s](const NeuronParameters &p) { return p.C_syn[s]; });
  }
  DYNAPSE_FIELD(C_ahp);
  DYNAPSE_FIELD(C_pulse_ahp);
  DYNAPSE_FIELD(C_pulse);
  DYNAPSE_FIELD(C_ref);
  DYNAPSE_FIELD(C_mem);
  DYNAPSE_FIELD(Io);
  DYNAPSE_FIELD(kappa_n);
  DYNAPSE_FIELD(kappa_p);
  DYNAPSE_FIELD(Ut);
  DYNAPSE_FIELD(Vth);
  DYNAPSE_FIELD(Iscale);
#undef DYNAPSE_FIELD
  return result;
}

/// A core's base weight currents as the simulator reads them: the decoded
/// SYAM_W codes after current quantisation, the stored Iw_k before.
std::array<double, 4> baseWeights(CoreOp core) {
  llvm::StringMap<double> values = coreValues(core);
  std::array<double, 4> result = {0, 0, 0, 0};
  for (unsigned k = 0; k < 4; ++k)
    result[k] = values.lookup(("Iw_" + llvm::Twine(k)).str());
  return result;
}

} // namespace

llvm::Expected<NetworkDescription>
dynapse::sim::describeReference(ModuleOp module, double dt,
                                conversion::ResetRule reset) {
  OwningOpRef<ModuleOp> lowered = module.clone();
  auto graphs = llvm::to_vector(lowered->getOps<snn::GraphOp>());
  if (graphs.size() != 1)
    return describeError(llvm::Twine("expected one 'snn.graph' (the network "
                                     "as trained), found ") +
                         llvm::Twine(graphs.size()));
  PassManager pm(module.getContext());
  pm.addNestedPass<snn::GraphOp>(snn::createSNNLowerConv());
  if (failed(pm.run(*lowered)))
    return describeError("lowering the graph's convolutions failed");
  snn::GraphOp graph = *lowered->getOps<snn::GraphOp>().begin();
  ReferenceVariant variant;
  std::vector<ReferenceNeuron> neurons;
  FailureOr<Network> network =
      readReferenceNetwork(graph, dt, reset, variant, neurons);
  if (failed(network))
    return describeError("the network as trained cannot be read");
  NetworkDescription d;
  describeLayout(*network, d);
  d.discretisation = variant == ReferenceVariant::SnnTorch  ? "snntorch"
                     : variant == ReferenceVariant::Norse   ? "norse"
                     : variant == ReferenceVariant::Norse10 ? "norse-1.0"
                                                            : "euler";
  auto add = [&](const char *name, auto member) {
    d.parameters.names.push_back(name);
    std::vector<double> &values = d.parameters.values.emplace_back();
    for (const ReferenceNeuron &n : neurons)
      values.push_back(double(member(n)));
  };
  add("alpha", [](const ReferenceNeuron &n) { return n.alpha; });
  add("beta", [](const ReferenceNeuron &n) { return n.beta; });
  add("input_gain", [](const ReferenceNeuron &n) { return n.inputGain; });
  add("memory_gain", [](const ReferenceNeuron &n) { return n.memoryGain; });
  add("leak", [](const ReferenceNeuron &n) { return n.leak; });
  add("bias", [](const ReferenceNeuron &n) { return n.bias; });
  add("recurrent_bias",
      [](const ReferenceNeuron &n) { return n.recurrentBias; });
  add("threshold", [](const ReferenceNeuron &n) { return n.threshold; });
  add("reset", [](const ReferenceNeuron &n) { return n.reset; });
  add("subtract", [](const ReferenceNeuron &n) { return n.subtract; });
  add("reset_delay", [](const ReferenceNeuron &n) { return n.resetDelay; });
  add("clears_current",
      [](const ReferenceNeuron &n) { return n.resetClearsCurrent; });
  add("delayed_current",
      [](const ReferenceNeuron &n) { return n.delayedCurrent; });
  // Norse's own terms (ReferenceModel.cpp's emitNorseStep).
  add("memory_rate", [](const ReferenceNeuron &n) { return n.norse.memoryRate; });
  add("synapse_rate",
      [](const ReferenceNeuron &n) { return n.norse.synapseRate; });
  add("v_leak", [](const ReferenceNeuron &n) { return n.norse.vLeak; });
  add("r", [](const ReferenceNeuron &n) { return n.norse.r; });
  add("norse_kind", [](const ReferenceNeuron &n) {
    return n.norse.synapse ? 2 : n.norse.leaky ? 1 : 0;
  });
  return d;
}

llvm::Expected<NetworkDescription>
dynapse::sim::describeChip(ModuleOp module, double dt, double fraction,
                           llvm::ArrayRef<uint64_t> seeds) {
  auto networks = llvm::to_vector(module.getOps<NetworkOp>());
  if (networks.size() != 1)
    return describeError(llvm::Twine("expected one 'dynapse.network', found ") +
                         llvm::Twine(networks.size()));
  if (!(fraction >= 0) || !(dt >= 0))
    return describeError("mismatch and dt must not be negative");
  NetworkOp networkOp = networks.front();
  FailureOr<Network> network = readNetwork(networkOp, Model::SE2, dt);
  if (failed(network))
    return describeError("the network cannot be simulated");
  NetworkDescription d;
  describeLayout(*network, d);
  d.discretisation = "se2";
  d.parameters = columns(network->parameters);
  for (uint64_t seed : seeds) {
    std::vector<NeuronParameters> chip = network->parameters;
    applyMismatch(chip, fraction, seed);
    d.instances.push_back(columns(chip));
  }
  llvm::DenseMap<int64_t, std::array<double, 4>> coreWeights;
  for (CoreOp core : networkOp.getBodyBlock().getOps<CoreOp>())
    coreWeights[core.getIndexAttr().getInt()] = baseWeights(core);
  for (PopulationOp population : networkOp.getBodyBlock().getOps<PopulationOp>()) {
    auto coreMap = population.getCoreMap();
    for (unsigned i = 0; i < population.getSize(); ++i) {
      int64_t core = coreMap ? int64_t((*coreMap)[i]) : -1;
      d.cores.push_back(core);
      auto found = coreWeights.find(core);
      d.baseWeights.push_back(found == coreWeights.end()
                                  ? std::array<double, 4>{0, 0, 0, 0}
                                  : found->second);
    }
  }
  return d;
}
