/* The C API end to end: import a NIR file, run the deploy pipeline on one
 * chip, write the image and count its bytes (used by capi.test). */
#include "dynapse-c/Dynapse.h"

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <stdio.h>
#include <stdlib.h>

static void count(MlirStringRef bytes, void *total) {
  *(size_t *)total += bytes.length;
}

static void print(MlirStringRef text, void *stream) {
  fprintf((FILE *)stream, "%.*s\n", (int)text.length, text.data);
}

/* The options object: a bad value is refused with a message naming it, a
 * good one is taken; then the same deployment as the textual pipeline. */
static int deployWithOptions(MlirContext context, MlirStringRef bytes,
                             const char *name, size_t *total) {
  DynapseOptions *options = dynapseOptionsCreate();
  if (mlirLogicalResultIsSuccess(dynapseOptionsSet(
          options, mlirStringRefCreateFromCString("t_ref"),
          mlirStringRefCreateFromCString("-1"), print, stdout)))
    return 1;
  if (mlirLogicalResultIsFailure(dynapseOptionsSet(
          options, mlirStringRefCreateFromCString("chips"),
          mlirStringRefCreateFromCString("1"), print, stdout)) ||
      mlirLogicalResultIsFailure(dynapseOptionsSet(
          options, mlirStringRefCreateFromCString("chip-grid"),
          mlirStringRefCreateFromCString("1x1"), print, stdout)))
    return 1;
  printf("options: %ld\n", (long)dynapseOptionCount());
  MlirModule module = dynapseLoadNetwork(
      context, bytes, mlirStringRefCreateFromCString(name), options);
  if (mlirModuleIsNull(module))
    return 1;
  MlirPassManager pm = mlirPassManagerCreate(context);
  dynapseBuildDeployPipelineWithOptions(mlirPassManagerGetAsOpPassManager(pm),
                                        options);
  if (mlirLogicalResultIsFailure(
          mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module))) ||
      mlirLogicalResultIsFailure(dynapseEmitImage(module, count, total)))
    return 1;
  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);
  dynapseOptionsDestroy(options);
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s NETWORK.nir\n", argv[0]);
    return 2;
  }
  FILE *file = fopen(argv[1], "rb");
  if (!file)
    return 2;
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  fseek(file, 0, SEEK_SET);
  char *bytes = malloc((size_t)size);
  if (fread(bytes, 1, (size_t)size, file) != (size_t)size)
    return 2;
  fclose(file);

  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  dynapseRegisterDialects(registry);
  MlirContext context = mlirContextCreateWithRegistry(registry, false);
  mlirContextLoadAllAvailableDialects(context);
  dynapseRegisterPasses();

  MlirModule module = dynapseImportNIR(
      context, mlirStringRefCreate(bytes, (size_t)size), mlirStringRefCreateFromCString(argv[1]));
  if (mlirModuleIsNull(module))
    return 1;
  printf("imported\n");

  MlirPassManager pm = mlirPassManagerCreate(context);
  MlirOpPassManager top = mlirPassManagerGetAsOpPassManager(pm);
  if (mlirLogicalResultIsFailure(dynapseBuildDeployPipeline(
          top, mlirStringRefCreateFromCString("chips=1 chip-grid=1x1"))))
    return 1;
  if (mlirLogicalResultIsFailure(
          mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module))))
    return 1;
  printf("deployed\n");

  size_t total = 0;
  if (mlirLogicalResultIsFailure(dynapseEmitImage(module, count, &total)))
    return 1;
  printf("image: %zu bytes\n", total);

  size_t viaOptions = 0;
  if (deployWithOptions(context, mlirStringRefCreate(bytes, (size_t)size),
                        argv[1], &viaOptions))
    return 1;
  printf("options image: %zu bytes, %s\n", viaOptions,
         viaOptions == total ? "same size" : "different size");

  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);
  mlirContextDestroy(context);
  mlirDialectRegistryDestroy(registry);
  free(bytes);
  return 0;
}
