/* The compiler driver from C: calibrate, deploy, emit, simulate and compare
 * a network as dynapse-compile and dynapse-sim do (used by capi-driver.test).
 *
 *   dynapse-capi-driver-test NETWORK INPUT.f32 B T W IMAGE SPIKES.f32
 *
 * INPUT.f32 holds B x T x W float32 spike counts; the image and the deployed
 * network's spikes (chips x B x T x neurons float32) are written. */
#include "dynapse-c/Dynapse.h"

#include "mlir-c/IR.h"

#include <stdio.h>
#include <stdlib.h>

static char *readFile(const char *path, long *size) {
  FILE *file = fopen(path, "rb");
  if (!file)
    return NULL;
  fseek(file, 0, SEEK_END);
  *size = ftell(file);
  fseek(file, 0, SEEK_SET);
  char *bytes = malloc((size_t)*size);
  if (fread(bytes, 1, (size_t)*size, file) != (size_t)*size) {
    free(bytes);
    bytes = NULL;
  }
  fclose(file);
  return bytes;
}

static void toFile(MlirStringRef bytes, void *file) {
  fwrite(bytes.data, 1, bytes.length, (FILE *)file);
}

static void print(MlirStringRef text, void *stream) {
  fprintf((FILE *)stream, "%.*s\n", (int)text.length, text.data);
}

int main(int argc, char **argv) {
  if (argc != 8) {
    fprintf(stderr, "usage: %s NETWORK INPUT.f32 B T W IMAGE SPIKES.f32\n",
            argv[0]);
    return 2;
  }
  long networkSize, inputSize;
  char *network = readFile(argv[1], &networkSize);
  float *input = (float *)readFile(argv[2], &inputSize);
  DynapseSpikes spikes = {input, atol(argv[3]), atol(argv[4]), atol(argv[5])};
  if (!network || !input ||
      inputSize != (long)(sizeof(float) * spikes.batches * spikes.steps *
                          spikes.width))
    return 2;

  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  dynapseRegisterDialects(registry);
  MlirContext context = mlirContextCreateWithRegistry(registry, false);
  mlirDialectRegistryDestroy(registry);
  mlirContextLoadAllAvailableDialects(context);

  DynapseCompiler *compiler = dynapseCompilerCreate(context, NULL);
  if (mlirLogicalResultIsFailure(dynapseCompilerLoad(
          compiler, mlirStringRefCreate(network, (size_t)networkSize),
          mlirStringRefCreateFromCString(argv[1]))) ||
      mlirLogicalResultIsFailure(dynapseCompilerCalibrate(compiler, spikes)) ||
      mlirLogicalResultIsFailure(dynapseCompilerDeploy(compiler)))
    return 1;
  printf("deployed\n");

  FILE *image = fopen(argv[6], "wb");
  if (!image || mlirLogicalResultIsFailure(dynapseCompilerEmit(
                    compiler, DynapseEmitImage, toFile, image)))
    return 1;
  fclose(image);

  intptr_t neurons = dynapseCompilerNeurons(compiler);
  intptr_t chips = dynapseCompilerChips(compiler);
  if (neurons < 0 || chips < 1)
    return 1;
  size_t count = (size_t)(chips * spikes.batches * spikes.steps * neurons);
  float *output = malloc(count * sizeof(float));
  if (mlirLogicalResultIsFailure(
          dynapseCompilerSimulate(compiler, spikes, output)))
    return 1;
  FILE *out = fopen(argv[7], "wb");
  if (!out || fwrite(output, sizeof(float), count, out) != count)
    return 1;
  fclose(out);
  printf("simulated: %ld chip(s), %ld neurons\n", (long)chips, (long)neurons);

  /* A bad width is refused with a message, not a crash. */
  DynapseSpikes narrow = spikes;
  narrow.width = spikes.width - 1;
  if (mlirLogicalResultIsSuccess(
          dynapseCompilerSimulate(compiler, narrow, output)))
    return 1;

  if (mlirLogicalResultIsFailure(
          dynapseCompilerFidelity(compiler, spikes, NULL, print, stdout)))
    return 1;

  free(output);
  dynapseCompilerDestroy(compiler);
  mlirContextDestroy(context);
  free(network);
  free(input);
  return 0;
}
