//===- BiasGen.cpp - DYNAP-SE2 bias-generator codes and currents ----------===//
#include "dynapse/Dialect/Dynapse/IR/BiasGen.h"

#include <cmath>

using namespace dynapse;
using namespace dynapse::biasgen;

namespace {
struct ScaleFactor {
  const char *name;
  double factor;
};
#include "dynapse/Dialect/Dynapse/IR/BiasGenTable.inc"
} // namespace

double biasgen::tableCurrent(TransistorType type, Code code) {
  return kBiasGenTable[static_cast<int>(type)][code.coarse][code.fine];
}

std::optional<double> biasgen::scaleFactor(llvm::StringRef parameter) {
  for (const ScaleFactor &entry : kScaleFactors)
    if (parameter == entry.name)
      return entry.factor;
  return std::nullopt;
}

TransistorType biasgen::typeOf(llvm::StringRef parameter) {
  return parameter.ends_with("_N") ? TransistorType::N : TransistorType::P;
}

double biasgen::codeToCurrent(Code code, double scale, TransistorType type) {
  return tableCurrent(type, code) * scale;
}

Code biasgen::currentToCode(double current, double scale, TransistorType type) {
  Code best;
  double bestError = INFINITY;
  for (unsigned coarse = 0; coarse < 6; ++coarse) {
    // The first fine with the smallest error for this coarse (numpy argmin),
    // then the coarse with the smallest error; `<` keeps the lower on ties.
    unsigned bestFine = 0;
    double fineError = INFINITY;
    for (unsigned fine = 0; fine < 256; ++fine) {
      double error = std::fabs(tableCurrent(type, {coarse, fine}) * scale - current);
      if (error < fineError) {
        fineError = error;
        bestFine = fine;
      }
    }
    if (fineError < bestError) {
      bestError = fineError;
      best = {coarse, bestFine};
    }
  }
  return best;
}

double biasgen::parameterCurrent(llvm::StringRef name, Code code) {
  return codeToCurrent(code, scaleFactor(name).value_or(1.0), typeOf(name));
}

Code biasgen::parameterCode(llvm::StringRef name, double current) {
  return currentToCode(current, scaleFactor(name).value_or(1.0), typeOf(name));
}

llvm::ArrayRef<std::pair<llvm::StringRef, llvm::StringRef>>
biasgen::currentToParameter() {
  static const std::pair<llvm::StringRef, llvm::StringRef> mapping[] = {
      {"Idc", "SOIF_DC_P"},          {"If_nmda", "DENM_NMREV_N"},
      {"Igain_ahp", "SOAD_GAIN_P"},  {"Igain_ampa", "DEAM_EGAIN_P"},
      {"Igain_gaba", "DEGA_IGAIN_P"}, {"Igain_nmda", "DENM_EGAIN_P"},
      {"Igain_shunt", "DESC_IGAIN_P"}, {"Igain_mem", "SOIF_GAIN_N"},
      {"Ipulse_ahp", "SOAD_PWTAU_N"}, {"Ipulse", "SYPD_EXT_N"},
      {"Iref", "SOIF_REFR_N"},       {"Ispkthr", "SOIF_SPKTHR_P"},
      {"Itau_ahp", "SOAD_TAU_P"},    {"Itau_ampa", "DEAM_ETAU_P"},
      {"Itau_gaba", "DEGA_ITAU_P"},  {"Itau_nmda", "DENM_ETAU_P"},
      {"Itau_shunt", "DESC_ITAU_P"}, {"Itau_mem", "SOIF_LEAK_N"},
      {"Iw_0", "SYAM_W0_P"},         {"Iw_1", "SYAM_W1_P"},
      {"Iw_2", "SYAM_W2_P"},         {"Iw_3", "SYAM_W3_P"},
      {"Iw_ahp", "SOAD_W_N"}};
  return mapping;
}
