//===- RockpoolGoldenTest.cpp - conversion and merge against Rockpool -----===//
//
// Golden values from unittests/data/rockpool-reference-run.json (Rockpool
// run on the same networks): currents to a relative 1e-12, matrices exactly.
//
//===----------------------------------------------------------------------===//
#include "ReferenceData.h"

#include "dynapse/Conversion/Passes.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/Dynapse/IR/NeuronCurrents.h"
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h"
#include "dynapse/InitAllDialects.h"
#include "dynapse/Target/RockpoolSpec/RockpoolSpec.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/JSON.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

using namespace dynapse;
namespace json = llvm::json;

namespace {

const json::Object &section(llvm::StringRef group, llvm::StringRef name) {
  return *reference::referenceValue(group, name).getAsObject();
}

using reference::expectClose;
using reference::numbers;
using reference::rows;

std::string tensor(const std::vector<double> &values) {
  std::ostringstream out;
  out.precision(17);
  out << "dense<[";
  for (size_t i = 0; i < values.size(); ++i)
    out << (i ? ", " : "") << std::scientific << values[i];
  out << "]> : tensor<" << values.size() << "xf64>";
  return out.str();
}

/// (pre, post) rows as an NIR (out, in) weight attribute.
std::string nirWeight(const std::vector<std::vector<double>> &prePost) {
  size_t pre = prePost.size(), post = prePost.front().size();
  std::ostringstream out;
  out.precision(17);
  out << "dense<[";
  for (size_t o = 0; o < post; ++o) {
    out << (o ? ", [" : "[");
    for (size_t i = 0; i < pre; ++i)
      out << (i ? ", " : "") << std::scientific << prePost[i][o];
    out << "]";
  }
  out << "]> : tensor<" << post << "x" << pre << "xf64>";
  return out.str();
}

std::string cubaLif(const std::string &operands, size_t size,
                    const std::vector<double> &tauMem,
                    const std::vector<double> &tauSyn,
                    const std::vector<double> &threshold) {
  std::string type = "tensor<" + std::to_string(size) + "xf64>";
  return "snn.cuba_lif(" + operands + ") {tau_mem = " + tensor(tauMem) +
         ", tau_syn = " + tensor(tauSyn) + ", v_threshold = " +
         tensor(threshold) +
         ", r = dense<1.0> : tensor<f64>, w_in = dense<1.0> : tensor<f64>, "
         "v_leak = dense<0.0> : tensor<f64>, v_reset = dense<0.0> : "
         "tensor<f64>} : (" +
         type + (operands.find(',') != std::string::npos ? ", " + type : "") +
         ") -> " + type;
}

class Pipeline {
public:
  Pipeline() {
    registerAllDialects(registry);
    context = std::make_unique<mlir::MLIRContext>(registry);
  }

  /// Parses `source`, converts with `options` under conversion=rockpool
  /// (these are Rockpool's numbers) and, if asked, merges.
  mlir::OwningOpRef<mlir::ModuleOp>
  run(const std::string &source, const ConvertSNNToDynapseOptions &options,
      bool merge) {
    auto module = mlir::parseSourceString<mlir::ModuleOp>(source, context.get());
    EXPECT_TRUE(module) << source;
    if (!module)
      return nullptr;
    mlir::PassManager pm(context.get());
    ConvertSNNToDynapseOptions rockpool = options;
    rockpool.conversion = "rockpool";
    pm.addPass(createConvertSNNToDynapse(rockpool));
    if (merge)
      pm.addNestedPass<NetworkOp>(createDynapseMerge());
    EXPECT_TRUE(mlir::succeeded(pm.run(*module)));
    return module;
  }

  json::Object spec(mlir::ModuleOp module) {
    std::string text;
    llvm::raw_string_ostream out(text);
    EXPECT_TRUE(mlir::succeeded(rockpool::exportSpec(module, out)));
    auto parsed = json::parse(text);
    EXPECT_TRUE(static_cast<bool>(parsed));
    return std::move(*parsed->getAsObject());
  }

private:
  mlir::DialectRegistry registry;
  std::unique_ptr<mlir::MLIRContext> context;
};

/// A1/A1b: an identity Affine carrying the bias into one CubaLIF layer.
std::string singleLayer(const json::Object &input) {
  std::vector<double> tauMem = numbers(input.get("tau_mem"));
  size_t n = tauMem.size();
  std::vector<std::vector<double>> identity(n, std::vector<double>(n, 0.0));
  for (size_t i = 0; i < n; ++i)
    identity[i][i] = 1.0;
  std::string type = "tensor<" + std::to_string(n) + "xf64>";
  std::ostringstream dt;
  dt.precision(17);
  dt << std::scientific << *input.getNumber("dt");
  return "snn.graph @a1(%in: " + type + ") -> " + type +
         " attributes {dt = " + dt.str() + " : f64} {\n"
         "  %x = snn.affine(%in) {weight = " + nirWeight(identity) +
         ", bias = " + tensor(numbers(input.get("bias"))) + "} : (" + type +
         ") -> " + type + "\n  %h = " +
         cubaLif("%x", n, tauMem, numbers(input.get("tau_syn")),
                 numbers(input.get("threshold"))) +
         "\n  snn.output %h : " + type + "\n}\n";
}

void expectCurrents(mlir::ModuleOp module, const json::Object &expected) {
  PopulationOp population;
  module.walk([&](PopulationOp op) { population = op; });
  ASSERT_TRUE(population);
  NeuronCurrents currents = NeuronCurrents::fromOp(population);
  for (llvm::StringRef name : currentAttrNames()) {
    auto full = currents.getFull(name);
    ASSERT_TRUE(static_cast<bool>(full));
    expectClose(*full, numbers(expected.get(name)), name);
  }
}

} // namespace

TEST(RockpoolGolden, A1ConvertWithDefaults) {
  const json::Object &a1 = section("A", "A1_convert_from_defaults");
  Pipeline pipeline;
  auto module = pipeline.run(singleLayer(*a1.getObject("input")), {}, false);
  ASSERT_TRUE(module);
  expectCurrents(*module, *a1.getObject("currents"));
  PopulationOp population;
  module->walk([&](PopulationOp op) { population = op; });
  EXPECT_EQ(population.getIscale().convertToDouble(), *a1.getNumber("Iscale"));
  EXPECT_EQ(population.getDt().convertToDouble(), *a1.getNumber("dt"));
}

TEST(RockpoolGolden, A1bConvertWithCustomArguments) {
  const json::Object &a1b = section("A", "A1b_convert_from_custom_args");
  const json::Object &args = *a1b.getObject("input")->getObject("args");
  ConvertSNNToDynapseOptions options;
  options.rGainMem = *args.getNumber("r_gain_mem");
  options.rGainSyn = *args.getNumber("r_gain_syn");
  options.tPulse = *args.getNumber("t_pulse");
  options.tRef = *args.getNumber("t_ref");
  options.cPulse = *args.getNumber("C_pulse");
  options.cRef = *args.getNumber("C_ref");
  options.cMem = *args.getNumber("C_mem");
  options.cSyn = *args.getNumber("C_syn");
  options.iscale = *args.getNumber("Iscale");
  Pipeline pipeline;
  auto module =
      pipeline.run(singleLayer(*a1b.getObject("input")), options, false);
  ASSERT_TRUE(module);
  expectCurrents(*module, *a1b.getObject("currents"));
}

TEST(RockpoolGolden, A2MapperOnLinearLif) {
  const json::Object &a2 = section("A", "A2_mapper_linear_lif");
  const json::Object &a1 = *section("A", "A1_convert_from_defaults").getObject("input");
  auto weightsIn = rows(a2.get("weights_in"));
  auto weightsRec = rows(a2.get("weights_rec"));
  // The bias reaches the layer through the input Affine.
  std::string source = "snn.graph @a2(%in: tensor<3xf64>) -> tensor<5xf64> {\n"
           "  %x = snn.affine(%in) {weight = " + nirWeight(weightsIn) +
           ", bias = " + tensor(numbers(a1.get("bias"))) +
           "} : (tensor<3xf64>) -> tensor<5xf64>\n"
           "  %h = " +
           cubaLif("%x, %r", 5, numbers(a1.get("tau_mem")),
                   numbers(a1.get("tau_syn")), numbers(a1.get("threshold"))) +
           "\n  %r = snn.linear(%h) {weight = " + nirWeight(weightsRec) +
           "} : (tensor<5xf64>) -> tensor<5xf64>\n"
           "  snn.output %h : tensor<5xf64>\n}\n";
  Pipeline pipeline;
  auto module = pipeline.run(source, {}, true);
  ASSERT_TRUE(module);
  json::Object spec = pipeline.spec(*module);
  EXPECT_EQ(rows(spec.get("weights_in")), weightsIn);
  EXPECT_EQ(rows(spec.get("weights_rec")), weightsRec);
  EXPECT_EQ(*spec.getNumber("Iscale"), *a2.getNumber("Iscale"));
  EXPECT_EQ(*spec.getInteger("n_cluster"), *a2.getInteger("n_cluster"));
  EXPECT_EQ(*spec.getInteger("n_neuron"), *a2.getInteger("n_neuron"));
  EXPECT_EQ(numbers(spec.get("core_map")), numbers(a2.get("core_map")));
  const json::Object &unclustered = *a2.getObject("unclustered");
  const json::Object &clustered = *a2.getObject("clustered");
  for (llvm::StringRef name : currentAttrNames()) {
    expectClose(numbers(spec.getObject("unclustered")->get(name)),
                numbers(unclustered.get(name)), ("unclustered " + name).str());
    expectClose(numbers(spec.get(name)), numbers(clustered.get(name)),
                ("clustered " + name).str());
  }
}

TEST(RockpoolGolden, A3MultiLayerBlockPlacement) {
  const json::Object &a3 = section("A", "A3_multilayer_placement");
  auto weightsIn = rows(a3.get("weights_in"));
  auto weightsRec = rows(a3.get("weights_rec"));
  auto block = [](const std::vector<std::vector<double>> &m, size_t r0,
                  size_t r1, size_t c0, size_t c1) {
    std::vector<std::vector<double>> result;
    for (size_t r = r0; r < r1; ++r)
      result.emplace_back(m[r].begin() + c0, m[r].begin() + c1);
    return result;
  };
  std::string source =
      "snn.graph @a3(%in: tensor<3xf64>) -> tensor<2xf64> {\n"
      "  %w0 = snn.linear(%in) {weight = " + nirWeight(block(weightsIn, 0, 3, 0, 4)) +
      "} : (tensor<3xf64>) -> tensor<4xf64>\n"
      "  %l1 = " + cubaLif("%w0, %r1", 4, {0.02, 0.02, 0.02, 0.02},
                           {0.01, 0.01, 0.01, 0.01}, {1, 1, 1, 1}) +
      "\n  %r1 = snn.linear(%l1) {weight = " +
      nirWeight(block(weightsRec, 0, 4, 0, 4)) +
      "} : (tensor<4xf64>) -> tensor<4xf64>\n"
      "  %w2 = snn.linear(%l1) {weight = " +
      nirWeight(block(weightsRec, 0, 4, 4, 6)) +
      "} : (tensor<4xf64>) -> tensor<2xf64>\n"
      "  %l3 = " + cubaLif("%w2, %r3", 2, {0.04, 0.04}, {0.01, 0.01}, {2, 2}) +
      "\n  %r3 = snn.linear(%l3) {weight = " +
      nirWeight(block(weightsRec, 4, 6, 4, 6)) +
      "} : (tensor<2xf64>) -> tensor<2xf64>\n"
      "  snn.output %l3 : tensor<2xf64>\n}\n";
  Pipeline pipeline;
  auto module = pipeline.run(source, {}, true);
  ASSERT_TRUE(module);
  json::Object spec = pipeline.spec(*module);
  EXPECT_EQ(rows(spec.get("weights_in")), weightsIn);
  EXPECT_EQ(rows(spec.get("weights_rec")), weightsRec);
  expectClose(numbers(spec.getObject("unclustered")->get("Itau_mem")),
              numbers(a3.get("unclustered_Itau_mem")), "Itau_mem");
  expectClose(numbers(spec.getObject("unclustered")->get("Ispkthr")),
              numbers(a3.get("unclustered_Ispkthr")), "Ispkthr");
  expectClose(numbers(spec.get("Itau_mem")),
              numbers(a3.get("clustered_Itau_mem_mean")), "mean Itau_mem");
}
