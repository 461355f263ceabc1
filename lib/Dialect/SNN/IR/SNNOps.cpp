//===- SNNOps.cpp - ops of the snn dialect --------------------------------===//
#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Support/ValueChecks.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/FunctionImplementation.h"

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
  auto output = dyn_cast<OutputOp>(getBody().front().getTerminator());
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

/// An (out, in) matrix node: inputs have `in` elements, the output `out`.
static LogicalResult verifyMatrixNode(Operation *op, DenseElementsAttr weight,
                                      DenseElementsAttr bias) {
  ArrayRef<int64_t> shape = weight.getType().getShape();
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
  if (failed(verifyParams(op, {{"weight", weight, ValueBound::Finite}},
                          weight.getNumElements())))
    return failure();
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

#define GET_OP_CLASSES
#include "dynapse/Dialect/SNN/IR/SNN.cpp.inc"
