//===- ClusteringBench.cpp - clustering and current quantisation ----------===//
//
// Issue target: clustering 4096 neurons and quantising 16 cores x 23
// parameters, each well under 10 ms. Results: docs/performance.md.
//
//===----------------------------------------------------------------------===//
#include "dynapse/Dialect/Dynapse/IR/BiasGen.h"
#include "dynapse/Dialect/Dynapse/IR/Hardware.h"
#include "dynapse/Dialect/Dynapse/Algorithms/Clustering.h"

#include <benchmark/benchmark.h>

#include <random>

using namespace dynapse;
using namespace dynapse::clustering;

namespace {

Currents lifNeuron(double tauMem, double tauSyn, double threshold) {
  Currents c{};
  c[currentIndex("Itau_mem")] = hw::leakCurrent(3e-12, tauMem);
  c[currentIndex("Igain_mem")] = 4 * c[currentIndex("Itau_mem")];
  c[currentIndex("Itau_syn")] = hw::leakCurrent(2.5e-11, tauSyn);
  c[currentIndex("Igain_syn")] = 100 * c[currentIndex("Itau_syn")];
  c[currentIndex("Ipulse")] = hw::pulseCurrent(5e-13, 1e-5);
  c[currentIndex("Iref")] = hw::pulseCurrent(1.5e-12, 1e-3);
  c[currentIndex("Ispkthr")] = threshold * 1e-8;
  return c;
}

/// 4096 neurons in 8 layers of 512 with their own time constants.
std::vector<Currents> layered() {
  std::vector<Currents> neurons;
  for (int layer = 0; layer < 8; ++layer)
    for (int i = 0; i < 512; ++i)
      neurons.push_back(lifNeuron(0.01 * (layer + 1), 0.005, 1.0));
  return neurons;
}

/// `count` neurons, every one with its own time constants (dynamic
/// programming over the cut points; at 4096 every core is full, so the cuts
/// are forced, while 3000 neurons in 16 cores leave the most freedom).
std::vector<Currents> heterogeneous(int count = 4096) {
  std::mt19937_64 generator(1);
  std::uniform_real_distribution<double> tau(0.005, 0.1);
  std::vector<Currents> neurons;
  for (int i = 0; i < count; ++i)
    neurons.push_back(lifNeuron(tau(generator), tau(generator), 1.0));
  return neurons;
}

void cluster(benchmark::State &state, std::vector<Currents> neurons,
             Method method) {
  Options options{method};
  for (auto _ : state) {
    auto coreMap = assignCores(neurons, options);
    std::vector<Currents> shared =
        coreCurrents(neurons, *coreMap, 16);
    benchmark::DoNotOptimize(shared.data());
  }
  state.counters["neurons"] = double(neurons.size());
}

void BM_ClusterLayered4096(benchmark::State &state) {
  cluster(state, layered(), Method::Parameter);
}
void BM_ClusterHeterogeneous4096(benchmark::State &state) {
  cluster(state, heterogeneous(), Method::Parameter);
}
void BM_ClusterHeterogeneous3000(benchmark::State &state) {
  cluster(state, heterogeneous(3000), Method::Parameter);
}
void BM_ClusterGreedy4096(benchmark::State &state) {
  cluster(state, heterogeneous(), Method::Greedy);
}

void BM_QuantizeCurrents16Cores(benchmark::State &state) {
  std::vector<Currents> cores;
  for (int core = 0; core < 16; ++core)
    cores.push_back(lifNeuron(0.01 + 0.005 * core, 0.005, 1.0));
  for (auto _ : state)
    for (const Currents &core : cores)
      for (auto [current, parameter] : biasgen::currentToParameter()) {
        int index = currentIndex(current);
        double value = index >= 0 ? core[index] : 1e-9;
        benchmark::DoNotOptimize(biasgen::parameterCode(parameter, value));
      }
  state.counters["codes"] = 16.0 * 23.0;
}

} // namespace

BENCHMARK(BM_ClusterLayered4096)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ClusterHeterogeneous4096)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ClusterHeterogeneous3000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ClusterGreedy4096)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_QuantizeCurrents16Cores)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
