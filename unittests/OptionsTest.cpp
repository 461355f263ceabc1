//===- OptionsTest.cpp - the option table and setOption -------------------===//
#include "dynapse/Pipeline/Options.h"

#include "dynapse/Conversion/DynapseToSim/Models.h"

#include "llvm/ADT/STLExtras.h"

#include <gtest/gtest.h>

using namespace dynapse;

namespace {

std::string errorOf(llvm::Error error) {
  return error ? llvm::toString(std::move(error)) : "";
}

TEST(Options, TableListsEveryPassOptionWithItsDefault) {
  auto table = optionTable();
  auto row = llvm::find_if(table, [](const OptionInfo &info) {
    return info.frontDoor == "weight-seed";
  });
  ASSERT_NE(row, table.end());
  EXPECT_EQ(row->group, "dynapse-quantize-weights");
  EXPECT_EQ(row->argument, "seed");
  EXPECT_EQ(row->defaultValue, "0");
  EXPECT_FALSE(row->help.empty());
  for (const OptionInfo &info : table)
    EXPECT_FALSE(info.help.empty()) << info.frontDoor.str();
}

// The model registry (Models.cpp) and the --model option's values
// (Passes.td) name the same models in the same order.
TEST(Options, ModelValuesAreTheRegistrysModels) {
  auto table = optionTable();
  auto row = llvm::find_if(table, [](const OptionInfo &info) {
    return info.group == "convert-dynapse-to-sim" && info.argument == "model";
  });
  ASSERT_NE(row, table.end());
  std::vector<std::string> registry;
  for (const sim::ModelInfo &model : sim::models())
    registry.push_back(model.name.str());
  llvm::SmallVector<llvm::StringRef> values;
  row->values.split(values, '|');
  EXPECT_EQ(registry, std::vector<std::string>(values.begin(), values.end()));
  EXPECT_EQ(row->defaultValue, "\"se2\"");
  EXPECT_TRUE(sim::isReferenceModel(sim::kReferenceModel));
  EXPECT_EQ(sim::findModel("hh"), nullptr);
}

TEST(Options, DefaultsAreThePassDefaults) {
  CompileOptions options;
  EXPECT_EQ(options.convertSNNToDynapse.tRef, 1e-3);
  EXPECT_EQ(options.dynapseCluster.method, "parameter");
  EXPECT_EQ(options.dynapseAllocate.chipGrid, "2x2");
  EXPECT_EQ(options.convertDynapseToSim.model, "se2");
  EXPECT_EQ(options.convertSNNToDynapse.conversion, "fidelity");
  EXPECT_EQ(errorOf(verifyOptions(options)), "");
}

TEST(Options, OneNameSetsEveryPassThatHasIt) {
  CompileOptions options;
  ASSERT_EQ(errorOf(setOption(options, "chips", "2")), "");
  EXPECT_EQ(options.dynapseCluster.chips, 2u);
  EXPECT_EQ(options.dynapseAllocate.chips, 2u);
  ASSERT_EQ(errorOf(setOption(options, "keep_connections", "")), "");
  EXPECT_TRUE(options.dynapseQuantizeWeights.keepConnections);
}

TEST(Options, BadValuesAreRefusedNamingTheFlag) {
  CompileOptions options;
  EXPECT_EQ(errorOf(setOption(options, "t-ref", "-1")),
            "--t-ref must not be negative (got -1)");
  EXPECT_EQ(options.convertSNNToDynapse.tRef, 1e-3); // unchanged
  EXPECT_EQ(errorOf(setOption(options, "max-neurons-per-core", "300")),
            "--max-neurons-per-core must be in 1..256 (got 300)");
  EXPECT_EQ(errorOf(setOption(options, "model", "hh")),
            "--model must be one of dynapsim, se2, reference (got 'hh')");
  EXPECT_EQ(errorOf(setOption(options, "iscale", "1e-8x")),
            "--iscale expects a number, not '1e-8x'");
  EXPECT_EQ(errorOf(setOption(options, "no-such-option", "1")),
            "unknown option 'no-such-option'");
  options.dynapseCluster.method = "kmeans"; // set directly: verifyOptions sees it
  EXPECT_EQ(errorOf(verifyOptions(options)),
            "--method must be one of greedy, random, parameter (got 'kmeans')");
}

} // namespace
