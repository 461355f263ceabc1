//===- DynapseOps.cpp - ops of the dynapse dialect ------------------------===//
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/Dynapse/IR/Hardware.h"
#include "dynapse/Dialect/Dynapse/IR/NeuronCurrents.h"
#include "dynapse/Support/ValueChecks.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <cmath>
#include <tuple>

using namespace mlir;
using namespace dynapse;

//===----------------------------------------------------------------------===//
// NetworkOp
//===----------------------------------------------------------------------===//

void NetworkOp::build(OpBuilder &builder, OperationState &state,
                      StringRef name) {
  state.addAttribute(getSymNameAttrName(state.name),
                     builder.getStringAttr(name));
  state.addRegion()->emplaceBlock();
}

/// Core indices are unique and placed cores occupy distinct (chip, core).
static LogicalResult verifyCores(NetworkOp network,
                                 llvm::DenseSet<int64_t> &indices) {
  llvm::DenseMap<std::pair<int64_t, int64_t>, int64_t> placed;
  for (CoreOp core : network.getBodyBlock().getOps<CoreOp>()) {
    int64_t index = core.getIndexAttr().getInt();
    if (!indices.insert(index).second)
      return core.emitOpError("core index ") << index << " is defined twice";
    if (!core.getChipAttr() || !core.getCoreAttr())
      continue;
    auto position = std::make_pair(core.getChipAttr().getInt(),
                                   core.getCoreAttr().getInt());
    auto [it, inserted] = placed.try_emplace(position, index);
    if (!inserted)
      return core.emitOpError("logical cores ")
             << it->second << " and " << index << " are both placed on chip "
             << position.first << " core " << position.second;
  }
  return success();
}

/// Every core_map entry names a declared core; no core exceeds 256 neurons.
static LogicalResult verifyCoreMaps(NetworkOp network,
                                    const llvm::DenseSet<int64_t> &indices) {
  llvm::DenseMap<int64_t, int64_t> occupancy;
  for (PopulationOp population : network.getBodyBlock().getOps<PopulationOp>()) {
    std::optional<ArrayRef<int64_t>> coreMap = population.getCoreMap();
    if (!coreMap)
      continue;
    for (auto [neuron, core] : llvm::enumerate(*coreMap)) {
      if (!indices.contains(core))
        return population.emitOpError("core_map assigns neuron ")
               << neuron << " to core " << core
               << ", but the network has no 'dynapse.core " << core << "'";
      if (++occupancy[core] > hw::kNeuronsPerCore)
        return population.emitOpError("core ")
               << core << " holds more than " << hw::kNeuronsPerCore
               << " neurons (neuron " << neuron << " is one too many)";
    }
  }
  return success();
}

/// No two neuron configurations address the same physical neuron.
static LogicalResult verifyNeuronSlots(NetworkOp network) {
  llvm::DenseSet<std::tuple<int64_t, int64_t, int64_t>> used;
  for (NeuronOp neuron : network.getBodyBlock().getOps<NeuronOp>()) {
    auto position = std::make_tuple(neuron.getChipAttr().getInt(),
                                    neuron.getCoreAttr().getInt(),
                                    neuron.getSlotAttr().getInt());
    if (!used.insert(position).second)
      return neuron.emitOpError("chip ")
             << std::get<0>(position) << " core " << std::get<1>(position)
             << " slot " << std::get<2>(position) << " is configured twice";
  }
  return success();
}

LogicalResult NetworkOp::verifyRegions() {
  if (std::optional<ArrayRef<double>> activity = getActivity())
    for (auto [i, value] : llvm::enumerate(*activity))
      if (!(value >= 0) || !std::isfinite(value))
        return emitOpError("'activity' [")
               << i << "] is " << formatRoundTrip(value)
               << "; events per step are finite and not negative";
  llvm::DenseSet<int64_t> coreIndices;
  if (failed(verifyCores(*this, coreIndices)) ||
      failed(verifyCoreMaps(*this, coreIndices)))
    return failure();
  return verifyNeuronSlots(*this);
}

//===----------------------------------------------------------------------===//
// InputOp, WeightsOp, SynapsesOp
//===----------------------------------------------------------------------===//

LogicalResult InputOp::verify() {
  std::optional<ArrayAttr> destinations = getDestinations();
  unsigned size = getOutput().getType().getSize();
  if (destinations && destinations->size() != size)
    return emitOpError("has ")
           << destinations->size() << " destination lists for " << size
           << " input channels";
  if (std::optional<ArrayRef<int64_t>> everyStep = getEveryStep()) {
    int64_t last = -1;
    for (int64_t channel : *everyStep) {
      if (channel <= last || channel >= int64_t(size))
        return emitOpError("'every_step' channel ")
               << channel << " must lie in [" << last + 1 << ", " << size
               << "): the list is ascending and names channels of the input";
      last = channel;
    }
  }
  return success();
}

/// The matrix is (pre, post) with pre = source size and post = result size.
static LogicalResult verifyConnectionShape(Operation *op, StringRef param,
                                           ShapedType type, unsigned pre,
                                           unsigned post) {
  ArrayRef<int64_t> shape = type.getShape();
  if (shape.size() != 2 || shape[0] != pre || shape[1] != post)
    return op->emitOpError("'")
           << param << "' must have shape (pre, post) = (" << pre << ", "
           << post << "), got " << type;
  return success();
}

LogicalResult WeightsOp::verify() {
  unsigned pre = getSource().getType().getSize();
  unsigned post = getOutput().getType().getSize();
  if (failed(verifyConnectionShape(
          *this, "weights", cast<ShapedType>(getWeights().getType()), pre,
          post)))
    return failure();
  // A sparse matrix stores only its non-zero entries; check those.
  SmallVector<double> values;
  SmallVector<int64_t> indices;
  if (auto sparse = dyn_cast<SparseElementsAttr>(getWeights())) {
    values.assign(sparse.getValues().getValues<double>().begin(),
                  sparse.getValues().getValues<double>().end());
    indices.assign(sparse.getIndices().getValues<int64_t>().begin(),
                   sparse.getIndices().getValues<int64_t>().end());
  } else {
    values.assign(cast<DenseElementsAttr>(getWeights()).getValues<double>().begin(),
                  cast<DenseElementsAttr>(getWeights()).getValues<double>().end());
  }
  int64_t bad = findInvalidValue(values, ValueBound::Finite);
  if (bad < 0)
    return success();
  int64_t row = indices.empty() ? (values.size() == 1 ? 0 : bad / post)
                                : indices[2 * bad];
  int64_t column = indices.empty() ? (values.size() == 1 ? 0 : bad % post)
                                   : indices[2 * bad + 1];
  return emitOpError("weight (")
         << row << ", " << column << ") is " << formatRoundTrip(values[bad])
         << "; expected a finite number";
}

LogicalResult SynapsesOp::verify() {
  unsigned pre = getSource().getType().getSize();
  unsigned post = getOutput().getType().getSize();
  if (failed(verifyConnectionShape(*this, "mask", getMask().getType(), pre,
                                   post)) ||
      failed(verifyConnectionShape(*this, "dendrite", getDendrite().getType(),
                                   pre, post)))
    return failure();
  // Typed iterators: a full board holds 16 M synapses per matrix.
  auto masks = getMask().getValues<int8_t>();
  auto dendrites = getDendrite().getValues<int16_t>();
  for (unsigned index = 0, e = pre * post; index < e; ++index) {
    int64_t mask = masks[index];
    int64_t code = dendrites[index];
    if (mask == 0 && code == 0)
      continue; // no connection, the common case
    auto here = [&]() {
      return emitOpError("synapse (")
             << index / post << ", " << index % post << ") ";
    };
    if (mask < 0 || mask >= (1 << hw::kWeightBits))
      return here() << "has mask " << mask << "; expected 0..15";
    std::optional<Dendrite> dendrite = symbolizeDendrite(code);
    if (!dendrite)
      return here() << "has dendrite code " << code
                    << "; expected 0, 128, 256, 512 or 1024";
    if ((mask == 0) != (*dendrite == Dendrite::none))
      return here() << "has mask " << mask << " with dendrite "
                    << stringifyDendrite(*dendrite)
                    << "; a connection needs both a non-zero mask and a "
                       "dendrite, an absent one neither";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// PopulationOp
//===----------------------------------------------------------------------===//

static LogicalResult verifyCurrents(PopulationOp op) {
  unsigned size = op.getSize();
  for (StringRef name : currentAttrNames()) {
    ArrayRef<double> values =
        op->getAttrOfType<DenseF64ArrayAttr>(name).asArrayRef();
    if (values.size() != 1 && values.size() != size)
      return op.emitOpError("current '")
             << name << "' has " << values.size()
             << " values; expected 1 (broadcast) or " << size;
    int64_t bad = findInvalidValue(values, ValueBound::NonNegative);
    if (bad < 0)
      continue;
    InFlightDiagnostic diag = op.emitOpError("current '") << name << "' ";
    if (values.size() == 1)
      diag << "(all neurons)";
    else
      diag << "of neuron " << bad;
    return diag << " is " << formatRoundTrip(values[bad]) << " A; expected finite and >= 0";
  }
  return success();
}

static LogicalResult verifyNeuronIndexList(PopulationOp op, StringRef param,
                                           ArrayRef<int64_t> neurons) {
  for (auto [position, neuron] : llvm::enumerate(neurons)) {
    if (neuron < 0 || neuron >= op.getSize())
      return op.emitOpError("'")
             << param << "' names neuron " << neuron
             << ", outside the population of " << op.getSize();
    if (position > 0 && neurons[position - 1] >= neuron)
      return op.emitOpError("'") << param
                                 << "' must be strictly increasing";
  }
  return success();
}

LogicalResult PopulationOp::verify() {
  unsigned size = getSize();
  for (auto [index, input] : llvm::enumerate(getInputs())) {
    unsigned count = cast<SynapticType>(input.getType()).getSize();
    if (count != size)
      return emitOpError("input ") << index << " reaches " << count
                                   << " neurons; expected " << size;
  }
  if (failed(verifyCurrents(*this)))
    return failure();
  double scales[] = {getIscale().convertToDouble()};
  if (findInvalidValue(scales, ValueBound::Positive) >= 0)
    return emitOpError("'Iscale' is ") << formatRoundTrip(scales[0]) << "; expected finite and > 0";
  double steps[] = {getDt().convertToDouble()};
  if (findInvalidValue(steps, ValueBound::Positive) >= 0)
    return emitOpError("'dt' is ") << formatRoundTrip(steps[0]) << "; expected finite and > 0";
  if (auto outputs = getOutputNeurons())
    if (failed(verifyNeuronIndexList(*this, "output_neurons", *outputs)))
      return failure();
  if (auto coreMap = getCoreMap()) {
    if (coreMap->size() != size)
      return emitOpError("'core_map' has ")
             << coreMap->size() << " entries; expected one per neuron ("
             << size << ")";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// CoreOp, NeuronOp
//===----------------------------------------------------------------------===//

LogicalResult CoreOp::verify() {
  if (int64_t index = getIndexAttr().getInt(); index < 0)
    return emitOpError("index ") << index << " is negative";
  for (NamedAttribute entry : getCurrents()) {
    StringRef name = entry.getName().getValue();
    if (!hw::isCoreCurrentName(name))
      return emitOpError("unknown core current '") << name << "'";
    auto value = dyn_cast<FloatAttr>(entry.getValue());
    if (!value)
      return emitOpError("core current '") << name << "' must be a float";
    double values[] = {value.getValueAsDouble()};
    if (findInvalidValue(values, ValueBound::NonNegative) >= 0)
      return emitOpError("core current '")
             << name << "' is " << formatRoundTrip(values[0]) << " A; expected finite and >= 0";
  }
  if (auto biases = getBiases()) {
    llvm::DenseSet<StringRef> seen;
    for (auto bias : biases->getAsRange<BiasAttr>())
      if (!seen.insert(bias.getName()).second)
        return emitOpError("bias '") << bias.getName() << "' is set twice";
  }
  if (auto chip = getChipAttr(); chip && chip.getInt() < 0)
    return emitOpError("chip ") << chip.getInt() << " is negative";
  if (auto core = getCoreAttr();
      core && (core.getInt() < 0 || core.getInt() >= hw::kCoresPerChip))
    return emitOpError("core ") << core.getInt() << " is out of range 0.."
                                << hw::kCoresPerChip - 1;
  return success();
}

LogicalResult NeuronOp::verify() {
  int64_t chip = getChipAttr().getInt(), core = getCoreAttr().getInt(),
          slot = getSlotAttr().getInt();
  if (chip < 0)
    return emitOpError("chip ") << chip << " is negative";
  if (core < 0 || core >= hw::kCoresPerChip)
    return emitOpError("core ") << core << " is out of range 0.."
                                << hw::kCoresPerChip - 1;
  if (slot < 0 || slot >= hw::kNeuronsPerCore)
    return emitOpError("slot ") << slot << " is out of range 0.."
                                << hw::kNeuronsPerCore - 1;
  if (auto logical = getLogicalAttr(); logical && logical.getInt() < 0)
    return emitOpError("logical neuron ") << logical.getInt()
                                          << " is negative";
  if (getCam().size() > hw::kCamEntriesPerNeuron)
    return emitOpError("has ") << getCam().size()
                               << " CAM entries; a neuron has at most "
                               << hw::kCamEntriesPerNeuron;
  if (getSram().size() > hw::kSramEntriesPerNeuron)
    return emitOpError("has ") << getSram().size()
                               << " SRAM entries; a neuron has at most "
                               << hw::kSramEntriesPerNeuron;
  if (auto latches = getLatches()) {
    llvm::DenseSet<StringRef> seen;
    for (auto latch : latches->getAsRange<StringAttr>()) {
      if (!hw::isLatchName(latch.getValue()))
        return emitOpError("unknown latch '") << latch.getValue() << "'";
      if (!seen.insert(latch.getValue()).second)
        return emitOpError("latch '") << latch.getValue() << "' is set twice";
    }
  }
  return success();
}

#define GET_OP_CLASSES
#include "dynapse/Dialect/Dynapse/IR/Dynapse.cpp.inc"
