//===- FidelityCurrents.cpp - DPI currents from the discrete neuron -------===//
//
// The trained neuron, threshold normalised to 1 (weights into it divided by
// its threshold):  I[t] = alpha I[t-1] + c (W x + b),  v[t] = beta v[t-1] +
// I[t] + leak,  c = inputGain * memoryGain / threshold. On the chip one unit
// of v is S amperes of Imem above Io, one unit of I is Isyn_unit amperes of
// synaptic current:
// - membrane: Euler at dt gives beta = 1 - dt/tau_mem exactly, so
//   Itau_mem = (Ut/kappa) C_mem (1 - beta) / dt; Igain_mem = Io keeps the
//   DPI linear down to a few Io (its time constant grows by 1 + Igain/Imem),
//   and then Isyn_unit = S Itau_mem / ((1 - beta) Io);
// - threshold S: as high as the positive feedback allows (at most 10 % of
//   the leak at threshold, Io (S/Io)^(kappa/(kappa+1)) <= 0.1 Itau_mem), but
//   at least 100 Io;
// - synapse: exp(-dt/tau_syn) = alpha, Igain_syn = 5 % of Isyn_unit (its
//   slow-down at small currents; at most 90 % of what the gain's bias
//   generator makes), a pulse of dt/2; one unit of weight is
//   Iw_unit = Itau_syn / (share (1 - exp(-t_pulse/tau_syn))) amperes, share
//   = Igain_syn / Isyn_unit;
// - Idc = Itau_mem cancels the leak's offset; refractory dt/100, or one
//   step more under snnTorch's delayed zero reset, which drops the input of
//   the step after a spike;
// - the bias b and v_leak: with a bias source, a weight from a channel that
//   fires every step, c b + (1 - alpha) v_leak / threshold (the same steady
//   current, I's share of it entering through the synapse); else Idc adds
//   their steady current, b c / (1 - alpha) + v_leak / threshold units of
//   Isyn_unit.
//
//===----------------------------------------------------------------------===//
#include "FidelityCurrents.h"

#include "dynapse/Dialect/Dynapse/IR/BiasGen.h"
#include "dynapse/Dialect/Dynapse/IR/Hardware.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>

using namespace dynapse;
using namespace dynapse::conversion;

namespace {

constexpr double kFeedbackShare = 0.1;  // positive feedback / leak at threshold
constexpr double kMinThresholdOverIo = 100;
constexpr double kSynapseGainShare = 0.05; // Igain_syn / Isyn_unit
constexpr double kGeneratorHeadroom = 0.9; // of a bias generator's largest
constexpr double kRefractoryShare = 0.01;  // t_ref / dt

constexpr double kFeedbackExponent = hw::kKappa / (hw::kKappa + 1);

/// The highest threshold current whose positive feedback stays within
/// kFeedbackShare of the leak `itauMem`, but at least kMinThresholdOverIo Io.
double thresholdCurrent(double itauMem) {
  double io = hw::kDarkCurrent;
  double highest =
      io * std::pow(kFeedbackShare * itauMem / io, 1 / kFeedbackExponent);
  return std::max(highest, kMinThresholdOverIo * io);
}

/// Igain_syn / Isyn_unit: kSynapseGainShare, or less where the synapse's
/// gain bias generator cannot make that much (fast membranes at small dt);
/// the weight currents grow in proportion.
double synapseGainShare(double isynUnit) {
  static const double largest = std::min(
      biasgen::parameterCurrent("DEAM_EGAIN_P", {hw::kMaxCoarse, hw::kMaxFine}),
      biasgen::parameterCurrent("DEGA_IGAIN_P", {hw::kMaxCoarse, hw::kMaxFine}));
  return std::min(kSynapseGainShare, kGeneratorHeadroom * largest / isynUnit);
}

/// The positive feedback at threshold current `s`, as a share of the leak.
double feedbackShare(double s, double itauMem) {
  double io = hw::kDarkCurrent;
  return io * std::pow(s / io, kFeedbackExponent) / itauMem;
}

} // namespace

PopulationCurrents
conversion::fidelityCurrents(llvm::ArrayRef<DiscreteNeuron> neurons, double dt,
                             const Capacitances &c, double iscale,
                             BiasSource biasSource) {
  PopulationCurrents result;
  size_t size = neurons.size();
  for (auto &values : result.currents)
    values.assign(size, 0.0);
  auto at = [&](llvm::StringRef name) -> std::vector<double> & {
    return result.currents[currentIndex(name)];
  };
  double io = hw::kDarkCurrent;
  for (size_t j = 0; j < size; ++j) {
    const DiscreteNeuron &n = neurons[j];
    double leakShare = std::max(1 - n.beta, 1e-6); // IF: barely leaks
    double itauMem = hw::leakCurrent(c.mem, dt / leakShare);
    double s = thresholdCurrent(itauMem);
    if (double share = feedbackShare(s, itauMem); share > 1.01 * kFeedbackShare)
      result.differences.push_back(llvm::formatv(
          "neuron {0}: its slow membrane (tau {1:e} s) lets the positive "
          "feedback reach {2:F0} % of the leak at threshold: it fires early",
          j, dt / leakShare, 100 * share));
    double isynUnit = s * itauMem / (leakShare * io);
    double alpha = std::clamp(n.alpha, 1e-6, 1 - 1e-6);
    double tauSyn = -dt / std::log(alpha);
    double itauSyn = hw::leakCurrent(c.syn, tauSyn);
    double pulse = dt / 2;
    double charge = 1 - std::exp(-pulse / tauSyn);
    double gainShare = synapseGainShare(isynUnit);
    double weightUnit = itauSyn / (gainShare * charge); // A per unit of c w
    double gain = n.inputGain * n.memoryGain / n.threshold;
    // A constant input b raises I by b / (1 - alpha) at steady state; the
    // leak term adds to v directly, as much as that steady current would.
    double perStep = gain * n.totalBias() + (1 - alpha) * n.leak / n.threshold;
    double idc = itauMem;
    if (biasSource == BiasSource::Input)
      result.biasWeight.push_back(perStep * weightUnit / iscale);
    else
      idc += perStep / (1 - alpha) * isynUnit;
    if (idc < 0) {
      result.losses.push_back(llvm::formatv(
          "neuron {0}: its negative bias needs {1:e} A of DC current, clipped "
          "to 0", j, idc));
      idc = 0;
    }
    if (n.subtract)
      result.differences.push_back(llvm::formatv(
          "neuron {0}: a subtractive reset becomes a reset to rest", j));
    else if (n.reset != 0)
      result.losses.push_back(llvm::formatv(
          "neuron {0}: it resets to v_reset = {1}, the chip to rest (0)", j,
          n.reset));
    at("Itau_mem")[j] = itauMem;
    at("Igain_mem")[j] = io;
    at("Ispkthr")[j] = s;
    at("Idc")[j] = idc;
    at("Itau_syn")[j] = itauSyn;
    at("Igain_syn")[j] = gainShare * isynUnit;
    at("Ipulse")[j] = hw::pulseCurrent(c.pulse, pulse);
    double refractorySteps = kRefractoryShare + (n.resetDelay && !n.subtract);
    at("Iref")[j] = hw::pulseCurrent(c.ref, refractorySteps * dt);
    // No adaptation, no NMDA: those currents stay 0.
    result.weightGain.push_back(gain * weightUnit / iscale);
  }
  result.iscale = iscale;
  if (llvm::all_of(result.biasWeight, [](double w) { return w == 0; }))
    result.biasWeight.clear();
  return result;
}
