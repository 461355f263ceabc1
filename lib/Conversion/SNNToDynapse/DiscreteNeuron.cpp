//===- DiscreteNeuron.cpp - per-step factors of LIF, CubaLIF and IF -------===//
#include "dynapse/Conversion/SNNToDynapse/DiscreteNeuron.h"

#include "GraphDrives.h"

#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Support/ValueChecks.h"

#include <algorithm>

using namespace mlir;
using namespace dynapse;
using namespace dynapse::conversion;

Discretisation conversion::discretisationOf(StringRef convention) {
  if (convention == "snntorch")
    return Discretisation::SnnTorch;
  if (convention == "norse")
    return Discretisation::Norse;
  if (convention == "norse-1.0")
    return Discretisation::Norse10;
  return Discretisation::Euler;
}

/// 1 - dt/tau in float32, as the exporters' importers compute it.
static double decay(double dt, double tau) {
  return double(1.0f - float(dt) / float(tau));
}

/// dt * tau_inv as Norse computes it, in float32, from the tau_inv whose
/// float32 quotient scale / tau_inv its exporter wrote as tau.
static float norseRate(double dt, double writtenTau, double scale) {
  return float(dt) * (float(scale) / float(writtenTau));
}

FailureOr<std::vector<DiscreteNeuron>>
conversion::readDiscreteNeurons(Operation *op, Discretisation variant,
                                double dt, ResetRule reset,
                                ArrayRef<double> bias,
                                ArrayRef<double> recurrentBias) {
  int64_t size = sizeOf(op->getResult(0));
  auto attr = [&](StringRef name, double fallback) {
    return expand(op->getAttr(name), size, fallback);
  };
  bool cuba = isa<snn::CubaLIFOp>(op), leaky = !isa<snn::IFOp>(op);
  // Norse's rates come from the time constants as written, the rest from
  // seconds.
  StringRef memName = cuba ? "tau_mem" : "tau";
  std::vector<double> writtenMem = attr(memName, 0.0);
  std::vector<double> writtenSyn = attr("tau_syn", 0.0);
  std::vector<double> tauMem = timeConstants(op, memName, size);
  std::vector<double> tauSyn = timeConstants(op, "tau_syn", size);
  std::vector<double> r = attr("r", 1.0);
  double scale = tauScaleOf(op);
  std::vector<double> wIn = attr("w_in", 1.0), vLeak = attr("v_leak", 0.0);
  std::vector<double> threshold = attr("v_threshold", 0.0);
  std::vector<double> vReset = attr("v_reset", 0.0);
  std::vector<DiscreteNeuron> neurons(size);
  for (int64_t j = 0; j < size; ++j) {
    DiscreteNeuron &n = neurons[j];
    if ((leaky && !(tauMem[j] > 0)) || (cuba && !(tauSyn[j] > 0)))
      return op->emitError("node '")
             << nodeName(op) << "': neuron " << j
             << " has a time constant <= 0 (tau_mem "
             << formatRoundTrip(tauMem[j]) << ", tau_syn "
             << formatRoundTrip(tauSyn[j]) << " s)";
    n.threshold = threshold[j], n.reset = vReset[j];
    // snnTorch's Leaky (a LIF) zeroes its membrane before integrating, so a
    // delayed zero reset is the immediate one; Synaptic zeroes after.
    n.subtract = reset.subtract;
    n.resetDelay = reset.delayed && (cuba || reset.subtract ||
                                     variant != Discretisation::SnnTorch);
    n.resetClearsCurrent = reset.clearsCurrent && cuba && !reset.subtract;
    n.bias = bias[j];
    n.recurrentBias = recurrentBias.empty() ? 0.0 : recurrentBias[j];
    if (variant == Discretisation::SnnTorch) {
      // snnTorch's neurons have no r, w_in or v_leak: its exporter writes
      // r and w_in only to carry dt (docs/nir.md).
      n.alpha = cuba ? std::clamp(decay(dt, tauSyn[j]), 0.0, 1.0) : 0.0;
      n.beta = leaky ? std::clamp(decay(dt, tauMem[j]), 0.0, 1.0) : 1.0;
      continue;
    }
    bool norse = variant == Discretisation::Norse ||
                 variant == Discretisation::Norse10;
    if (norse)
      n.norse = {leaky ? norseRate(dt, writtenMem[j], scale) : 0.0f,
                 cuba ? norseRate(dt, writtenSyn[j], scale) : 0.0f, vLeak[j],
                 r[j], leaky, cuba};
    if (cuba) {
      n.alpha = decay(dt, tauSyn[j]);
      n.inputGain = norse ? wIn[j] : wIn[j] * dt / tauSyn[j];
      n.delayedCurrent = variant == Discretisation::Norse10;
    }
    if (leaky) {
      n.beta = decay(dt, tauMem[j]);
      n.memoryGain = r[j] * dt / tauMem[j];
      n.leak = vLeak[j] * dt / tauMem[j];
    } else {
      n.memoryGain = r[j]; // IF integrates each step's input (sinabs' IF)
    }
  }
  return neurons;
}

