//===- ReferenceData.cpp - Rockpool's reference run for unit tests --------===//
#include "ReferenceData.h"

#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <cmath>

namespace json = llvm::json;

const json::Object &dynapse::reference::referenceRoot() {
  static json::Value root = [] {
    auto buffer = llvm::MemoryBuffer::getFile(
        DYNAPSE_SHARED_DIR "/reference/rockpool-reference-run.json");
    if (!buffer)
      return json::Value(json::Object());
    auto parsed = json::parse((*buffer)->getBuffer());
    return parsed ? std::move(*parsed) : json::Value(json::Object());
  }();
  return *root.getAsObject();
}

const json::Value &dynapse::reference::referenceValue(llvm::StringRef group,
                                                    llvm::StringRef name) {
  return *referenceRoot().getObject(group)->get(name);
}

std::vector<double> dynapse::reference::numbers(const json::Value *value) {
  std::vector<double> result;
  for (const json::Value &element : *value->getAsArray())
    result.push_back(*element.getAsNumber());
  return result;
}

std::vector<std::vector<double>>
dynapse::reference::rows(const json::Value *value) {
  std::vector<std::vector<double>> result;
  for (const json::Value &row : *value->getAsArray())
    result.push_back(numbers(&row));
  return result;
}

void dynapse::reference::expectClose(const std::vector<double> &actual,
                                   const std::vector<double> &expected,
                                   llvm::StringRef what, double tolerance) {
  ASSERT_EQ(actual.size(), expected.size()) << what.str();
  for (size_t i = 0; i < actual.size(); ++i) {
    if (expected[i] == 0.0) {
      EXPECT_EQ(actual[i], 0.0) << what.str() << "[" << i << "]";
      continue;
    }
    EXPECT_LE(std::fabs(actual[i] - expected[i]),
              tolerance * std::fabs(expected[i]))
        << what.str() << "[" << i << "]: " << actual[i] << " vs "
        << expected[i];
  }
}
