//===- NIRRegistration.cpp - --import-nir and --export-nir ----------------===//
#include "dynapse/InitAllDialects.h"
#include "dynapse/Target/ExportRegistration.h"
#include "dynapse/Target/NIR/NIR.h"

#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace dynapse;
using namespace dynapse::nir;

llvm::StringRef nir::stringifyConvention(Convention convention) {
  switch (convention) {
  case Convention::Auto:
    return "auto";
  case Convention::NIR:
    return "nir";
  case Convention::SNNTorch:
    return "snntorch";
  case Convention::Norse:
    return "norse";
  case Convention::Rockpool:
    return "rockpool";
  }
  return "";
}

std::optional<Convention> nir::parseConvention(llvm::StringRef text) {
  for (Convention convention :
       {Convention::Auto, Convention::NIR, Convention::SNNTorch,
        Convention::Norse, Convention::Rockpool})
    if (text == stringifyConvention(convention))
      return convention;
  return std::nullopt;
}

void nir::registerNIRTranslations() {
  static llvm::cl::opt<double> nirDt(
      "nir-dt", llvm::cl::desc("time step (s) of the NIR exporter; default: "
                               "the convention's rule, else 1e-3"),
      llvm::cl::init(0.0));
  static llvm::cl::opt<Convention> nirConvention(
      "nir-convention",
      llvm::cl::desc("how the NIR exporter encoded dt in r and w_in"),
      llvm::cl::values(
          clEnumValN(Convention::Auto, "auto", "detect it (a remark says what)"),
          clEnumValN(Convention::NIR, "nir", "NIR's continuous-time gains"),
          clEnumValN(Convention::SNNTorch, "snntorch",
                     "r = tau_mem / dt, w_in = tau_syn / dt"),
          clEnumValN(Convention::Norse, "norse", "r = 1, w_in = 1"),
          clEnumValN(Convention::Rockpool, "rockpool",
                     "r = tau exp(-dt / tau) / dt")),
      llvm::cl::init(Convention::Auto));

  TranslateToMLIRRegistration importRegistration(
      "import-nir", "import an NIR file (HDF5) into the snn dialect",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        ImportOptions options;
        options.convention = nirConvention;
        if (nirDt.getNumOccurrences()) {
          if (!(nirDt > 0)) {
            emitError(UnknownLoc::get(context))
                << "--nir-dt must be a positive number of seconds";
            return nullptr;
          }
          options.dt = nirDt;
        }
        OwningOpRef<ModuleOp> module = importNIR(
            buffer->getBuffer(), buffer->getBufferIdentifier(), context, options);
        return OwningOpRef<Operation *>(module.release());
      },
      [](DialectRegistry &registry) { registerAllDialects(registry); });

  registerExportTranslation(
      "export-nir", "export an snn.graph as an NIR file (HDF5)",
      [](ModuleOp module, llvm::raw_ostream &output) {
        return exportNIR(module, output);
      });
}
