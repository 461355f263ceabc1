//===- PropertyTest.cpp - random networks through the whole pipeline ------===//
//
// For random networks up to a full board: after the deploy pipeline, the
// image decodes to a network that re-encodes to the same bytes and carries
// the same quantised masks, dendrites (signs), bias codes and routing; no
// CAM, SRAM or tag limit is exceeded. Networks beyond the board's limits are
// rejected with a diagnostic naming the limit.
//
//===----------------------------------------------------------------------===//
#include "dynapse/Conversion/Passes.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/InitAllDialects.h"
#include "dynapse/Pipeline/Pipeline.h"
#include "dynapse/Target/Image/Image.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

using namespace mlir;
using namespace dynapse;

namespace {

/// A network of `neurons` neurons and `inputs` channels, each neuron with
/// `fanIn` distinct random sources and weights in [-1, 3). With a `window`,
/// neuron sources lie in the target's block of `window` neurons (a chip holds
/// 1024, and every source reaching a chip needs one of its 2048 tags).
std::string randomNetwork(unsigned neurons, unsigned inputs, unsigned fanIn,
                          unsigned seed, unsigned window = 0) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<double> weight(-1.0, 3.0);
  std::string in, rec, inValues, recValues;
  for (unsigned target = 0; target < neurons; ++target) {
    std::set<unsigned> sources;
    unsigned first = window ? target / window * window : 0;
    unsigned pool = window ? std::min(window, neurons - first) : neurons;
    while (sources.size() < std::min(fanIn, pool + inputs)) {
      unsigned pick = engine() % (pool + inputs);
      sources.insert(pick < pool ? first + pick : neurons + (pick - pool));
    }
    for (unsigned source : sources) {
      bool fromInput = source >= neurons;
      std::string &indices = fromInput ? in : rec;
      std::string &values = fromInput ? inValues : recValues;
      if (!indices.empty())
        indices += ", ", values += ", ";
      indices += "[" + std::to_string(fromInput ? source - neurons : source) +
                 ", " + std::to_string(target) + "]";
      values += llvm::formatv("{0:e}", weight(engine)).str();
    }
  }
  std::string n = std::to_string(neurons), nin = std::to_string(inputs);
  auto matrix = [&](const std::string &indices, const std::string &values,
                    const std::string &rows) {
    std::string type = "tensor<" + rows + "x" + n + "xf64>";
    if (indices.empty())
      return "dense<0.0> : " + type;
    return "sparse<[" + indices + "], [" + values + "]> : " + type;
  };
  return llvm::formatv(R"mlir(
dynapse.network @random {{
  %in = dynapse.input : !dynapse.spikes<{1}>
  %wi = dynapse.weights %in {{weights = {2}} : !dynapse.spikes<{1}> -> !dynapse.synaptic<{0}>
  %p = dynapse.population(%wi, %wr) {{Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 1.0e-8>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 1.0e-10>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : (!dynapse.synaptic<{0}>, !dynapse.synaptic<{0}>) -> !dynapse.spikes<{0}>
  %wr = dynapse.weights %p {{weights = {3}} : !dynapse.spikes<{0}> -> !dynapse.synaptic<{0}>
}
)mlir",
                       n, nin, matrix(in, inValues, nin), matrix(rec, recValues, n))
      .str();
}

class PropertyTest : public ::testing::Test {
public:
  PropertyTest() {
    DialectRegistry registry;
    registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    context.getDiagEngine().registerHandler([this](Diagnostic &diagnostic) {
      if (diagnostic.getSeverity() == DiagnosticSeverity::Error)
        errors += diagnostic.str() + "\n";
      return success();
    });
  }
  /// Parses and deploys; null (with `errors` set) when the pipeline fails.
  OwningOpRef<ModuleOp> deploy(const std::string &source,
                               const CompileOptions &options = {}) {
    auto module = parseSourceString<ModuleOp>(source, &context);
    EXPECT_TRUE(module) << errors;
    if (!module)
      return nullptr;
    PassManager pm(&context);
    buildDeployPipeline(pm, options);
    if (failed(pm.run(*module)))
      return nullptr;
    return module;
  }
  static std::string image(ModuleOp module) {
    std::string bytes;
    llvm::raw_string_ostream os(bytes);
    EXPECT_TRUE(succeeded(image::emitImage(module, os)));
    return bytes;
  }
  MLIRContext context;
  std::string errors;
};

/// The neuron ops of `module` by (chip, core, slot).
std::map<std::tuple<int64_t, int64_t, int64_t>, NeuronOp> neuronsOf(ModuleOp module) {
  std::map<std::tuple<int64_t, int64_t, int64_t>, NeuronOp> result;
  module.walk([&](NeuronOp op) {
    result[{op.getChip(), op.getCore(), op.getSlot()}] = op;
  });
  return result;
}

void checkRoundTripAndLimits(ModuleOp deployed) {
  std::string bytes = PropertyTest::image(deployed);
  auto decoded = image::importImage(bytes, "random.dse2", deployed.getContext());
  ASSERT_TRUE(decoded);
  EXPECT_EQ(PropertyTest::image(*decoded), bytes) << "image -> IR -> image";
  auto before = neuronsOf(deployed), after = neuronsOf(*decoded);
  ASSERT_EQ(before.size(), after.size());
  for (auto &[place, neuron] : before) {
    NeuronOp other = after.at(place);
    // CAM entries hold the quantised mask and the dendrite (the sign).
    EXPECT_EQ(neuron.getCam(), other.getCam());
    EXPECT_EQ(neuron.getSram(), other.getSram());
    EXPECT_LE(neuron.getCam().size(), 64u);
    EXPECT_LE(neuron.getSram().size(), 4u);
    for (auto cam : neuron.getCam().getAsRange<CamAttr>())
      EXPECT_LT(cam.getTag(), 2048u);
    for (auto sram : neuron.getSram().getAsRange<SramAttr>())
      EXPECT_LT(sram.getTag(), 2048u);
  }
  std::map<int64_t, ArrayAttr> biases;
  deployed.walk([&](CoreOp core) { biases[core.getIndexAttr().getInt()] = *core.getBiases(); });
  decoded->walk([&](CoreOp core) {
    EXPECT_EQ(*core.getBiases(), biases.at(core.getIndexAttr().getInt()));
  });
}

TEST_F(PropertyTest, RandomNetworksRoundTripWithinLimits) {
  struct Case { unsigned neurons, inputs, fanIn, seed, window; };
  for (Case c : {Case{1, 1, 1, 1, 0}, Case{17, 3, 5, 2, 0}, Case{300, 16, 64, 3, 0},
                 Case{1000, 64, 40, 4, 0}, Case{4096, 32, 64, 5, 1024},
                 Case{2500, 8, 16, 6, 256}}) {
    SCOPED_TRACE(testing::Message() << c.neurons << " neurons, fan-in " << c.fanIn);
    errors.clear();
    auto deployed =
        deploy(randomNetwork(c.neurons, c.inputs, c.fanIn, c.seed, c.window));
    ASSERT_TRUE(deployed) << errors;
    checkRoundTripAndLimits(*deployed);
  }
}

TEST_F(PropertyTest, BeyondTheBoardIsADiagnostic) {
  EXPECT_FALSE(deploy(randomNetwork(4097, 4, 2, 6)));
  EXPECT_NE(errors.find("4097 neurons need at least 17 cores of 256, but only 16 "
                        "are available"),
            std::string::npos)
      << errors;
  errors.clear();
  CompileOptions strict;
  strict.dynapseAllocate.strict = true;
  EXPECT_FALSE(deploy(randomNetwork(200, 16, 80, 7), strict));
  EXPECT_NE(errors.find("but a neuron has 64 CAM entries"), std::string::npos)
      << errors;
  // Without --strict the weakest synapses go, within the limits.
  errors.clear();
  auto pruned = deploy(randomNetwork(200, 16, 80, 7));
  ASSERT_TRUE(pruned) << errors;
  checkRoundTripAndLimits(*pruned);
  errors.clear();
  EXPECT_FALSE(deploy(randomNetwork(4096, 64, 64, 8)));
  EXPECT_NE(errors.find("tags exhausted"), std::string::npos) << errors;
}

} // namespace
