//===- WeightMatrix.cpp - dense or sparse (pre, post) matrices ------------===//
#include "dynapse/Dialect/Dynapse/IR/WeightMatrix.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"

#include "mlir/IR/BuiltinTypes.h"

#include <vector>

using namespace mlir;

void dynapse::forEachNonZero(
    ElementsAttr matrix,
    llvm::function_ref<void(int64_t, int64_t, double)> visit) {
  int64_t columns = cast<ShapedType>(matrix.getType()).getShape()[1];
  if (auto sparse = dyn_cast<SparseElementsAttr>(matrix)) {
    std::vector<std::pair<std::pair<int64_t, int64_t>, double>> entries;
    auto indices = sparse.getIndices().getValues<int64_t>();
    auto values = sparse.getValues().getValues<double>();
    for (int64_t i = 0, e = int64_t(sparse.getValues().size()); i < e; ++i)
      if (values[i] != 0.0)
        entries.push_back({{indices[2 * i], indices[2 * i + 1]}, values[i]});
    llvm::sort(entries, [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &[position, value] : entries)
      visit(position.first, position.second, value);
    return;
  }
  auto dense = cast<DenseElementsAttr>(matrix);
  int64_t rows = cast<ShapedType>(matrix.getType()).getShape()[0];
  if (dense.isSplat()) {
    double value = dense.getSplatValue<double>();
    if (value != 0.0)
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < columns; ++c)
          visit(r, c, value);
    return;
  }
  int64_t index = 0;
  for (double value : dense.getValues<double>()) {
    if (value != 0.0)
      visit(index / columns, index % columns, value);
    ++index;
  }
}

ElementsAttr dynapse::buildWeightMatrix(Builder &builder, int64_t rows,
                                        int64_t columns,
                                        const MatrixEntries &entries) {
  auto type = RankedTensorType::get({rows, columns}, builder.getF64Type());
  if (rows * columns <= kMaxDenseWeights) {
    std::vector<double> dense(rows * columns, 0.0);
    for (const auto &[position, value] : entries)
      dense[position.first * columns + position.second] = value;
    return DenseElementsAttr::get(type, ArrayRef<double>(dense));
  }
  std::vector<int64_t> indices;
  std::vector<double> values;
  for (const auto &[position, value] : entries) {
    indices.push_back(position.first);
    indices.push_back(position.second);
    values.push_back(value);
  }
  int64_t count = int64_t(values.size());
  return SparseElementsAttr::get(
      type,
      DenseElementsAttr::get(
          RankedTensorType::get({count, 2}, builder.getI64Type()),
          ArrayRef<int64_t>(indices)),
      DenseElementsAttr::get(RankedTensorType::get({count}, builder.getF64Type()),
                             ArrayRef<double>(values)));
}

void dynapse::forEachSynapse(
    SynapsesOp synapses,
    llvm::function_ref<void(int64_t, int64_t, unsigned, Dendrite)> visit) {
  auto shape = synapses.getMask().getType().getShape();
  auto masks = synapses.getMask().getValues<int8_t>();
  auto dendrites = synapses.getDendrite().getValues<int16_t>();
  for (int64_t pre = 0; pre < shape[0]; ++pre)
    for (int64_t post = 0; post < shape[1]; ++post) {
      int64_t index = pre * shape[1] + post;
      unsigned mask = unsigned(uint8_t(masks[index]));
      if (!mask)
        continue;
      auto dendrite = symbolizeDendrite(dendrites[index]);
      if (mask && dendrite)
        visit(pre, post, mask, *dendrite);
    }
}
