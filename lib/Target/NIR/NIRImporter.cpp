//===- NIRImporter.cpp - NIR graph to the snn dialect ---------------------===//
//
// Every NIR node becomes one snn op named after the node; Input nodes become
// the graph's arguments and Output nodes its results (both in the file's
// alphabetical node order). Parameters are kept exactly as the file gives
// them, float32 widened to f64; NIR's defaults fill v_reset (0) and w_in (1).
// Shapes flow from the nodes that define them (Input, weights, per-neuron
// parameters) through those that take their input's shape; the two ends of
// every edge must agree in element count.
//
//===----------------------------------------------------------------------===//
#include "NIRConventions.h"
#include "NIRModel.h"

#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Dialect/SNN/IR/SNNShapes.h"
#include "dynapse/Support/ValueChecks.h"
#include "dynapse/Target/NIR/NIR.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringMap.h"

#include <map>

using namespace mlir;
using namespace dynapse;
using namespace dynapse::nir;

namespace {

enum class ShapeRule { Port, Elementwise, Matrix, Conv, Pool, Flatten };

/// How one NIR node type maps to an snn op.
struct NodeRule {
  const char *type;
  const char *op;
  ShapeRule shape;
  std::vector<const char *> required;                  // float parameters
  std::vector<std::pair<const char *, double>> defaults; // optional floats
  unsigned spatialRank = 0;
};

const NodeRule kRules[] = {
    {"Input", "", ShapeRule::Port, {}, {}},
    {"Output", "", ShapeRule::Port, {}, {}},
    {"Affine", "snn.affine", ShapeRule::Matrix, {"weight", "bias"}, {}},
    {"Linear", "snn.linear", ShapeRule::Matrix, {"weight"}, {}},
    {"Scale", "snn.scale", ShapeRule::Elementwise, {"scale"}, {}},
    {"Threshold", "snn.threshold", ShapeRule::Elementwise, {"threshold"}, {}},
    {"Delay", "snn.delay", ShapeRule::Elementwise, {"delay"}, {}},
    {"LI", "snn.li", ShapeRule::Elementwise, {"tau", "r", "v_leak"}, {}},
    {"IF", "snn.if", ShapeRule::Elementwise, {"r", "v_threshold"},
     {{"v_reset", 0.0}}},
    {"LIF", "snn.lif", ShapeRule::Elementwise,
     {"tau", "r", "v_leak", "v_threshold"}, {{"v_reset", 0.0}}},
    {"CubaLI", "snn.cuba_li", ShapeRule::Elementwise,
     {"tau_syn", "tau_mem", "r", "v_leak"}, {{"w_in", 1.0}}},
    {"CubaLIF", "snn.cuba_lif", ShapeRule::Elementwise,
     {"tau_syn", "tau_mem", "r", "v_leak", "v_threshold"},
     {{"v_reset", 0.0}, {"w_in", 1.0}}},
    {"Conv1d", "snn.conv1d", ShapeRule::Conv, {"weight"}, {}, 1},
    {"Conv2d", "snn.conv2d", ShapeRule::Conv, {"weight"}, {}, 2},
    {"SumPool2d", "snn.sum_pool2d", ShapeRule::Pool, {}, {}, 2},
    {"AvgPool2d", "snn.avg_pool2d", ShapeRule::Pool, {}, {}, 2},
    {"Flatten", "snn.flatten", ShapeRule::Flatten, {}, {}},
};

const NodeRule *findRule(llvm::StringRef type) {
  for (const NodeRule &rule : kRules)
    if (type == rule.type)
      return &rule;
  return nullptr;
}

using Shape = SmallVector<int64_t>;

int64_t count(ArrayRef<int64_t> shape) {
  int64_t total = 1;
  for (int64_t extent : shape)
    total *= extent;
  return total;
}

class Importer {
public:
  Importer(const Graph &graph, MLIRContext *context, StringRef fileName)
      : graph(graph), context(context), builder(context),
        fileLoc(FileLineColLoc::get(context, fileName, 0, 0)) {}

  OwningOpRef<ModuleOp> run(const ImportOptions &options);

private:
  InFlightDiagnostic error(const Node &node) {
    return emitError(fileLoc) << "node '" << node.name << "' (" << node.type
                              << "): ";
  }
  LogicalResult indexNodes();
  LogicalResult inferShapes();
  std::optional<Shape> ownShape(const Node &node);
  FailureOr<std::optional<Shape>> derivedShape(const Node &node,
                                               ArrayRef<int64_t> input);
  LogicalResult checkEdges();
  int64_t expectedInputCount(const Node &node);

  FailureOr<DenseElementsAttr> floats(const Node &node, const char *name);
  FailureOr<Shape> integers(const Node &node, const char *name, size_t size,
                            std::optional<int64_t> fallback);
  FailureOr<Shape> convPadding(const Node &node, ArrayRef<int64_t> kernel,
                               ArrayRef<int64_t> stride,
                               ArrayRef<int64_t> dilation);
  struct Window {
    Shape kernel, stride, padding, dilation;
  };
  FailureOr<Window> window(const Node &node);
  LogicalResult addAttributes(const Node &node, OperationState &state);
  LogicalResult addWindowAttributes(const Node &node, OperationState &state);
  FailureOr<snn::GraphOp> build(const TimeStep &timeStep);

  const Graph &graph;
  MLIRContext *context;
  OpBuilder builder;
  Location fileLoc;
  llvm::StringMap<const Node *> nodes;
  llvm::StringMap<const NodeRule *> rules;
  llvm::StringMap<std::vector<const Node *>> predecessors;
  llvm::StringMap<Shape> shapes;
};

} // namespace

LogicalResult Importer::indexNodes() {
  for (const Node &node : graph.nodes) {
    const NodeRule *rule = findRule(node.type);
    if (!rule)
      return error(node) << "unknown node type '" << node.type << "'";
    nodes[node.name] = &node;
    rules[node.name] = rule;
  }
  for (const auto &[source, target] : graph.edges) {
    const Node *from = nodes.lookup(source), *to = nodes.lookup(target);
    if (to->type == "Input")
      return error(*to) << "an Input node cannot have an incoming edge (from '"
                        << source << "')";
    if (from->type == "Output")
      return error(*from) << "an Output node cannot have an outgoing edge (to '"
                          << target << "')";
    predecessors[target].push_back(from);
  }
  return success();
}

/// The shape a node defines by itself: Input's `shape`, the rows of a weight,
/// or the shape of a per-neuron parameter.
std::optional<Shape> Importer::ownShape(const Node &node) {
  const NodeRule &rule = *rules.lookup(node.name);
  if (node.type == "Input") {
    auto it = node.params.find("shape");
    if (it == node.params.end())
      return std::nullopt;
    return Shape(it->second.integers.begin(), it->second.integers.end());
  }
  if (rule.shape == ShapeRule::Matrix) {
    auto it = node.params.find("weight");
    if (it != node.params.end() && it->second.shape.size() == 2)
      return Shape{it->second.shape[0]};
    return std::nullopt;
  }
  if (rule.shape != ShapeRule::Elementwise)
    return std::nullopt;
  for (const char *name : rule.required) {
    auto it = node.params.find(name);
    if (it != node.params.end() && it->second.numElements() > 1)
      return Shape(it->second.shape.begin(), it->second.shape.end());
  }
  return std::nullopt;
}

/// The shape of a node that takes it from its input of shape `input`.
FailureOr<std::optional<Shape>>
Importer::derivedShape(const Node &node, ArrayRef<int64_t> input) {
  const NodeRule &rule = *rules.lookup(node.name);
  switch (rule.shape) {
  case ShapeRule::Port:
  case ShapeRule::Elementwise:
    return std::optional<Shape>(Shape(input.begin(), input.end()));
  case ShapeRule::Matrix:
    return std::optional<Shape>();
  case ShapeRule::Flatten: {
    auto start = integers(node, "start_dim", 1, 0);
    auto end = integers(node, "end_dim", 1, -1);
    if (failed(start) || failed(end))
      return failure();
    auto shape = snn::flattenShape(input, (*start)[0], (*end)[0]);
    if (!shape)
      return error(node) << "start_dim " << (*start)[0] << " and end_dim "
                         << (*end)[0] << " do not fit an input of rank "
                         << input.size();
    return std::optional<Shape>(*shape);
  }
  case ShapeRule::Conv:
  case ShapeRule::Pool:
    break;
  }
  unsigned rank = rule.spatialRank;
  if (input.size() != rank + 1)
    return error(node) << "expects an input of rank " << rank + 1
                       << " (channels, spatial...), got rank " << input.size();
  auto windowParams = window(node);
  if (failed(windowParams))
    return failure();
  Shape output = {rule.shape == ShapeRule::Conv
                      ? node.params.at("weight").shape[0]
                      : input[0]};
  for (unsigned dim = 0; dim < rank; ++dim) {
    auto extent = snn::windowOutputSize(
        input[dim + 1], windowParams->kernel[dim], windowParams->stride[dim],
        windowParams->padding[dim], windowParams->dilation[dim]);
    if (!extent)
      return error(node) << "the window does not fit spatial dimension " << dim
                         << " of its input (extent " << input[dim + 1] << ")";
    output.push_back(*extent);
  }
  return std::optional<Shape>(output);
}

LogicalResult Importer::inferShapes() {
  for (const Node &node : graph.nodes)
    if (auto shape = ownShape(node))
      shapes[node.name] = *shape;
  // Propagate along edges until nothing changes (cycles need a node with a
  // shape of its own, which every recurrent layer has: its weights).
  for (bool changed = true; changed;) {
    changed = false;
    for (const Node &node : graph.nodes) {
      if (shapes.count(node.name))
        continue;
      const std::vector<const Node *> &inputs = predecessors[node.name];
      auto known = llvm::find_if(inputs, [&](const Node *input) {
        return shapes.count(input->name);
      });
      if (known == inputs.end())
        continue;
      auto shape = derivedShape(node, shapes[(*known)->name]);
      if (failed(shape))
        return failure();
      if (*shape) {
        shapes[node.name] = **shape;
        changed = true;
      }
    }
  }
  for (const Node &node : graph.nodes)
    if (!shapes.count(node.name) && node.type != "Output")
      return error(node) << "cannot infer its shape: it has no input with a "
                            "known shape and no per-neuron parameter";
  return success();
}

/// The element count a node expects from each incoming edge.
int64_t Importer::expectedInputCount(const Node &node) {
  const NodeRule &rule = *rules.lookup(node.name);
  if (rule.shape == ShapeRule::Matrix)
    return node.params.at("weight").shape[1];
  if (node.type == "Output") {
    auto it = node.params.find("shape");
    if (it != node.params.end())
      return count(it->second.integers);
    return -1;
  }
  auto shape = shapes.find(node.name);
  if (rule.shape == ShapeRule::Elementwise && shape != shapes.end())
    return count(shape->second);
  return -1; // window and flatten nodes: checked by the op verifiers
}

LogicalResult Importer::checkEdges() {
  for (const Node &node : graph.nodes) {
    const NodeRule &rule = *rules.lookup(node.name);
    for (const char *name : rule.required)
      if (!node.params.count(name))
        return error(node) << "missing required parameter '" << name << "'";
    if (rule.shape == ShapeRule::Matrix &&
        node.params.at("weight").shape.size() != 2)
      return error(node) << "parameter 'weight' must be an (out, in) matrix, "
                            "got rank "
                         << node.params.at("weight").shape.size();
  }
  for (const auto &[source, target] : graph.edges) {
    const Node &to = *nodes.lookup(target);
    int64_t expected = expectedInputCount(to);
    auto shape = shapes.find(source);
    if (expected < 0 || shape == shapes.end())
      continue;
    int64_t given = count(shape->second);
    if (given != expected)
      return emitError(fileLoc)
             << "edge '" << source << "' -> '" << target << "': '" << source
             << "' gives " << given << " elements but '" << target
             << "' expects " << expected;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

FailureOr<DenseElementsAttr> Importer::floats(const Node &node,
                                              const char *name) {
  const h5::Dataset &dataset = node.params.at(name);
  if (dataset.kind == h5::Dataset::Kind::String)
    return error(node) << "parameter '" << name << "' must be numeric";
  auto type = RankedTensorType::get(dataset.shape, builder.getF64Type());
  return DenseElementsAttr::get(type, ArrayRef<double>(dataset.numbers));
}

/// An integer parameter with `size` values (a scalar broadcasts), or the
/// fallback when it is absent.
FailureOr<Shape> Importer::integers(const Node &node, const char *name,
                                    size_t size,
                                    std::optional<int64_t> fallback) {
  auto it = node.params.find(name);
  if (it == node.params.end()) {
    if (fallback)
      return Shape(size, *fallback);
    return error(node) << "missing required parameter '" << name << "'";
  }
  const h5::Dataset &dataset = it->second;
  if (dataset.kind == h5::Dataset::Kind::String)
    return error(node) << "parameter '" << name << "' must be numeric";
  Shape values;
  for (double value : dataset.numbers) {
    if (value != std::floor(value) || std::fabs(value) > 1e15)
      return error(node) << "parameter '" << name << "' must hold integers, got "
                         << formatRoundTrip(value);
    values.push_back(static_cast<int64_t>(value));
  }
  if (values.size() == 1)
    return Shape(size, values.front());
  if (values.size() != size)
    return error(node) << "parameter '" << name << "' must have 1 or " << size
                       << " values, got " << values.size();
  return values;
}

/// Numeric padding, or PyTorch's "valid" (none) and "same" (stride 1, split
/// evenly; an odd total cannot be expressed with symmetric padding).
FailureOr<Shape> Importer::convPadding(const Node &node,
                                       ArrayRef<int64_t> kernel,
                                       ArrayRef<int64_t> stride,
                                       ArrayRef<int64_t> dilation) {
  auto it = node.params.find("padding");
  if (it == node.params.end() || it->second.kind != h5::Dataset::Kind::String)
    return integers(node, "padding", kernel.size(), 0);
  std::string mode =
      it->second.strings.empty() ? std::string() : it->second.strings.front();
  if (mode == "valid")
    return Shape(kernel.size(), 0);
  if (mode != "same")
    return error(node) << "unknown padding '" << mode
                       << "'; expected numbers, 'valid' or 'same'";
  Shape padding;
  for (size_t dim = 0; dim < kernel.size(); ++dim) {
    int64_t total = dilation[dim] * (kernel[dim] - 1);
    if (stride[dim] != 1 || total % 2 != 0)
      return error(node) << "padding 'same' needs stride 1 and an odd "
                            "(dilated) kernel to be symmetric";
    padding.push_back(total / 2);
  }
  return padding;
}

/// Kernel, stride, padding and dilation of a convolution or pooling node.
/// A pool's stride defaults to its kernel and it has no dilation.
FailureOr<Importer::Window> Importer::window(const Node &node) {
  const NodeRule &rule = *rules.lookup(node.name);
  unsigned rank = rule.spatialRank;
  bool conv = rule.shape == ShapeRule::Conv;
  Window result;
  if (conv) {
    ArrayRef<int64_t> weightShape = node.params.at("weight").shape;
    if (weightShape.size() != rank + 2)
      return error(node) << "parameter 'weight' must have rank " << rank + 2;
    result.kernel.assign(weightShape.begin() + 2, weightShape.end());
  } else {
    auto kernel = integers(node, "kernel_size", rank, std::nullopt);
    if (failed(kernel))
      return failure();
    result.kernel = *kernel;
  }
  FailureOr<Shape> stride = conv || node.params.count("stride")
                                ? integers(node, "stride", rank, 1)
                                : FailureOr<Shape>(result.kernel);
  FailureOr<Shape> dilation = conv ? integers(node, "dilation", rank, 1)
                                   : FailureOr<Shape>(Shape(rank, 1));
  if (failed(stride) || failed(dilation))
    return failure();
  result.stride = *stride;
  result.dilation = *dilation;
  auto padding = convPadding(node, result.kernel, result.stride, result.dilation);
  if (failed(padding))
    return failure();
  result.padding = *padding;
  return result;
}

LogicalResult Importer::addWindowAttributes(const Node &node,
                                            OperationState &state) {
  auto params = window(node);
  if (failed(params))
    return failure();
  state.addAttribute("stride", builder.getDenseI64ArrayAttr(params->stride));
  state.addAttribute("padding", builder.getDenseI64ArrayAttr(params->padding));
  if (rules.lookup(node.name)->shape == ShapeRule::Pool) {
    state.addAttribute("kernel_size",
                       builder.getDenseI64ArrayAttr(params->kernel));
    return success();
  }
  auto groups = integers(node, "groups", 1, 1);
  auto weight = floats(node, "weight");
  if (failed(groups) || failed(weight))
    return failure();
  state.addAttribute("dilation", builder.getDenseI64ArrayAttr(params->dilation));
  state.addAttribute("groups", builder.getI64IntegerAttr((*groups)[0]));
  state.addAttribute("weight", *weight);
  DenseElementsAttr bias = DenseElementsAttr::get(
      RankedTensorType::get({}, builder.getF64Type()), 0.0);
  if (node.params.count("bias")) {
    auto value = floats(node, "bias");
    if (failed(value))
      return failure();
    bias = *value;
  }
  state.addAttribute("bias", bias);
  return success();
}

LogicalResult Importer::addAttributes(const Node &node, OperationState &state) {
  const NodeRule &rule = *rules.lookup(node.name);
  state.addAttribute("name", builder.getStringAttr(node.name));
  switch (rule.shape) {
  case ShapeRule::Conv:
  case ShapeRule::Pool:
    return addWindowAttributes(node, state);
  case ShapeRule::Flatten: {
    auto start = integers(node, "start_dim", 1, 0);
    auto end = integers(node, "end_dim", 1, -1);
    if (failed(start) || failed(end))
      return failure();
    state.addAttribute("start_dim", builder.getI64IntegerAttr((*start)[0]));
    state.addAttribute("end_dim", builder.getI64IntegerAttr((*end)[0]));
    return success();
  }
  default:
    break;
  }
  for (const char *name : rule.required) {
    auto value = floats(node, name);
    if (failed(value))
      return failure();
    state.addAttribute(name, *value);
  }
  for (const auto &[name, fallback] : rule.defaults) {
    if (node.params.count(name)) {
      auto value = floats(node, name);
      if (failed(value))
        return failure();
      state.addAttribute(name, *value);
    } else {
      state.addAttribute(name, DenseElementsAttr::get(
                                   RankedTensorType::get({}, builder.getF64Type()),
                                   fallback));
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Building the graph
//===----------------------------------------------------------------------===//

FailureOr<snn::GraphOp> Importer::build(const TimeStep &timeStep) {
  auto graphOp = builder.create<snn::GraphOp>(
      fileLoc, builder.getStringAttr("network"),
      TypeAttr::get(builder.getFunctionType({}, {})), StringAttr(), ArrayAttr(),
      ArrayAttr(), builder.getF64FloatAttr(timeStep.dt),
      builder.getStringAttr(stringifyConvention(timeStep.convention)));
  Block *body = &graphOp.getBody().emplaceBlock();
  builder.setInsertionPointToStart(body);

  llvm::StringMap<Value> values;
  SmallVector<Type> inputTypes;
  SmallVector<Attribute> inputNames;
  auto tensorOf = [&](ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF64Type());
  };
  auto nameAttr = [&](StringRef name) {
    return builder.getDictionaryAttr(
        builder.getNamedAttr("snn.name", builder.getStringAttr(name)));
  };
  for (const Node &node : graph.nodes)
    if (node.type == "Input") {
      Type type = tensorOf(shapes[node.name]);
      values[node.name] = body->addArgument(type, fileLoc);
      inputTypes.push_back(type);
      inputNames.push_back(nameAttr(node.name));
    }

  std::vector<std::pair<const Node *, Operation *>> created;
  for (const Node &node : graph.nodes) {
    const NodeRule &rule = *rules.lookup(node.name);
    if (rule.shape == ShapeRule::Port)
      continue;
    OperationState state(
        NameLoc::get(builder.getStringAttr(node.name), fileLoc), rule.op);
    if (failed(addAttributes(node, state)))
      return failure();
    state.addTypes(tensorOf(shapes[node.name]));
    Operation *op = builder.create(state);
    values[node.name] = op->getResult(0);
    created.emplace_back(&node, op);
  }
  for (auto &[node, op] : created) {
    SmallVector<Value> operands;
    for (const Node *input : predecessors[node->name])
      operands.push_back(values[input->name]);
    op->setOperands(operands);
  }

  SmallVector<Value> results;
  SmallVector<Attribute> outputNames;
  for (const Node &node : graph.nodes) {
    if (node.type != "Output")
      continue;
    const std::vector<const Node *> &inputs = predecessors[node.name];
    if (inputs.empty())
      return error(node) << "has no incoming edge";
    Value result = values[inputs.front()->name];
    if (inputs.size() > 1) {
      // NIR sums fan-in; an Output has no op of its own to do it.
      SmallVector<Value> operands;
      for (const Node *input : inputs)
        operands.push_back(values[input->name]);
      OperationState state(fileLoc, "snn.scale");
      state.addOperands(operands);
      state.addAttribute("name", builder.getStringAttr(node.name + ".sum"));
      state.addAttribute("scale", DenseElementsAttr::get(tensorOf({}), 1.0));
      state.addTypes(result.getType());
      result = builder.create(state)->getResult(0);
    }
    results.push_back(result);
    outputNames.push_back(nameAttr(node.name));
  }
  builder.create<snn::OutputOp>(fileLoc, results);
  graphOp.setFunctionTypeAttr(TypeAttr::get(
      builder.getFunctionType(inputTypes, ValueRange(results).getTypes())));
  graphOp.setArgAttrsAttr(builder.getArrayAttr(inputNames));
  graphOp.setResAttrsAttr(builder.getArrayAttr(outputNames));
  return graphOp;
}

OwningOpRef<ModuleOp> Importer::run(const ImportOptions &options) {
  context->getOrLoadDialect<snn::SNNDialect>();
  if (failed(indexNodes()) || failed(checkEdges()) || failed(inferShapes()) ||
      failed(checkEdges()))
    return nullptr;
  for (const std::string &warning : graph.warnings)
    emitWarning(fileLoc) << warning;
  TimeStep timeStep = chooseTimeStep(graph, options);
  if (options.convention == Convention::Auto)
    emitRemark(fileLoc) << "NIR convention '"
                        << stringifyConvention(timeStep.convention)
                        << "', dt = " << formatRoundTrip(timeStep.dt) << " s: "
                        << timeStep.reason;
  if (!timeStep.warning.empty())
    emitWarning(fileLoc) << timeStep.warning;

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  if (failed(build(timeStep)) || failed(verify(*module)))
    return nullptr;
  return module;
}

StringRef nir::nirTypeOfOp(StringRef opName) {
  for (const NodeRule &rule : kRules)
    if (opName == rule.op && rule.shape != ShapeRule::Port)
      return rule.type;
  return "";
}

OwningOpRef<ModuleOp> nir::importNIR(StringRef bytes, StringRef fileName,
                                     MLIRContext *context,
                                     const ImportOptions &options) {
  Location fileLoc = FileLineColLoc::get(context, fileName, 0, 0);
  auto file = h5::File::openImage(bytes);
  if (!file) {
    emitError(fileLoc) << llvm::toString(file.takeError());
    return nullptr;
  }
  auto graph = readGraph(*file);
  if (!graph) {
    emitError(fileLoc) << llvm::toString(graph.takeError());
    return nullptr;
  }
  return Importer(*graph, context, fileName).run(options);
}
