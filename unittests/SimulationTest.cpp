//===- SimulationTest.cpp - fidelity metrics and the JIT simulator --------===//
#include "dynapse/Conversion/DynapseToSim/SimulationKernel.h"
#include "dynapse/Conversion/Passes.h"
#include "dynapse/InitAllDialects.h"
#include "dynapse/Simulation/Fidelity.h"
#include "dynapse/Simulation/Simulator.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace dynapse;

namespace {

TEST(Fidelity, IdenticalTrainsAgreeExactly) {
  std::vector<float> spikes = {1, 0, 0, 2, 0, 1, 1, 0};
  sim::Fidelity f = sim::compareTrains(spikes, spikes, 4, 2, 1e-3, 1e-2);
  EXPECT_EQ(f.vanRossum, 0.0);
  EXPECT_DOUBLE_EQ(f.countCorrelation, 1.0);
  EXPECT_DOUBLE_EQ(f.ratesA[0], 2 / 4e-3); // (step, neuron) order: 2 spikes in 4 ms
  EXPECT_DOUBLE_EQ(f.ratesA[1], 3 / 4e-3);
  EXPECT_EQ(f.ratesA, f.ratesB);
}

TEST(Fidelity, OneExtraSpikeHasTheKernelsDistance) {
  // One neuron, one spike in `a` only, at step 0 of 1000: D^2 =
  // (dt/tau) * sum_k exp(-2 k dt/tau) = (dt/tau) / (1 - exp(-2 dt/tau)).
  std::vector<float> a(1000, 0.0f), b(1000, 0.0f);
  a[0] = 1;
  double dt = 1e-3, tau = 1e-2;
  sim::Fidelity f = sim::compareTrains(a, b, 1000, 1, dt, tau);
  double expected = std::sqrt((dt / tau) / (1 - std::exp(-2 * dt / tau)));
  EXPECT_NEAR(f.vanRossum, expected, 1e-9);
}

TEST(Fidelity, CountCorrelationFollowsPearson) {
  // Counts (1, 2, 3) against (2, 4, 6): perfectly correlated; against
  // (3, 2, 1): anti-correlated.
  std::vector<float> a = {1, 2, 3}, b = {2, 4, 6}, c = {3, 2, 1};
  EXPECT_NEAR(sim::compareTrains(a, b, 1, 3, 1e-3, 1e-2).countCorrelation, 1.0, 1e-12);
  EXPECT_NEAR(sim::compareTrains(a, c, 1, 3, 1e-3, 1e-2).countCorrelation, -1.0, 1e-12);
}

class SimulatorTest : public ::testing::Test {
protected:
  SimulatorTest() {
    mlir::DialectRegistry registry;
    registerAllDialects(registry);
    kernel::registerKernelDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }
  mlir::OwningOpRef<mlir::ModuleOp> parse(llvm::StringRef source) {
    return mlir::parseSourceString<mlir::ModuleOp>(source, &context);
  }
  mlir::MLIRContext context;
};

// One neuron driven by one channel (weight 6), recurrent onto itself.
constexpr llvm::StringLiteral kNetwork = R"mlir(
dynapse.network @one {
  %in = dynapse.input : !dynapse.spikes<1>
  %w = dynapse.weights %in {weights = dense<[[6.0]]> : tensor<1x1xf64>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
  %p = dynapse.population(%w, %r) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.156e-11>, Igain_syn = array<f64: 9.75e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.06e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.39e-12>, Itau_syn = array<f64: 9.75e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : (!dynapse.synaptic<1>, !dynapse.synaptic<1>) -> !dynapse.spikes<1>
  %r = dynapse.weights %p {weights = dense<[[0.5]]> : tensor<1x1xf64>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
}
)mlir";

TEST_F(SimulatorTest, RunsAndIsDeterministicAcrossThreads) {
  auto module = parse(kNetwork);
  ASSERT_TRUE(module);
  CompileOptions dynapsim;
  dynapsim.convertDynapseToSim.model = "dynapsim";
  auto simulator = sim::Simulator::compile(*module, dynapsim);
  ASSERT_TRUE(bool(simulator)) << llvm::toString(simulator.takeError());
  EXPECT_EQ((*simulator)->neurons(), 1);
  EXPECT_EQ((*simulator)->inputs(), 1);
  constexpr int kBatches = 5;
  std::vector<float> batches(kBatches * 200, 0.0f);
  for (int b = 0; b < kBatches; ++b)
    for (int t = b; t < 200; t += 4 + b)
      batches[b * 200 + t] = 1;
  auto one = (*simulator)->runBatches(batches, kBatches, 200, true, 1);
  auto many = (*simulator)->runBatches(batches, kBatches, 200, true, 3);
  for (size_t b = 0; b < kBatches; ++b) {
    EXPECT_EQ(one[b].spikes, many[b].spikes);
    EXPECT_EQ(one[b].records, many[b].records);
  }
  float total = 0;
  for (float count : one[0].spikes.dense())
    total += count;
  EXPECT_GT(total, 0) << "an input every 4 ms must make the neuron spike";
  // Records: 4 states x 200 steps; imem never falls below Io.
  ASSERT_EQ(one[0].records.size(), 4u * 200u);
  for (int t = 0; t < 200; ++t)
    EXPECT_GE(one[0].records[t], 5e-13f);
}

TEST_F(SimulatorTest, AKnownBatchCompilesTheKernelItTakes) {
  auto module = parse(kNetwork);
  ASSERT_TRUE(module);
  constexpr int kBatches = 9, kSteps = 100;
  std::vector<float> batches(kBatches * kSteps, 0.0f);
  for (int b = 0; b < kBatches; ++b)
    for (int t = b; t < kSteps; t += 3 + b)
      batches[b * kSteps + t] = 1;
  auto both = sim::Simulator::compile(*module, {});
  ASSERT_TRUE(bool(both)) << llvm::toString(both.takeError());
  int64_t lanes = (*both)->sampleLanes();
  if (lanes == 1)
    GTEST_SKIP() << "no sample lanes on this host";
  auto expected = (*both)->runBatches(batches, kBatches, kSteps, true, 1);
  // Fewer samples than half the lanes: neuron lanes alone; from half the
  // lanes up, sample lanes alone.
  for (int64_t batch : {int64_t(1), lanes / 2 - 1, lanes / 2, lanes}) {
    auto simulator = sim::Simulator::compile(*module, {}, batch);
    ASSERT_TRUE(bool(simulator)) << llvm::toString(simulator.takeError());
    EXPECT_EQ((*simulator)->sampleLanes(), 2 * batch < lanes ? 1 : lanes)
        << batch;
    // Any batch still runs, with the same results.
    auto traces = (*simulator)->runBatches(batches, kBatches, kSteps, true, 1);
    // Without records, short runs of one element go through reused
    // buffers (runGroup): the same spikes.
    auto plain = (*simulator)->runBatches(batches, kBatches, kSteps, false, 1);
    for (size_t b = 0; b < kBatches; ++b) {
      EXPECT_EQ(traces[b].spikes, expected[b].spikes) << batch << " " << b;
      EXPECT_EQ(traces[b].records, expected[b].records) << batch << " " << b;
      EXPECT_EQ(plain[b].spikes, expected[b].spikes) << batch << " " << b;
    }
  }
}

TEST_F(SimulatorTest, SilentInputKeepsTheRestingState) {
  auto module = parse(kNetwork);
  auto simulator = sim::Simulator::compile(*module, {});
  ASSERT_TRUE(bool(simulator));
  sim::Trace trace = (*simulator)->run(std::vector<float>(50, 0.0f), 50, true);
  EXPECT_TRUE(trace.spikes.events().empty());
  EXPECT_EQ(trace.spikes.steps(), 50);
  EXPECT_EQ(trace.records[49], 5e-13f);          // imem = Io
  EXPECT_EQ(trace.records[50 + 49], 0.0f);       // vmem = 0
  EXPECT_EQ(trace.records[3 * 50 + 49], 5e-13f); // iahp = Io
}

TEST_F(SimulatorTest, MismatchIsReproducibleAndChangesTheNetwork) {
  auto module = parse(kNetwork);
  CompileOptions options;
  options.convertDynapseToSim.mismatch = 0.2;
  options.convertDynapseToSim.seed = 11;
  std::vector<float> input(300, 0.0f);
  for (int t = 0; t < 300; t += 3)
    input[t] = 1;
  auto run = [&](const CompileOptions &o) {
    auto simulator = sim::Simulator::compile(*module, o);
    EXPECT_TRUE(bool(simulator));
    return (*simulator)->run(input, 300, true).records;
  };
  EXPECT_EQ(run(options), run(options));
  EXPECT_NE(run(options), run({}));
}

TEST_F(SimulatorTest, UnknownModelIsAnError) {
  auto module = parse(kNetwork);
  CompileOptions options;
  options.convertDynapseToSim.model = "hodgkin-huxley";
  context.getDiagEngine().registerHandler([](mlir::Diagnostic &) {
    return mlir::success(); // keep the test's output quiet
  });
  auto simulator = sim::Simulator::compile(*module, options);
  ASSERT_FALSE(bool(simulator));
  llvm::consumeError(simulator.takeError());
}

} // namespace
