//===- WeightQuantizationBench.cpp - masks and base currents --------------===//
//
// Issue target: one full core (256 neurons x 64 inputs each) in under 50 ms,
// and the whole board (16 cores). The matrices are written to
// build/bench/core-weights.npy so that bench/rockpool_autoencoder.py (NumPy
// port of Rockpool's autoencoder) runs on the same data. Results:
// docs/performance.md.
//
//===----------------------------------------------------------------------===//
#include "dynapse/Dialect/Dynapse/Algorithms/WeightQuantization.h"
#include "dynapse/Support/Npy.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

using namespace dynapse;

namespace {

/// The |w| of one core: 256 neurons with 64 non-zero inputs each, drawn from
/// a normal distribution (trained weights look like this) with seed `core`.
std::vector<double> coreWeights(unsigned core, std::vector<double> *signed_ = nullptr) {
  std::mt19937_64 generator(core);
  std::normal_distribution<double> weight(0.0, 4.0);
  std::vector<double> magnitudes;
  for (int i = 0; i < 256 * 64; ++i) {
    double w = weight(generator);
    if (w == 0)
      w = 1e-3;
    magnitudes.push_back(std::fabs(w));
    if (signed_)
      signed_->push_back(w);
  }
  return magnitudes;
}

void report(benchmark::State &state, const weights::Result &result,
            const std::vector<double> &magnitudes) {
  state.counters["mse"] = result.meanSquaredError;
  state.counters["max_error"] = result.maxError;
  state.counters["dropped"] = result.dropped;
  state.counters["weights"] = double(magnitudes.size());
}

void BM_QuantizeOneCore(benchmark::State &state) {
  std::vector<double> magnitudes = coreWeights(0);
  weights::Options options;
  options.realisable = state.range(0);
  weights::Result result;
  for (auto _ : state)
    result = weights::quantize(magnitudes, 1e-8, options);
  report(state, result, magnitudes);
}

void BM_QuantizeBoard(benchmark::State &state) {
  std::vector<std::vector<double>> cores;
  for (unsigned core = 0; core < 16; ++core)
    cores.push_back(coreWeights(core));
  weights::Options options;
  for (auto _ : state)
    for (const auto &magnitudes : cores)
      benchmark::DoNotOptimize(weights::quantize(magnitudes, 1e-8, options));
  state.counters["weights"] = 16.0 * 256 * 64;
}

} // namespace

BENCHMARK(BM_QuantizeOneCore)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_QuantizeBoard)->Unit(benchmark::kMillisecond);

int main(int argc, char **argv) {
  // The same core for the NumPy peer: a (64, 256) pre x post matrix.
  std::vector<double> signed_;
  coreWeights(0, &signed_);
  llvm::sys::fs::create_directories("bench-data");
  std::error_code error;
  llvm::raw_fd_ostream out("bench-data/core-weights.npy", error);
  if (!error)
    npy::writeFloat32(out, {64, 256}, signed_);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
