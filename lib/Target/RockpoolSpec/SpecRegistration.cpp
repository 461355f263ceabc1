//===- SpecRegistration.cpp - the Rockpool spec translations --------------===//
#include "dynapse/InitAllDialects.h"
#include "dynapse/Target/ExportRegistration.h"
#include "dynapse/Target/RockpoolSpec/RockpoolSpec.h"

#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace dynapse;

void rockpool::registerRockpoolSpecTranslations() {
  TranslateToMLIRRegistration importRegistration(
      "import-rockpool-spec",
      "import a Rockpool mapper spec (JSON) as a merged dynapse network",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        context->printOpOnDiagnostic(false); // never dump IR
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        OwningOpRef<ModuleOp> module = importSpec(
            buffer->getBuffer(), buffer->getBufferIdentifier(), context);
        return OwningOpRef<Operation *>(module.release());
      },
      [](DialectRegistry &registry) { registerAllDialects(registry); });

  registerExportTranslation(
      "export-rockpool-spec",
      "export a merged dynapse network as a Rockpool mapper spec (JSON)",
      [](ModuleOp module, llvm::raw_ostream &output) {
        return exportSpec(module, output);
      });
}
