//===- SimulationKernel.cpp - the contract of `func.func @dynapse_sim` ----===//
#include "dynapse/Conversion/DynapseToSim/SimulationKernel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace dynapse;

FunctionType kernel::kernelType(MLIRContext *context) {
  auto buffer = [](Type element) {
    return MemRefType::get({ShapedType::kDynamic}, element);
  };
  Builder b(context);
  return b.getFunctionType({buffer(b.getF32Type()), buffer(b.getI32Type()),
                            buffer(b.getI64Type()), buffer(b.getF32Type()),
                            b.getIndexType(), b.getIndexType(),
                            b.getIndexType()},
                           {});
}

void kernel::describeKernel(Operation *function, const KernelInfo &info) {
  Builder b(function->getContext());
  function->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  function->setAttr(kModelAttr, b.getStringAttr(info.model));
  function->setAttr(kNeuronsAttr, b.getI64IntegerAttr(info.neurons));
  function->setAttr(kInputsAttr, b.getI64IntegerAttr(info.inputs));
  function->setAttr(kDtAttr, b.getF64FloatAttr(info.dt));
  SmallVector<Attribute> names;
  for (const std::string &name : info.records)
    names.push_back(b.getStringAttr(name));
  function->setAttr(kRecordsAttr, b.getArrayAttr(names));
  if (info.chips != 1)
    function->setAttr(kChipsAttr, b.getI64IntegerAttr(info.chips));
  if (info.lanes != 1)
    function->setAttr(kLanesAttr, b.getI64IntegerAttr(info.lanes));
  if (info.populationNames.empty())
    return;
  SmallVector<Attribute> populations;
  for (const std::string &name : info.populationNames)
    populations.push_back(b.getStringAttr(name));
  function->setAttr(kPopulationsAttr, b.getArrayAttr(populations));
  function->setAttr(kPopulationSizesAttr,
                    b.getDenseI64ArrayAttr(info.populationSizes));
  function->setAttr(kOutputsAttr, b.getDenseI64ArrayAttr(info.outputs));
}

FailureOr<kernel::KernelInfo> kernel::readKernel(ModuleOp module) {
  auto function = module.lookupSymbol<func::FuncOp>(kFunctionName);
  if (!function || function.getFunctionType() != kernelType(module.getContext()))
    return failure();
  auto model = function->getAttrOfType<StringAttr>(kModelAttr);
  auto neurons = function->getAttrOfType<IntegerAttr>(kNeuronsAttr);
  auto inputs = function->getAttrOfType<IntegerAttr>(kInputsAttr);
  auto dt = function->getAttrOfType<FloatAttr>(kDtAttr);
  auto names = function->getAttrOfType<ArrayAttr>(kRecordsAttr);
  if (!model || !neurons || !inputs || !dt || !names)
    return failure();
  KernelInfo info;
  info.model = model.str();
  info.neurons = neurons.getInt(), info.inputs = inputs.getInt();
  info.dt = dt.getValueAsDouble();
  if (auto chips = function->getAttrOfType<IntegerAttr>(kChipsAttr))
    info.chips = chips.getInt();
  if (auto lanes = function->getAttrOfType<IntegerAttr>(kLanesAttr))
    info.lanes = lanes.getInt();
  if (info.chips < 1 || info.lanes < 1)
    return failure();
  if (auto samples = module.lookupSymbol<func::FuncOp>(kSampleFunctionName)) {
    auto lanes = samples->getAttrOfType<IntegerAttr>(kLanesAttr);
    if (samples.getFunctionType() != function.getFunctionType() || !lanes ||
        lanes.getInt() < 2 || info.lanes != 1)
      return failure();
    info.sampleKernelLanes = lanes.getInt();
  }
  for (Attribute name : names) {
    auto text = dyn_cast<StringAttr>(name);
    if (!text)
      return failure();
    info.records.push_back(text.str());
  }
  auto populations = function->getAttrOfType<ArrayAttr>(kPopulationsAttr);
  auto sizes = function->getAttrOfType<DenseI64ArrayAttr>(kPopulationSizesAttr);
  auto outputs = function->getAttrOfType<DenseI64ArrayAttr>(kOutputsAttr);
  if (!populations || !sizes || !outputs ||
      populations.size() != size_t(sizes.size()))
    return info;
  int64_t total = 0;
  for (auto [name, size] : llvm::zip(populations, sizes.asArrayRef())) {
    auto text = dyn_cast<StringAttr>(name);
    if (!text || size < 0)
      return failure();
    info.populationNames.push_back(text.str());
    info.populationSizes.push_back(size);
    total += size;
  }
  if (total != info.neurons ||
      llvm::any_of(outputs.asArrayRef(),
                   [&](int64_t i) { return i < 0 || i >= info.neurons; }))
    return failure();
  info.outputs.assign(outputs.asArrayRef().begin(), outputs.asArrayRef().end());
  return info;
}

void kernel::registerKernelDialects(DialectRegistry &registry) {
  registry.insert<arith::ArithDialect, func::FuncDialect, math::MathDialect,
                  memref::MemRefDialect, scf::SCFDialect,
                  vector::VectorDialect>();
}

bool kernel::holdsKernel(ModuleOp module, StringRef pass) {
  if (!module.lookupSymbol(kFunctionName))
    return false;
  emitRemark(module.getLoc(), "the module already holds a simulation kernel; '")
      << pass << "' skipped";
  return true;
}
