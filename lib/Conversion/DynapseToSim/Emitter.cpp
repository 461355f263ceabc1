//===- Emitter.cpp - float32 arithmetic of the models' steps --------------===//
//
// The ops a NeuronModel's step is written in (KernelBuilder.h), each
// created in the order written, so that the kernel's float32 results do
// not depend on the compiler that built it.
//
//===----------------------------------------------------------------------===//
#include "dynapse/Conversion/DynapseToSim/KernelBuilder.h"

#include "mlir/Dialect/Math/IR/Math.h"

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
Value Emitter::exp(Value x) { return b.create<math::ExpOp>(x); }
Value Emitter::log(Value x) { return b.create<math::LogOp>(x); }
Value Emitter::ceil(Value x) { return b.create<math::CeilOp>(x); }
Value Emitter::compare(arith::CmpFPredicate predicate, Value x, Value y) {
  return b.create<arith::CmpFOp>(predicate, x, y);
}
Value Emitter::select(Value condition, Value x, Value y) {
  return b.create<arith::SelectOp>(condition, x, y);
}
