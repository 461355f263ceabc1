//===- SNNShapes.h - shape rules of the snn nodes ----------------*- C++ -*-===//
//
// The output shapes of convolution, pooling and flatten nodes, shared by the
// verifiers, the NIR importer (type inference) and --snn-lower-conv.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_DIALECT_SNN_IR_SNNSHAPES_H
#define DYNAPSE_DIALECT_SNN_IR_SNNSHAPES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>

namespace dynapse::snn {

/// Extent of one spatial dimension after a window operation (PyTorch rule):
/// floor((in + 2 padding - dilation (kernel - 1) - 1) / stride) + 1, or
/// nullopt when the window does not fit or an argument is out of range.
std::optional<int64_t> windowOutputSize(int64_t in, int64_t kernel,
                                        int64_t stride, int64_t padding,
                                        int64_t dilation = 1);

/// Shape after merging dimensions start..end (negative counts from the end),
/// or nullopt when the range is invalid for `shape`.
std::optional<llvm::SmallVector<int64_t>>
flattenShape(llvm::ArrayRef<int64_t> shape, int64_t start, int64_t end);

} // namespace dynapse::snn

#endif // DYNAPSE_DIALECT_SNN_IR_SNNSHAPES_H
