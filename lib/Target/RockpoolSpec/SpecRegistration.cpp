//===- SpecRegistration.cpp - the Rockpool spec translations --------------===//
#include "dynapse/InitAllDialects.h"
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
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        OwningOpRef<ModuleOp> module = importSpec(
            buffer->getBuffer(), buffer->getBufferIdentifier(), context);
        return OwningOpRef<Operation *>(module.release());
      },
      [](DialectRegistry &registry) { registerAllDialects(registry); });

  TranslateFromMLIRRegistration exportRegistration(
      "export-rockpool-spec",
      "export a merged dynapse network as a Rockpool mapper spec (JSON)",
      [](Operation *op, llvm::raw_ostream &output) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError("--export-rockpool-spec expects a module");
        return exportSpec(module, output);
      },
      [](DialectRegistry &registry) { registerAllDialects(registry); });
}
