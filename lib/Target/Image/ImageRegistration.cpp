//===- ImageRegistration.cpp - the image translations ---------------------===//
#include "dynapse/InitAllDialects.h"
#include "dynapse/Target/ExportRegistration.h"
#include "dynapse/Target/Image/Image.h"

#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace dynapse;

void image::registerImageTranslations() {
  registerExportTranslation(
      "emit-image", "write an allocated dynapse network as a device image (.dse2)",
      [](ModuleOp module, raw_ostream &output) {
        return emitImage(module, output);
      });

  TranslateToMLIRRegistration importRegistration(
      "import-image", "decode a device image (.dse2) into a dynapse network",
      [](llvm::SourceMgr &sourceMgr, MLIRContext *context) -> OwningOpRef<Operation *> {
        context->printOpOnDiagnostic(false); // never dump IR
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        OwningOpRef<ModuleOp> module = importImage(
            buffer->getBuffer(), buffer->getBufferIdentifier(), context);
        return OwningOpRef<Operation *>(module.release());
      },
      [](DialectRegistry &registry) { registerAllDialects(registry); });

  TranslateRegistration dumpRegistration(
      "dump-image", "print a readable listing of a device image (.dse2)",
      [](const std::shared_ptr<llvm::SourceMgr> &sourceMgr, raw_ostream &output,
         MLIRContext *context) -> LogicalResult {
        context->printOpOnDiagnostic(false); // never dump IR
        const llvm::MemoryBuffer *buffer =
            sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID());
        return dumpImage(buffer->getBuffer(), buffer->getBufferIdentifier(),
                         context, output);
      });
}
