//===- DynapseAttributes.cpp - enums, attributes and types ----------------===//
#include "dynapse/Dialect/Dynapse/IR/DynapseAttributes.h"
#include "dynapse/Dialect/Dynapse/IR/Hardware.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace dynapse;

#include "dynapse/Dialect/Dynapse/IR/DynapseEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dynapse/Dialect/Dynapse/IR/DynapseAttributes.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "dynapse/Dialect/Dynapse/IR/DynapseTypes.cpp.inc"

void DynapseDialect::registerAttributesAndTypes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dynapse/Dialect/Dynapse/IR/DynapseAttributes.cpp.inc"
      >();
  addTypes<
#define GET_TYPEDEF_LIST
#include "dynapse/Dialect/Dynapse/IR/DynapseTypes.cpp.inc"
      >();
}

LogicalResult BiasAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               StringRef name, unsigned coarse, unsigned fine,
                               TransistorType) {
  if (!hw::isSE2ParameterName(name))
    return emitError() << "unknown SE2 parameter '" << name << "'";
  if (coarse > hw::kMaxCoarse)
    return emitError() << "bias '" << name << "': coarse " << coarse
                       << " is out of range 0.." << hw::kMaxCoarse;
  if (fine > hw::kMaxFine)
    return emitError() << "bias '" << name << "': fine " << fine
                       << " is out of range 0.." << hw::kMaxFine;
  return success();
}

LogicalResult CamAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                              unsigned tag, Dendrite, unsigned mask, bool, bool,
                              bool) {
  if (tag >= hw::kNumTags)
    return emitError() << "CAM tag " << tag << " is out of range 0.."
                       << hw::kNumTags - 1;
  if (mask >= (1u << hw::kWeightBits))
    return emitError() << "CAM weight mask " << mask
                       << " does not fit in 4 bits (0..15)";
  return success();
}

LogicalResult SramAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               unsigned tag, unsigned cores, int xHop,
                               int yHop) {
  if (tag >= hw::kNumTags)
    return emitError() << "SRAM tag " << tag << " is out of range 0.."
                       << hw::kNumTags - 1;
  if (cores >= (1u << hw::kCoresPerChip))
    return emitError() << "SRAM core mask " << cores
                       << " does not fit in 4 bits (0..15)";
  for (auto [axis, hop] : {std::pair{"x_hop", xHop}, std::pair{"y_hop", yHop}})
    if (hop < -hw::kMaxHop || hop > hw::kMaxHop)
      return emitError() << "SRAM " << axis << " " << hop
                         << " is out of range -7..7";
  return success();
}
