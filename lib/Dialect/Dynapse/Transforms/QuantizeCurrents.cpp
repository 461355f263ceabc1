//===- QuantizeCurrents.cpp - core currents to bias-generator codes -------===//
#include "dynapse/Dialect/Dynapse/IR/BiasGen.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/Dynapse/IR/Stages.h"
#include "dynapse/Dialect/Dynapse/IR/NeuronCurrents.h"
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "llvm/Support/Format.h"

#include <cmath>

namespace dynapse {
#define GEN_PASS_DEF_DYNAPSEQUANTIZECURRENTS
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h.inc"
} // namespace dynapse

using namespace mlir;
using namespace dynapse;

namespace {

/// The core current that sets `current`: per-dendrite values fall back to the
/// combined synapse current, base weights to 0 A.
std::optional<double> coreValue(DictionaryAttr currents, StringRef current) {
  if (auto value = currents.getAs<FloatAttr>(current))
    return value.getValueAsDouble();
  if (current.starts_with("Igain_"))
    if (auto value = currents.getAs<FloatAttr>("Igain_syn"))
      return value.getValueAsDouble();
  if (current.starts_with("Itau_"))
    if (auto value = currents.getAs<FloatAttr>("Itau_syn"))
      return value.getValueAsDouble();
  if (current.starts_with("Iw_") && current != "Iw_ahp")
    return 0.0;
  return std::nullopt;
}

/// A realised current off by more than this share is beyond the bias
/// generator's range (within it, codes are a few per cent apart at worst).
constexpr double kOutOfRangeError = 0.5;

/// The first current a core's generators cannot come near (off by more
/// than kOutOfRangeError), and how many there are.
struct OutOfRange {
  StringRef current, parameter;
  double wanted = 0, realised = 0;
  unsigned count = 0;
};

void warnOutOfRange(CoreOp core, int64_t index, const OutOfRange &first) {
  std::string amounts;
  llvm::raw_string_ostream(amounts)
      << llvm::format("%.4g A, but %s makes %.4g A (%.3gx)", first.wanted,
                      first.parameter.str().c_str(), first.realised,
                      first.realised / first.wanted);
  core.emitWarning("core ")
      << index << ": " << first.count
      << " current(s) beyond the bias generator's range; first, "
      << first.current << " needs " << amounts << ": "
      << currentEffect(first.current) << " changes by that factor";
}

LogicalResult quantizeCore(CoreOp core) {
  Builder builder(core.getContext());
  SmallVector<Attribute> biases;
  SmallVector<StringRef> zeros;
  double worstError = 0;
  StringRef worstParameter;
  OutOfRange outOfRange;
  for (auto [current, parameter] : biasgen::currentToParameter()) {
    std::optional<double> value = coreValue(core.getCurrents(), current);
    if (!value)
      return core.emitError("core ")
             << core.getIndexAttr().getInt() << " has no current '" << current
             << "' (for " << parameter << ")";
    biasgen::Code code = biasgen::parameterCode(parameter, *value);
    biases.push_back(BiasAttr::get(core.getContext(), parameter, code.coarse,
                                   code.fine, biasgen::typeOf(parameter)));
    if (*value == 0.0) {
      zeros.push_back(parameter);
      continue;
    }
    double realised = biasgen::parameterCurrent(parameter, code);
    double error = std::fabs(realised - *value) / *value;
    if (error > kOutOfRangeError && outOfRange.count++ == 0)
      outOfRange = {current, parameter, *value, realised, 1};
    if (error > worstError) {
      worstError = error;
      worstParameter = parameter;
    }
  }
  core.setBiasesAttr(builder.getArrayAttr(biases));
  int64_t index = core.getIndexAttr().getInt();
  if (!zeros.empty()) {
    InFlightDiagnostic remark = emitRemark(core.getLoc())
                                << "core " << index << ": ";
    llvm::interleaveComma(zeros, remark);
    remark << (zeros.size() == 1 ? " is" : " are")
           << " 0 A, which a bias generator cannot produce: set to code "
              "(0, 0), its smallest current";
  }
  std::string error;
  llvm::raw_string_ostream(error) << llvm::format("%.3g %%", worstError * 100);
  InFlightDiagnostic remark = emitRemark(core.getLoc())
                              << "core " << index
                              << ": largest relative error of the realised "
                                 "currents "
                              << error;
  if (!worstParameter.empty())
    remark << " (" << worstParameter << ")";
  if (outOfRange.count)
    warnOutOfRange(core, index, outOfRange);
  return success();
}

struct DynapseQuantizeCurrentsPass
    : public dynapse::impl::DynapseQuantizeCurrentsBase<
          DynapseQuantizeCurrentsPass> {
  void runOnOperation() override {
    static constexpr Stage needs[] = {Stage::Clustered};
    if (failed(checkStages(getOperation(),
                           {"dynapse-quantize-currents", needs, {}})))
      return signalPassFailure();
    for (CoreOp core : getOperation().getBodyBlock().getOps<CoreOp>())
      if (failed(quantizeCore(core)))
        return signalPassFailure();
  }
};

} // namespace
