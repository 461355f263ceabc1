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

  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);
  mlirContextDestroy(context);
  mlirDialectRegistryDestroy(registry);
  free(bytes);
  return 0;
}
