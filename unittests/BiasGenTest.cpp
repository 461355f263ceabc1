//===- BiasGenTest.cpp - bias-generator codes against Rockpool ------------===//
#include "ReferenceData.h"

#include "dynapse/Dialect/Dynapse/IR/BiasGen.h"
#include "dynapse/Dialect/Dynapse/IR/Hardware.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace dynapse;
using namespace dynapse::biasgen;
namespace json = llvm::json;

namespace {
TransistorType type(llvm::StringRef name) {
  return name == "N" ? TransistorType::N : TransistorType::P;
}
Code code(const json::Value *pair) {
  std::vector<double> values = reference::numbers(pair);
  return {unsigned(values[0]), unsigned(values[1])};
}
} // namespace

TEST(BiasGen, B1TableSamplesAreTheMeasuredValues) {
  const json::Object &samples =
      *reference::referenceValue("B", "B1_table_samples").getAsObject();
  unsigned checked = 0;
  for (const auto &[kind, coarses] : samples)
    for (const auto &[coarse, fines] : *coarses.getAsObject())
      for (const auto &[fine, value] : *fines.getAsObject()) {
        Code c{unsigned(std::stoi(coarse.str())), unsigned(std::stoi(fine.str()))};
        EXPECT_EQ(tableCurrent(type(kind), c), *value.getAsNumber())
            << kind.str() << coarse.str() << " fine " << fine.str();
        ++checked;
      }
  EXPECT_GT(checked, 100u);
}

TEST(BiasGen, B1TableDropsAtSegmentBoundaries) {
  for (TransistorType kind : {TransistorType::N, TransistorType::P})
    for (unsigned coarse = 0; coarse < 6; ++coarse) {
      std::vector<unsigned> drops;
      for (unsigned fine = 1; fine < 256; ++fine)
        if (tableCurrent(kind, {coarse, fine}) <
            tableCurrent(kind, {coarse, fine - 1}))
          drops.push_back(fine);
      EXPECT_EQ(drops, (std::vector<unsigned>{32, 64, 96, 128, 160, 192, 224}));
    }
}

TEST(BiasGen, B1ScaleFactorsAndNames) {
  const json::Object &factors =
      *reference::referenceValue("B", "B1_scale_factors_used").getAsObject();
  for (const auto &[name, factor] : factors)
    EXPECT_EQ(scaleFactor(name), factor.getAsNumber()) << name.str();
  EXPECT_EQ(scaleFactor("NOT_A_PARAMETER"), std::nullopt);
  const json::Object &mapping =
      *reference::referenceValue("B", "B1_sim2device").getAsObject();
  for (const auto &[current, parameter] : currentToParameter())
    EXPECT_EQ(mapping.getString(current), parameter) << current.str();
  EXPECT_EQ(currentToParameter().size(), mapping.size());
}

TEST(BiasGen, B2NearestCodeSearchIsExact) {
  for (const json::Value &row :
       *reference::referenceValue("B", "B2_analog_to_digital_unscaled").getAsArray()) {
    const json::Object &sample = *row.getAsObject();
    double current = *sample.getNumber("I");
    for (llvm::StringRef kind : {"N", "P"}) {
      Code expected = code(sample.get(kind));
      Code actual = currentToCode(current, 1.0, type(kind));
      EXPECT_TRUE(actual == expected)
          << current << " " << kind.str() << ": (" << actual.coarse << ", "
          << actual.fine << ") vs (" << expected.coarse << ", "
          << expected.fine << ")";
      EXPECT_EQ(codeToCurrent(actual, 1.0, type(kind)),
                *sample.getNumber((kind + "_back").str()));
    }
  }
}

TEST(BiasGen, B3SpecCurrentsToDeviceParameters) {
  for (const json::Value &row :
       *reference::referenceValue("B", "B3_spec_currents_to_device_params").getAsArray()) {
    const json::Object &sample = *row.getAsObject();
    llvm::StringRef device = *sample.getString("device");
    Code actual = parameterCode(device, *sample.getNumber("I"));
    EXPECT_EQ(actual.coarse, *sample.getInteger("coarse")) << device.str();
    EXPECT_EQ(actual.fine, *sample.getInteger("fine")) << device.str();
    EXPECT_EQ(parameterCurrent(device, actual), *sample.getNumber("I_back"))
        << device.str();
  }
}

TEST(BiasGen, B4DefaultCurrentsExport) {
  const json::Object &currents =
      *reference::referenceValue("B", "B4_DynapSimCore_default_currents").getAsObject();
  const json::Object &expected =
      *reference::referenceValue("B", "B4_default_export").getAsObject();
  for (const auto &[current, parameter] : currentToParameter()) {
    Code actual = parameterCode(parameter, *currents.getNumber(current));
    EXPECT_TRUE(actual == code(expected.get(parameter)))
        << parameter.str() << ": (" << actual.coarse << ", " << actual.fine
        << ")";
  }
}

TEST(BiasGen, EveryCodeRoundTrips) {
  for (unsigned coarse = 0; coarse < 6; ++coarse)
    for (unsigned fine = 0; fine < 256; ++fine) {
      Code original{coarse, fine};
      Code back = currentToCode(codeToCurrent(original, 1.0, TransistorType::N),
                                1.0, TransistorType::N);
      EXPECT_TRUE(back == original) << coarse << ", " << fine;
    }
}

TEST(BiasGen, LogSpacedCurrentsAreAccurate) {
  // Spec 5.3: 1000 currents from 1e-13 to 1e-5, clipped ends excluded: mean
  // relative error < 1 %, maximum < 15 %.
  double sum = 0, worst = 0;
  unsigned counted = 0;
  for (unsigned i = 0; i < 1000; ++i) {
    double current = std::pow(10.0, -13.0 + 8.0 * i / 999.0);
    Code c = currentToCode(current, 1.0, TransistorType::N);
    if ((c.coarse == 0 && c.fine == 0) || (c.coarse == 5 && c.fine == 255))
      continue;
    double error =
        std::fabs(codeToCurrent(c, 1.0, TransistorType::N) - current) / current;
    sum += error;
    worst = std::max(worst, error);
    ++counted;
  }
  EXPECT_GT(counted, 800u);
  EXPECT_LT(sum / counted, 0.01);
  EXPECT_LT(worst, 0.15);
}
