//===- WeightMatrix.h - dense or sparse (pre, post) matrices -----*- C++ -*-===//
#ifndef DYNAPSE_DIALECT_DYNAPSE_IR_WEIGHTMATRIX_H
#define DYNAPSE_DIALECT_DYNAPSE_IR_WEIGHTMATRIX_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <cstdint>
#include <map>
#include <utility>

namespace dynapse {
class SynapsesOp;
enum class Dendrite : uint32_t;

/// Matrix entries by (row, column); std::map keeps them in row-major order.
using MatrixEntries = std::map<std::pair<int64_t, int64_t>, double>;

/// Matrices up to this many elements are stored dense, larger ones sparse.
constexpr int64_t kMaxDenseWeights = int64_t(1) << 16;

/// Calls `visit(row, column, value)` for every non-zero entry of a 2-D dense
/// or sparse f64 matrix, in row-major order.
void forEachNonZero(mlir::ElementsAttr matrix,
                    llvm::function_ref<void(int64_t, int64_t, double)> visit);

/// Calls `visit(pre, post, mask, dendrite)` for every synapse of `synapses`
/// with a non-zero mask and a valid dendrite code, in row-major order.
void forEachSynapse(
    SynapsesOp synapses,
    llvm::function_ref<void(int64_t, int64_t, unsigned, Dendrite)> visit);

/// A rows x columns f64 matrix holding `entries`, dense when small.
mlir::ElementsAttr buildWeightMatrix(mlir::Builder &builder, int64_t rows,
                                     int64_t columns,
                                     const MatrixEntries &entries);

} // namespace dynapse

#endif // DYNAPSE_DIALECT_DYNAPSE_IR_WEIGHTMATRIX_H
