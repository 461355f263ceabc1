//===- NIRExporter.cpp - the snn dialect to an NIR file -------------------===//
//
// Writes the layout of the Python `nir` package: /version, /node/type =
// NIRGraph, /node/nodes/<name>/{type, <parameter>...}, /node/edges (E, 2)
// strings. Every parameter is written as float64 (integers as int64), so an
// imported file exports and re-imports to the same IR. ExportOptions::complete
// adds what the Python package's constructors need (defaults, broadcasts,
// input shapes).
//
//===----------------------------------------------------------------------===//
#include "NIRModel.h"

#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Support/HDF5.h"
#include "dynapse/Target/NIR/NIR.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace dynapse;

static constexpr const char *kVersion = "1.0.0";

/// NIR's type string of an snn op, or "" when NIR has none.
static StringRef nirType(Operation *op) {
  return nir::nirTypeOfOp(op->getName().getStringRef());
}

namespace {
class Exporter {
public:
  Exporter(snn::GraphOp graph, const nir::ExportOptions &options)
      : graph(graph), options(options) {}
  LogicalResult run(raw_ostream &output);

private:
  LogicalResult nameEverything();
  LogicalResult writeNode(const h5::Group &nodes, Operation *op);
  LogicalResult writeAttribute(const h5::Group &group, Operation *op,
                               NamedAttribute attribute);
  LogicalResult completeNode(const h5::Group &group, Operation *op);
  LogicalResult fail(llvm::Error error) {
    return graph.emitError("cannot write NIR: ")
           << llvm::toString(std::move(error));
  }

  snn::GraphOp graph;
  nir::ExportOptions options;
  llvm::DenseMap<Value, std::string> sourceNames;
  llvm::DenseMap<Operation *, std::string> opNames;
  std::vector<std::string> outputNames;
};
} // namespace

static std::string portName(ArrayAttr attrs, unsigned index, StringRef kind) {
  if (attrs)
    if (auto dict = dyn_cast_or_null<DictionaryAttr>(attrs[index]))
      if (auto name = dict.getAs<StringAttr>("snn.name"))
        return name.str();
  return (kind + "_" + llvm::Twine(index)).str();
}

LogicalResult Exporter::nameEverything() {
  llvm::StringSet<> used;
  auto claim = [&](const std::string &name, Location loc) -> LogicalResult {
    if (!used.insert(name).second)
      return emitError(loc) << "two NIR nodes would be named '" << name
                            << "'; give them distinct 'name' attributes";
    return success();
  };
  Block &body = graph.getBody().front();
  for (BlockArgument argument : body.getArguments()) {
    std::string name =
        portName(graph.getArgAttrsAttr(), argument.getArgNumber(), "input");
    if (failed(claim(name, graph.getLoc())))
      return failure();
    sourceNames[argument] = name;
  }
  unsigned counter = 0;
  for (Operation &op : body.without_terminator()) {
    if (nirType(&op).empty())
      return op.emitError("has no NIR counterpart");
    auto nameAttr = op.getAttrOfType<StringAttr>("name");
    std::string name = nameAttr
                           ? nameAttr.str()
                           : (nirType(&op) + "_" + llvm::Twine(counter)).str();
    ++counter;
    if (failed(claim(name, op.getLoc())))
      return failure();
    opNames[&op] = name;
    sourceNames[op.getResult(0)] = name;
  }
  for (unsigned index = 0; index < graph.getNumResults(); ++index) {
    std::string name = portName(graph.getResAttrsAttr(), index, "output");
    if (failed(claim(name, graph.getLoc())))
      return failure();
    outputNames.push_back(name);
  }
  return success();
}

/// The shape the nir package wants parameter `name` of `op` in: a
/// convolution's bias has one value per output channel, every other
/// parameter one per element of the node's output.
static SmallVector<int64_t> broadcastShape(Operation *op, StringRef name) {
  ArrayRef<int64_t> output =
      cast<RankedTensorType>(op->getResult(0).getType()).getShape();
  if (name == "bias" && isa<snn::Conv1dOp, snn::Conv2dOp>(op))
    return {output.front()};
  return SmallVector<int64_t>(output);
}

/// The optional parameters of a neuron op with their defaults (SNN.td).
static SmallVector<std::pair<StringRef, double>> neuronDefaults(Operation *op) {
  std::pair<StringRef, double> r{"r", 1.0}, vLeak{"v_leak", 0.0},
      vReset{"v_reset", 0.0}, wIn{"w_in", 1.0};
  return llvm::StringSwitch<SmallVector<std::pair<StringRef, double>>>(
             op->getName().getStringRef())
      .Case("snn.li", {r, vLeak})
      .Case("snn.if", {r, vReset})
      .Case("snn.lif", {r, vLeak, vReset})
      .Case("snn.cuba_li", {r, vLeak, wIn})
      .Case("snn.cuba_lif", {r, vLeak, vReset, wIn})
      .Default({});
}

LogicalResult Exporter::writeAttribute(const h5::Group &group, Operation *op,
                                       NamedAttribute attribute) {
  StringRef name = attribute.getName().getValue();
  Attribute value = attribute.getValue();
  llvm::Error error = llvm::Error::success();
  if (auto elements = dyn_cast<ElementsAttr>(value)) {
    auto type = cast<ShapedType>(elements.getType());
    if (type.getNumElements() > (int64_t(1) << 26))
      return op->emitError("parameter '")
             << name << "' is too large to write densely";
    SmallVector<double> values(elements.getValues<double>());
    SmallVector<int64_t> shape(type.getShape());
    if (options.complete && name != "weight") {
      // The nir package wants one value per element, in the node's shape:
      // one value for all is broadcast, as many in another layout (e.g. with
      // a leading batch axis of 1) reshaped.
      SmallVector<int64_t> target = broadcastShape(op, name);
      size_t count = size_t(ShapedType::getNumElements(target));
      if (values.size() == 1)
        values.assign(count, values.front());
      if (values.size() == count)
        shape = target;
    }
    error = group.writeDoubles(name, shape, values);
  } else if (auto array = dyn_cast<DenseI64ArrayAttr>(value)) {
    error = group.writeIntegers(name, {int64_t(array.size())},
                                array.asArrayRef());
  } else if (auto integer = dyn_cast<IntegerAttr>(value)) {
    error = group.writeIntegers(name, {}, {integer.getInt()});
  }
  if (error)
    return fail(std::move(error));
  return success();
}

LogicalResult Exporter::completeNode(const h5::Group &group, Operation *op) {
  for (auto [name, value] : neuronDefaults(op))
    if (!op->hasAttr(name)) {
      SmallVector<int64_t> shape = broadcastShape(op, name);
      SmallVector<double> values(size_t(ShapedType::getNumElements(shape)),
                                 value);
      if (llvm::Error error = group.writeDoubles(name, shape, values))
        return fail(std::move(error));
    }
  if (op->getNumOperands() == 0)
    return success();
  ArrayRef<int64_t> input =
      cast<RankedTensorType>(op->getOperand(0).getType()).getShape();
  llvm::Error error = llvm::Error::success();
  if (isa<snn::Conv1dOp>(op)) // nir: input_shape is N, an integer
    error = group.writeIntegers("input_shape", {}, {input.back()});
  else if (isa<snn::Conv2dOp>(op)) // (H, W)
    error = group.writeIntegers("input_shape", {int64_t(input.size() - 1)},
                                input.drop_front());
  else if (isa<snn::FlattenOp>(op))
    error = group.writeIntegers("input_type", {int64_t(input.size())}, input);
  if (error)
    return fail(std::move(error));
  return success();
}

LogicalResult Exporter::writeNode(const h5::Group &nodes, Operation *op) {
  auto group = nodes.createGroup(opNames[op]);
  if (!group)
    return fail(group.takeError());
  if (llvm::Error error = group->writeString("type", nirType(op)))
    return fail(std::move(error));
  for (NamedAttribute attribute : op->getAttrs())
    if (attribute.getName() != "name" &&
        failed(writeAttribute(*group, op, attribute)))
      return failure();
  if (options.complete)
    return completeNode(*group, op);
  return success();
}

static llvm::Error writePort(const h5::Group &nodes, const std::string &name,
                             StringRef type, Type valueType) {
  auto group = nodes.createGroup(name);
  if (!group)
    return group.takeError();
  if (llvm::Error error = group->writeString("type", type))
    return error;
  ArrayRef<int64_t> shape = cast<RankedTensorType>(valueType).getShape();
  return group->writeIntegers("shape", {int64_t(shape.size())}, shape);
}

LogicalResult Exporter::run(raw_ostream &output) {
  if (failed(nameEverything()))
    return failure();
  auto file = h5::File::create();
  if (!file)
    return fail(file.takeError());
  h5::Group root = file->root();
  auto node = root.createGroup("node");
  if (!node)
    return fail(node.takeError());
  auto nodes = node->createGroup("nodes");
  if (!nodes)
    return fail(nodes.takeError());
  if (llvm::Error error = root.writeString("version", kVersion))
    return fail(std::move(error));
  if (llvm::Error error = node->writeString("type", "NIRGraph"))
    return fail(std::move(error));

  Block &body = graph.getBody().front();
  std::vector<std::string> edges;
  for (BlockArgument argument : body.getArguments())
    if (llvm::Error error = writePort(*nodes, sourceNames[argument], "Input",
                                      argument.getType()))
      return fail(std::move(error));
  for (Operation &op : body.without_terminator()) {
    if (failed(writeNode(*nodes, &op)))
      return failure();
    for (Value input : op.getOperands()) {
      edges.push_back(sourceNames[input]);
      edges.push_back(opNames[&op]);
    }
  }
  for (auto [index, result] :
       llvm::enumerate(graph.getOutputOp().getOperands())) {
    if (llvm::Error error = writePort(*nodes, outputNames[index], "Output",
                                      result.getType()))
      return fail(std::move(error));
    edges.push_back(sourceNames[result]);
    edges.push_back(outputNames[index]);
  }
  if (llvm::Error error = node->writeStrings(
          "edges", {int64_t(edges.size() / 2), 2}, edges))
    return fail(std::move(error));
  auto bytes = file->image();
  if (!bytes)
    return fail(bytes.takeError());
  output << *bytes;
  return success();
}

LogicalResult nir::exportNIR(ModuleOp module, raw_ostream &output,
                             const ExportOptions &options) {
  auto graphs = llvm::to_vector(module.getOps<snn::GraphOp>());
  if (graphs.size() != 1)
    return module.emitError("--export-nir needs exactly one 'snn.graph', found ")
           << graphs.size();
  return Exporter(graphs.front(), options).run(output);
}
