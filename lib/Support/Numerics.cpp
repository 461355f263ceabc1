//===- Numerics.cpp - sums and means in NumPy's order ---------------------===//
#include "dynapse/Support/Numerics.h"

using namespace dynapse;

/// NumPy's pairwise_sum: sequential below 8 values, eight interleaved
/// accumulators up to 128, halves (at a multiple of 8) above.
static double pairwiseSum(const double *values, size_t count) {
  if (count < 8) {
    double sum = 0.0;
    for (size_t i = 0; i < count; ++i)
      sum += values[i];
    return sum;
  }
  if (count <= 128) {
    double partial[8];
    for (size_t j = 0; j < 8; ++j)
      partial[j] = values[j];
    size_t i = 8;
    for (; i < count - count % 8; i += 8)
      for (size_t j = 0; j < 8; ++j)
        partial[j] += values[i + j];
    double sum = ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
                 ((partial[4] + partial[5]) + (partial[6] + partial[7]));
    for (; i < count; ++i)
      sum += values[i];
    return sum;
  }
  size_t half = count / 2;
  half -= half % 8;
  return pairwiseSum(values, half) + pairwiseSum(values + half, count - half);
}

double dynapse::numpyMean(llvm::ArrayRef<double> values) {
  if (values.empty())
    return 0.0;
  double sum = values.front() + pairwiseSum(values.data() + 1, values.size() - 1);
  return sum / double(values.size());
}
