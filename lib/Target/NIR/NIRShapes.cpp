//===- NIRShapes.cpp - NIR node rules, shapes and edge checks -------------===//
//
// Shapes flow from the nodes that define them (Input, weights, per-neuron
// parameters) through those that take their input's shape; the two ends of
// every edge must agree in element count.
//
//===----------------------------------------------------------------------===//
#include "NIRImporter.h"

#include "dynapse/Dialect/SNN/IR/SNNShapes.h"

using namespace mlir;
using namespace dynapse;
using namespace dynapse::nir;
using namespace dynapse::nir::importer;

static const NodeRule kRules[] = {
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

const NodeRule *importer::findRule(llvm::StringRef type) {
  for (const NodeRule &rule : kRules)
    if (type == rule.type)
      return &rule;
  return nullptr;
}

llvm::ArrayRef<NodeRule> importer::nodeRules() { return kRules; }

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

/// Whether the shape of an Input (or of a neuron layer's parameters) starts
/// with a batch dimension of 1, as sinabs writes it for convolutional
/// networks (`(1, C, H, W)`): every node it feeds is a convolution or pooling
/// that expects one dimension less.
bool Importer::hasBatchDimension(const Node &input, ArrayRef<int64_t> shape) {
  if (shape.size() < 2 || shape.front() != 1)
    return false;
  bool feedsAny = false;
  for (const auto &[source, target] : graph.edges) {
    if (source != input.name)
      continue;
    const NodeRule &rule = *rules.lookup(target);
    bool windowed = rule.shape == ShapeRule::Conv || rule.shape == ShapeRule::Pool;
    if (!windowed || shape.size() != rule.spatialRank + 2)
      return false;
    feedsAny = true;
  }
  return feedsAny;
}

/// Whether an Input of shape `shape` carries a leading time axis, (T, n...),
/// as snnTorch's export_to_nir writes it from a (T, Nin) sample: every
/// weight matrix it feeds takes the trailing n... elements, not all.
bool Importer::hasTimeAxis(const Node &input, ArrayRef<int64_t> shape) {
  if (shape.size() < 2 || shape.front() <= 1)
    return false;
  int64_t trailing = count(shape.drop_front());
  bool feedsAny = false;
  for (const auto &[source, target] : graph.edges) {
    if (source != input.name)
      continue;
    const Node &to = *nodes.lookup(target);
    if (rules.lookup(target)->shape != ShapeRule::Matrix)
      return false;
    auto weight = to.params.find("weight");
    if (weight == to.params.end() || weight->second.shape.size() != 2 ||
        weight->second.shape[1] != trailing)
      return false;
    feedsAny = true;
  }
  return feedsAny;
}

/// The shape a node defines by itself: Input's `shape`, the rows of a weight,
/// or the shape of a per-neuron parameter.
std::optional<Shape> Importer::ownShape(const Node &node) {
  const NodeRule &rule = *rules.lookup(node.name);
  if (node.type == "Input") {
    auto it = node.params.find("shape");
    if (it == node.params.end())
      return std::nullopt;
    Shape shape(it->second.integers.begin(), it->second.integers.end());
    if (hasBatchDimension(node, shape)) {
      emitRemark(fileLoc) << "node '" << node.name
                          << "' (Input): the leading dimension of 1 is a "
                             "batch dimension and is dropped";
      shape.erase(shape.begin());
    }
    if (hasTimeAxis(node, shape)) {
      std::string written;
      llvm::raw_string_ostream os(written);
      llvm::interleaveComma(shape, os);
      emitRemark(fileLoc) << "node '" << node.name << "' (Input): shape ("
                          << written << ") has a leading "
                          << "time axis of " << shape.front()
                          << " steps; read as "
                          << count(ArrayRef<int64_t>(shape).drop_front())
                          << " channels";
      shape.erase(shape.begin());
    }
    return shape;
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
    if (it == node.params.end() || it->second.numElements() <= 1)
      continue;
    Shape shape(it->second.shape.begin(), it->second.shape.end());
    if (hasBatchDimension(node, shape)) {
      emitRemark(fileLoc) << "node '" << node.name << "' (" << node.type
                          << "): the leading dimension of 1 of its parameters "
                             "is a batch dimension and is dropped";
      shape.erase(shape.begin());
    }
    return shape;
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
    // snnTorch writes `shape = []` when it does not know the shape: the
    // edge then decides, like a missing shape.
    auto it = node.params.find("shape");
    if (it != node.params.end() && !it->second.integers.empty())
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
