//===- ValueChecks.cpp - range checks for user-supplied numbers -----------===//
#include "dynapse/Support/ValueChecks.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace dynapse;

static bool isInside(double value, ValueBound range) {
  if (!std::isfinite(value))
    return false;
  switch (range) {
  case ValueBound::Finite:
    return true;
  case ValueBound::NonNegative:
    return value >= 0.0;
  case ValueBound::Positive:
    return value > 0.0;
  }
  return false;
}

int64_t dynapse::findInvalidValue(llvm::ArrayRef<double> values,
                                  ValueBound range) {
  for (auto [index, value] : llvm::enumerate(values))
    if (!isInside(value, range))
      return static_cast<int64_t>(index);
  return -1;
}

llvm::StringRef dynapse::describe(ValueBound range) {
  switch (range) {
  case ValueBound::Finite:
    return "finite";
  case ValueBound::NonNegative:
    return "finite and >= 0";
  case ValueBound::Positive:
    return "finite and > 0";
  }
  return "";
}

std::string dynapse::formatRoundTrip(double value) {
  char buffer[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value)
      break;
  }
  return buffer;
}
