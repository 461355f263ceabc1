//===- ImageCodec.cpp - bytes of a .dse2 image ----------------------------===//
#include "ImageFormat.h"

#include "dynapse/Dialect/Dynapse/IR/Hardware.h"

#include "llvm/ADT/Twine.h"
#include "dynapse/Target/Image/Image.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CRC.h"

#include <cmath>
#include <map>

using namespace dynapse;
using namespace dynapse::image;
using llvm::createStringError;
using llvm::Twine;

llvm::StringRef image::sectionName(uint32_t id) {
  switch (SectionId(id)) {
  case SectionId::Network:
    return "network";
  case SectionId::Cores:
    return "cores";
  case SectionId::Neurons:
    return "neurons";
  case SectionId::Inputs:
    return "inputs";
  case SectionId::Outputs:
    return "outputs";
  case SectionId::EveryStep:
    return "every-step";
  }
  return "unknown";
}

namespace {

class Writer {
public:
  template <typename T> void put(T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T)); // little-endian hosts only
    data.append(bytes, sizeof(T));
  }
  std::string data;
};

class Reader {
public:
  Reader(llvm::StringRef bytes, llvm::StringRef what) : bytes(bytes), what(what) {}
  template <typename T> llvm::Expected<T> get() {
    if (position + sizeof(T) > bytes.size())
      return createStringError("truncated " + what + " section: needs more "
                               "than its " + Twine(bytes.size()) + " bytes");
    T value;
    std::memcpy(&value, bytes.data() + position, sizeof(T));
    position += sizeof(T);
    return value;
  }
  bool atEnd() const { return position == bytes.size(); }

private:
  llvm::StringRef bytes;
  std::string what;
  size_t position = 0;
};

void putSram(Writer &out, const Sram &entry) {
  out.put<uint16_t>(entry.tag);
  out.put<uint8_t>(entry.cores);
  out.put<int8_t>(entry.xHop);
  out.put<int8_t>(entry.yHop);
  out.put<uint8_t>(0);
  out.put<uint16_t>(0);
}

std::string networkSection(const Image &image) {
  Writer out;
  out.put<uint32_t>(uint32_t(image.neurons.size()));
  out.put<uint32_t>(image.inputs);
  out.put<uint32_t>(uint32_t(image.cores.size()));
  out.put<uint32_t>(uint32_t(image.outputs.size()));
  out.put<double>(image.iscale);
  out.put<double>(image.dt);
  return out.data;
}

std::string coresSection(const Image &image) {
  Writer out;
  for (const Core &core : image.cores) {
    out.put<uint32_t>(core.index);
    out.put<uint16_t>(core.chip);
    out.put<uint16_t>(core.core);
    for (double weight : core.baseWeights)
      out.put<double>(weight);
    out.put<uint16_t>(uint16_t(core.biases.size()));
    for (const Bias &bias : core.biases) {
      out.put<uint8_t>(bias.parameter);
      out.put<uint8_t>(bias.coarse);
      out.put<uint8_t>(bias.fine);
      out.put<uint8_t>(bias.type);
    }
  }
  return out.data;
}

std::string neuronsSection(const Image &image) {
  Writer out;
  for (const Neuron &neuron : image.neurons) {
    out.put<uint16_t>(neuron.chip);
    out.put<uint8_t>(neuron.core);
    out.put<uint8_t>(neuron.slot);
    out.put<uint16_t>(neuron.latches);
    out.put<uint8_t>(uint8_t(neuron.cam.size()));
    out.put<uint8_t>(uint8_t(neuron.sram.size()));
    for (size_t i = 0; i < kCamEntries; ++i) {
      Cam entry = i < neuron.cam.size() ? neuron.cam[i] : Cam();
      out.put<uint16_t>(entry.tag);
      out.put<uint16_t>(entry.dendrite);
      out.put<uint8_t>(entry.mask);
      out.put<uint8_t>(entry.flags);
      out.put<uint16_t>(0);
    }
    for (size_t i = 0; i < kSramEntries; ++i)
      putSram(out, i < neuron.sram.size() ? neuron.sram[i] : Sram());
  }
  return out.data;
}

std::string inputsSection(const Image &image) {
  Writer out;
  for (const auto &routes : image.inputRoutes) {
    out.put<uint8_t>(uint8_t(routes.size()));
    for (const Sram &entry : routes)
      putSram(out, entry);
  }
  return out.data;
}

std::string outputsSection(const Image &image) {
  Writer out;
  for (uint32_t neuron : image.outputs)
    out.put<uint32_t>(neuron);
  return out.data;
}

std::string everyStepSection(const Image &image) {
  Writer out;
  for (uint32_t channel : image.everyStep)
    out.put<uint32_t>(channel);
  return out.data;
}

} // namespace

std::string image::encode(const Image &image) {
  std::vector<std::pair<SectionId, std::string>> sections = {
      {SectionId::Network, networkSection(image)},
      {SectionId::Cores, coresSection(image)},
      {SectionId::Neurons, neuronsSection(image)},
      {SectionId::Inputs, inputsSection(image)},
      {SectionId::Outputs, outputsSection(image)}};
  // Only images with a bias source carry it (absent: no such channel).
  if (!image.everyStep.empty())
    sections.push_back({SectionId::EveryStep, everyStepSection(image)});
  Writer out;
  out.data.append(kMagic, 8);
  out.put<uint16_t>(image.major);
  out.put<uint16_t>(image.minor);
  out.put<uint16_t>(image.chips);
  out.put<uint8_t>(image.gridColumns);
  out.put<uint8_t>(image.gridRows);
  out.put<uint32_t>(uint32_t(sections.size()));
  out.data.resize(kHeaderSize, '\0');
  uint64_t offset = kHeaderSize + sections.size() * kSectionEntrySize;
  for (const auto &[id, bytes] : sections) {
    out.put<uint32_t>(uint32_t(id));
    out.put<uint32_t>(llvm::crc32(llvm::arrayRefFromStringRef(bytes)));
    out.put<uint64_t>(offset);
    out.put<uint64_t>(bytes.size());
    offset += bytes.size();
  }
  for (const auto &section : sections)
    out.data += section.second;
  return out.data;
}

//===----------------------------------------------------------------------===//
// Decoding
//===----------------------------------------------------------------------===//

namespace {

#define READ(var, type, reader)                                                \
  auto var##OrError = (reader).get<type>();                                     \
  if (!var##OrError)                                                           \
    return var##OrError.takeError();                                           \
  type var = *var##OrError;

llvm::Error range(bool ok, const Twine &message) {
  return ok ? llvm::Error::success()
            : createStringError("field out of range: " + message);
}

llvm::Expected<Sram> readSram(Reader &in, const Twine &where) {
  READ(tag, uint16_t, in);
  READ(cores, uint8_t, in);
  READ(xHop, int8_t, in);
  READ(yHop, int8_t, in);
  READ(pad, uint8_t, in);
  READ(pad2, uint16_t, in);
  (void)pad, (void)pad2;
  if (llvm::Error error = range(tag < hw::kNumTags && cores < 16 &&
                                    std::abs(xHop) <= hw::kMaxHop &&
                                    std::abs(yHop) <= hw::kMaxHop,
                                where + " SRAM entry (tag " + Twine(tag) +
                                    ", cores " + Twine(cores) + ", hops " +
                                    Twine(int(xHop)) + ", " + Twine(int(yHop)) + ")"))
    return std::move(error);
  return Sram{tag, cores, xHop, yHop};
}

llvm::Error readNetwork(Reader in, Image &image, uint32_t &neurons,
                        uint32_t &cores, uint32_t &outputs) {
  READ(n, uint32_t, in);
  READ(inputs, uint32_t, in);
  READ(c, uint32_t, in);
  READ(o, uint32_t, in);
  READ(iscale, double, in);
  READ(dt, double, in);
  neurons = n, cores = c, outputs = o;
  image.inputs = inputs;
  image.iscale = iscale;
  image.dt = dt;
  uint32_t capacity = uint32_t(image.chips) * 4 * 256;
  if (llvm::Error error = range(neurons <= capacity && cores <= image.chips * 4u &&
                                    outputs <= neurons && inputs <= (1u << 24),
                                "network counts (" + Twine(neurons) +
                                    " neurons, " + Twine(cores) + " cores, " +
                                    Twine(outputs) + " outputs, " +
                                    Twine(inputs) + " inputs)"))
    return error;
  return range(std::isfinite(iscale) && iscale > 0 && std::isfinite(dt) && dt > 0,
               "Iscale and dt must be positive");
}

llvm::Error readCores(Reader in, uint32_t count, Image &image) {
  for (uint32_t i = 0; i < count; ++i) {
    Core core;
    READ(index, uint32_t, in);
    READ(chip, uint16_t, in);
    READ(slot, uint16_t, in);
    core.index = index, core.chip = chip, core.core = slot;
    for (double &weight : core.baseWeights) {
      READ(value, double, in);
      weight = value;
      if (llvm::Error error = range(std::isfinite(value) && value >= 0,
                                    "core " + Twine(index) + " base weight"))
        return error;
    }
    READ(biases, uint16_t, in);
    if (llvm::Error error =
            range(index == i && chip < image.chips && slot < 4 && biases <= 64,
                  "core " + Twine(i) + " (index " + Twine(index) + ", chip " +
                      Twine(chip) + ", core " + Twine(slot) + ")"))
      return error;
    for (uint16_t b = 0; b < biases; ++b) {
      READ(parameter, uint8_t, in);
      READ(coarse, uint8_t, in);
      READ(fine, uint8_t, in);
      READ(type, uint8_t, in);
      if (llvm::Error error = range(
              parameter < hw::se2ParameterNames().size() && coarse <= 5 && type <= 1,
              "core " + Twine(index) + " bias " + Twine(b) + " (parameter " +
                  Twine(parameter) + ", coarse " + Twine(coarse) + ", type " +
                  Twine(type) + ")"))
        return error;
      core.biases.push_back({parameter, coarse, fine, type});
    }
    image.cores.push_back(std::move(core));
  }
  return range(in.atEnd(), "the cores section is longer than its cores");
}

bool validDendrite(uint16_t code) {
  return code == 0 || code == 128 || code == 256 || code == 512 || code == 1024;
}

llvm::Error readNeurons(Reader in, uint32_t count, Image &image) {
  for (uint32_t i = 0; i < count; ++i) {
    Neuron neuron;
    READ(chip, uint16_t, in);
    READ(core, uint8_t, in);
    READ(slot, uint8_t, in);
    READ(latches, uint16_t, in);
    READ(camCount, uint8_t, in);
    READ(sramCount, uint8_t, in);
    std::string where = ("neuron " + Twine(i)).str();
    if (llvm::Error error =
            range(chip < image.chips && core < 4 && camCount <= kCamEntries &&
                      sramCount <= kSramEntries && latches < (1u << 14),
                  where + " (chip " + Twine(chip) + ", core " + Twine(core) +
                      ", " + Twine(camCount) + " CAM and " + Twine(sramCount) +
                      " SRAM entries)"))
      return error;
    neuron.chip = chip, neuron.core = core, neuron.slot = slot;
    neuron.latches = latches;
    for (size_t e = 0; e < kCamEntries; ++e) {
      READ(tag, uint16_t, in);
      READ(dendrite, uint16_t, in);
      READ(mask, uint8_t, in);
      READ(flags, uint8_t, in);
      READ(pad, uint16_t, in);
      (void)pad;
      if (e >= camCount)
        continue;
      if (llvm::Error error = range(tag < hw::kNumTags && validDendrite(dendrite) &&
                                        mask < 16 && flags < 8,
                                    where + " CAM entry " + Twine(e)))
        return error;
      neuron.cam.push_back({tag, dendrite, mask, flags});
    }
    for (size_t e = 0; e < kSramEntries; ++e) {
      auto entry = readSram(in, where);
      if (!entry)
        return entry.takeError();
      if (e < sramCount)
        neuron.sram.push_back(*entry);
    }
    image.neurons.push_back(std::move(neuron));
  }
  return range(in.atEnd(), "the neurons section is longer than its neurons");
}

llvm::Error readInputs(Reader in, Image &image) {
  for (uint32_t channel = 0; channel < image.inputs; ++channel) {
    READ(count, uint8_t, in);
    std::vector<Sram> routes;
    for (uint8_t e = 0; e < count; ++e) {
      auto entry = readSram(in, "input channel " + Twine(channel));
      if (!entry)
        return entry.takeError();
      routes.push_back(*entry);
    }
    image.inputRoutes.push_back(std::move(routes));
  }
  return range(in.atEnd(), "the inputs section is longer than its channels");
}

llvm::Error readOutputs(Reader in, uint32_t count, Image &image) {
  for (uint32_t i = 0; i < count; ++i) {
    READ(neuron, uint32_t, in);
    if (llvm::Error error = range(neuron < image.neurons.size(),
                                  "output " + Twine(i) + " names neuron " +
                                      Twine(neuron)))
      return error;
    image.outputs.push_back(neuron);
  }
  return range(in.atEnd(), "the outputs section is longer than its outputs");
}

llvm::Error readEveryStep(Reader in, Image &image) {
  while (!in.atEnd()) {
    READ(channel, uint32_t, in);
    bool ascending = image.everyStep.empty() || channel > image.everyStep.back();
    if (llvm::Error error = range(ascending && channel < image.inputs,
                                  "every-step channel " + Twine(channel) +
                                      " (ascending, below the " +
                                      Twine(image.inputs) + " inputs)"))
      return error;
    image.everyStep.push_back(channel);
  }
  return llvm::Error::success();
}

} // namespace

llvm::Expected<Image> image::decode(llvm::StringRef bytes) {
  if (bytes.size() < 8 || std::memcmp(bytes.data(), kMagic, 8) != 0)
    return createStringError("not a DYNAP-SE2 image (bad magic)");
  if (bytes.size() < kHeaderSize)
    return createStringError("truncated image: the header needs 32 bytes");
  Image image;
  Reader header(bytes.substr(8, kHeaderSize - 8), "header");
  READ(major, uint16_t, header);
  READ(minor, uint16_t, header);
  READ(chips, uint16_t, header);
  READ(columns, uint8_t, header);
  READ(rows, uint8_t, header);
  READ(sectionCount, uint32_t, header);
  if (major != kMajorVersion)
    return createStringError("image format version " + Twine(major) + "." +
                             Twine(minor) + " is not supported (this reader "
                             "reads " + Twine(kMajorVersion) + ".x)");
  image.major = major, image.minor = minor;
  image.chips = chips, image.gridColumns = columns, image.gridRows = rows;
  if (chips == 0 || chips > 64 || columns == 0 || rows == 0 ||
      chips > unsigned(columns) * rows || sectionCount > 64)
    return createStringError("field out of range: board of " + Twine(chips) +
                             " chips on a " + Twine(columns) + "x" + Twine(rows) +
                             " grid, " + Twine(sectionCount) + " sections");
  size_t tableEnd = kHeaderSize + size_t(sectionCount) * kSectionEntrySize;
  if (bytes.size() < tableEnd)
    return createStringError("truncated image: the section table needs " +
                             Twine(tableEnd) + " bytes");
  std::map<uint32_t, llvm::StringRef> sections;
  Reader table(bytes.substr(kHeaderSize, tableEnd - kHeaderSize), "table");
  for (uint32_t s = 0; s < sectionCount; ++s) {
    READ(id, uint32_t, table);
    READ(crc, uint32_t, table);
    READ(offset, uint64_t, table);
    READ(length, uint64_t, table);
    if (offset > bytes.size() || length > bytes.size() - offset)
      return createStringError("truncated image: section '" + sectionName(id) +
                               "' needs bytes " + Twine(offset) + ".." +
                               Twine(offset + length) + " of " +
                               Twine(bytes.size()));
    llvm::StringRef data = bytes.substr(offset, length);
    if (llvm::crc32(llvm::arrayRefFromStringRef(data)) != crc)
      return createStringError("section '" + sectionName(id) +
                               "' is corrupt (CRC32 mismatch)");
    sections[id] = data; // unknown sections (a newer minor version) are skipped
  }
  for (SectionId id : {SectionId::Network, SectionId::Cores, SectionId::Neurons,
                       SectionId::Inputs, SectionId::Outputs})
    if (!sections.count(uint32_t(id)))
      return createStringError("the image has no '" +
                               sectionName(uint32_t(id)) + "' section");
  uint32_t neurons = 0, cores = 0, outputs = 0;
  if (llvm::Error error =
          readNetwork(Reader(sections[uint32_t(SectionId::Network)], "network"),
                      image, neurons, cores, outputs))
    return std::move(error);
  if (llvm::Error error = readCores(
          Reader(sections[uint32_t(SectionId::Cores)], "cores"), cores, image))
    return std::move(error);
  if (llvm::Error error = readNeurons(
          Reader(sections[uint32_t(SectionId::Neurons)], "neurons"), neurons, image))
    return std::move(error);
  if (llvm::Error error =
          readInputs(Reader(sections[uint32_t(SectionId::Inputs)], "inputs"), image))
    return std::move(error);
  if (llvm::Error error = readOutputs(
          Reader(sections[uint32_t(SectionId::Outputs)], "outputs"), outputs, image))
    return std::move(error);
  if (auto found = sections.find(uint32_t(SectionId::EveryStep));
      found != sections.end())
    if (llvm::Error error = readEveryStep(Reader(found->second, "every-step"), image))
      return std::move(error);
  return image;
}
