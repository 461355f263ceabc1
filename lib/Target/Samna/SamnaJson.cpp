//===- SamnaJson.cpp - samna's Dynapse2Configuration as JSON --------------===//
//
// The JSON samna's cereal archives read (spec 6.4-6.5): a "value0" wrapper,
// camelCase keys in declaration order, lists of plain values and of objects
// as {"value0": ..., "value1": ...}, parameter maps as key/value lists, the
// parameter type as the code point of 'N' or 'P', dendrites as integers.
// Keys are written in order with json::OStream (json::Object would sort them).
//
//===----------------------------------------------------------------------===//
#include "dynapse/Target/Samna/Samna.h"

#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/Dynapse/IR/Hardware.h"

#include "llvm/Support/JSON.h"

#include <map>

using namespace mlir;
using namespace dynapse;
using llvm::json::OStream;

namespace {

/// A list of plain values or objects as {"value0": ..., ...}.
template <typename Each>
void indexed(OStream &json, size_t count, Each each) {
  json.object([&] {
    for (size_t i = 0; i < count; ++i)
      json.attributeBegin(("value" + llvm::Twine(i)).str()), each(i),
          json.attributeEnd();
  });
}

void bools(OStream &json, unsigned bits, unsigned count) {
  indexed(json, count, [&](size_t i) { json.value(bool((bits >> i) & 1)); });
}

void destination(OStream &json, const SramAttr *entry) {
  json.object([&] {
    json.attributeBegin("core");
    bools(json, entry ? entry->getCores() : 0, 4);
    json.attributeEnd();
    json.attribute("xHop", entry ? entry->getXHop() : 0);
    json.attribute("yHop", entry ? entry->getYHop() : 0);
    json.attribute("tag", entry ? int64_t(entry->getTag()) : 0);
  });
}

void synapse(OStream &json, const CamAttr *entry) {
  json.object([&] {
    json.attribute("dendrite", entry ? int64_t(entry->getDendrite()) : 0);
    json.attribute("stp", entry ? entry->getStp() : false);
    json.attributeBegin("weight");
    bools(json, entry ? entry->getMask() : 0, 4);
    json.attributeEnd();
    json.attribute("preciseDelay", entry ? entry->getPreciseDelay() : false);
    json.attribute("mismatchedDelay", entry ? entry->getMismatchedDelay() : false);
    json.attribute("tag", entry ? int64_t(entry->getTag()) : 0);
  });
}

/// samna's camelCase of a latch name: latch_so_dc -> latchSoDc.
std::string camelCase(StringRef name) {
  std::string result;
  bool upper = false;
  for (char c : name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    result += upper ? char(toupper(c)) : c;
    upper = false;
  }
  return result;
}

/// Title-cases every word (the SadcEnables exception): soif_mem -> SoifMem.
std::string titleCase(StringRef name) {
  std::string result = camelCase(name);
  if (!result.empty())
    result[0] = char(toupper(result[0]));
  return result;
}

void neuron(OStream &json, NeuronOp op) {
  json.object([&] {
    json.attributeBegin("synapses");
    SmallVector<CamAttr> cam;
    if (op)
      cam = llvm::to_vector(op.getCam().getAsRange<CamAttr>());
    indexed(json, hw::kCamEntriesPerNeuron, [&](size_t i) {
      synapse(json, i < cam.size() ? &cam[i] : nullptr);
    });
    json.attributeEnd();
    json.attributeBegin("destinations");
    SmallVector<SramAttr> sram;
    if (op)
      sram = llvm::to_vector(op.getSram().getAsRange<SramAttr>());
    indexed(json, hw::kSramEntriesPerNeuron, [&](size_t i) {
      destination(json, i < sram.size() ? &sram[i] : nullptr);
    });
    json.attributeEnd();
    for (StringRef latch : hw::latchNames()) {
      bool set = op && op.getLatches() &&
                 llvm::is_contained(op.getLatches()->getAsValueRange<StringAttr>(), latch);
      json.attribute(camelCase(latch), set);
    }
  });
}

void parameterMap(OStream &json, CoreOp core) {
  json.array([&] {
    if (!core || !core.getBiases())
      return;
    for (auto bias : core.getBiases()->getAsRange<BiasAttr>())
      json.object([&] {
        json.attribute("key", bias.getName());
        json.attributeBegin("value");
        json.object([&] {
          char type = bias.getType() == TransistorType::N ? 'N' : 'P';
          json.attribute("type", int64_t(type));
          json.attribute("coarseValue", int64_t(bias.getCoarse()));
          json.attribute("fineValue", int64_t(bias.getFine()));
          json.attribute("_address", 0);
          json.attribute("_cookie", 0);
          json.attribute("_initialType", std::string(1, type));
          json.attribute("_switchableType", false);
        });
        json.attributeEnd();
      });
  });
}

const char *kCoreSadc[] = {"soif_mem",  "soif_refectory", "soad_dpi",   "soca_dpi",
                           "deam_edpi", "deam_idpi",      "denm_edpi",  "denm_idpi",
                           "dega_idpi", "desc_idpi",      "sy_w42",     "sy_w21",
                           "soho_sogain", "soho_degain"};
const char *kChipSadc[] = {"nccf_extin_vi_group0_pg0", "nccf_extin_vi_group0_pg1",
                           "nccf_extin_vi_group2_pg0", "nccf_extin_vi_group2_pg1",
                           "nccf_cal_refbias_v_group1_pg0", "nccf_cal_refbias_v_group1_pg1",
                           "nccf_cal_refbias_v_group2_pg0", "nccf_cal_refbias_v_group2_pg1"};

using NeuronMap = std::map<std::tuple<int64_t, int64_t, int64_t>, NeuronOp>;

void core(OStream &json, int64_t chip, int64_t index, CoreOp op,
          const NeuronMap &neurons) {
  json.object([&] {
    json.attributeBegin("neurons");
    indexed(json, hw::kNeuronsPerCore, [&](size_t slot) {
      auto it = neurons.find({chip, index, int64_t(slot)});
      neuron(json, it == neurons.end() ? NeuronOp() : it->second);
    });
    json.attributeEnd();
    json.attribute("neuronMonitoringOn", false);
    json.attribute("monitoredNeuron", 0);
    json.attributeBegin("parameters");
    parameterMap(json, op);
    json.attributeEnd();
    json.attributeObject("sadcEnables", [&] {
      for (const char *name : kCoreSadc)
        json.attribute(titleCase(name), false);
    });
    json.attribute("enableSyawStdbufAn", false);
    json.attribute("enablePulseExtenderMonitor1", false);
    json.attribute("enablePulseExtenderMonitor2", false);
    json.attribute("_id", index);
    json.attribute("_cookie", 0);
  });
}

void vec2(OStream &json, StringRef name) {
  json.attributeObject(name, [&] {
    json.attribute("x", 0);
    json.attribute("y", 0);
  });
}

void chip(OStream &json, int64_t id, const std::map<std::pair<int64_t, int64_t>, CoreOp> &cores,
          const NeuronMap &neurons) {
  json.object([&] {
    json.attributeBegin("cores");
    indexed(json, hw::kCoresPerChip, [&](size_t index) {
      auto it = cores.find({id, int64_t(index)});
      core(json, id, int64_t(index), it == cores.end() ? CoreOp() : it->second, neurons);
    });
    json.attributeEnd();
    for (const char *name : {"globalParameters", "sharedParameters01", "sharedParameters23"})
      json.attributeArray(name, [] {});
    for (const char *name : {"sadcGroupParameters01", "sadcGroupParameters23"})
      json.attributeObject(name, [] {});
    json.attributeObject("sadcEnables", [&] {
      for (const char *name : kChipSadc)
        json.attribute(titleCase(name), false);
    });
    json.attributeObject("dvsIf", [&] {
      json.attribute("dropEvents", false);
      json.attribute("dvsMode", 0);
      json.attribute("offEvents", false);
      json.attribute("onEvents", false);
      vec2(json, "poolingShift");
      json.attribute("copyEvents", false);
      vec2(json, "copyHop");
      json.attribute("davisReqAckBugfixDelay_ns", 0);
      vec2(json, "origin");
      vec2(json, "max");
      json.attributeObject("pixelDestinations", [] {});
      json.attributeArray("filter", [] {});
    });
    json.attributeObject("bioamps", [&] {
      json.attributeArray("commonParameters", [] {});
      json.attributeObject("channelParameters", [] {});
      json.attribute("paramGen2Powerdown", false);
      json.attribute("gain", 0);
      json.attribute("separateParameters", false);
      for (const char *name : {"monitorChannelThuc", "monitorChannelThdc",
                               "monitorChannelQfruc", "monitorChannelOruc",
                               "monitorChannelOsuc", "monitorChannelOauc"})
        json.attribute(name, false);
      json.attributeObject("route", [] {});
    });
    for (const char *name : {"enablePg0ReferenceMonitor", "enablePg1ReferenceMonitor",
                             "paramGen0Powerdown", "paramGen1Powerdown"})
      json.attribute(name, false);
  });
}

} // namespace

LogicalResult samna::emitConfiguration(ModuleOp module, raw_ostream &output,
                                       raw_ostream *channels) {
  auto networks = llvm::to_vector(module.getOps<NetworkOp>());
  if (networks.size() != 1)
    return module.emitError("--emit-samna-json needs exactly one "
                            "'dynapse.network', found ")
           << networks.size();
  NetworkOp network = networks.front();
  Block &body = network.getBodyBlock();
  if (!network.getChips() || body.getOps<NeuronOp>().empty())
    return network.emitError("the network is not allocated: run the pipeline "
                             "through 'dynapse-allocate' before --emit-samna-json");
  std::map<std::pair<int64_t, int64_t>, CoreOp> cores;
  for (CoreOp op : body.getOps<CoreOp>())
    if (op.getChipAttr() && op.getCoreAttr())
      cores[{op.getChipAttr().getInt(), op.getCoreAttr().getInt()}] = op;
  NeuronMap neurons;
  for (NeuronOp op : body.getOps<NeuronOp>())
    neurons[{op.getChipAttr().getInt(), op.getCoreAttr().getInt(),
             op.getSlotAttr().getInt()}] = op;

  OStream json(output);
  json.object([&] {
    json.attributeObject("value0", [&] {
      json.attributeArray("chips", [&] {
        for (int64_t id = 0; id < int64_t(*network.getChips()); ++id)
          chip(json, id, cores, neurons);
      });
    });
  });
  output << "\n";
  if (!channels)
    return success();
  OStream map(*channels, 2);
  map.object([&] {
    unsigned channel = 0;
    std::vector<unsigned> everyStep;
    for (InputOp input : body.getOps<InputOp>()) {
      std::optional<ArrayAttr> destinations = input.getDestinations();
      if (!destinations)
        continue;
      if (auto driven = input.getEveryStep())
        for (int64_t k : *driven)
          everyStep.push_back(channel + unsigned(k));
      for (auto routes : destinations->getAsRange<ArrayAttr>())
        map.attributeArray(std::to_string(channel++), [&] {
          for (auto entry : routes.getAsRange<SramAttr>())
            destination(map, &entry);
        });
    }
    // The bias source: the host sends these channels' events every step.
    if (!everyStep.empty())
      map.attributeArray("every_step", [&] {
        for (unsigned k : everyStep)
          map.value(k);
      });
  });
  *channels << "\n";
  return success();
}
