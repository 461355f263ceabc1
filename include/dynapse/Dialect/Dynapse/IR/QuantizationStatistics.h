//===- QuantizationStatistics.h - what the quantizer leaves on a core -*- C++ -*-===//
//
// --dynapse-quantize-weights (and the Rockpool spec importer) record on each
// `dynapse.core` how well its weights were reconstructed; the report and the
// spec exporter read them. The attribute names are defined here once.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_DIALECT_DYNAPSE_IR_QUANTIZATIONSTATISTICS_H
#define DYNAPSE_DIALECT_DYNAPSE_IR_QUANTIZATIONSTATISTICS_H

#include "llvm/ADT/StringRef.h"

namespace dynapse::stats {

/// Mean squared reconstruction error of the core's weights (units of weight).
inline constexpr llvm::StringLiteral kWeightMSE = "dynapse.weight_mse";
/// Largest reconstruction error of one weight (units of weight).
inline constexpr llvm::StringLiteral kWeightMaxError = "dynapse.weight_max_error";
/// Non-zero weights given the empty mask.
inline constexpr llvm::StringLiteral kDropped = "dynapse.dropped";

} // namespace dynapse::stats

#endif // DYNAPSE_DIALECT_DYNAPSE_IR_QUANTIZATIONSTATISTICS_H
