//===- SamnaRegistration.cpp - --emit-samna-json --------------------------===//
#include "dynapse/InitAllDialects.h"
#include "dynapse/Target/ExportRegistration.h"
#include "dynapse/Target/Samna/Samna.h"

#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace dynapse;

/// OUT.channels.json beside the main output OUT.json (-o), unless
/// --samna-channels names the file; none when writing to stdout.
static std::string channelsPath(const std::string &requested) {
  if (!requested.empty())
    return requested;
  auto &options = llvm::cl::getRegisteredOptions();
  auto it = options.find("o");
  if (it == options.end())
    return "";
  auto *output = static_cast<llvm::cl::opt<std::string> *>(it->second);
  StringRef path = output->getValue();
  if (path.empty() || path == "-")
    return "";
  path.consume_back(".json");
  return (path + ".channels.json").str();
}

void samna::registerSamnaTranslations() {
  static llvm::cl::opt<std::string> samnaChannels(
      "samna-channels",
      llvm::cl::desc("where --emit-samna-json writes the input channel map "
                     "(default: OUT.channels.json beside -o OUT.json)"),
      llvm::cl::init(""));
  registerExportTranslation(
      "emit-samna-json",
      "write an allocated network as samna's Dynapse2Configuration JSON",
      [](ModuleOp module, raw_ostream &output) -> LogicalResult {
        std::string path = channelsPath(samnaChannels);
        std::string channels;
        llvm::raw_string_ostream channelStream(channels);
        if (failed(emitConfiguration(module, output,
                                     path.empty() ? nullptr : &channelStream)))
          return failure();
        if (path.empty())
          return success();
        std::error_code error;
        llvm::ToolOutputFile file(path, error, llvm::sys::fs::OF_Text);
        if (error)
          return module.emitError("cannot write ") << path << ": "
                                                    << error.message();
        file.os() << channels;
        file.keep();
        return success();
      });
}
