//===- ImageToIR.cpp - a device image back to an allocated network --------===//
//
// Connectivity is read back the way the chip routes events: a source's SRAM
// entry (tag, core mask, hops) reaches, on the destination chip, every neuron
// of those cores whose CAM holds that tag. Each CAM entry must be reached by
// exactly one source. Currents come back from the bias codes; the base
// weights from the exact values stored beside them.
//
//===----------------------------------------------------------------------===//
#include "ImageFormat.h"

#include "dynapse/Dialect/Dynapse/IR/BiasGen.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/Dynapse/IR/NeuronCurrents.h"
#include "dynapse/Dialect/Dynapse/IR/Hardware.h"
#include "dynapse/Target/Image/Image.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Verifier.h"

#include <map>
#include <tuple>

using namespace mlir;
using namespace dynapse;
using namespace dynapse::image;

namespace {

struct Connectivity {
  std::vector<int8_t> inMask, recMask;
  std::vector<int16_t> inDendrite, recDendrite;
};

bool isMonitor(const Sram &entry) {
  return entry.xHop == -hw::kMaxHop && entry.yHop == -hw::kMaxHop;
}

class Decoder {
public:
  Decoder(const Image &image, MLIRContext *context, Location loc)
      : image(image), context(context), builder(context), loc(loc) {}
  OwningOpRef<ModuleOp> run();

private:
  LogicalResult route();
  LogicalResult follow(unsigned fromChip, const Sram &entry, bool fromInput,
                       int64_t source);
  DictionaryAttr coreCurrents(const Core &core);
  void build(ModuleOp module);

  const Image &image;
  MLIRContext *context;
  OpBuilder builder;
  Location loc;
  /// (chip, core, tag) -> (neuron, CAM entry index) of the neurons listening.
  std::map<std::tuple<unsigned, unsigned, unsigned>,
           std::vector<std::pair<uint32_t, unsigned>>>
      listeners;
  std::vector<std::vector<bool>> reached; // per neuron, per CAM entry
  Connectivity connectivity;
};

} // namespace

LogicalResult Decoder::follow(unsigned fromChip, const Sram &entry,
                              bool fromInput, int64_t source) {
  int x = int(fromChip % image.gridColumns) + entry.xHop;
  int y = int(fromChip / image.gridColumns) + entry.yHop;
  unsigned chip = unsigned(y * image.gridColumns + x);
  if (x < 0 || y < 0 || x >= image.gridColumns || chip >= image.chips)
    return emitError(loc) << (fromInput ? "input channel " : "neuron ") << source
                          << " routes off the board (hops " << int(entry.xHop)
                          << ", " << int(entry.yHop) << ")";
  size_t n = image.neurons.size();
  for (unsigned core = 0; core < 4; ++core) {
    if (!(entry.cores & (1u << core)))
      continue;
    auto it = listeners.find({chip, core, entry.tag});
    if (it == listeners.end())
      continue;
    for (auto [neuron, camIndex] : it->second) {
      if (reached[neuron][camIndex])
        return emitError(loc) << "tag " << entry.tag << " on chip " << chip
                              << " core " << core
                              << " is sent by two sources (neuron " << neuron
                              << " cannot tell them apart)";
      reached[neuron][camIndex] = true;
      const Cam &cam = image.neurons[neuron].cam[camIndex];
      size_t index = size_t(source) * n + neuron;
      (fromInput ? connectivity.inMask : connectivity.recMask)[index] = int8_t(cam.mask);
      (fromInput ? connectivity.inDendrite : connectivity.recDendrite)[index] =
          int16_t(cam.dendrite);
    }
  }
  return success();
}

LogicalResult Decoder::route() {
  size_t n = image.neurons.size();
  connectivity.inMask.assign(size_t(image.inputs) * n, 0);
  connectivity.inDendrite.assign(size_t(image.inputs) * n, 0);
  connectivity.recMask.assign(n * n, 0);
  connectivity.recDendrite.assign(n * n, 0);
  for (uint32_t neuron = 0; neuron < n; ++neuron) {
    const Neuron &place = image.neurons[neuron];
    reached.emplace_back(place.cam.size(), false);
    for (unsigned e = 0; e < place.cam.size(); ++e)
      if (place.cam[e].mask)
        listeners[{place.chip, place.core, place.cam[e].tag}].push_back({neuron, e});
      else
        reached.back()[e] = true; // an empty entry listens to nothing
  }
  for (uint32_t channel = 0; channel < image.inputs; ++channel)
    for (const Sram &entry : image.inputRoutes[channel])
      if (failed(follow(0, entry, true, channel)))
        return failure();
  for (uint32_t neuron = 0; neuron < n; ++neuron)
    for (const Sram &entry : image.neurons[neuron].sram)
      if (!isMonitor(entry) &&
          failed(follow(image.neurons[neuron].chip, entry, false, neuron)))
        return failure();
  for (uint32_t neuron = 0; neuron < n; ++neuron)
    for (unsigned e = 0; e < reached[neuron].size(); ++e)
      if (!reached[neuron][e])
        return emitError(loc) << "neuron " << neuron << " CAM entry " << e
                              << " (tag " << image.neurons[neuron].cam[e].tag
                              << ") is reached by no source";
  return success();
}

DictionaryAttr Decoder::coreCurrents(const Core &core) {
  NamedAttrList currents;
  auto set = [&](StringRef name, double value) {
    currents.set(name, builder.getF64FloatAttr(value));
  };
  ArrayRef<llvm::StringLiteral> names = hw::se2ParameterNames();
  for (const Bias &bias : core.biases)
    for (auto [current, parameter] : biasgen::currentToParameter()) {
      bool baseWeight = current.starts_with("Iw_") && current != "Iw_ahp";
      if (parameter == names[bias.parameter] && !baseWeight)
        set(current, biasgen::parameterCurrent(parameter, {bias.coarse, bias.fine}));
    }
  // The combined synapse currents are the AMPA ones.
  if (auto gain = currents.get("Igain_ampa"))
    currents.set("Igain_syn", gain);
  if (auto tau = currents.get("Itau_ampa"))
    currents.set("Itau_syn", tau);
  for (unsigned k = 0; k < 4; ++k)
    set(("Iw_" + llvm::Twine(k)).str(), core.baseWeights[k]);
  return currents.getDictionary(context);
}

void Decoder::build(ModuleOp module) {
  builder.setInsertionPointToEnd(module.getBody());
  auto network = builder.create<NetworkOp>(loc, "network");
  network.setChipsAttr(builder.getI64IntegerAttr(image.chips));
  network.setChipGridAttr(builder.getStringAttr(
      (llvm::Twine(unsigned(image.gridColumns)) + "x" +
       llvm::Twine(unsigned(image.gridRows))).str()));
  builder.setInsertionPointToStart(&network.getBodyBlock());
  int64_t n = int64_t(image.neurons.size());
  auto synaptic = SynapticType::get(context, n);
  auto synapses = [&](Value source, int64_t rows, ArrayRef<int8_t> masks,
                      ArrayRef<int16_t> dendrites) {
    SmallVector<int64_t> shape = {rows, n};
    return builder.create<SynapsesOp>(
        loc, synaptic, source,
        cast<DenseIntElementsAttr>(DenseElementsAttr::get(
            RankedTensorType::get(shape, builder.getIntegerType(8)), masks)),
        cast<DenseIntElementsAttr>(DenseElementsAttr::get(
            RankedTensorType::get(shape, builder.getIntegerType(16)), dendrites)));
  };
  auto sramAttr = [&](ArrayRef<Sram> entries) {
    SmallVector<Attribute> attrs;
    for (const Sram &entry : entries)
      attrs.push_back(SramAttr::get(context, entry.tag, entry.cores, entry.xHop,
                                    entry.yHop));
    return builder.getArrayAttr(attrs);
  };
  SmallVector<Value> operands;
  if (image.inputs) {
    SmallVector<Attribute> routes;
    for (const auto &entries : image.inputRoutes)
      routes.push_back(sramAttr(entries));
    std::vector<int64_t> everyStep(image.everyStep.begin(),
                                   image.everyStep.end());
    auto input = builder.create<InputOp>(
        loc, SpikesType::get(context, image.inputs), StringAttr(),
        everyStep.empty() ? DenseI64ArrayAttr()
                          : builder.getDenseI64ArrayAttr(everyStep),
        builder.getArrayAttr(routes));
    operands.push_back(synapses(input.getOutput(), image.inputs,
                                connectivity.inMask, connectivity.inDendrite));
  }
  // Logical cores by their place; the population's currents are its cores'.
  std::map<std::pair<unsigned, unsigned>, int64_t> coreAt;
  std::vector<DictionaryAttr> coreValues;
  for (const Core &core : image.cores) {
    coreAt[{core.chip, core.core}] = core.index;
    coreValues.push_back(coreCurrents(core));
  }
  std::vector<int64_t> coreMap;
  for (const Neuron &neuron : image.neurons)
    coreMap.push_back(coreAt.count({neuron.chip, neuron.core})
                          ? coreAt[{neuron.chip, neuron.core}]
                          : -1);
  OperationState state(loc, PopulationOp::getOperationName());
  state.addTypes(SpikesType::get(context, n));
  for (StringRef name : currentAttrNames()) {
    std::vector<double> values;
    for (int64_t core : coreMap) {
      auto value = core >= 0 ? coreValues[core].getAs<FloatAttr>(name) : FloatAttr();
      values.push_back(value ? value.getValueAsDouble() : 0.0);
    }
    if (!values.empty() && llvm::all_equal(values))
      values.resize(1);
    state.addAttribute(name, builder.getDenseF64ArrayAttr(values));
  }
  state.addAttribute("Iscale", builder.getF64FloatAttr(image.iscale));
  state.addAttribute("dt", builder.getF64FloatAttr(image.dt));
  std::vector<int64_t> outputs(image.outputs.begin(), image.outputs.end());
  llvm::sort(outputs);
  if (!outputs.empty())
    state.addAttribute("output_neurons", builder.getDenseI64ArrayAttr(outputs));
  state.addAttribute("core_map", builder.getDenseI64ArrayAttr(coreMap));
  auto population = cast<PopulationOp>(builder.create(state));
  if (llvm::any_of(connectivity.recMask, [](int8_t m) { return m != 0; })) {
    builder.setInsertionPoint(population);
    operands.push_back(synapses(population.getOutput(), n, connectivity.recMask,
                                connectivity.recDendrite));
  }
  population->setOperands(operands);

  builder.setInsertionPointToEnd(&network.getBodyBlock());
  ArrayRef<llvm::StringLiteral> names = hw::se2ParameterNames();
  for (auto [index, core] : llvm::enumerate(image.cores)) {
    SmallVector<Attribute> biases;
    for (const Bias &bias : core.biases)
      biases.push_back(BiasAttr::get(context, names[bias.parameter], bias.coarse,
                                     bias.fine, TransistorType(bias.type)));
    builder.create<CoreOp>(loc, builder.getI64IntegerAttr(core.index),
                           coreValues[index], builder.getArrayAttr(biases),
                           builder.getI64IntegerAttr(core.chip),
                           builder.getI64IntegerAttr(core.core));
  }
  for (auto [logical, neuron] : llvm::enumerate(image.neurons)) {
    SmallVector<Attribute> cam, latches;
    for (const Cam &entry : neuron.cam)
      cam.push_back(CamAttr::get(context, entry.tag, Dendrite(entry.dendrite),
                                 entry.mask, entry.flags & 1, entry.flags & 2,
                                 entry.flags & 4));
    for (unsigned bit = 0; bit < hw::latchNames().size(); ++bit)
      if (neuron.latches & (1u << bit))
        latches.push_back(builder.getStringAttr(hw::latchNames()[bit]));
    builder.create<NeuronOp>(
        loc, builder.getI64IntegerAttr(neuron.chip),
        builder.getI64IntegerAttr(neuron.core), builder.getI64IntegerAttr(neuron.slot),
        builder.getI64IntegerAttr(int64_t(logical)), builder.getArrayAttr(cam),
        sramAttr(neuron.sram),
        latches.empty() ? ArrayAttr() : builder.getArrayAttr(latches));
  }
}

OwningOpRef<ModuleOp> Decoder::run() {
  for (auto [logical, neuron] : llvm::enumerate(image.neurons))
    if (!llvm::any_of(image.cores, [&, &neuron = neuron](const Core &core) {
          return core.chip == neuron.chip && core.core == neuron.core;
        })) {
      emitError(loc) << "neuron " << logical << " sits on chip " << neuron.chip
                     << " core " << unsigned(neuron.core)
                     << ", where the image places no core";
      return nullptr;
    }
  if (failed(route()))
    return nullptr;
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  build(*module);
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp> image::importImage(StringRef bytes, StringRef fileName,
                                         MLIRContext *context) {
  context->getOrLoadDialect<DynapseDialect>();
  Location loc = FileLineColLoc::get(context, fileName, 0, 0);
  auto image = decode(bytes);
  if (!image) {
    emitError(loc) << llvm::toString(image.takeError());
    return nullptr;
  }
  return Decoder(*image, context, loc).run();
}
