//===- dynapse-opt.cpp - the dynapse-mlir optimiser driver ----------------===//
//
// Runs passes on `snn` and `dynapse` IR: every project pass plus the upstream
// transformations users expect (canonicalize, cse, symbol-dce, ...).
//
//===----------------------------------------------------------------------===//
#include "dynapse/InitAllDialects.h"
#include "dynapse/InitAllPasses.h"
#include "dynapse/Pipeline/Pipeline.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  dynapse::registerAllPasses();
  dynapse::registerDeployPipeline();

  mlir::DialectRegistry registry;
  dynapse::registerAllDialects(registry);
  dynapse::registerSimulationKernelDialects(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "dynapse-mlir optimiser driver\n", registry));
}
