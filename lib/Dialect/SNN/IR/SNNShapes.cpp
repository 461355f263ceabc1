//===- SNNShapes.cpp - shape rules of the snn nodes -----------------------===//
#include "dynapse/Dialect/SNN/IR/SNNShapes.h"

using namespace dynapse;

std::optional<int64_t> snn::windowOutputSize(int64_t in, int64_t kernel,
                                             int64_t stride, int64_t padding,
                                             int64_t dilation) {
  if (in < 1 || kernel < 1 || stride < 1 || padding < 0 || dilation < 1)
    return std::nullopt;
  int64_t span = dilation * (kernel - 1) + 1;
  int64_t padded = in + 2 * padding;
  if (padded < span)
    return std::nullopt;
  return (padded - span) / stride + 1;
}

std::optional<llvm::SmallVector<int64_t>>
snn::flattenShape(llvm::ArrayRef<int64_t> shape, int64_t start, int64_t end) {
  int64_t rank = static_cast<int64_t>(shape.size());
  if (start < 0)
    start += rank;
  if (end < 0)
    end += rank;
  if (start < 0 || end >= rank || start > end)
    return std::nullopt;
  llvm::SmallVector<int64_t> result(shape.begin(), shape.begin() + start);
  int64_t merged = 1;
  for (int64_t dim = start; dim <= end; ++dim)
    merged *= shape[dim];
  result.push_back(merged);
  result.append(shape.begin() + end + 1, shape.end());
  return result;
}
