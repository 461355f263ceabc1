//===- Driver.cpp - the front door: networks in, diagnostics out ----------===//
#include "dynapse/Driver/Driver.h"

#include "dynapse/InitAllDialects.h"
#include "dynapse/Support/SafeParse.h"
#include "dynapse/Target/Image/Image.h"
#include "dynapse/Target/NIR/NIR.h"
#include "dynapse/Target/RockpoolSpec/RockpoolSpec.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace dynapse;

nir::ImportOptions dynapse::nirImportOptions(const InputOptions &options) {
  nir::ImportOptions nirOptions;
  if (options.nirDt > 0)
    nirOptions.dt = options.nirDt;
  // The option table admits only the conventions' names.
  nirOptions.convention =
      nir::parseConvention(options.nirConvention).value_or(nir::Convention::Auto);
  return nirOptions;
}

nir::ImportOptions dynapse::nirImportOptions(const CompileOptions &options) {
  nir::ImportOptions nirOptions = nirImportOptions(options.input);
  const ConvertSNNToDynapseOptions &conversion = options.convertSNNToDynapse;
  nirOptions.resetAssumed =
      conversion.reset + (conversion.resetDelay
                              ? ", a step late (reset_delay=True)"
                              : ", at once (reset_delay=False; --reset-delay "
                                "for snnTorch's default)");
  return nirOptions;
}

void dynapse::registerImportTranslations() {
  static llvm::cl::OptionCategory category("NIR import options");
  static CommandLineOptions flags(category, {"input"},
                                  CommandLineOptions::Naming::Pass);
  TranslateToMLIRRegistration importNIR(
      "import-nir", "import an NIR file (HDF5) into the snn dialect",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        context->printOpOnDiagnostic(false); // never dump IR
        llvm::Expected<CompileOptions> options = flags.get();
        if (!options) {
          emitError(UnknownLoc::get(context)) << llvm::toString(options.takeError());
          return nullptr;
        }
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        OwningOpRef<ModuleOp> module =
            nir::importNIR(buffer->getBuffer(), buffer->getBufferIdentifier(),
                           context, nirImportOptions(options->input));
        return OwningOpRef<Operation *>(module.release());
      },
      [](DialectRegistry &registry) { registerAllDialects(registry); });
}

NetworkFormat dynapse::sniffFormat(StringRef path, StringRef bytes) {
  if (path.ends_with(".nir") || bytes.starts_with("\x89HDF"))
    return NetworkFormat::NIR;
  if (path.ends_with(".dse2") || bytes.starts_with("DYNAPSE2"))
    return NetworkFormat::Image;
  if (path.ends_with(".json") || bytes.ltrim().starts_with("{"))
    return NetworkFormat::RockpoolSpec;
  return NetworkFormat::MLIR;
}

static OwningOpRef<ModuleOp> load(StringRef bytes, StringRef name,
                                  MLIRContext *context,
                                  const nir::ImportOptions &nirOptions) {
  switch (sniffFormat(name, bytes)) {
  case NetworkFormat::NIR:
    return nir::importNIR(bytes, name, context, nirOptions);
  case NetworkFormat::Image:
    return image::importImage(bytes, name, context);
  case NetworkFormat::RockpoolSpec:
    return rockpool::importSpec(bytes, name, context);
  case NetworkFormat::MLIR: {
    llvm::SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(bytes, name), llvm::SMLoc());
    return parseModule(sourceMgr, context);
  }
  }
  llvm_unreachable("every format is handled");
}

OwningOpRef<ModuleOp> dynapse::loadNetwork(StringRef bytes, StringRef name,
                                           MLIRContext *context,
                                           const InputOptions &options) {
  return load(bytes, name, context, nirImportOptions(options));
}

OwningOpRef<ModuleOp> dynapse::loadNetwork(StringRef bytes, StringRef name,
                                           MLIRContext *context,
                                           const CompileOptions &options) {
  return load(bytes, name, context, nirImportOptions(options));
}

/// The file at `path` loaded with `options` (InputOptions or CompileOptions).
template <typename Options>
static OwningOpRef<ModuleOp> loadFile(StringRef path, MLIRContext *context,
                                      const Options &options) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer) {
    emitError(FileLineColLoc::get(context, path, 0, 0))
        << "cannot read " << path << ": " << buffer.getError().message();
    return nullptr;
  }
  return loadNetwork((*buffer)->getBuffer(), path, context, options);
}

OwningOpRef<ModuleOp> dynapse::loadNetworkFile(StringRef path,
                                               MLIRContext *context,
                                               const InputOptions &options) {
  return loadFile(path, context, options);
}

OwningOpRef<ModuleOp> dynapse::loadNetworkFile(StringRef path,
                                               MLIRContext *context,
                                               const CompileOptions &options) {
  return loadFile(path, context, options);
}

//===----------------------------------------------------------------------===//
// DiagnosticPrinter
//===----------------------------------------------------------------------===//

namespace {

/// Source lines longer than this are clipped around the column.
constexpr size_t kExcerptWidth = 100;

/// The line `line` (1-based) of `file`, read once per file; empty when the
/// file cannot be read or is not text.
class SourceLines {
public:
  StringRef line(StringRef file, unsigned line) {
    auto [it, inserted] = files.try_emplace(file);
    if (inserted)
      if (auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/true))
        it->second = std::move(*buffer);
    if (!it->second || line == 0)
      return {};
    StringRef text = it->second->getBuffer();
    if (text.contains('\0'))
      return {};
    for (unsigned i = 1; i < line && !text.empty(); ++i)
      text = text.split('\n').second;
    return text.split('\n').first.rtrim("\r");
  }

private:
  llvm::StringMap<std::unique_ptr<llvm::MemoryBuffer>> files;
};

const char *severityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  llvm_unreachable("every severity is named");
}

/// The first file location inside `location` (through names, call sites
/// and fusions).
FileLineColLoc fileLocation(Location location) {
  FileLineColLoc found;
  location->walk([&](Location inner) {
    if (auto file = dyn_cast<FileLineColLoc>(inner)) {
      found = file;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return found;
}

/// The part of `line` shown for `column`, and the caret's offset in it.
std::pair<std::string, size_t> excerpt(StringRef line, unsigned column) {
  size_t caret = column ? column - 1 : 0;
  if (line.size() <= kExcerptWidth)
    return {line.str(), caret};
  size_t first = caret > kExcerptWidth / 2 ? caret - kExcerptWidth / 2 : 0;
  std::string text = (first ? "..." : "") +
                     line.substr(first, kExcerptWidth).str() +
                     (first + kExcerptWidth < line.size() ? "..." : "");
  return {text, caret - first + (first ? 3 : 0)};
}

/// `file:line:col: severity: message`, the location where it has one.
void printHeadline(llvm::raw_ostream &os, FileLineColLoc file,
                   DiagnosticSeverity severity, StringRef message) {
  if (file)
    os << file.getFilename().getValue() << ":" << file.getLine() << ":"
       << file.getColumn() << ": ";
  os << severityName(severity) << ": " << message;
}

void print(llvm::raw_ostream &os, SourceLines &sources, Location location,
           DiagnosticSeverity severity, StringRef message) {
  FileLineColLoc file = fileLocation(location);
  printHeadline(os, file, severity, message);
  os << "\n";
  if (!file)
    return;
  StringRef line = sources.line(file.getFilename().getValue(), file.getLine());
  if (line.empty())
    return;
  auto [text, caret] = excerpt(line, file.getColumn());
  os << text << "\n" << std::string(std::min(caret, text.size()), ' ') << "^\n";
}

} // namespace

std::string dynapse::formatDiagnostic(Diagnostic &diagnostic) {
  std::string text;
  llvm::raw_string_ostream os(text);
  printHeadline(os, fileLocation(diagnostic.getLocation()),
                diagnostic.getSeverity(), diagnostic.str());
  for (Diagnostic &note : diagnostic.getNotes()) {
    os << "\n";
    printHeadline(os, fileLocation(note.getLocation()), note.getSeverity(),
                  note.str());
  }
  return text;
}

DiagnosticPrinter::DiagnosticPrinter(MLIRContext &context, llvm::raw_ostream &os,
                                     bool showRemarks)
    : context(context) {
  context.printOpOnDiagnostic(false);
  auto sources = std::make_shared<SourceLines>();
  handler = context.getDiagEngine().registerHandler(
      [&os, sources, showRemarks](Diagnostic &diagnostic) {
        if (diagnostic.getSeverity() == DiagnosticSeverity::Remark && !showRemarks)
          return success();
        print(os, *sources, diagnostic.getLocation(), diagnostic.getSeverity(),
              diagnostic.str());
        for (Diagnostic &note : diagnostic.getNotes())
          print(os, *sources, note.getLocation(), note.getSeverity(), note.str());
        os.flush();
        return success();
      });
}

DiagnosticPrinter::~DiagnosticPrinter() {
  context.getDiagEngine().eraseHandler(handler);
}
