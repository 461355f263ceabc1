#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/Dynapse/IR/NeuronCurrents.h"
#include "dynapse/InitAllDialects.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace dynapse;

namespace {

NeuronCurrents makeCurrents(std::string name, unsigned size, double iscale,
                            double dt) {
  NeuronCurrents currents;
  currents.name = std::move(name);
  currents.size = size;
  currents.iscale = iscale;
  currents.dt = dt;
  for (auto &values : currents.values)
    values = {0.0};
  return currents;
}

std::string message(llvm::Error error) {
  return llvm::toString(std::move(error));
}

} // namespace

TEST(NeuronCurrents, AttrNamesHaveAFixedOrder) {
  std::vector<std::string> names(currentAttrNames().begin(),
                                 currentAttrNames().end());
  std::vector<std::string> expected = {
      "Idc",        "If_nmda", "Igain_ahp", "Igain_mem", "Igain_syn",
      "Ipulse_ahp", "Ipulse",  "Iref",      "Ispkthr",   "Itau_ahp",
      "Itau_mem",   "Itau_syn", "Iw_ahp"};
  EXPECT_EQ(names, expected);
  EXPECT_EQ(currentIndex("Itau_mem"), 10);
  EXPECT_EQ(currentIndex("Itau_ampa"), -1);
}

TEST(NeuronCurrents, GetFullBroadcastsScalars) {
  NeuronCurrents currents = makeCurrents("a", 3, 1e-8, 1e-3);
  currents.values[currentIndex("Ipulse")] = {3.5e-8};
  currents.values[currentIndex("Ispkthr")] = {1e-8, 1.5e-8, 8e-9};
  auto pulse = currents.getFull("Ipulse");
  ASSERT_TRUE(static_cast<bool>(pulse));
  EXPECT_EQ(*pulse, std::vector<double>(3, 3.5e-8));
  auto threshold = currents.getFull("Ispkthr");
  ASSERT_TRUE(static_cast<bool>(threshold));
  EXPECT_EQ(*threshold, (std::vector<double>{1e-8, 1.5e-8, 8e-9}));
}

TEST(NeuronCurrents, GetFullRejectsWrongLengthAndUnknownName) {
  NeuronCurrents currents = makeCurrents("a", 3, 1e-8, 1e-3);
  currents.values[currentIndex("Idc")] = {1.0, 2.0};
  auto wrong = currents.getFull("Idc");
  ASSERT_FALSE(static_cast<bool>(wrong));
  EXPECT_NE(message(wrong.takeError()).find("does not match the number of "
                                            "neurons (3)"),
            std::string::npos);
  auto unknown = currents.getFull("Ifoo");
  ASSERT_FALSE(static_cast<bool>(unknown));
  EXPECT_NE(message(unknown.takeError()).find("unknown current 'Ifoo'"),
            std::string::npos);
}

TEST(NeuronCurrents, MergeConcatenatesInOrder) {
  NeuronCurrents first = makeCurrents("l0", 2, 1e-8, 1e-3);
  NeuronCurrents second = makeCurrents("l1", 1, 1e-8, 1e-3);
  first.values[currentIndex("Itau_mem")] = {1e-12, 2e-12};
  second.values[currentIndex("Itau_mem")] = {3e-12};
  auto merged = NeuronCurrents::merge({first, second});
  ASSERT_TRUE(static_cast<bool>(merged));
  EXPECT_EQ(merged->size, 3u);
  EXPECT_EQ(merged->name, "__l0____l1__");
  EXPECT_EQ(merged->values[currentIndex("Itau_mem")],
            (std::vector<double>{1e-12, 2e-12, 3e-12}));
  EXPECT_EQ(merged->values[currentIndex("Idc")],
            (std::vector<double>{0.0, 0.0, 0.0}));
}

TEST(NeuronCurrents, MergeNamesThePopulationsThatDisagree) {
  auto empty = NeuronCurrents::merge({});
  ASSERT_FALSE(static_cast<bool>(empty));
  EXPECT_EQ(message(empty.takeError()), "the merge list is empty");

  auto iscale = NeuronCurrents::merge(
      {makeCurrents("l0", 1, 1e-8, 1e-3), makeCurrents("l1", 1, 2e-8, 1e-3)});
  ASSERT_FALSE(static_cast<bool>(iscale));
  std::string text = message(iscale.takeError());
  EXPECT_NE(text.find("Iscale differs between populations 'l0'"),
            std::string::npos);
  EXPECT_NE(text.find("'l1'"), std::string::npos);

  auto dt = NeuronCurrents::merge(
      {makeCurrents("l0", 1, 1e-8, 1e-3), makeCurrents("l1", 1, 1e-8, 1e-4)});
  ASSERT_FALSE(static_cast<bool>(dt));
  EXPECT_NE(message(dt.takeError()).find("dt differs"), std::string::npos);
}

TEST(NeuronCurrents, ReadsAndWritesPopulationOps) {
  mlir::DialectRegistry registry;
  registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  const char *source = R"mlir(
    dynapse.network @net {
      %p = dynapse.population() {name = "p", Idc = array<f64: 0.0>,
        If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>,
        Igain_mem = array<f64: 2.0e-11, 4.0e-11>, Igain_syn = array<f64: 0.0>,
        Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>,
        Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>,
        Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12, 1.0e-11>,
        Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>,
        Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<2>
    }
  )mlir";
  auto module = mlir::parseSourceString<mlir::ModuleOp>(source, &context);
  ASSERT_TRUE(module);
  PopulationOp population;
  module->walk([&](PopulationOp op) { population = op; });
  ASSERT_TRUE(population);

  NeuronCurrents currents = NeuronCurrents::fromOp(population);
  EXPECT_EQ(currents.name, "p");
  EXPECT_EQ(currents.size, 2u);
  EXPECT_EQ(currents.values[currentIndex("Itau_mem")],
            (std::vector<double>{5e-12, 1e-11}));
  EXPECT_EQ(currents.iscale, 1e-8);

  currents.values[currentIndex("Idc")] = {1e-9, 2e-9};
  currents.dt = 1e-4;
  currents.applyTo(population);
  EXPECT_EQ(population.getIdc(), (llvm::ArrayRef<double>{1e-9, 2e-9}));
  EXPECT_EQ(population.getDt().convertToDouble(), 1e-4);
  EXPECT_TRUE(mlir::succeeded(mlir::verify(population)));
}
