//===- GraphDrives.cpp - populations and their linear drives --------------===//
#include "GraphDrives.h"

#include "llvm/ADT/TypeSwitch.h"

#include <deque>

using namespace mlir;
using namespace dynapse;
using namespace dynapse::conversion;

int64_t conversion::sizeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getNumElements();
}

std::vector<double> conversion::expand(Attribute attr, int64_t size,
                                       double fallback) {
  auto elements = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!elements)
    return std::vector<double>(size, fallback);
  std::vector<double> values(elements.getValues<double>().begin(),
                             elements.getValues<double>().end());
  if (values.size() == 1)
    values.assign(size, values.front());
  return values;
}

std::string conversion::nodeName(Operation *op) {
  if (auto name = op->getAttrOfType<StringAttr>("name"))
    return name.str();
  return op->getName().getStringRef().str();
}

bool conversion::isSpiking(Operation *op) {
  return isa<snn::LIFOp, snn::CubaLIFOp, snn::IFOp>(op);
}

FailureOr<GraphDrives> GraphDrives::analyse(snn::GraphOp graph) {
  GraphDrives result(graph);
  if (failed(result.collectPopulations()))
    return failure();
  for (Operation *population : result.spiking)
    for (Value operand : population->getOperands())
      if (failed(result.formOf(operand)))
        return failure();
  // A population's drive is the sum of its operands' forms.
  for (Operation *population : result.spiking) {
    LinearForm drive;
    drive.bias.assign(sizeOf(population->getResult(0)), 0.0);
    for (Value operand : population->getOperands())
      drive.add(result.forms[operand]);
    result.drives[population] = std::move(drive);
  }
  return result;
}

llvm::SmallVector<const LinearForm *>
GraphDrives::operandForms(Operation *population) const {
  llvm::SmallVector<const LinearForm *> result;
  for (Value operand : population->getOperands())
    result.push_back(&forms.find(operand)->second);
  return result;
}

double conversion::graphDt(snn::GraphOp graph) {
  return graph.getDt() ? graph.getDt()->convertToDouble() : 1e-3;
}

double conversion::graphTauScale(snn::GraphOp graph) {
  return graph.getTauScale() ? graph.getTauScale()->convertToDouble() : 1.0;
}

double conversion::tauScaleOf(Operation *op) {
  auto graph = op->getParentOfType<snn::GraphOp>();
  return graph ? graphTauScale(graph) : 1.0;
}

std::vector<double> conversion::timeConstants(Operation *op, StringRef name,
                                              int64_t size) {
  std::vector<double> values = expand(op->getAttr(name), size, 0.0);
  double scale = tauScaleOf(op);
  if (scale != 1.0)
    for (double &value : values)
      value /= scale;
  return values;
}

StringRef conversion::graphConvention(snn::GraphOp graph) {
  return graph.getConvention().value_or("nir");
}

void LinearForm::add(const LinearForm &other) {
  for (const auto &[source, matrix] : other.terms) {
    auto [it, inserted] = terms.try_emplace(source, matrix);
    if (!inserted)
      it->second.add(matrix);
  }
  for (size_t j = 0; j < bias.size(); ++j)
    bias[j] += other.bias[j];
}

LogicalResult GraphDrives::collectPopulations() {
  Block &body = graph.getBody().front();
  for (BlockArgument argument : body.getArguments())
    sources[argument] = sources.size();
  inputs = body.getNumArguments();
  for (Operation &op : body.without_terminator()) {
    if (isSpiking(&op)) {
      sources[op.getResult(0)] = sources.size();
      spiking.push_back(&op);
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
  if (spiking.empty())
    return graph.emitError("graph @")
           << graph.getSymName()
           << " has no spiking node (LIF, CubaLIF or IF) to put on the chip";
  return success();
}

FailureOr<const LinearForm *> GraphDrives::formOf(Value value) {
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

FailureOr<LinearForm> GraphDrives::computeForm(Value value) {
  int64_t size = sizeOf(value);
  LinearForm form;
  form.bias.assign(size, 0.0);
  if (auto it = sources.find(value); it != sources.end()) {
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
    input.add(**operandForm);
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
std::vector<Operation *> GraphDrives::networkOrder() const {
  auto feeds = [&](unsigned source, Operation *target) {
    const LinearForm &drive = drives.find(target)->second;
    auto it = drive.terms.find(source);
    return it != drive.terms.end() && !it->second.empty();
  };
  std::vector<Operation *> order;
  llvm::DenseSet<Operation *> visited;
  std::deque<Operation *> queue;
  for (Operation *population : spiking)
    for (unsigned input = 0; input < inputs; ++input)
      if (feeds(input, population) && visited.insert(population).second)
        queue.push_back(population);
  while (!queue.empty()) {
    Operation *current = queue.front();
    queue.pop_front();
    order.push_back(current);
    unsigned index = sourceIndex(current->getResult(0));
    for (Operation *next : spiking)
      if (feeds(index, next) && visited.insert(next).second)
        queue.push_back(next);
  }
  for (Operation *population : spiking)
    if (visited.insert(population).second)
      order.push_back(population);
  return order;
}
