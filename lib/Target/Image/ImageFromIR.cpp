//===- ImageFromIR.cpp - an allocated network as a device image -----------===//
#include "ImageFormat.h"

#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/Dynapse/IR/Hardware.h"
#include "dynapse/Target/Image/Image.h"

using namespace mlir;
using namespace dynapse;
using namespace dynapse::image;

static Sram sramOf(SramAttr entry) {
  return {uint16_t(entry.getTag()), uint8_t(entry.getCores()),
          int8_t(entry.getXHop()), int8_t(entry.getYHop())};
}

static FailureOr<Core> coreOf(CoreOp op) {
  if (!op.getBiases() || !op.getChipAttr() || !op.getCoreAttr())
    return op.emitError("core ") << op.getIndexAttr().getInt()
                                 << " is not placed and quantised: run "
                                    "'dynapse-allocate' before --emit-image";
  Core core{uint32_t(op.getIndexAttr().getInt()), uint16_t(op.getChipAttr().getInt()),
            uint16_t(op.getCoreAttr().getInt()), {}, {}};
  for (unsigned k = 0; k < 4; ++k)
    if (auto weight = op.getCurrents().getAs<FloatAttr>(("Iw_" + llvm::Twine(k)).str()))
      core.baseWeights[k] = weight.getValueAsDouble();
  ArrayRef<llvm::StringLiteral> names = hw::se2ParameterNames();
  for (auto bias : op.getBiases()->getAsRange<BiasAttr>()) {
    uint8_t index = uint8_t(llvm::find(names, bias.getName()) - names.begin());
    core.biases.push_back({index, uint8_t(bias.getCoarse()), uint8_t(bias.getFine()),
                           uint8_t(bias.getType())});
  }
  return core;
}

static Neuron neuronOf(NeuronOp op) {
  Neuron neuron{uint16_t(op.getChipAttr().getInt()), uint8_t(op.getCoreAttr().getInt()),
                uint8_t(op.getSlotAttr().getInt()), 0, {}, {}};
  if (auto latches = op.getLatches())
    for (auto latch : latches->getAsRange<StringAttr>())
      neuron.latches |= uint16_t(
          1u << (llvm::find(hw::latchNames(), latch.getValue()) - hw::latchNames().begin()));
  for (auto entry : op.getCam().getAsRange<CamAttr>())
    neuron.cam.push_back({uint16_t(entry.getTag()), uint16_t(entry.getDendrite()),
                          uint8_t(entry.getMask()),
                          uint8_t(entry.getStp() | entry.getPreciseDelay() << 1 |
                                  entry.getMismatchedDelay() << 2)});
  for (auto entry : op.getSram().getAsRange<SramAttr>())
    neuron.sram.push_back(sramOf(entry));
  return neuron;
}

LogicalResult image::emitImage(ModuleOp module, raw_ostream &output) {
  auto networks = llvm::to_vector(module.getOps<NetworkOp>());
  if (networks.size() != 1)
    return module.emitError("--emit-image needs exactly one 'dynapse.network', found ")
           << networks.size();
  NetworkOp network = networks.front();
  Block &body = network.getBodyBlock();
  auto populations = llvm::to_vector(body.getOps<PopulationOp>());
  auto inputs = llvm::to_vector(body.getOps<InputOp>());
  if (populations.size() != 1 || inputs.size() > 1 || !network.getChips() ||
      body.getOps<NeuronOp>().empty())
    return network.emitError("the network is not allocated: run the pipeline "
                             "through 'dynapse-allocate' before --emit-image");
  PopulationOp population = populations.front();
  Image image;
  image.chips = uint16_t(*network.getChips());
  auto [columns, rows] = network.getChipGrid().value_or("2x2").split('x');
  unsigned gridColumns = 2, gridRows = 2;
  (void)columns.getAsInteger(10, gridColumns);
  (void)rows.getAsInteger(10, gridRows);
  image.gridColumns = uint8_t(gridColumns), image.gridRows = uint8_t(gridRows);
  image.iscale = population.getIscale().convertToDouble();
  image.dt = population.getDt().convertToDouble();
  if (!inputs.empty()) {
    InputOp input = inputs.front();
    image.inputs = input.getOutput().getType().getSize();
    if (!input.getDestinations())
      return input.emitError("the input has no routes: run 'dynapse-allocate'");
    for (auto routes : input.getDestinations()->getAsRange<ArrayAttr>()) {
      image.inputRoutes.emplace_back();
      for (auto entry : routes.getAsRange<SramAttr>())
        image.inputRoutes.back().push_back(sramOf(entry));
    }
    if (auto everyStep = input.getEveryStep())
      image.everyStep.assign(everyStep->begin(), everyStep->end());
  }
  auto cores = llvm::to_vector(body.getOps<CoreOp>());
  llvm::sort(cores, [](CoreOp a, CoreOp b) {
    return a.getIndexAttr().getInt() < b.getIndexAttr().getInt();
  });
  for (CoreOp op : cores) {
    auto core = coreOf(op);
    if (failed(core))
      return failure();
    image.cores.push_back(std::move(*core));
  }
  image.neurons.resize(population.getSize());
  std::vector<bool> seen(population.getSize(), false);
  for (NeuronOp op : body.getOps<NeuronOp>()) {
    auto logical = op.getLogicalAttr();
    if (!logical || logical.getInt() >= int64_t(population.getSize()) ||
        seen[logical.getInt()])
      return op.emitError("every logical neuron needs exactly one "
                          "'dynapse.neuron' with its 'logical' index");
    seen[logical.getInt()] = true;
    image.neurons[logical.getInt()] = neuronOf(op);
  }
  if (llvm::is_contained(seen, false))
    return network.emitError("some logical neurons have no physical neuron: "
                             "run 'dynapse-allocate'");
  if (auto outputs = population.getOutputNeurons())
    for (int64_t neuron : *outputs)
      image.outputs.push_back(uint32_t(neuron));
  output << encode(image);
  return success();
}
