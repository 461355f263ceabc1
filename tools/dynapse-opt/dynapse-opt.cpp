//===- dynapse-opt.cpp - the dynapse-mlir optimiser driver ----------------===//
//
// Runs passes on `snn` and `dynapse` IR: every project pass plus the upstream
// transformations users expect (canonicalize, cse, symbol-dce, ...). This is
// mlir::MlirOptMain with one step added: the input goes through
// dynapse::parserSurvives first (an MLIR 19 parser crash; SafeParse.h).
//
//===----------------------------------------------------------------------===//
#include "dynapse/Conversion/DynapseToSim/SimulationKernel.h"
#include "dynapse/Driver/ToolDefaults.h"
#include "dynapse/InitAllDialects.h"
#include "dynapse/InitAllPasses.h"
#include "dynapse/Pipeline/Pipeline.h"
#include "dynapse/Support/SafeParse.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

static int run(llvm::StringRef inputPath, llvm::StringRef outputPath,
               mlir::DialectRegistry &registry) {
  mlir::MlirOptMainConfig config = mlir::MlirOptMainConfig::createFromCLOptions();
  if (config.shouldShowDialects()) {
    llvm::outs() << "Available Dialects: ";
    llvm::interleave(registry.getDialectNames(), llvm::outs(), ",");
    llvm::outs() << "\n";
    return 0;
  }
  std::string message;
  std::unique_ptr<llvm::MemoryBuffer> input =
      mlir::openInputFile(inputPath, &message);
  if (!input) {
    llvm::errs() << message << "\n";
    return 1;
  }
  {
    mlir::MLIRContext context(registry, mlir::MLIRContext::Threading::DISABLED);
    llvm::SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBuffer(input->getMemBufferRef()),
        llvm::SMLoc());
    mlir::SourceMgrDiagnosticHandler printer(sourceMgr, &context);
    if (!dynapse::parserSurvives(sourceMgr, &context))
      return 1;
  }
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(outputPath, &message);
  if (!output) {
    llvm::errs() << message << "\n";
    return 1;
  }
  if (mlir::failed(
          mlir::MlirOptMain(output->os(), std::move(input), registry, config)))
    return 1;
  output->keep();
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::registerTransformsPasses();
  dynapse::registerAllPasses();
  dynapse::registerPipelines();

  mlir::DialectRegistry registry;
  dynapse::registerAllDialects(registry);
  dynapse::kernel::registerKernelDialects(registry);
  std::vector<char *> arguments = dynapse::withToolDefaults(argc, argv);
  auto [inputPath, outputPath] = mlir::registerAndParseCLIOptions(
      int(arguments.size() - 1), arguments.data(), "dynapse-mlir optimiser driver\n", registry);
  return run(inputPath, outputPath, registry);
}
