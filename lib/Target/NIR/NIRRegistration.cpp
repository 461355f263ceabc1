//===- NIRRegistration.cpp - --import-nir and --export-nir ----------------===//
#include "dynapse/Target/ExportRegistration.h"
#include "dynapse/Target/NIR/NIR.h"


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
  case Convention::Norse10:
    return "norse-1.0";
  case Convention::Rockpool:
    return "rockpool";
  }
  return "";
}

std::optional<Convention> nir::parseConvention(llvm::StringRef text) {
  for (Convention convention :
       {Convention::Auto, Convention::NIR, Convention::SNNTorch,
        Convention::Norse, Convention::Norse10, Convention::Rockpool})
    if (text == stringifyConvention(convention))
      return convention;
  return std::nullopt;
}

void nir::registerNIRTranslations() {
  registerExportTranslation(
      "export-nir", "export an snn.graph as an NIR file (HDF5)",
      [](ModuleOp module, llvm::raw_ostream &output) {
        return exportNIR(module, output);
      });
}
