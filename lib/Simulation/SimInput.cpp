//===- SimInput.cpp - spike-count input ------------------------------------===//
#include "dynapse/Simulation/SimInput.h"

#include "dynapse/Support/Npy.h"
#include "dynapse/Support/ValueChecks.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cmath>

using namespace dynapse;
using namespace dynapse::sim;

/// The .npy file at `path` as doubles or floats (npy::parse or
/// npy::parseFloat32); the error names the file.
template <typename Array, typename Parse>
static llvm::Expected<Array> readArray(llvm::StringRef path, Parse parse) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer)
    return llvm::createStringError("cannot read " + path + ": " +
                                   buffer.getError().message());
  auto array = parse((*buffer)->getBuffer());
  if (!array)
    return llvm::createStringError(path + ": " +
                                   llvm::toString(array.takeError()));
  return array;
}

void SpikeInput::own() {
  if (values.data() == storage.data())
    return;
  storage.assign(values.begin(), values.end());
  values = storage;
}

llvm::Expected<SpikeInput> dynapse::sim::readSpikeInput(llvm::StringRef path,
                                                        int64_t width) {
  auto input = readSpikeInput(path);
  if (!input)
    return input.takeError();
  if (llvm::Error error = checkWidth(*input, width, path))
    return std::move(error);
  return input;
}

llvm::Error dynapse::sim::checkWidth(const SpikeInput &input, int64_t width,
                                     llvm::StringRef path) {
  if (input.width == width)
    return llvm::Error::success();
  return llvm::createStringError(
      path + ": input width " + llvm::Twine(input.width) +
      " differs from the network's " + llvm::Twine(width) + " input channels");
}

llvm::Expected<SpikeInput> dynapse::sim::readSpikeInput(llvm::StringRef path) {
  // Floats straight from the file's dtype: the kernel's input, no doubles.
  auto array = readArray<npy::Float32Array>(path, npy::parseFloat32);
  if (!array)
    return array.takeError();
  const std::vector<int64_t> &shape = array->shape;
  if (shape.size() != 2 && shape.size() != 3)
    return llvm::createStringError(
        path + ": expected shape (T, Nin) or (B, T, Nin), got " +
        llvm::Twine(shape.size()) + " dimensions");
  SpikeInput input;
  input.width = shape.back();
  input.batched = shape.size() == 3;
  input.batches = input.batched ? shape[0] : 1;
  input.steps = shape[shape.size() - 2];
  // An extent of 0 lets the others be anything; bound the work they ask for.
  constexpr int64_t kMaxSteps = int64_t(1) << 32;
  if (input.steps < 1 || input.batches < 1 ||
      input.steps * input.batches > kMaxSteps)
    return llvm::createStringError(
        path + ": " + llvm::Twine(input.batches) + " batches of " +
        llvm::Twine(input.steps) + " steps; expected at least one step and "
        "at most 2^32 in all");
  int64_t bad = findInvalidValue(array->values, ValueBound::NonNegative);
  if (bad >= 0)
    return llvm::createStringError(
        path + ": element " + llvm::Twine(bad) + " is " +
        llvm::Twine(std::to_string(array->values[size_t(bad)])) +
        "; spike counts must be finite and not negative");
  input.storage = std::move(array->values);
  input.values = input.storage;
  return input;
}

llvm::Expected<std::vector<int64_t>>
dynapse::sim::readLabels(llvm::StringRef path, int64_t batches,
                         int64_t classes) {
  auto array = readArray<npy::Array>(path, npy::parse);
  if (!array)
    return array.takeError();
  if (array->shape.size() > 1 || int64_t(array->values.size()) != batches)
    return llvm::createStringError(
        path + ": expected " + llvm::Twine(batches) +
        " labels, one per batch element, in shape (" + llvm::Twine(batches) +
        ",); got " + llvm::Twine(array->values.size()) + " values in " +
        llvm::Twine(array->shape.size()) + " dimensions");
  std::vector<int64_t> labels;
  for (size_t i = 0; i < array->values.size(); ++i) {
    double value = array->values[i];
    if (!(value >= 0) || value >= double(classes) || value != std::floor(value))
      return llvm::createStringError(
          path + ": label " + llvm::Twine(i) + " is " +
          llvm::Twine(std::to_string(value)) + "; expected an integer in 0.." +
          llvm::Twine(classes - 1) + ", an output neuron");
    labels.push_back(int64_t(value));
  }
  return labels;
}

llvm::Expected<SpikeInput>
dynapse::sim::spikeInputFromArray(const float *data, int64_t batches,
                                  int64_t steps, int64_t width, int64_t inputs,
                                  llvm::StringRef what) {
  if (width != inputs)
    return llvm::createStringError(
        llvm::formatv("{0} have {1} input channels; the network has {2}", what,
                      width, inputs));
  if (batches < 1 || steps < 1)
    return llvm::createStringError(
        llvm::formatv("{0}: {1} batches of {2} steps; expected at least one "
                      "step",
                      what, batches, steps));
  llvm::ArrayRef<float> counts(data, size_t(batches) * size_t(steps * width));
  int64_t bad = findInvalidValue(counts, ValueBound::NonNegative);
  if (bad >= 0)
    return llvm::createStringError(
        llvm::formatv("{0}[{1}] is {2}; spike counts must be finite and not "
                      "negative",
                      what, bad, counts[size_t(bad)]));
  SpikeInput input;
  input.batches = batches, input.steps = steps, input.width = width;
  input.batched = true;
  input.values = counts;
  return input;
}

llvm::Error dynapse::sim::checkLabels(llvm::ArrayRef<int64_t> labels,
                                      int64_t batches, int64_t classes) {
  if (int64_t(labels.size()) != batches)
    return llvm::createStringError("labels: one per batch element expected");
  for (int64_t label : labels)
    if (label < 0 || label >= classes)
      return llvm::createStringError(
          llvm::formatv("labels: {0} is not an output neuron (0..{1})", label,
                        classes - 1));
  return llvm::Error::success();
}
