//===- dynapse-translate.cpp - translations to and from dynapse IR --------===//
//
// Converts between IR and external formats (NIR, Rockpool spec JSON, device
// images, samna JSON). Each translation registers itself with
// mlir::TranslateFromMLIRRegistration / TranslateToMLIRRegistration.
//
//===----------------------------------------------------------------------===//
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "dynapse-mlir translation driver\n"));
}
