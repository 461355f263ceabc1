//===- SparseMatrix.cpp - linear maps between neuron populations ----------===//
#include "SparseMatrix.h"

using namespace dynapse::conversion;

SparseMatrix SparseMatrix::identity(int64_t size) {
  SparseMatrix result(size, size);
  for (int64_t index = 0; index < size; ++index)
    result.entries[index][index] = 1.0;
  return result;
}

SparseMatrix SparseMatrix::fromAttr(mlir::ElementsAttr weight) {
  auto shape = llvm::cast<mlir::ShapedType>(weight.getType()).getShape();
  SparseMatrix result(shape[0], shape[1]);
  if (auto sparse = llvm::dyn_cast<mlir::SparseElementsAttr>(weight)) {
    auto indices = sparse.getIndices().getValues<int64_t>();
    auto values = sparse.getValues().getValues<double>();
    for (int64_t i = 0, e = int64_t(sparse.getValues().size()); i < e; ++i)
      if (values[i] != 0.0)
        result.entries[indices[2 * i]][indices[2 * i + 1]] += values[i];
    return result;
  }
  auto dense = llvm::cast<mlir::DenseElementsAttr>(weight);
  if (dense.isSplat()) {
    double value = dense.getSplatValue<double>();
    if (value != 0.0)
      for (int64_t r = 0; r < shape[0]; ++r)
        for (int64_t c = 0; c < shape[1]; ++c)
          result.entries[r][c] = value;
    return result;
  }
  int64_t index = 0;
  for (double value : dense.getValues<double>()) {
    if (value != 0.0)
      result.entries[index / shape[1]][index % shape[1]] = value;
    ++index;
  }
  return result;
}

bool SparseMatrix::empty() const {
  for (const auto &row : entries)
    if (!row.empty())
      return false;
  return true;
}

SparseMatrix SparseMatrix::multiply(const SparseMatrix &rhs) const {
  SparseMatrix result(rows(), rhs.columns());
  for (int64_t r = 0; r < rows(); ++r)
    for (const auto &[k, left] : entries[r])
      for (const auto &[c, right] : rhs.entries[k])
        result.entries[r][c] += left * right;
  return result;
}

void SparseMatrix::add(const SparseMatrix &other) {
  for (int64_t r = 0; r < rows(); ++r)
    for (const auto &[c, value] : other.entries[r])
      entries[r][c] += value;
}

void SparseMatrix::scaleRows(llvm::ArrayRef<double> factors) {
  for (int64_t r = 0; r < rows(); ++r) {
    double factor = factors.size() == 1 ? factors[0] : factors[r];
    for (auto &entry : entries[r])
      entry.second *= factor;
  }
}

std::vector<double> SparseMatrix::apply(llvm::ArrayRef<double> x) const {
  std::vector<double> result(rows(), 0.0);
  for (int64_t r = 0; r < rows(); ++r)
    for (const auto &[c, value] : entries[r])
      result[r] += value * x[c];
  return result;
}
