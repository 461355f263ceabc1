//===- DynapseDialect.cpp - the dynapse dialect ---------------------------===//
#include "dynapse/Dialect/Dynapse/IR/DynapseDialect.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseAttributes.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"

using namespace dynapse;

#include "dynapse/Dialect/Dynapse/IR/DynapseDialect.cpp.inc"

void DynapseDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dynapse/Dialect/Dynapse/IR/Dynapse.cpp.inc"
      >();
  registerAttributesAndTypes();
}
