//===- ImageDump.cpp - a readable listing of a device image ---------------===//
#include "ImageFormat.h"

#include "dynapse/Dialect/Dynapse/IR/BiasGen.h"
#include "dynapse/Dialect/Dynapse/IR/Hardware.h"
#include "dynapse/Target/Image/Image.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "llvm/Support/Format.h"

using namespace mlir;
using namespace dynapse;
using namespace dynapse::image;

static void printSram(raw_ostream &out, const Sram &entry) {
  out << "tag " << entry.tag << " cores ";
  for (unsigned core = 0; core < 4; ++core)
    out << ((entry.cores >> core) & 1);
  out << " hops (" << int(entry.xHop) << ", " << int(entry.yHop) << ")";
}

LogicalResult image::dumpImage(StringRef bytes, StringRef fileName,
                               MLIRContext *context, raw_ostream &out) {
  auto image = decode(bytes);
  if (!image) {
    emitError(FileLineColLoc::get(context, fileName, 0, 0))
        << llvm::toString(image.takeError());
    return failure();
  }
  out << "DYNAP-SE2 image, format " << image->major << "." << image->minor
      << "\nboard: " << image->chips << " chips on a "
      << unsigned(image->gridColumns) << "x" << unsigned(image->gridRows)
      << " grid\nnetwork: " << image->neurons.size() << " neurons, "
      << image->inputs << " input channels, " << image->cores.size()
      << " cores, " << image->outputs.size() << " outputs; Iscale "
      << llvm::format("%g", image->iscale) << " A, dt "
      << llvm::format("%g", image->dt) << " s\n";
  for (const Core &core : image->cores) {
    out << "\ncore " << core.index << " at chip " << core.chip << " core "
        << core.core << "; Iw = " << llvm::format("%g, %g, %g, %g", core.baseWeights[0],
                                                 core.baseWeights[1], core.baseWeights[2],
                                                 core.baseWeights[3])
        << " A\n";
    for (const Bias &bias : core.biases) {
      StringRef name = hw::se2ParameterNames()[bias.parameter];
      out << "  " << llvm::left_justify(name, 14) << " coarse " << unsigned(bias.coarse)
          << " fine " << llvm::format("%3u", unsigned(bias.fine)) << " "
          << (bias.type ? 'N' : 'P') << "  "
          << llvm::format("%.4g A", biasgen::parameterCurrent(name, {bias.coarse, bias.fine}))
          << "\n";
    }
  }
  for (auto [channel, routes] : llvm::enumerate(image->inputRoutes)) {
    out << (channel == 0 ? "\n" : "") << "input " << channel;
    if (llvm::is_contained(image->everyStep, uint32_t(channel)))
      out << " (every step)";
    out << " ->";
    for (const Sram &entry : routes) {
      out << " [";
      printSram(out, entry);
      out << "]";
    }
    out << "\n";
  }
  for (auto [logical, neuron] : llvm::enumerate(image->neurons)) {
    out << "\nneuron " << logical << " at chip " << neuron.chip << " core "
        << unsigned(neuron.core) << " slot " << unsigned(neuron.slot);
    for (unsigned bit = 0; bit < hw::latchNames().size(); ++bit)
      if (neuron.latches & (1u << bit))
        out << " " << hw::latchNames()[bit];
    out << "\n";
    for (const Cam &cam : neuron.cam)
      out << "  cam tag " << cam.tag << " "
          << stringifyDendrite(Dendrite(cam.dendrite)) << " mask "
          << llvm::format_hex_no_prefix(cam.mask, 1) << "\n";
    for (const Sram &sram : neuron.sram) {
      out << "  sram ";
      printSram(out, sram);
      out << "\n";
    }
  }
  return success();
}
