//===- BiasGen.h - DYNAP-SE2 bias-generator codes and currents ---*- C++ -*-===//
//
// Every SE2 parameter is set by a bias generator as (coarse 0..5, fine 0..255)
// on an N or P transistor; the current it gives is the measured
// table[type][coarse][fine] times the parameter's scale factor (spec 5.1-5.3).
// The table is compiled in from data/*.csv.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_DIALECT_DYNAPSE_IR_BIASGEN_H
#define DYNAPSE_DIALECT_DYNAPSE_IR_BIASGEN_H

#include "dynapse/Dialect/Dynapse/IR/DynapseAttributes.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <utility>

namespace dynapse::biasgen {

struct Code {
  unsigned coarse = 0, fine = 0;
  bool operator==(const Code &other) const {
    return coarse == other.coarse && fine == other.fine;
  }
};

/// The measured current of a code, before the parameter's scale factor.
double tableCurrent(TransistorType type, Code code);

/// The scale factor of an SE2 parameter (56 are known), or nullopt.
std::optional<double> scaleFactor(llvm::StringRef parameter);

/// The transistor type of a parameter: the last letter of its name.
TransistorType typeOf(llvm::StringRef parameter);

/// digital_to_analog: table[type][coarse][fine] * scale.
double codeToCurrent(Code code, double scale, TransistorType type);

/// analog_to_digital: the code whose scaled current is nearest to `current`,
/// searched exactly as Rockpool does (per coarse the first fine with the
/// smallest error, then the coarse with the smallest error, lower coarse on a
/// tie). 0 A gives (0, 0); currents beyond the range saturate.
Code currentToCode(double current, double scale, TransistorType type);

/// The current parameter `name` gets from `code` (param_to_analog).
double parameterCurrent(llvm::StringRef name, Code code);
/// The code for parameter `name` nearest to `current` (analog_to_param).
Code parameterCode(llvm::StringRef name, double current);

/// The SE2 parameter each simulator current sets (spec 5.4): Igain_syn and
/// Itau_syn stand for all four synapse types, so they map to four names.
llvm::ArrayRef<std::pair<llvm::StringRef, llvm::StringRef>> currentToParameter();

} // namespace dynapse::biasgen

#endif // DYNAPSE_DIALECT_DYNAPSE_IR_BIASGEN_H
