//===- ImageFormat.h - the layout of a .dse2 image ---------------*- C++ -*-===//
//
// docs/image-format.md describes the layout; this is its in-memory form and
// the little-endian byte codec both directions share.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_LIB_TARGET_IMAGE_IMAGEFORMAT_H
#define DYNAPSE_LIB_TARGET_IMAGE_IMAGEFORMAT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace dynapse::image {

inline constexpr char kMagic[8] = {'D', 'Y', 'N', 'A', 'P', 'S', 'E', '2'};
constexpr size_t kHeaderSize = 32;
constexpr size_t kSectionEntrySize = 24;
constexpr size_t kCamEntries = 64, kSramEntries = 4;

enum class SectionId : uint32_t {
  Network = 1,
  Cores = 2,
  Neurons = 3,
  Inputs = 4,
  Outputs = 5,
  EveryStep = 6, // format 1.1: the input channels driven every time step
};
llvm::StringRef sectionName(uint32_t id);

struct Cam {
  uint16_t tag = 0, dendrite = 0;
  uint8_t mask = 0, flags = 0; // flags: 1 stp, 2 precise delay, 4 mismatched delay
};
struct Sram {
  uint16_t tag = 0;
  uint8_t cores = 0;
  int8_t xHop = 0, yHop = 0;
};
struct Bias {
  uint8_t parameter; // index into hw::se2ParameterNames()
  uint8_t coarse, fine, type;
};
struct Core {
  uint32_t index;
  uint16_t chip, core;
  std::array<double, 4> baseWeights;
  std::vector<Bias> biases;
};
struct Neuron {
  uint16_t chip;
  uint8_t core, slot;
  uint16_t latches; // bit i: hw::latchNames()[i]
  std::vector<Cam> cam;   // used entries (<= 64; written padded to 64)
  std::vector<Sram> sram; // used entries (<= 4; written padded to 4)
};

/// The whole image, as the writer builds it and the reader returns it.
struct Image {
  uint16_t major = 1, minor = 1;
  uint16_t chips = 4;
  uint8_t gridColumns = 2, gridRows = 2;
  uint32_t inputs = 0;
  double iscale = 0, dt = 0;
  std::vector<Core> cores;
  std::vector<Neuron> neurons; // logical order
  std::vector<std::vector<Sram>> inputRoutes;
  std::vector<uint32_t> outputs;
  std::vector<uint32_t> everyStep; // ascending channels; written from 1.1
};

/// Serialises `image` (deterministically).
std::string encode(const Image &image);

/// Parses and checks an image: magic, version, section table, CRC32 of every
/// section, sizes and the range of every field.
llvm::Expected<Image> decode(llvm::StringRef bytes);

} // namespace dynapse::image

#endif // DYNAPSE_LIB_TARGET_IMAGE_IMAGEFORMAT_H
