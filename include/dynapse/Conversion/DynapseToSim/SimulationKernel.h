//===- SimulationKernel.h - the contract of `func.func @dynapse_sim` -*- C++ -*-===//
//
// --convert-dynapse-to-sim and --convert-snn-to-sim write the kernel and
// dynapse::sim::Simulator runs it; everything both sides must agree on is
// defined here once: the function's name, its type, the attributes that
// describe it and the dialects it is written in.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_CONVERSION_DYNAPSETOSIM_SIMULATIONKERNEL_H
#define DYNAPSE_CONVERSION_DYNAPSETOSIM_SIMULATIONKERNEL_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dynapse::kernel {

inline constexpr llvm::StringLiteral kFunctionName = "dynapse_sim";
/// The symbol of the function's C interface (`llvm.emit_c_interface`).
inline constexpr llvm::StringLiteral kCInterfaceName = "_mlir_ciface_dynapse_sim";
/// Optional, beside a kernel of neuron lanes: the same network's kernel of
/// sample lanes (layout=auto), for whole groups of samples.
inline constexpr llvm::StringLiteral kSampleFunctionName = "dynapse_sim_samples";
inline constexpr llvm::StringLiteral kSampleCInterfaceName =
    "_mlir_ciface_dynapse_sim_samples";
inline constexpr llvm::StringLiteral kModelAttr = "dynapse.sim.model";
inline constexpr llvm::StringLiteral kNeuronsAttr = "dynapse.sim.neurons";
inline constexpr llvm::StringLiteral kInputsAttr = "dynapse.sim.inputs";
inline constexpr llvm::StringLiteral kDtAttr = "dynapse.sim.dt";
inline constexpr llvm::StringLiteral kRecordsAttr = "dynapse.sim.records";
/// Population names and sizes, in neuron order, and the output neurons.
inline constexpr llvm::StringLiteral kPopulationsAttr = "dynapse.sim.populations";
inline constexpr llvm::StringLiteral kPopulationSizesAttr =
    "dynapse.sim.population_sizes";
inline constexpr llvm::StringLiteral kOutputsAttr = "dynapse.sim.outputs";
/// How many chips (parameter tables) the kernel holds; absent: one.
inline constexpr llvm::StringLiteral kChipsAttr = "dynapse.sim.chips";
/// How many samples a call runs, one per SIMD lane; absent: one.
inline constexpr llvm::StringLiteral kLanesAttr = "dynapse.sim.lanes";

/// The kernel's type: (input counts, event words, step starts, records,
/// steps, record flag, chip), the buffers memref<?xf32>, memref<?xi32>,
/// memref<?xi64> and memref<?xf32>; `chip` picks the parameter table.
/// A kernel of L > 1 sample lanes (kLanesAttr) runs L samples: every buffer
/// holds theirs one sample after the other, sample l's input at
/// l * steps * Nin, its event words at l * 2 * (steps * N + 1), its step
/// starts at l * (steps + 1) and its records at l * R * steps * N.
mlir::FunctionType kernelType(mlir::MLIRContext *context);

/// The kernel through its C interface: a pointer to each buffer's memref
/// descriptor, then steps, the record flag and the chip.
using KernelFunction = void (*)(void *, void *, void *, void *, int64_t,
                                int64_t, int64_t);

/// What the attributes of a kernel say about it.
struct KernelInfo {
  std::string model;
  int64_t neurons = 0, inputs = 0;
  /// Chips (parameter tables) the kernel can run: 0 is the one the options
  /// describe; with chip instances, 0 is the ideal chip and 1..K the
  /// instances (convert-dynapse-to-sim's `instances`).
  int64_t chips = 1;
  /// Samples per call (kLanesAttr).
  int64_t lanes = 1;
  /// The samples per call of the module's kSampleFunctionName, 0 without.
  int64_t sampleKernelLanes = 0;
  double dt = 0;
  std::vector<std::string> records;
  /// Optional: a kernel without them has one population of every neuron,
  /// all of them outputs.
  std::vector<std::string> populationNames;
  std::vector<int64_t> populationSizes;
  std::vector<int64_t> outputs;
};

/// Writes `info` as the attributes of `function`, and its C interface.
void describeKernel(mlir::Operation *function, const KernelInfo &info);

/// The kernel of `module` and what it says about itself; fails when the
/// module holds no `dynapse_sim` of our type with all attributes.
mlir::FailureOr<KernelInfo> readKernel(mlir::ModuleOp module);

/// True, with a remark naming `pass` as skipped, when `module` already
/// holds a kernel: the passes that write one re-run cleanly.
bool holdsKernel(mlir::ModuleOp module, llvm::StringRef pass);

/// Registers every dialect the kernel is written in, for tools that parse
/// or print it (link DynapseDynapseToSim).
void registerKernelDialects(mlir::DialectRegistry &registry);

} // namespace dynapse::kernel

#endif // DYNAPSE_CONVERSION_DYNAPSETOSIM_SIMULATIONKERNEL_H
