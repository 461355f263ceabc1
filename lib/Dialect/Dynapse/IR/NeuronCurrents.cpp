//===- NeuronCurrents.cpp - DynapseNeurons' current API -------------------===//
#include "dynapse/Dialect/Dynapse/IR/NeuronCurrents.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Support/ValueChecks.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLExtras.h"

using namespace dynapse;
using llvm::StringLiteral;

static constexpr StringLiteral kCurrentNames[kNumCurrents] = {
    "Idc",     "If_nmda", "Igain_ahp", "Igain_mem", "Igain_syn",
    "Ipulse_ahp", "Ipulse", "Iref",    "Ispkthr",   "Itau_ahp",
    "Itau_mem", "Itau_syn", "Iw_ahp"};

llvm::ArrayRef<StringLiteral> dynapse::currentAttrNames() {
  return kCurrentNames;
}

int dynapse::currentIndex(llvm::StringRef name) {
  const auto *it = llvm::find(kCurrentNames, name);
  return it == std::end(kCurrentNames) ? -1 : it - std::begin(kCurrentNames);
}

llvm::StringRef dynapse::currentEffect(llvm::StringRef current) {
  if (current.ends_with("_ahp"))
    return "the spike-frequency adaptation";
  if (current == "Itau_mem")
    return "the membrane time constant";
  if (current.starts_with("Itau_"))
    return "a synaptic time constant";
  if (current.starts_with("Igain_"))
    return "a gain";
  if (current.starts_with("Iw_"))
    return "the weights built on it";
  if (current == "Ispkthr")
    return "the threshold";
  if (current == "Idc")
    return "the DC input (the leak's offset and any bias)";
  if (current == "Iref")
    return "the refractory period";
  if (current.starts_with("Ipulse"))
    return "a pulse width";
  return "the neurons' dynamics";
}

NeuronCurrents NeuronCurrents::fromOp(PopulationOp op) {
  NeuronCurrents result;
  if (auto name = op.getName())
    result.name = name->str();
  result.size = op.getSize();
  for (auto [index, name] : llvm::enumerate(kCurrentNames))
  {
    llvm::ArrayRef<double> stored =
        op->getAttrOfType<mlir::DenseF64ArrayAttr>(name).asArrayRef();
    result.values[index].assign(stored.begin(), stored.end());
  }
  result.iscale = op.getIscale().convertToDouble();
  result.dt = op.getDt().convertToDouble();
  return result;
}

llvm::Expected<std::vector<double>>
NeuronCurrents::getFull(llvm::StringRef name) const {
  int index = currentIndex(name);
  if (index < 0)
    return llvm::createStringError("unknown current '" + name + "'");
  const std::vector<double> &stored = values[index];
  if (stored.size() == 1)
    return std::vector<double>(size, stored.front());
  if (stored.size() != size)
    return llvm::createStringError(
        "current '" + name + "' has " + llvm::Twine(stored.size()) +
        " values, which does not match the number of neurons (" +
        llvm::Twine(size) + ")");
  return stored;
}

llvm::Expected<std::array<std::vector<double>, kNumCurrents>>
NeuronCurrents::getFull() const {
  std::array<std::vector<double>, kNumCurrents> full;
  for (auto [index, name] : llvm::enumerate(kCurrentNames)) {
    auto expanded = getFull(name);
    if (!expanded)
      return expanded.takeError();
    full[index] = std::move(*expanded);
  }
  return full;
}

static std::string label(const NeuronCurrents &part, size_t index) {
  if (!part.name.empty())
    return "'" + part.name + "'";
  return "#" + std::to_string(index);
}

llvm::Expected<NeuronCurrents>
NeuronCurrents::merge(llvm::ArrayRef<NeuronCurrents> parts) {
  if (parts.empty())
    return llvm::createStringError("the merge list is empty");
  NeuronCurrents merged;
  merged.iscale = parts.front().iscale;
  merged.dt = parts.front().dt;
  for (auto [index, part] : llvm::enumerate(parts)) {
    if (part.iscale != merged.iscale)
      return llvm::createStringError(
          "Iscale differs between populations " + label(parts.front(), 0) +
          " (" + formatRoundTrip(merged.iscale) + ") and " + label(part, index) +
          " (" + formatRoundTrip(part.iscale) + ")");
    if (part.dt != merged.dt)
      return llvm::createStringError(
          "dt differs between populations " + label(parts.front(), 0) + " (" +
          formatRoundTrip(merged.dt) + ") and " + label(part, index) + " (" +
          formatRoundTrip(part.dt) + ")");
    auto full = part.getFull();
    if (!full)
      return full.takeError();
    for (unsigned current = 0; current < kNumCurrents; ++current)
      llvm::append_range(merged.values[current], (*full)[current]);
    merged.size += part.size;
    merged.name += "__" + part.name + "__";
  }
  return merged;
}

void NeuronCurrents::applyTo(PopulationOp op) const {
  assert(op.getSize() == size && "population size differs from the currents");
  mlir::Builder builder(op.getContext());
  for (auto [index, name] : llvm::enumerate(kCurrentNames))
    op->setAttr(name, builder.getDenseF64ArrayAttr(values[index]));
  op.setIscaleAttr(builder.getF64FloatAttr(iscale));
  op.setDtAttr(builder.getF64FloatAttr(dt));
}
