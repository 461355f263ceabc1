//===- ReferenceData.cpp - Rockpool's reference run for unit tests --------===//
#include "ReferenceData.h"

#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <cmath>

namespace json = llvm::json;

namespace {
constexpr const char *kReferencePath =
    DYNAPSE_TEST_DATA_DIR "/rockpool-reference-run.json";
} // namespace

const json::Object &dynapse::reference::referenceRoot() {
  static json::Value root = [] {
    auto buffer = llvm::MemoryBuffer::getFile(kReferencePath);
    if (!buffer)
      return json::Value(json::Object());
    auto parsed = json::parse((*buffer)->getBuffer());
    if (!parsed) {
      llvm::consumeError(parsed.takeError());
      return json::Value(json::Object());
    }
    return parsed->getAsObject() ? std::move(*parsed) : json::Value(json::Object());
  }();
  return *root.getAsObject();
}

const json::Value &dynapse::reference::referenceValue(llvm::StringRef group,
                                                    llvm::StringRef name) {
  static const json::Value missing(nullptr);
  const json::Object *object = referenceRoot().getObject(group);
  const json::Value *value = object ? object->get(name) : nullptr;
  if (!value) {
    ADD_FAILURE() << "reference value " << group.str() << "." << name.str()
                  << " is missing: is " << kReferencePath
                  << " there and valid JSON?";
    return missing;
  }
  return *value;
}

std::vector<double> dynapse::reference::numbers(const json::Value *value) {
  std::vector<double> result;
  const json::Array *array = value ? value->getAsArray() : nullptr;
  if (!array) {
    ADD_FAILURE() << "reference value is not an array";
    return result;
  }
  for (const json::Value &element : *array) {
    std::optional<double> number = element.getAsNumber();
    if (!number) {
      ADD_FAILURE() << "reference array holds a non-number";
      return {};
    }
    result.push_back(*number);
  }
  return result;
}

std::vector<std::vector<double>>
dynapse::reference::rows(const json::Value *value) {
  std::vector<std::vector<double>> result;
  const json::Array *array = value ? value->getAsArray() : nullptr;
  if (!array) {
    ADD_FAILURE() << "reference value is not an array of rows";
    return result;
  }
  for (const json::Value &row : *array)
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
