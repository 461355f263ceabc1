//===- main.cpp - embedding the dynapse-mlir pipeline ---------------------===//
//
// embed NETWORK.nir OUT.dse2: imports an NIR file, runs the deploy pipeline
// (buildDeployPipeline) on one chip and writes the device image, then prints
// the report's counts.
//
//===----------------------------------------------------------------------===//
#include "dynapse/Driver/Driver.h"
#include "dynapse/InitAllDialects.h"
#include "dynapse/Pipeline/Pipeline.h"
#include "dynapse/Pipeline/Report.h"
#include "dynapse/Target/Image/Image.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    llvm::errs() << "usage: embed NETWORK.nir OUT.dse2\n";
    return 2;
  }
  mlir::DialectRegistry registry;
  dynapse::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();

  // Options by dynapse-compile's names (one table), or as struct fields.
  dynapse::CompileOptions options;
  if (llvm::Error error = dynapse::setOption(options, "chips", "1")) {
    llvm::errs() << llvm::toString(std::move(error)) << "\n";
    return 1;
  }
  options.dynapseAllocate.chipGrid = "1x1";

  auto module = dynapse::loadNetworkFile(argv[1], &context, options.input);
  if (!module)
    return 1;
  mlir::PassManager pm(&context);
  dynapse::buildDeployPipeline(pm, options);
  if (mlir::failed(pm.run(*module)))
    return 1;

  std::error_code error;
  llvm::raw_fd_ostream image(argv[2], error);
  if (error || mlir::failed(dynapse::image::emitImage(*module, image)))
    return 1;
  dynapse::Report report = dynapse::buildReport(*module);
  llvm::outs() << "embedded pipeline: " << report.neurons << " neurons on "
               << report.cores << " cores, " << report.synapses << " synapses\n";
  return 0;
}
