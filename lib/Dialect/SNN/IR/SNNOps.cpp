//===- SNNOps.cpp - ops of the snn dialect --------------------------------===//
#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Dialect/SNN/IR/SNNShapes.h"
#include "dynapse/Support/ValueChecks.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/FunctionImplementation.h"

#include <optional>
#include <tuple>

using namespace mlir;
using namespace dynapse;
using namespace dynapse::snn;

//===----------------------------------------------------------------------===//
// GraphOp
//===----------------------------------------------------------------------===//

ParseResult GraphOp::parse(OpAsmParser &parser, OperationState &result) {
  auto buildType = [](Builder &builder, ArrayRef<Type> inputs,
                      ArrayRef<Type> results, function_interface_impl::VariadicFlag,
                      std::string &) {
    return builder.getFunctionType(inputs, results);
  };
  return function_interface_impl::parseFunctionOp(
      parser, result, /*allowVariadic=*/false,
      getFunctionTypeAttrName(result.name), buildType,
      getArgAttrsAttrName(result.name), getResAttrsAttrName(result.name));
}

void GraphOp::print(OpAsmPrinter &printer) {
  function_interface_impl::printFunctionOp(
      printer, *this, /*isVariadic=*/false, getFunctionTypeAttrName(),
      getArgAttrsAttrName(), getResAttrsAttrName());
}

OutputOp GraphOp::getOutputOp() {
  return cast<OutputOp>(getBody().front().getTerminator());
}

LogicalResult GraphOp::verify() {
  // FunctionOpInterface already checks the block arguments against the type.
  if (getBody().empty() || getBody().front().empty())
    return emitOpError("body must end with 'snn.output'");
  auto output = dyn_cast<OutputOp>(getBody().front().back());
  if (!output)
    return emitOpError("body must end with 'snn.output'");
  if (output.getOperandTypes() != getResultTypes())
    return output.emitOpError("operand types do not match the result types of "
                              "graph @")
           << getSymName();
  return success();
}

//===----------------------------------------------------------------------===//
// Node verifiers
//===----------------------------------------------------------------------===//

namespace {
/// One parameter of a node with the range its values must lie in.
struct ParamSpec {
  StringRef name;
  DenseElementsAttr value; // null when an optional parameter is absent
  ValueBound range;
};
} // namespace

static int64_t numElements(Type type) {
  return cast<RankedTensorType>(type).getNumElements();
}

/// " of node 'NAME'" when the op carries its NIR node name.
static std::string nodeLabel(Operation *op) {
  if (auto name = op->getAttrOfType<StringAttr>("name"))
    return (" of node '" + name.getValue() + "'").str();
  return "";
}

/// Every parameter holds 1 (broadcast) or `size` values, all inside range.
static LogicalResult verifyParams(Operation *op, ArrayRef<ParamSpec> params,
                                  int64_t size) {
  for (const ParamSpec &param : params) {
    if (!param.value)
      continue;
    int64_t count = param.value.getNumElements();
    if (count != 1 && count != size)
      return op->emitOpError("parameter '")
             << param.name << "'" << nodeLabel(op) << " has " << count
             << " elements; expected 1 (broadcast) or " << size;
    SmallVector<double> values(param.value.getValues<double>());
    int64_t bad = findInvalidValue(values, param.range);
    if (bad >= 0)
      return op->emitOpError("parameter '")
             << param.name << "'" << nodeLabel(op) << " element " << bad
             << " is " << formatRoundTrip(values[bad]) << "; expected " << describe(param.range);
  }
  return success();
}

/// A node acting elementwise: every input has the node's element count.
static LogicalResult verifyElementwiseNode(Operation *op,
                                           ArrayRef<ParamSpec> params) {
  int64_t size = numElements(op->getResult(0).getType());
  for (auto [index, input] : llvm::enumerate(op->getOperands())) {
    int64_t count = numElements(input.getType());
    if (count != size)
      return op->emitOpError("input ")
             << index << nodeLabel(op) << " has " << count
             << " elements; expected " << size << " (the node's size)";
  }
  return verifyParams(op, params, size);
}

/// The first non-finite entry of a dense or sparse (out, in) weight, as
/// (row, column, value); a sparse weight's implicit zeros need no check.
static std::optional<std::tuple<int64_t, int64_t, double>>
findNonFiniteWeight(ElementsAttr weight, int64_t columns) {
  if (auto sparse = dyn_cast<SparseElementsAttr>(weight)) {
    SmallVector<double> values(sparse.getValues().getValues<double>());
    SmallVector<int64_t> indices(sparse.getIndices().getValues<int64_t>());
    int64_t bad = findInvalidValue(values, ValueBound::Finite);
    if (bad < 0)
      return std::nullopt;
    return std::make_tuple(indices[2 * bad], indices[2 * bad + 1], values[bad]);
  }
  SmallVector<double> values(cast<DenseElementsAttr>(weight).getValues<double>());
  int64_t bad = findInvalidValue(values, ValueBound::Finite);
  if (bad < 0)
    return std::nullopt;
  if (values.size() == 1)
    return std::make_tuple(int64_t(0), int64_t(0), values[0]);
  return std::make_tuple(bad / columns, bad % columns, values[bad]);
}

/// An (out, in) matrix node: inputs have `in` elements, the output `out`.
static LogicalResult verifyMatrixNode(Operation *op, ElementsAttr weight,
                                      DenseElementsAttr bias) {
  ArrayRef<int64_t> shape = cast<ShapedType>(weight.getType()).getShape();
  if (shape.size() != 2)
    return op->emitOpError("parameter 'weight'")
           << nodeLabel(op) << " must be an (out, in) matrix, but has rank "
           << shape.size();
  int64_t outSize = shape[0], inSize = shape[1];
  int64_t resultSize = numElements(op->getResult(0).getType());
  if (resultSize != outSize)
    return op->emitOpError("output")
           << nodeLabel(op) << " has " << resultSize
           << " elements but parameter 'weight' has " << outSize << " rows";
  for (auto [index, input] : llvm::enumerate(op->getOperands())) {
    int64_t count = numElements(input.getType());
    if (count != inSize)
      return op->emitOpError("input ")
             << index << nodeLabel(op) << " has " << count
             << " elements but parameter 'weight' has " << inSize
             << " columns";
  }
  if (auto bad = findNonFiniteWeight(weight, inSize))
    return op->emitOpError("parameter 'weight'")
           << nodeLabel(op) << " element (" << std::get<0>(*bad) << ", "
           << std::get<1>(*bad) << ") is " << formatRoundTrip(std::get<2>(*bad))
           << "; expected finite";
  return verifyParams(op, {{"bias", bias, ValueBound::Finite}}, outSize);
}

LogicalResult AffineOp::verify() {
  return verifyMatrixNode(*this, getWeightAttr(), getBiasAttr());
}

LogicalResult LinearOp::verify() {
  return verifyMatrixNode(*this, getWeightAttr(), nullptr);
}

LogicalResult ScaleOp::verify() {
  return verifyElementwiseNode(*this,
                               {{"scale", getScaleAttr(), ValueBound::Finite}});
}

LogicalResult ThresholdOp::verify() {
  return verifyElementwiseNode(
      *this, {{"threshold", getThresholdAttr(), ValueBound::Finite}});
}

LogicalResult DelayOp::verify() {
  return verifyElementwiseNode(
      *this, {{"delay", getDelayAttr(), ValueBound::NonNegative}});
}

LogicalResult LIOp::verify() {
  return verifyElementwiseNode(
      *this, {{"tau", getTauAttr(), ValueBound::Positive},
              {"r", getRAttr(), ValueBound::Finite},
              {"v_leak", getVLeakAttr(), ValueBound::Finite}});
}

LogicalResult IFOp::verify() {
  return verifyElementwiseNode(
      *this, {{"r", getRAttr(), ValueBound::Finite},
              {"v_threshold", getVThresholdAttr(), ValueBound::Finite},
              {"v_reset", getVResetAttr(), ValueBound::Finite}});
}

LogicalResult LIFOp::verify() {
  return verifyElementwiseNode(
      *this, {{"tau", getTauAttr(), ValueBound::Positive},
              {"r", getRAttr(), ValueBound::Finite},
              {"v_leak", getVLeakAttr(), ValueBound::Finite},
              {"v_threshold", getVThresholdAttr(), ValueBound::Finite},
              {"v_reset", getVResetAttr(), ValueBound::Finite}});
}

LogicalResult CubaLIOp::verify() {
  return verifyElementwiseNode(
      *this, {{"tau_syn", getTauSynAttr(), ValueBound::Positive},
              {"tau_mem", getTauMemAttr(), ValueBound::Positive},
              {"r", getRAttr(), ValueBound::Finite},
              {"v_leak", getVLeakAttr(), ValueBound::Finite},
              {"w_in", getWInAttr(), ValueBound::Finite}});
}

LogicalResult CubaLIFOp::verify() {
  return verifyElementwiseNode(
      *this, {{"tau_syn", getTauSynAttr(), ValueBound::Positive},
              {"tau_mem", getTauMemAttr(), ValueBound::Positive},
              {"r", getRAttr(), ValueBound::Finite},
              {"v_leak", getVLeakAttr(), ValueBound::Finite},
              {"v_threshold", getVThresholdAttr(), ValueBound::Finite},
              {"v_reset", getVResetAttr(), ValueBound::Finite},
              {"w_in", getWInAttr(), ValueBound::Finite}});
}

//===----------------------------------------------------------------------===//
// Convolution, pooling and flatten
//===----------------------------------------------------------------------===//

static ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

/// All inputs share one exact shape of rank `rank`, which is returned.
static FailureOr<ArrayRef<int64_t>> commonInputShape(Operation *op,
                                                     size_t rank) {
  if (op->getNumOperands() == 0)
    return op->emitOpError("node")
           << nodeLabel(op) << " needs an input to define its shape";
  ArrayRef<int64_t> shape = shapeOf(op->getOperand(0));
  for (auto [index, input] : llvm::enumerate(op->getOperands()))
    if (shapeOf(input) != shape)
      return op->emitOpError("input ")
             << index << nodeLabel(op) << " has shape " << input.getType()
             << "; every input must have the shape of input 0";
  if (shape.size() != rank)
    return op->emitOpError("input")
           << nodeLabel(op) << " must have rank " << rank
           << " (channels and spatial dimensions), got " << shape.size();
  return shape;
}

static LogicalResult checkPerDimension(Operation *op, StringRef param,
                                       ArrayRef<int64_t> values, size_t rank,
                                       int64_t minimum) {
  if (values.size() != rank)
    return op->emitOpError("'")
           << param << "'" << nodeLabel(op) << " must have " << rank
           << " values, got " << values.size();
  for (int64_t value : values)
    if (value < minimum)
      return op->emitOpError("'") << param << "'" << nodeLabel(op)
                                  << " must be >= " << minimum << ", got "
                                  << value;
  return success();
}

static LogicalResult checkOutputShape(Operation *op,
                                      ArrayRef<int64_t> expected) {
  ArrayRef<int64_t> actual = shapeOf(op->getResult(0));
  if (actual == expected)
    return success();
  InFlightDiagnostic diag = op->emitOpError("output")
                            << nodeLabel(op) << " must have shape [";
  llvm::interleaveComma(expected, diag);
  return diag << "], got " << op->getResult(0).getType();
}

template <typename ConvOp>
static LogicalResult verifyConv(ConvOp op, size_t spatialRank) {
  auto inputShape = commonInputShape(op, spatialRank + 1);
  if (failed(inputShape))
    return failure();
  ArrayRef<int64_t> weightShape = op.getWeight().getType().getShape();
  if (weightShape.size() != spatialRank + 2)
    return op.emitOpError("parameter 'weight'")
           << nodeLabel(op) << " must have rank " << spatialRank + 2
           << " (out channels, in channels / groups, kernel...)";
  int64_t groups = op.getGroupsAttr().getInt();
  int64_t inChannels = (*inputShape)[0], outChannels = weightShape[0];
  if (groups < 1 || inChannels != weightShape[1] * groups ||
      outChannels % groups != 0)
    return op.emitOpError("channels")
           << nodeLabel(op) << " do not fit: input has " << inChannels
           << ", weight expects " << weightShape[1] << " x " << groups
           << " groups with " << outChannels << " outputs";
  if (failed(checkPerDimension(op, "stride", op.getStride(), spatialRank, 1)) ||
      failed(checkPerDimension(op, "padding", op.getPadding(), spatialRank, 0)) ||
      failed(checkPerDimension(op, "dilation", op.getDilation(), spatialRank, 1)))
    return failure();
  SmallVector<int64_t> expected = {outChannels};
  for (size_t dim = 0; dim < spatialRank; ++dim) {
    auto extent = snn::windowOutputSize(
        (*inputShape)[dim + 1], weightShape[dim + 2], op.getStride()[dim],
        op.getPadding()[dim], op.getDilation()[dim]);
    if (!extent)
      return op.emitOpError("kernel")
             << nodeLabel(op) << " does not fit spatial dimension " << dim
             << " of the input";
    expected.push_back(*extent);
  }
  if (failed(checkOutputShape(op, expected)))
    return failure();
  if (failed(verifyParams(op,
                          {{"weight", op.getWeightAttr(), ValueBound::Finite}},
                          op.getWeight().getNumElements())))
    return failure();
  return verifyParams(op, {{"bias", op.getBiasAttr(), ValueBound::Finite}},
                      outChannels);
}

LogicalResult Conv1dOp::verify() { return verifyConv(*this, 1); }
LogicalResult Conv2dOp::verify() { return verifyConv(*this, 2); }

template <typename PoolOp>
static LogicalResult verifyPool(PoolOp op) {
  auto inputShape = commonInputShape(op, 3);
  if (failed(inputShape))
    return failure();
  if (failed(checkPerDimension(op, "kernel_size", op.getKernelSize(), 2, 1)) ||
      failed(checkPerDimension(op, "stride", op.getStride(), 2, 1)) ||
      failed(checkPerDimension(op, "padding", op.getPadding(), 2, 0)))
    return failure();
  SmallVector<int64_t> expected = {(*inputShape)[0]};
  for (size_t dim = 0; dim < 2; ++dim) {
    auto extent =
        snn::windowOutputSize((*inputShape)[dim + 1], op.getKernelSize()[dim],
                              op.getStride()[dim], op.getPadding()[dim]);
    if (!extent)
      return op.emitOpError("window")
             << nodeLabel(op) << " does not fit spatial dimension " << dim
             << " of the input";
    expected.push_back(*extent);
  }
  return checkOutputShape(op, expected);
}

LogicalResult SumPool2dOp::verify() { return verifyPool(*this); }
LogicalResult AvgPool2dOp::verify() { return verifyPool(*this); }

LogicalResult FlattenOp::verify() {
  if (getNumOperands() == 0)
    return emitOpError("node") << nodeLabel(*this)
                               << " needs an input to define its shape";
  auto inputShape = commonInputShape(*this, shapeOf(getOperand(0)).size());
  if (failed(inputShape))
    return failure();
  int64_t start = getStartDimAttr().getInt(), end = getEndDimAttr().getInt();
  auto expected = snn::flattenShape(*inputShape, start, end);
  if (!expected)
    return emitOpError("dimensions ")
           << start << ".." << end << nodeLabel(*this)
           << " are out of range for an input of rank " << inputShape->size();
  return checkOutputShape(*this, *expected);
}

#define GET_OP_CLASSES
#include "dynapse/Dialect/SNN/IR/SNN.cpp.inc"
