//===- Emitter.cpp - float32 arithmetic of the models' steps --------------===//
//
// The ops a NeuronModel's step is written in (KernelBuilder.h), each
// created in the order written, so that the kernel's float32 results do
// not depend on the compiler that built it.
//
//===----------------------------------------------------------------------===//
#include "dynapse/Conversion/DynapseToSim/KernelBuilder.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace dynapse::sim;

Value Emitter::constant(float value) {
  return constant(value, shape ? shape : b.getF32Type());
}
Value Emitter::constant(float value, Type like) {
  if (auto vector = dyn_cast<VectorType>(like))
    return b.create<arith::ConstantOp>(DenseElementsAttr::get(vector, value));
  return b.create<arith::ConstantOp>(b.getF32FloatAttr(value));
}
Value Emitter::add(Value x, Value y) { return b.create<arith::AddFOp>(x, y); }
Value Emitter::sub(Value x, Value y) { return b.create<arith::SubFOp>(x, y); }
Value Emitter::mul(Value x, Value y) { return b.create<arith::MulFOp>(x, y); }
Value Emitter::div(Value x, Value y) { return b.create<arith::DivFOp>(x, y); }
Value Emitter::max(Value x, Value y) {
  return b.create<arith::MaxNumFOp>(x, y);
}
Value Emitter::exp(Value x) {
  return inParts(x, [&](Value part) { return b.create<math::ExpOp>(part); });
}
Value Emitter::log(Value x) {
  return inParts(x, [&](Value part) { return b.create<math::LogOp>(part); });
}
Value Emitter::inParts(Value x, llvm::function_ref<Value(Value)> f) {
  auto type = dyn_cast<VectorType>(x.getType());
  if (!type || !mathWidth || type.getNumElements() <= mathWidth)
    return f(x);
  Value result = constant(0, type);
  for (int64_t first = 0; first < type.getNumElements(); first += mathWidth) {
    Value part = b.create<vector::ExtractStridedSliceOp>(
        x, ArrayRef<int64_t>{first}, ArrayRef<int64_t>{mathWidth},
        ArrayRef<int64_t>{1});
    result = b.create<vector::InsertStridedSliceOp>(
        f(part), result, ArrayRef<int64_t>{first}, ArrayRef<int64_t>{1});
  }
  return result;
}
Value Emitter::ceil(Value x) { return b.create<math::CeilOp>(x); }
Value Emitter::compare(arith::CmpFPredicate predicate, Value x, Value y) {
  return b.create<arith::CmpFOp>(predicate, x, y);
}
Value Emitter::select(Value condition, Value x, Value y) {
  return b.create<arith::SelectOp>(condition, x, y);
}
