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

/// The 23 SE2 parameters the pipeline sets (spec section 5.4).
llvm::ArrayRef<llvm::StringLiteral> se2ParameterNames();
bool isSE2ParameterName(llvm::StringRef name);

/// The 14 per-neuron latches of samna's Dynapse2Neuron.
llvm::ArrayRef<llvm::StringLiteral> latchNames();
bool isLatchName(llvm::StringRef name);

/// Every current a core may share: the 13 DynapseNeurons currents, the
/// per-dendrite gains and time constants, and the base weights Iw_0..Iw_3.
llvm::ArrayRef<llvm::StringLiteral> coreCurrentNames();
bool isCoreCurrentName(llvm::StringRef name);

} // namespace dynapse::hw

#endif // DYNAPSE_DIALECT_DYNAPSE_IR_HARDWARE_H
