//===- Numerics.h - sums and means in NumPy's order --------------*- C++ -*-===//
#ifndef DYNAPSE_SUPPORT_NUMERICS_H
#define DYNAPSE_SUPPORT_NUMERICS_H

#include "llvm/ADT/ArrayRef.h"

namespace dynapse {

/// The mean of `values` summed as numpy.add.reduce does (first element, then
/// the rest by NumPy's pairwise summation), so cluster means agree with
/// Rockpool's to the last bit. Zero for an empty list.
double numpyMean(llvm::ArrayRef<double> values);

} // namespace dynapse

#endif // DYNAPSE_SUPPORT_NUMERICS_H
