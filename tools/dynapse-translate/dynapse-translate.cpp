//===- dynapse-translate.cpp - translations to and from dynapse IR --------===//
//
// Converts between IR and external formats: NIR files and Rockpool spec JSON
// today; device images and samna JSON as they arrive.
//
//===----------------------------------------------------------------------===//
#include "dynapse/Target/NIR/NIR.h"
#include "dynapse/Target/RockpoolSpec/RockpoolSpec.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  dynapse::nir::registerNIRTranslations();
  dynapse::rockpool::registerRockpoolSpecTranslations();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "dynapse-mlir translation driver\n"));
}
