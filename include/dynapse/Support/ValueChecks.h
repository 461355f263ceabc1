//===- ValueChecks.h - range checks for user-supplied numbers ----*- C++ -*-===//
#ifndef DYNAPSE_SUPPORT_VALUECHECKS_H
#define DYNAPSE_SUPPORT_VALUECHECKS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace dynapse {

/// What a parameter's values must satisfy. NaN and infinities never do.
enum class ValueBound { Finite, NonNegative, Positive };

/// Index of the first value outside `range`, or -1 when all are inside.
int64_t findInvalidValue(llvm::ArrayRef<double> values, ValueBound range);
/// The same for floats (a test set's spike counts: millions), in one
/// branch-free pass over all that vectorises, and a search only where a
/// value is outside.
int64_t findInvalidValue(llvm::ArrayRef<float> values, ValueBound range);

/// Words for diagnostics: "finite", "finite and >= 0", "finite and > 0".
llvm::StringRef describe(ValueBound range);

/// The shortest decimal form of `value` that reads back as the same double.
std::string formatRoundTrip(double value);

} // namespace dynapse

#endif // DYNAPSE_SUPPORT_VALUECHECKS_H
