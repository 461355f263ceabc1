//===- Hardware.h - DYNAP-SE2 architecture facts -----------------*- C++ -*-===//
//
// The numbers and names of the chip that the verifiers and passes use (Rockpool
// spec sections 5.4, 5.5 and 6.1).
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_DIALECT_DYNAPSE_IR_HARDWARE_H
#define DYNAPSE_DIALECT_DYNAPSE_IR_HARDWARE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace dynapse::hw {

constexpr unsigned kChipsPerBoard = 4;
constexpr unsigned kCoresPerChip = 4;
constexpr unsigned kNeuronsPerCore = 256;
constexpr unsigned kCamEntriesPerNeuron = 64;
constexpr unsigned kSramEntriesPerNeuron = 4;
constexpr unsigned kNumTags = 2048;
constexpr int kMaxHop = 7;
constexpr unsigned kMaxCoarse = 5;
constexpr unsigned kMaxFine = 255;
constexpr unsigned kWeightBits = 4;

/// Physical constants of the DPI circuits (Rockpool's default_layout).
constexpr double kThermalVoltage = 25e-3; // Ut, V
constexpr double kKappaN = 0.75;
constexpr double kKappaP = 0.66;
constexpr double kKappa = (kKappaN + kKappaP) / 2; // 0.705
constexpr double kPulseThresholdVoltage = 0.7;      // Vth of the pulse extenders, V
constexpr double kDarkCurrent = 5e-13;              // Io, A

/// Leakage current of a DPI with capacitance `c` (F) and time constant `tau`
/// (s): (Ut / kappa) C / tau, evaluated in Rockpool's order.
inline double leakCurrent(double c, double tau) {
  return (kThermalVoltage / kKappa) * c / tau;
}

/// Current that makes a pulse extender of capacitance `c` (F) produce a pulse
/// of width `t` (s): Vth C / t.
inline double pulseCurrent(double c, double t) {
  return kPulseThresholdVoltage * c / t;
}

/// The 23 SE2 parameters the pipeline sets (spec section 5.4).
llvm::ArrayRef<llvm::StringLiteral> se2ParameterNames();
bool isSE2ParameterName(llvm::StringRef name);

/// The 14 per-neuron latches of samna's Dynapse2Neuron.
llvm::ArrayRef<llvm::StringLiteral> latchNames();
bool isLatchName(llvm::StringRef name);

/// Whether `name` is a current a core may share: the 13 DynapseNeurons
/// currents, the per-dendrite gains and time constants, and the base weights
/// Iw_0..Iw_3.
bool isCoreCurrentName(llvm::StringRef name);

} // namespace dynapse::hw

#endif // DYNAPSE_DIALECT_DYNAPSE_IR_HARDWARE_H
