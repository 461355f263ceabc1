//===- SNNToDynapse.cpp - spiking snn populations to DYNAP-SE2 currents ---===//
//
// docs/conversion.md states the mapping. In short, every spiking node is read
// as Rockpool's LIF (tau_mem, tau_syn, threshold, bias) with an input gain g,
// which multiplies the weights into it:
//   g = r_eff * k,   bias = g * (Affine biases) + v_leak - v_reset,
//   threshold = v_threshold - v_reset,
// where r_eff is the membrane gain (r; 1 under the Rockpool convention) and k
// the jump of the synaptic current per unit weight (w_in; w_in dt / tau_syn
// under snnTorch's; dt / tau_syn for nodes without a synapse, which keeps the
// charge of a spike). The currents then follow Rockpool's _convert_from.
//
//===----------------------------------------------------------------------===//
#include "SparseMatrix.h"

#include "dynapse/Conversion/Passes.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/Dynapse/IR/Hardware.h"
#include "dynapse/Dialect/Dynapse/IR/NeuronCurrents.h"
#include "dynapse/Dialect/Dynapse/IR/WeightMatrix.h"
#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Support/ValueChecks.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <deque>

namespace dynapse {
#define GEN_PASS_DEF_CONVERTSNNTODYNAPSE
#include "dynapse/Conversion/Passes.h.inc"
} // namespace dynapse

using namespace mlir;
using namespace dynapse;
using conversion::SparseMatrix;

namespace {

/// The pass options, which a node may override by `dynapse.<name>`.
struct Parameters {
  double rGainMem, rGainSyn, tPulse, tRef, cPulse, cRef, cMem, cSyn, iscale,
      lifTauSyn, ifTauMem;
};

/// A value's drive: per source (graph input or population, by index) the
/// matrix from the source's neurons to the value's elements, plus a bias.
struct LinearForm {
  std::map<unsigned, SparseMatrix> terms;
  std::vector<double> bias;
};

/// One spiking node read as Rockpool's LIF, per neuron.
struct LifParameters {
  std::vector<double> tauMem, tauSyn, threshold, leakShift, gain;
};

int64_t sizeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getNumElements();
}

/// A per-neuron vector of `attr`, or `fallback` when absent.
std::vector<double> expand(Attribute attr, int64_t size, double fallback) {
  auto elements = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!elements)
    return std::vector<double>(size, fallback);
  std::vector<double> values(elements.getValues<double>().begin(),
                             elements.getValues<double>().end());
  if (values.size() == 1)
    values.assign(size, values.front());
  return values;
}

std::string nodeName(Operation *op) {
  if (auto name = op->getAttrOfType<StringAttr>("name"))
    return name.str();
  return op->getName().getStringRef().str();
}

class GraphConverter {
public:
  GraphConverter(snn::GraphOp graph, const Parameters &defaults)
      : graph(graph), defaults(defaults), builder(graph.getContext()) {
    dt = graph.getDt() ? graph.getDt()->convertToDouble() : 1e-3;
    convention = graph.getConvention().value_or("nir").str();
  }
  LogicalResult run();

private:
  LogicalResult collectPopulations();
  FailureOr<const LinearForm *> formOf(Value value);
  FailureOr<LinearForm> computeForm(Value value);
  std::vector<Operation *> networkOrder();
  double parameter(Operation *op, StringRef name, double fallback);
  FailureOr<LifParameters> readNeuron(Operation *op);
  FailureOr<std::array<std::vector<double>, kNumCurrents>>
  currents(Operation *op, const LifParameters &lif, ArrayRef<double> bias);
  LogicalResult markOutputs(llvm::DenseMap<Operation *, std::vector<int64_t>> &);
  ElementsAttr weightsAttr(const SparseMatrix &drive, ArrayRef<double> gain,
                           int64_t pre, int64_t post);

  snn::GraphOp graph;
  Parameters defaults;
  OpBuilder builder;
  double dt;
  std::string convention;
  std::vector<Operation *> populations;
  llvm::DenseMap<Value, unsigned> sourceIndex;
  llvm::DenseMap<Value, LinearForm> forms; // what a value carries
  llvm::DenseMap<Operation *, LinearForm> drives; // what a population receives
  llvm::DenseSet<Value> inProgress;
};

} // namespace

/// One value when every neuron has the same (it broadcasts), else all.
static std::vector<double> compactCurrent(const std::vector<double> &values) {
  if (!values.empty() && llvm::all_equal(values))
    return {values.front()};
  return values;
}

static bool isSpiking(Operation *op) {
  return isa<snn::LIFOp, snn::CubaLIFOp, snn::IFOp>(op);
}

LogicalResult GraphConverter::collectPopulations() {
  Block &body = graph.getBody().front();
  for (BlockArgument argument : body.getArguments())
    sourceIndex[argument] = sourceIndex.size();
  for (Operation &op : body.without_terminator()) {
    if (isSpiking(&op)) {
      sourceIndex[op.getResult(0)] = sourceIndex.size();
      populations.push_back(&op);
      continue;
    }
    if (isa<snn::AffineOp, snn::LinearOp, snn::ScaleOp>(op))
      continue;
    StringRef why =
        llvm::TypeSwitch<Operation *, StringRef>(&op)
            .Case<snn::LIOp, snn::CubaLIOp>([](auto) {
              return "it has no threshold: DYNAP-SE2 neurons communicate only "
                     "by spikes, so a leaky read-out stays on the host";
            })
            .Case<snn::ThresholdOp>([](auto) {
              return "a stateless threshold has no DYNAP-SE2 counterpart";
            })
            .Case<snn::DelayOp>([](auto) {
              return "DYNAP-SE2 synapses have no programmable delay";
            })
            .Case<snn::Conv1dOp, snn::Conv2dOp, snn::SumPool2dOp,
                  snn::AvgPool2dOp, snn::FlattenOp>([](auto) {
              return "run --snn-lower-conv first to unroll it";
            })
            .Default([](auto) { return "it has no DYNAP-SE2 counterpart"; });
    return op.emitError("cannot convert node '")
           << nodeName(&op) << "' to DYNAP-SE2: " << why;
  }
  if (populations.empty())
    return graph.emitError("graph @")
           << graph.getSymName()
           << " has no spiking node (LIF, CubaLIF or IF) to put on the chip";
  return success();
}

FailureOr<const LinearForm *> GraphConverter::formOf(Value value) {
  if (auto it = forms.find(value); it != forms.end())
    return &it->second;
  if (!inProgress.insert(value).second)
    return emitError(value.getLoc())
           << "a loop of Affine/Linear/Scale nodes without a spiking node "
              "cannot be computed (node '"
           << nodeName(value.getDefiningOp()) << "')";
  auto form = computeForm(value);
  inProgress.erase(value);
  if (failed(form))
    return failure();
  return &(forms[value] = std::move(*form));
}

FailureOr<LinearForm> GraphConverter::computeForm(Value value) {
  int64_t size = sizeOf(value);
  LinearForm form;
  form.bias.assign(size, 0.0);
  if (auto it = sourceIndex.find(value); it != sourceIndex.end()) {
    form.terms.emplace(it->second, SparseMatrix::identity(size));
    return form;
  }
  Operation *op = value.getDefiningOp();
  // The sum of the operands' forms.
  LinearForm input;
  int64_t inputSize = op->getNumOperands() ? sizeOf(op->getOperand(0)) : 0;
  input.bias.assign(inputSize, 0.0);
  for (Value operand : op->getOperands()) {
    auto operandForm = formOf(operand);
    if (failed(operandForm))
      return failure();
    for (const auto &[source, matrix] : (*operandForm)->terms) {
      auto [it, inserted] = input.terms.try_emplace(source, matrix);
      if (!inserted)
        it->second.add(matrix);
    }
    for (int64_t i = 0; i < inputSize; ++i)
      input.bias[i] += (*operandForm)->bias[i];
  }
  auto applyMatrix = [&](const SparseMatrix &weight) {
    for (const auto &[source, matrix] : input.terms)
      form.terms.emplace(source, weight.multiply(matrix));
    form.bias = weight.apply(input.bias);
  };
  if (auto affine = dyn_cast<snn::AffineOp>(op)) {
    applyMatrix(SparseMatrix::fromAttr(affine.getWeight()));
    std::vector<double> bias = expand(affine.getBiasAttr(), size, 0.0);
    for (int64_t i = 0; i < size; ++i)
      form.bias[i] += bias[i];
  } else if (auto linear = dyn_cast<snn::LinearOp>(op)) {
    applyMatrix(SparseMatrix::fromAttr(linear.getWeight()));
  } else if (auto scale = dyn_cast<snn::ScaleOp>(op)) {
    std::vector<double> factors = expand(scale.getScaleAttr(), size, 1.0);
    form = std::move(input);
    for (auto &[source, matrix] : form.terms)
      matrix.scaleRows(factors);
    for (int64_t i = 0; i < size; ++i)
      form.bias[i] *= factors[i];
  }
  return form;
}

/// Populations in breadth-first order from the inputs (Rockpool's order for
/// layered networks); populations no input reaches follow in IR order.
std::vector<Operation *> GraphConverter::networkOrder() {
  unsigned numInputs = graph.getBody().front().getNumArguments();
  auto feeds = [&](unsigned source, Operation *target) {
    const LinearForm &drive = drives[target];
    auto it = drive.terms.find(source);
    return it != drive.terms.end() && !it->second.empty();
  };
  std::vector<Operation *> order;
  llvm::DenseSet<Operation *> visited;
  std::deque<Operation *> queue;
  for (Operation *population : populations)
    for (unsigned input = 0; input < numInputs; ++input)
      if (feeds(input, population) && visited.insert(population).second)
        queue.push_back(population);
  while (!queue.empty()) {
    Operation *current = queue.front();
    queue.pop_front();
    order.push_back(current);
    unsigned index = sourceIndex[current->getResult(0)];
    for (Operation *next : populations)
      if (feeds(index, next) && visited.insert(next).second)
        queue.push_back(next);
  }
  for (Operation *population : populations)
    if (visited.insert(population).second)
      order.push_back(population);
  return order;
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
    lif.tauMem = read("tau_mem", 0.0);
    lif.tauSyn = read("tau_syn", 0.0);
    wIn = read("w_in", 1.0);
    vLeak = read("v_leak", 0.0);
  } else if (isa<snn::LIFOp>(op)) {
    lif.tauMem = read("tau", 0.0);
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
  if (failed(collectPopulations()))
    return failure();
  for (Operation *population : populations)
    for (Value operand : population->getOperands())
      if (failed(formOf(operand)))
        return failure();
  // A population's drive is the sum of its operands' forms.
  for (Operation *population : populations) {
    LinearForm drive;
    drive.bias.assign(sizeOf(population->getResult(0)), 0.0);
    for (Value operand : population->getOperands()) {
      const LinearForm &form = forms[operand];
      for (const auto &[source, matrix] : form.terms) {
        auto [it, inserted] = drive.terms.try_emplace(source, matrix);
        if (!inserted)
          it->second.add(matrix);
      }
      for (size_t j = 0; j < drive.bias.size(); ++j)
        drive.bias[j] += form.bias[j];
    }
    drives[population] = std::move(drive);
  }
  llvm::DenseMap<Operation *, std::vector<int64_t>> outputs;
  if (failed(markOutputs(outputs)))
    return failure();

  builder.setInsertionPoint(graph);
  auto network = builder.create<NetworkOp>(graph.getLoc(), graph.getSymName());
  builder.setInsertionPointToStart(&network.getBodyBlock());
  Block &body = graph.getBody().front();
  std::vector<Value> sources(sourceIndex.size());
  for (BlockArgument argument : body.getArguments()) {
    auto input = builder.create<InputOp>(
        graph.getLoc(), SpikesType::get(builder.getContext(), sizeOf(argument)),
        StringAttr(), ArrayAttr());
    if (ArrayAttr names = graph.getArgAttrsAttr())
      if (auto dict = dyn_cast_or_null<DictionaryAttr>(names[argument.getArgNumber()]))
        if (auto name = dict.getAs<StringAttr>("snn.name"))
          input.setNameAttr(name);
    sources[argument.getArgNumber()] = input.getOutput();
  }

  // Populations first (weights may refer to any of them), then their inputs.
  std::vector<Operation *> order = networkOrder();
  std::vector<PopulationOp> created;
  for (Operation *op : order) {
    auto lif = readNeuron(op);
    if (failed(lif))
      return failure();
    const LinearForm &drive = drives[op];
    auto values = currents(op, *lif, drive.bias);
    if (failed(values))
      return failure();
    int64_t size = sizeOf(op->getResult(0));
    OperationState state(op->getLoc(), PopulationOp::getOperationName());
    state.addTypes(SpikesType::get(builder.getContext(), size));
    for (auto [index, name] : llvm::enumerate(currentAttrNames()))
      state.addAttribute(name, builder.getDenseF64ArrayAttr(
                                   compactCurrent((*values)[index])));
    state.addAttribute("Iscale", builder.getF64FloatAttr(
                                     parameter(op, "iscale", defaults.iscale)));
    state.addAttribute("dt", builder.getF64FloatAttr(dt));
    state.addAttribute("name", builder.getStringAttr(nodeName(op)));
    if (auto it = outputs.find(op); it != outputs.end())
      state.addAttribute("output_neurons",
                         builder.getDenseI64ArrayAttr(it->second));
    auto population = cast<PopulationOp>(builder.create(state));
    sources[sourceIndex[op->getResult(0)]] = population.getOutput();
    created.push_back(population);
  }
  for (auto [op, population] : llvm::zip(order, created)) {
    auto lif = readNeuron(op);
    const LinearForm &drive = drives[op];
    SmallVector<Value> inputs;
    builder.setInsertionPoint(population);
    for (const auto &[source, matrix] : drive.terms) {
      if (matrix.empty())
        continue;
      Value from = sources[source];
      int64_t pre = cast<SpikesType>(from.getType()).getSize();
      auto weights = builder.create<WeightsOp>(
          population.getLoc(),
          SynapticType::get(builder.getContext(), population.getSize()), from,
          weightsAttr(matrix, lif->gain, pre, population.getSize()));
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
    Parameters parameters{rGainMem, rGainSyn, tPulse, tRef,
                          cPulse,   cRef,     cMem,   cSyn,
                          iscale,   lifTauSyn, ifTauMem};
    for (auto graph :
         llvm::make_early_inc_range(getOperation().getOps<snn::GraphOp>()))
      if (failed(GraphConverter(graph, parameters).run()))
        return signalPassFailure();
  }
};
} // namespace
