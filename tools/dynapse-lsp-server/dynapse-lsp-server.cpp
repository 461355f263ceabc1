//===- dynapse-lsp-server.cpp - editor support for dynapse IR -------------===//
#include "dynapse/Conversion/DynapseToSim/SimulationKernel.h"
#include "dynapse/InitAllDialects.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-lsp-server/MlirLspServerMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  dynapse::registerAllDialects(registry);
  // Files may hold the simulation kernel (--convert-dynapse-to-sim's output).
  dynapse::kernel::registerKernelDialects(registry);
  return mlir::failed(mlir::MlirLspServerMain(argc, argv, registry));
}
