//===- WeightQuantizationTest.cpp - masks and base currents ---------------===//
#include "ReferenceData.h"

#include "dynapse/Dialect/Dynapse/Algorithms/WeightQuantization.h"
#include "dynapse/Support/Npy.h"

#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace dynapse;

namespace {

std::vector<double> loadWeights(const char *name, std::vector<int64_t> &shape) {
  std::string path = std::string(DYNAPSE_TEST_DATA_DIR "/") + name;
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    ADD_FAILURE() << "cannot read " << path << ": " << buffer.getError().message();
    return {};
  }
  auto array = npy::parse((*buffer)->getBuffer());
  if (!array) {
    ADD_FAILURE() << path << ": " << llvm::toString(array.takeError());
    return {};
  }
  shape = array->shape;
  return array->values;
}

struct Reconstruction {
  double maxIn = 0, maxRec = 0, mse = 0;
};

/// Quantises Rockpool's test matrices as one core (Rockpool's C2 setting) and
/// measures the reconstruction of the signed weights.
Reconstruction quantizeTestData(const weights::Options &options) {
  std::vector<int64_t> inShape, recShape;
  std::vector<double> in = loadWeights("w_in_optimized.npy", inShape);
  std::vector<double> rec = loadWeights("w_rec_optimized.npy", recShape);
  std::vector<double> all(in);
  all.insert(all.end(), rec.begin(), rec.end());
  std::vector<double> magnitudes;
  for (double w : all)
    if (w != 0)
      magnitudes.push_back(std::fabs(w));
  weights::Result result = weights::quantize(magnitudes, 1e-8, options);
  Reconstruction r;
  size_t next = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    double w = all[i];
    double back = w == 0 ? 0
                         : std::copysign(weights::realised(
                                             result.base, result.masks[next++]),
                                         w);
    double error = std::fabs(back - w);
    (i < in.size() ? r.maxIn : r.maxRec) =
        std::max(i < in.size() ? r.maxIn : r.maxRec, error);
    r.mse += error * error / double(all.size());
  }
  return r;
}

/// Rockpool's own reconstruction error on the same data (reference run C2).
double rockpoolMeanSquaredError() {
  std::vector<int64_t> inShape, recShape;
  std::vector<double> in = loadWeights("w_in_optimized.npy", inShape);
  std::vector<double> rec = loadWeights("w_rec_optimized.npy", recShape);
  const llvm::json::Object &c2 =
      *reference::referenceValue("C", "C2_rockpool_test_data").getAsObject();
  std::vector<double> iw = reference::numbers(c2.get("Iw"));
  auto restore = [&](const llvm::json::Value *masks, const llvm::json::Value *signs) {
    std::vector<double> out;
    auto m = reference::rows(masks), s = reference::rows(signs);
    for (size_t r = 0; r < m.size(); ++r)
      for (size_t c = 0; c < m[r].size(); ++c) {
        double sum = 0;
        for (unsigned k = 0; k < 4; ++k)
          if (unsigned(m[r][c]) & (1u << k))
            sum += iw[k] / 1e-8;
        out.push_back(s[r][c] * sum);
      }
    return out;
  };
  std::vector<double> backIn = restore(c2.get("weights_in_int"), c2.get("sign_in"));
  std::vector<double> backRec = restore(c2.get("weights_rec_int"), c2.get("sign_rec"));
  double mse = 0;
  size_t count = in.size() + rec.size();
  for (size_t i = 0; i < in.size(); ++i)
    mse += (backIn[i] - in[i]) * (backIn[i] - in[i]) / double(count);
  for (size_t i = 0; i < rec.size(); ++i)
    mse += (backRec[i] - rec[i]) * (backRec[i] - rec[i]) / double(count);
  return mse;
}

} // namespace

TEST(WeightQuantization, BeatsRockpoolOnItsTestData) {
  // Reference run C2: max error 3.491 (input), 1.945 (recurrent).
  double rockpool = rockpoolMeanSquaredError();
  for (bool realisable : {false, true}) {
    weights::Options options;
    options.realisable = realisable;
    Reconstruction r = quantizeTestData(options);
    EXPECT_LE(r.maxIn, 3.49) << "realisable=" << realisable;
    EXPECT_LE(r.maxRec, 1.94) << "realisable=" << realisable;
    EXPECT_LT(r.mse, rockpool) << "realisable=" << realisable;
    std::cout << "realisable=" << realisable << ": max error " << r.maxIn
              << " / " << r.maxRec << ", MSE " << r.mse << " (Rockpool "
              << rockpool << ")\n";
  }
}

TEST(WeightQuantization, ExactWhenWeightsAreSubsetSums) {
  // Weights built from base weights 1, 2, 4, 8 are recovered exactly.
  std::vector<double> magnitudes;
  for (unsigned mask = 1; mask < 16; ++mask)
    magnitudes.push_back(double(mask));
  weights::Options options;
  options.realisable = false;
  weights::Result result = weights::quantize(magnitudes, 1e-8, options);
  EXPECT_LT(result.maxError, 1e-9);
  EXPECT_EQ(result.dropped, 0u);
}

TEST(WeightQuantization, KeepConnectionsForbidsTheEmptyMask) {
  std::vector<double> magnitudes = {0.01, 0.02, 10.0, 10.5, 11.0, 9.5};
  weights::Options options;
  options.realisable = false;
  options.restarts = 0;
  weights::Result dropping = weights::quantize(magnitudes, 1e-8, options);
  EXPECT_GT(dropping.dropped, 0u);
  options.keepConnections = true;
  weights::Result keeping = weights::quantize(magnitudes, 1e-8, options);
  EXPECT_EQ(keeping.dropped, 0u);
  for (uint8_t mask : keeping.masks)
    EXPECT_NE(mask, 0);
}

TEST(WeightQuantization, DeterministicForASeed) {
  std::vector<double> magnitudes = {0.3, 1.7, 2.2, 5.9, 7.1, 3.3, 0.9};
  weights::Options options;
  weights::Result a = weights::quantize(magnitudes, 1e-8, options);
  weights::Result b = weights::quantize(magnitudes, 1e-8, options);
  EXPECT_EQ(a.masks, b.masks);
  EXPECT_EQ(a.base, b.base);
}
