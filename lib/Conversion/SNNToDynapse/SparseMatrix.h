//===- SparseMatrix.h - linear maps between neuron populations ---*- C++ -*-===//
//
// The connectivity between two spiking populations is the product of the
// Affine/Linear/Scale nodes on the paths between them; convolutions unrolled
// by --snn-lower-conv make those matrices large and sparse, so they are
// composed sparsely, in a fixed order (deterministic sums).
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_LIB_CONVERSION_SNNTODYNAPSE_SPARSEMATRIX_H
#define DYNAPSE_LIB_CONVERSION_SNNTODYNAPSE_SPARSEMATRIX_H

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <map>
#include <vector>

namespace dynapse::conversion {

/// A rows x columns matrix stored row by row as column -> value maps.
class SparseMatrix {
public:
  SparseMatrix() = default;
  SparseMatrix(int64_t rows, int64_t columns)
      : numColumns(columns), entries(rows) {}
  static SparseMatrix identity(int64_t size);
  /// An (out, in) weight attribute, dense or sparse; zeros are dropped.
  static SparseMatrix fromAttr(mlir::ElementsAttr weight);

  int64_t rows() const { return int64_t(entries.size()); }
  int64_t columns() const { return numColumns; }
  const std::map<int64_t, double> &row(int64_t index) const {
    return entries[index];
  }
  bool empty() const;

  /// this (R x K) times `rhs` (K x C).
  SparseMatrix multiply(const SparseMatrix &rhs) const;
  void add(const SparseMatrix &other);
  /// Multiplies row r by factors[r] (or by factors[0] when it has one value).
  void scaleRows(llvm::ArrayRef<double> factors);
  /// this (R x K) times the vector `x` (K).
  std::vector<double> apply(llvm::ArrayRef<double> x) const;

private:
  int64_t numColumns = 0;
  std::vector<std::map<int64_t, double>> entries;
};

} // namespace dynapse::conversion

#endif // DYNAPSE_LIB_CONVERSION_SNNTODYNAPSE_SPARSEMATRIX_H
