//===- ValueChecks.cpp - range checks for user-supplied numbers -----------===//
#include "dynapse/Support/ValueChecks.h"

#include <cstdio>
#include <cstdlib>
#include <limits>

using namespace dynapse;

/// Whether `value` is inside `Range`, without a branch (NaN compares false).
template <ValueBound Range, typename T> static unsigned isInside(T value) {
  constexpr T largest = std::numeric_limits<T>::max();
  unsigned finite = unsigned(value >= -largest) & unsigned(value <= largest);
  if constexpr (Range == ValueBound::NonNegative)
    return finite & unsigned(value >= 0);
  if constexpr (Range == ValueBound::Positive)
    return finite & unsigned(value > 0);
  return finite;
}

template <ValueBound Range, typename T>
static int64_t findOutside(llvm::ArrayRef<T> values) {
  // One pass with an unsigned accumulator (which vectorises; a bool or an
  // early exit would not), then the search only where it failed.
  unsigned allInside = 1;
  for (T value : values)
    allInside &= isInside<Range>(value);
  if (allInside)
    return -1;
  for (auto [index, value] : llvm::enumerate(values))
    if (!isInside<Range>(value))
      return static_cast<int64_t>(index);
  return -1;
}

template <typename T>
static int64_t findOutside(llvm::ArrayRef<T> values, ValueBound range) {
  switch (range) {
  case ValueBound::Finite:
    return findOutside<ValueBound::Finite>(values);
  case ValueBound::NonNegative:
    return findOutside<ValueBound::NonNegative>(values);
  case ValueBound::Positive:
    return findOutside<ValueBound::Positive>(values);
  }
  return -1;
}

int64_t dynapse::findInvalidValue(llvm::ArrayRef<double> values,
                                  ValueBound range) {
  return findOutside(values, range);
}

int64_t dynapse::findInvalidValue(llvm::ArrayRef<float> values,
                                  ValueBound range) {
  return findOutside(values, range);
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
