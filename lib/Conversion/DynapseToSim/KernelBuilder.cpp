//===- KernelBuilder.cpp - time loop, fan-in sums and state arrays --------===//
#include "KernelBuilder.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace dynapse;
using namespace dynapse::sim;

Value Emitter::constant(float value) {
  return b.create<arith::ConstantOp>(b.getF32FloatAttr(value));
}
Value Emitter::add(Value x, Value y) { return b.create<arith::AddFOp>(x, y); }
Value Emitter::sub(Value x, Value y) { return b.create<arith::SubFOp>(x, y); }
Value Emitter::mul(Value x, Value y) { return b.create<arith::MulFOp>(x, y); }
Value Emitter::div(Value x, Value y) { return b.create<arith::DivFOp>(x, y); }
Value Emitter::max(Value x, Value y) { return b.create<arith::MaximumFOp>(x, y); }
Value Emitter::min(Value x, Value y) { return b.create<arith::MinimumFOp>(x, y); }
Value Emitter::exp(Value x) { return b.create<math::ExpOp>(x); }
Value Emitter::log(Value x) { return b.create<math::LogOp>(x); }
Value Emitter::ceil(Value x) { return b.create<math::CeilOp>(x); }
Value Emitter::compare(arith::CmpFPredicate predicate, Value x, Value y) {
  return b.create<arith::CmpFOp>(predicate, x, y);
}
Value Emitter::select(Value condition, Value x, Value y) {
  return b.create<arith::SelectOp>(condition, x, y);
}

namespace {

/// Builds the kernel function body; see buildKernel.
class KernelBuilder {
public:
  KernelBuilder(ModuleOp module, const Network &network,
                const NeuronModel &model)
      : module(module), network(network), model(model),
        b(module.getLoc(), module.getContext()), e(b) {}
  void build(StringRef modelName);

private:
  Value index(int64_t value) { return b.create<arith::ConstantIndexOp>(value); }
  /// A private constant global holding `values`, and its memref in the body.
  template <typename T>
  Value constantTable(StringRef name, Type elementType, std::vector<T> values);
  void createTables();
  Value allocate(int64_t size);
  void initialiseState();
  void emitTimeStep(Value step, Value steps, Value recordFlag);
  void emitNeuron(Value neuron, Value step, Value steps, Value recordFlag);
  Value groupSum(Value neuron, unsigned group);

  ModuleOp module;
  const Network &network;
  const NeuronModel &model;
  ImplicitLocOpBuilder b;
  Emitter e;
  func::FuncOp function;
  Value parameters, fanInStart, fanInSource, fanInWeight;
  Value sources, nextSpikes;
  std::vector<Value> state;
  Value input, output, records;
  unsigned rowSize = 0;
};

template <typename T>
Value KernelBuilder::constantTable(StringRef name, Type elementType,
                                   std::vector<T> values) {
  if (values.empty())
    values.push_back(T(0)); // memrefs of zero elements are not worth a case
  auto type = MemRefType::get({int64_t(values.size())}, elementType);
  auto tensorType = RankedTensorType::get({int64_t(values.size())}, elementType);
  auto initial = DenseElementsAttr::get(tensorType, llvm::ArrayRef<T>(values));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(function);
    b.create<memref::GlobalOp>(name, b.getStringAttr("private"), type, initial,
                               /*constant=*/true, /*alignment=*/IntegerAttr());
  }
  return b.create<memref::GetGlobalOp>(type, name);
}

void KernelBuilder::createTables() {
  std::vector<float> table;
  for (const NeuronParameters &p : network.parameters) {
    std::vector<float> row = model.parameterRow(p, network.dt);
    rowSize = row.size();
    table.insert(table.end(), row.begin(), row.end());
  }
  // CSR by (neuron, group): entries of neuron i, group g are
  // start[i*G+g] .. start[i*G+g+1].
  unsigned groups = model.numGroups();
  std::vector<int32_t> start{0}, source;
  std::vector<float> weight;
  for (const std::vector<Connection> &fanIn : network.fanIn)
    for (unsigned g = 0; g < groups; ++g) {
      for (const Connection &c : fanIn)
        if (c.group == g)
          source.push_back(c.source), weight.push_back(float(c.weight));
      start.push_back(int32_t(source.size()));
    }
  parameters = constantTable("dynapse_sim_parameters", b.getF32Type(), table);
  fanInStart = constantTable("dynapse_sim_fan_in_start", b.getI32Type(), start);
  fanInSource =
      constantTable("dynapse_sim_fan_in_source", b.getI32Type(), source);
  fanInWeight = constantTable("dynapse_sim_fan_in_weight", b.getF32Type(), weight);
}

Value KernelBuilder::allocate(int64_t size) {
  return b.create<memref::AllocOp>(MemRefType::get({size}, b.getF32Type()));
}

void KernelBuilder::initialiseState() {
  int64_t n = network.neurons;
  sources = allocate(n + network.inputs);
  nextSpikes = allocate(n);
  std::vector<bool> atIo = model.startsAtIo();
  for (size_t s = 0; s < atIo.size(); ++s)
    state.push_back(allocate(n));
  Value zero = e.constant(0);
  auto loop = b.create<scf::ForOp>(index(0), index(n + network.inputs), index(1));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    b.create<memref::StoreOp>(zero, sources, loop.getInductionVar());
  }
  loop = b.create<scf::ForOp>(index(0), index(n), index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value i = loop.getInductionVar();
  Value slot = b.create<arith::AddIOp>(
      b.create<arith::MulIOp>(i, index(rowSize)), index(model.darkCurrentSlot()));
  Value io = b.create<memref::LoadOp>(parameters, slot);
  for (size_t s = 0; s < atIo.size(); ++s)
    b.create<memref::StoreOp>(atIo[s] ? io : zero, state[s], i);
}

Value KernelBuilder::groupSum(Value neuron, unsigned group) {
  unsigned groups = model.numGroups();
  Value slot = b.create<arith::AddIOp>(
      b.create<arith::MulIOp>(neuron, index(groups)), index(group));
  auto startOf = [&](Value position) {
    Value raw = b.create<memref::LoadOp>(fanInStart, position);
    return b.create<arith::IndexCastOp>(b.getIndexType(), raw).getResult();
  };
  Value first = startOf(slot);
  Value last = startOf(b.create<arith::AddIOp>(slot, index(1)));
  auto loop = b.create<scf::ForOp>(first, last, index(1),
                                   ValueRange{e.constant(0)});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value entry = loop.getInductionVar();
  Value source = b.create<arith::IndexCastOp>(
      b.getIndexType(), b.create<memref::LoadOp>(fanInSource, entry));
  Value weight = b.create<memref::LoadOp>(fanInWeight, entry);
  Value count = b.create<memref::LoadOp>(sources, source);
  Value sum = e.add(loop.getRegionIterArgs()[0], e.mul(weight, count));
  b.create<scf::YieldOp>(sum);
  return loop.getResult(0);
}

void KernelBuilder::emitNeuron(Value i, Value step, Value steps,
                               Value recordFlag) {
  int64_t n = network.neurons;
  StepInputs in;
  Value rowStart = b.create<arith::MulIOp>(i, index(rowSize));
  for (unsigned k = 0; k < rowSize; ++k)
    in.parameters.push_back(b.create<memref::LoadOp>(
        parameters, b.create<arith::AddIOp>(rowStart, index(k)).getResult()));
  for (unsigned g = 0; g < model.numGroups(); ++g)
    in.groupSums.push_back(groupSum(i, g));
  for (Value array : state)
    in.state.push_back(b.create<memref::LoadOp>(array, i));
  in.previousSpikes = b.create<memref::LoadOp>(sources, i);
  StepResults out = model.emitStep(e, in);
  for (auto [array, value] : llvm::zip(state, out.state))
    b.create<memref::StoreOp>(value, array, i);
  b.create<memref::StoreOp>(out.spikes, nextSpikes, i);
  Value at = b.create<arith::AddIOp>(b.create<arith::MulIOp>(step, index(n)), i);
  b.create<memref::StoreOp>(out.spikes, output, at);
  Value wanted =
      b.create<arith::CmpIOp>(arith::CmpIPredicate::ne, recordFlag, index(0));
  auto ifOp = b.create<scf::IfOp>(wanted, /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&ifOp.getThenRegion().front());
  Value plane = b.create<arith::MulIOp>(steps, index(n));
  for (auto [r, value] : llvm::enumerate(out.records)) {
    Value offset = b.create<arith::AddIOp>(
        b.create<arith::MulIOp>(plane, index(int64_t(r))), at);
    b.create<memref::StoreOp>(value, records, offset);
  }
}

void KernelBuilder::emitTimeStep(Value step, Value steps, Value recordFlag) {
  int64_t n = network.neurons, inputs = network.inputs;
  // This step's input counts go behind the neurons' spikes of the last one.
  auto copyIn = b.create<scf::ForOp>(index(0), index(inputs), index(1));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(copyIn.getBody());
    Value k = copyIn.getInductionVar();
    Value from = b.create<arith::AddIOp>(
        b.create<arith::MulIOp>(step, index(inputs)), k);
    Value count = b.create<memref::LoadOp>(input, from);
    b.create<memref::StoreOp>(count, sources,
                              b.create<arith::AddIOp>(k, index(n)).getResult());
  }
  auto neurons = b.create<scf::ForOp>(index(0), index(n), index(1));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(neurons.getBody());
    emitNeuron(neurons.getInductionVar(), step, steps, recordFlag);
  }
  auto publish = b.create<scf::ForOp>(index(0), index(n), index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(publish.getBody());
  Value i = publish.getInductionVar();
  b.create<memref::StoreOp>(b.create<memref::LoadOp>(nextSpikes, i), sources, i);
}

void KernelBuilder::build(StringRef modelName) {
  b.setInsertionPointToEnd(module.getBody());
  auto buffer = MemRefType::get({ShapedType::kDynamic}, b.getF32Type());
  auto type = b.getFunctionType(
      {buffer, buffer, buffer, b.getIndexType(), b.getIndexType()}, {});
  function = b.create<func::FuncOp>("dynapse_sim", type);
  function->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  function->setAttr("dynapse.sim.model", b.getStringAttr(modelName));
  function->setAttr("dynapse.sim.neurons", b.getI64IntegerAttr(network.neurons));
  function->setAttr("dynapse.sim.inputs", b.getI64IntegerAttr(network.inputs));
  function->setAttr("dynapse.sim.dt", b.getF64FloatAttr(network.dt));
  SmallVector<Attribute> recordNames;
  for (const std::string &name : model.recordNames())
    recordNames.push_back(b.getStringAttr(name));
  function->setAttr("dynapse.sim.records", b.getArrayAttr(recordNames));
  Block *body = function.addEntryBlock();
  b.setInsertionPointToStart(body);
  input = body->getArgument(0), output = body->getArgument(1);
  records = body->getArgument(2);
  Value steps = body->getArgument(3), recordFlag = body->getArgument(4);
  createTables();
  initialiseState();
  auto time = b.create<scf::ForOp>(index(0), steps, index(1));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(time.getBody());
    emitTimeStep(time.getInductionVar(), steps, recordFlag);
  }
  for (Value array : state)
    b.create<memref::DeallocOp>(array);
  b.create<memref::DeallocOp>(sources);
  b.create<memref::DeallocOp>(nextSpikes);
  b.create<func::ReturnOp>();
}

} // namespace

void dynapse::sim::buildKernel(ModuleOp module, const Network &network,
                               const NeuronModel &model, StringRef modelName) {
  KernelBuilder(module, network, model).build(modelName);
}
