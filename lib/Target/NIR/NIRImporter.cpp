//===- NIRImporter.cpp - NIR graph to the snn dialect ---------------------===//
//
// Every NIR node becomes one snn op named after the node; Input nodes become
// the graph's arguments and Output nodes its results (both in the file's
// alphabetical node order). Parameters are kept exactly as the file gives
// them, float32 widened to f64; NIR's defaults fill v_reset (0) and w_in (1).
// Shapes: NIRShapes.cpp.
//
//===----------------------------------------------------------------------===//
#include "NIRConventions.h"
#include "NIRImporter.h"

#include "dynapse/Support/ValueChecks.h"

#include "mlir/IR/Verifier.h"

using namespace mlir;
using namespace dynapse;
using namespace dynapse::nir;
using namespace dynapse::nir::importer;

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
      builder.getStringAttr(stringifyConvention(timeStep.convention)),
      timeStep.tauScale == 1 ? FloatAttr()
                             : builder.getF64FloatAttr(timeStep.tauScale));
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

/// What the remark adds on the reset, which snnTorch's files do not record
/// and its users choose (reset_mechanism, reset_delay).
static std::string resetRemark(const TimeStep &timeStep,
                               const ImportOptions &options) {
  if (timeStep.convention != Convention::SNNTorch)
    return "";
  if (!options.resetAssumed.empty())
    return "; reset assumed: " + options.resetAssumed;
  return "; the file does not record the reset: --reset and --reset-delay "
         "give it (snnTorch's defaults: subtract, reset_delay=True)";
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
                        << timeStep.reason << resetRemark(timeStep, options);
  if (!timeStep.warning.empty())
    emitWarning(fileLoc) << timeStep.warning;

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  if (failed(build(timeStep)) || failed(verify(*module)))
    return nullptr;
  return module;
}

StringRef nir::nirTypeOfOp(StringRef opName) {
  for (const NodeRule &rule : nodeRules())
    if (opName == rule.op && rule.shape != ShapeRule::Port)
      return rule.type;
  return "";
}

OwningOpRef<ModuleOp> nir::importNIR(StringRef bytes, StringRef fileName,
                                     MLIRContext *context,
                                     const ImportOptions &options) {
  Location fileLoc = FileLineColLoc::get(context, fileName, 0, 0);
  auto readInProcess = [&]() -> llvm::Expected<Graph> {
    auto file = h5::File::openImage(bytes);
    if (!file)
      return file.takeError();
    return readGraph(*file);
  };
  auto graph = options.isolate ? readGraphIsolated(bytes) : readInProcess();
  if (!graph) {
    emitError(fileLoc) << llvm::toString(graph.takeError());
    return nullptr;
  }
  return Importer(*graph, context, fileName).run(options);
}
