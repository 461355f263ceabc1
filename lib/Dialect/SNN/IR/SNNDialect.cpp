//===- SNNDialect.cpp - the snn dialect -----------------------------------===//
#include "dynapse/Dialect/SNN/IR/SNNDialect.h"
#include "dynapse/Dialect/SNN/IR/SNNOps.h"

using namespace dynapse::snn;

#include "dynapse/Dialect/SNN/IR/SNNDialect.cpp.inc"

void SNNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dynapse/Dialect/SNN/IR/SNN.cpp.inc"
      >();
}
