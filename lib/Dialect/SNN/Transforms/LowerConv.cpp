//===- LowerConv.cpp - conv/pool/flatten to sparse connectivity -----------===//
#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Dialect/SNN/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

namespace dynapse::snn {
#define GEN_PASS_DEF_SNNLOWERCONV
#include "dynapse/Dialect/SNN/Transforms/Passes.h.inc"
} // namespace dynapse::snn

using namespace mlir;
using namespace dynapse;
using namespace dynapse::snn;

namespace {

/// Row-major strides of `shape`.
SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t dim = int64_t(shape.size()) - 2; dim >= 0; --dim)
    strides[dim] = strides[dim + 1] * shape[dim + 1];
  return strides;
}

/// A sparse (out, in) matrix built entry by entry in row-major order.
struct SparseMatrix {
  int64_t rows, columns;
  SmallVector<int64_t> indices; // (row, column) pairs
  SmallVector<double> values;

  void add(int64_t row, int64_t column, double value) {
    if (value == 0.0)
      return;
    indices.append({row, column});
    values.push_back(value);
  }

  SparseElementsAttr toAttr(Builder &builder) const {
    auto valueType = RankedTensorType::get({int64_t(values.size())},
                                           builder.getF64Type());
    auto indexType = RankedTensorType::get({int64_t(values.size()), 2},
                                           builder.getI64Type());
    return SparseElementsAttr::get(
        RankedTensorType::get({rows, columns}, builder.getF64Type()),
        DenseElementsAttr::get(indexType, ArrayRef<int64_t>(indices)),
        DenseElementsAttr::get(valueType, ArrayRef<double>(values)));
  }
};

/// One window operation over (channels, spatial...) tensors: a convolution
/// (weights from `kernelWeight`) or a pooling (a constant tap weight).
struct Window {
  ArrayRef<int64_t> input, output, kernel, stride, padding, dilation;
};

/// Visits every (output position, kernel offset) pair whose tap lands inside
/// the input, with the flat spatial indices of both sides.
template <typename Visit>
void forEachTap(const Window &window, Visit visit) {
  size_t rank = window.kernel.size();
  ArrayRef<int64_t> inSpatial = window.input.drop_front();
  ArrayRef<int64_t> outSpatial = window.output.drop_front();
  SmallVector<int64_t> inStrides = stridesOf(inSpatial);
  SmallVector<int64_t> outStrides = stridesOf(outSpatial);
  SmallVector<int64_t> kernelStrides = stridesOf(window.kernel);
  int64_t outCount = 1, kernelCount = 1;
  for (int64_t extent : outSpatial)
    outCount *= extent;
  for (int64_t extent : window.kernel)
    kernelCount *= extent;
  for (int64_t out = 0; out < outCount; ++out) {
    for (int64_t tap = 0; tap < kernelCount; ++tap) {
      int64_t in = 0;
      bool inside = true;
      for (size_t dim = 0; dim < rank && inside; ++dim) {
        int64_t o = out / outStrides[dim] % outSpatial[dim];
        int64_t k = tap / kernelStrides[dim] % window.kernel[dim];
        int64_t i = o * window.stride[dim] - window.padding[dim] +
                    k * window.dilation[dim];
        inside = i >= 0 && i < inSpatial[dim];
        in += i * inStrides[dim];
      }
      if (inside)
        visit(out, in, tap);
    }
  }
}

int64_t product(ArrayRef<int64_t> shape) {
  int64_t total = 1;
  for (int64_t extent : shape)
    total *= extent;
  return total;
}

ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

template <typename ConvOp>
void lowerConv(ConvOp op, OpBuilder &builder) {
  ArrayRef<int64_t> input = shapeOf(op.getInputs().front());
  ArrayRef<int64_t> output = shapeOf(op.getOutput());
  ArrayRef<int64_t> weightShape = op.getWeight().getType().getShape();
  SmallVector<double> weights(op.getWeight().template getValues<double>());
  SmallVector<double> bias(op.getBias().template getValues<double>());
  Window window{input, output, weightShape.drop_front(2), op.getStride(),
                op.getPadding(), op.getDilation()};
  int64_t groups = op.getGroups(), outChannels = output[0];
  int64_t inPerGroup = weightShape[1], outPerGroup = outChannels / groups;
  int64_t inPlane = product(input.drop_front());
  int64_t outPlane = product(output.drop_front());
  int64_t taps = product(window.kernel);

  SparseMatrix matrix{product(output), product(input), {}, {}};
  for (int64_t co = 0; co < outChannels; ++co) {
    int64_t firstIn = co / outPerGroup * inPerGroup;
    // Rows of one output channel come in order of position, then input
    // channel and tap: collect per position to keep row-major order.
    std::vector<std::vector<std::pair<int64_t, double>>> rows(outPlane);
    for (int64_t ci = 0; ci < inPerGroup; ++ci)
      forEachTap(window, [&](int64_t out, int64_t in, int64_t tap) {
        double value = weights[(co * inPerGroup + ci) * taps + tap];
        rows[out].emplace_back((firstIn + ci) * inPlane + in, value);
      });
    for (int64_t out = 0; out < outPlane; ++out) {
      llvm::sort(rows[out]);
      for (auto [column, value] : rows[out])
        matrix.add(co * outPlane + out, column, value);
    }
  }
  SmallVector<double> fullBias;
  for (int64_t co = 0; co < outChannels; ++co)
    fullBias.append(outPlane, bias.size() == 1 ? bias.front() : bias[co]);

  builder.setInsertionPoint(op);
  auto affine = builder.create<AffineOp>(
      op.getLoc(), op.getOutput().getType(), op.getInputs(),
      matrix.toAttr(builder),
      DenseElementsAttr::get(
          RankedTensorType::get({product(output)}, builder.getF64Type()),
          ArrayRef<double>(fullBias)),
      op.getNameAttr());
  op.getOutput().replaceAllUsesWith(affine.getOutput());
  op.erase();
}

template <typename PoolOp>
void lowerPool(PoolOp op, double tapWeight, OpBuilder &builder) {
  ArrayRef<int64_t> input = shapeOf(op.getInputs().front());
  ArrayRef<int64_t> output = shapeOf(op.getOutput());
  SmallVector<int64_t> dilation(op.getKernelSize().size(), 1);
  Window window{input, output, op.getKernelSize(), op.getStride(),
                op.getPadding(), dilation};
  int64_t inPlane = product(input.drop_front());
  int64_t outPlane = product(output.drop_front());
  SparseMatrix matrix{product(output), product(input), {}, {}};
  for (int64_t channel = 0; channel < output[0]; ++channel) {
    std::vector<std::vector<int64_t>> rows(outPlane);
    forEachTap(window, [&](int64_t out, int64_t in, int64_t) {
      rows[out].push_back(channel * inPlane + in);
    });
    for (int64_t out = 0; out < outPlane; ++out) {
      llvm::sort(rows[out]);
      for (int64_t column : rows[out])
        matrix.add(channel * outPlane + out, column, tapWeight);
    }
  }
  builder.setInsertionPoint(op);
  auto linear = builder.create<LinearOp>(op.getLoc(), op.getOutput().getType(),
                                         op.getInputs(), matrix.toAttr(builder),
                                         op.getNameAttr());
  op.getOutput().replaceAllUsesWith(linear.getOutput());
  op.erase();
}

/// Flatten only renames indices: users read its input instead. With several
/// inputs an identity scale keeps their sum.
void lowerFlatten(FlattenOp op, OpBuilder &builder) {
  Value replacement;
  if (op.getInputs().size() == 1) {
    replacement = op.getInputs().front();
  } else {
    builder.setInsertionPoint(op);
    replacement = builder.create<ScaleOp>(
        op.getLoc(), op.getOutput().getType(), op.getInputs(),
        DenseElementsAttr::get(RankedTensorType::get({}, builder.getF64Type()),
                               1.0),
        op.getNameAttr());
  }
  op.getOutput().replaceAllUsesWith(replacement);
  op.erase();
}

struct SNNLowerConvPass
    : public snn::impl::SNNLowerConvBase<SNNLowerConvPass> {
  void runOnOperation() override {
    GraphOp graph = getOperation();
    OpBuilder builder(graph.getContext());
    for (Operation &op :
         llvm::make_early_inc_range(graph.getBody().front().getOperations())) {
      if (auto conv = dyn_cast<Conv1dOp>(op))
        lowerConv(conv, builder);
      else if (auto conv = dyn_cast<Conv2dOp>(op))
        lowerConv(conv, builder);
      else if (auto pool = dyn_cast<SumPool2dOp>(op))
        lowerPool(pool, 1.0, builder);
      else if (auto pool = dyn_cast<AvgPool2dOp>(op))
        lowerPool(pool, 1.0 / double(product(pool.getKernelSize())), builder);
    }
    for (auto flatten :
         llvm::make_early_inc_range(graph.getBody().front().getOps<FlattenOp>()))
      lowerFlatten(flatten, builder);
    // Results fed by a flatten now have the flattened op's input type.
    auto types = graph.getOutputOp().getOperandTypes();
    graph.setFunctionTypeAttr(TypeAttr::get(builder.getFunctionType(
        graph.getArgumentTypes(), SmallVector<Type>(types))));
  }
};

} // namespace
