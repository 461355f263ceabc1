//===- dynapse-translate.cpp - translations to and from dynapse IR --------===//
//
// Converts between IR and external formats: NIR files, Rockpool spec JSON,
// device images and samna configuration JSON.
//
//===----------------------------------------------------------------------===//
#include "dynapse/Driver/Driver.h"
#include "dynapse/Driver/ToolDefaults.h"
#include "dynapse/Target/Image/Image.h"
#include "dynapse/Target/NIR/NIR.h"
#include "dynapse/Target/RockpoolSpec/RockpoolSpec.h"
#include "dynapse/Target/Samna/Samna.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  dynapse::registerImportTranslations();
  dynapse::nir::registerNIRTranslations();
  dynapse::rockpool::registerRockpoolSpecTranslations();
  dynapse::image::registerImageTranslations();
  dynapse::samna::registerSamnaTranslations();
  std::vector<char *> arguments = dynapse::withToolDefaults(argc, argv);
  return mlir::failed(mlir::mlirTranslateMain(
      int(arguments.size() - 1), arguments.data(),
      "dynapse-mlir translation driver\n"));
}
