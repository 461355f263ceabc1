//===- DynapSimModel.cpp - Rockpool's DynapSim, bug for bug ---------------===//
//
// Spec 7.3 in float32 with its quirks: one combined synapse floored at Io,
// the leak subtracted twice, spike counts ceil(ln(Imem/Ispkthr)). Float
// operations follow the spec's formulas left to right.
//
//===----------------------------------------------------------------------===//
#include "dynapse/Conversion/DynapseToSim/KernelBuilder.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace dynapse;
using namespace dynapse::sim;

namespace {

enum Slot : unsigned {
  kIo, kIscale, kGainSyn, kDecaySyn, kChargeSyn, kGainAhpW, kDecayAhp,
  kChargeAhp, kKappaPrime, kUt, kItauMem, kIdc, kGainMem, kIgainMem,
  kUtOverKappa, kCMem, kDt, kIspkthr, kTRef, kNumSlots
};
enum State : unsigned { kImem, kIsyn, kIahp, kVmem, kTimer, kNumStates };

class DynapSimModel : public NeuronModel {
public:
  unsigned numGroups() const override { return 2; } // recurrent, input
  unsigned numParameters() const override { return kNumSlots; }
  std::vector<bool> startsAtIo() const override {
    return {true, true, true, false, false};
  }
  unsigned darkCurrentSlot() const override { return kIo; }
  std::vector<Record> records() const override {
    return {{"imem", kImem}, {"vmem", kVmem}, {"isyn", kIsyn}, {"iahp", kIahp}};
  }
  std::vector<float> parameterRow(const NeuronParameters &p,
                                  double dt) const override;
  StepResults emitStep(Emitter &e, const StepInputs &in) const override;
  unsigned numPreludeValues() const override { return 1; }
  std::vector<Value> emitPrelude(Emitter &e,
                                 const StepInputs &in) const override;
  std::vector<unsigned> finishedStates() const override { return {kVmem}; }
  Value emitFinish(Emitter &e, unsigned state, Value argument,
                   llvm::ArrayRef<Value> parameters) const override;
  bool recountsSpikes() const override { return true; }
  Value recountSpikes(Emitter &e, Value spikes) const override;
};

/// float32 exp as NumPy's SIMD loops compute it (Cody-Waite reduction by
/// ln 2, a degree-5/2 rational approximation, fused multiply-adds), which is
/// what Rockpool's JAX run gives too. It matters in `1 - exp(-x)` for small
/// x, where one unit in the last place of exp becomes 5e-5 of the result;
/// glibc's correctly rounded expf differs there (docs/simulation.md).
float rockpoolExp(float x) {
  constexpr float numerator[] = {9.999999999980870924916e-01f,
                                 7.257664613233124478488e-01f,
                                 2.473615434895520810817e-01f,
                                 5.114512081637298353406e-02f,
                                 6.757896990527504603057e-03f,
                                 5.082762527590693718096e-04f};
  constexpr float denominator[] = {1.0f, -2.742335390411667452936e-01f,
                                   2.159509375685829852307e-02f};
  if (std::isnan(x) || x > 89.0f || x < -104.0f) // NaN, overflow, underflow
    return std::isnan(x) ? x : x > 0 ? INFINITY : 0.0f;
  float quadrant = std::nearbyint(x * 1.442695040888963f);
  float r = std::fma(quadrant, -6.93145752e-1f, x);
  r = std::fma(quadrant, -1.42860677e-6f, r);
  float num = numerator[5];
  for (int k = 4; k >= 0; --k)
    num = std::fma(num, r, numerator[k]);
  float den = denominator[2];
  for (int k = 1; k >= 0; --k)
    den = std::fma(den, r, denominator[k]);
  return std::ldexp(num / den, int(quadrant));
}

std::vector<float> DynapSimModel::parameterRow(const NeuronParameters &p,
                                               double dt) const {
  float io = float(p.Io), ut = float(p.Ut), vth = float(p.Vth);
  float kappa = (float(p.kappa_n) + float(p.kappa_p)) / 2.0f;
  float utOverKappa = ut / kappa;
  auto floored = [&](double current) { return std::max(float(current), io); };
  float itauSyn = floored(p.Itau[Ampa]), igainSyn = floored(p.Igain[Ampa]);
  float itauAhp = floored(p.Itau_ahp), igainAhp = floored(p.Igain_ahp);
  float itauMem = floored(p.Itau_mem), igainMem = floored(p.Igain_mem);
  float tauSyn = utOverKappa * float(p.C_syn[Ampa]) / itauSyn;
  float tauAhp = utOverKappa * float(p.C_ahp) / itauAhp;
  float tPulse = vth * float(p.C_pulse) / float(p.Ipulse);
  float tPulseAhp = vth * float(p.C_pulse_ahp) / float(p.Ipulse_ahp);
  float tRef = vth * float(p.C_ref) / float(p.Iref);
  float step = float(dt);
  std::vector<float> row(kNumSlots);
  row[kIo] = io, row[kIscale] = float(p.Iscale);
  row[kGainSyn] = igainSyn / itauSyn;
  row[kDecaySyn] = rockpoolExp(-step / tauSyn);
  row[kChargeSyn] = 1.0f - rockpoolExp(-tPulse / tauSyn);
  row[kGainAhpW] = igainAhp / itauAhp * float(p.Iw_ahp);
  row[kDecayAhp] = rockpoolExp(-step / tauAhp);
  row[kChargeAhp] = 1.0f - rockpoolExp(-tPulseAhp / tauAhp);
  row[kKappaPrime] = kappa * kappa / (kappa + 1.0f);
  row[kUt] = ut, row[kItauMem] = itauMem, row[kIdc] = float(p.Idc);
  row[kGainMem] = igainMem / itauMem, row[kIgainMem] = igainMem;
  row[kUtOverKappa] = utOverKappa, row[kCMem] = float(p.C_mem);
  row[kDt] = step, row[kIspkthr] = float(p.Ispkthr), row[kTRef] = tRef;
  return row;
}

/// Below this ratio Imem/Ispkthr a neuron that fires fires once:
/// 0 < ln(x) <= ln(2.5) = 0.92.
constexpr float kSingleSpikeBound = 2.5f;

/// The spike count is max(ceil(ln(x)), 0) of the ratio x = Imem/Ispkthr.
/// ceil(ln(x)) > 0 exactly when x > 1, and it is 1 for 1 < x <= 2.5, so the
/// step needs no logarithm: it counts 0 or 1 and leaves a ratio above
/// kSingleSpikeBound (several spikes in one step, rare) to recountSpikes. The
/// counts are those of taking the logarithm of every ratio.
Value DynapSimModel::recountSpikes(Emitter &e, Value spikes) const {
  Type type = spikes.getType();
  Value several = e.compare(arith::CmpFPredicate::OGT, spikes,
                            e.constant(kSingleSpikeBound, type));
  Value zero = e.constant(0, type);
  Value counts = e.max(e.ceil(e.log(spikes)), zero);
  return e.select(several, counts, spikes);
}

/// The positive feedback exp(kappa' vmem / Ut), of the last step's vmem.
std::vector<Value> DynapSimModel::emitPrelude(Emitter &e,
                                              const StepInputs &in) const {
  Value vmem = in.state[kVmem];
  return {e.exp(e.div(e.mul(in.parameters[kKappaPrime], vmem),
                      in.parameters[kUt]))};
}

/// vmem = Ut/kappa ln(imem / Io), of the step's imem before the reset, which
/// the step leaves in vmem as imem / Io.
Value DynapSimModel::emitFinish(Emitter &e, unsigned state, Value argument,
                                llvm::ArrayRef<Value> parameters) const {
  assert(state == kVmem && "DynapSim finishes only vmem");
  return e.mul(parameters[kUtOverKappa], e.log(argument));
}

StepResults DynapSimModel::emitStep(Emitter &e, const StepInputs &in) const {
  auto p = [&](Slot slot) { return in.parameters[slot]; };
  Value imem = in.state[kImem], isyn = in.state[kIsyn];
  Value iahp = in.state[kIahp];
  Value timer = in.state[kTimer], io = p(kIo);
  Value zero = e.constant(0), one = e.constant(1);
  // 1. One DPI for all synapses: W_rec^T s + x, in amperes, may be negative.
  Value iws = e.mul(e.add(in.groupSums[0], in.groupSums[1]), p(kIscale));
  Value isynInf = e.max(e.mul(p(kGainSyn), iws), io);
  // (No call takes two arguments that both create ops: C++ leaves their
  // order, and so the IR's, to the compiler.)
  Value isynDecayed = e.mul(p(kDecaySyn), isyn);
  isyn = e.add(isynDecayed, e.mul(p(kChargeSyn), isynInf));
  // 2. AHP, driven by the previous step's spikes.
  Value iahpInf = e.mul(p(kGainAhpW), in.previousSpikes);
  Value iahpDecayed = e.mul(p(kDecayAhp), iahp);
  iahp = e.max(e.add(iahpDecayed, e.mul(p(kChargeAhp), iahpInf)), io);
  // 3. Membrane; the leak is subtracted in Iin and again in imem_inf.
  Value feedback = in.prelude[0];
  Value leak = e.add(p(kItauMem), iahp);
  Value open = e.compare(arith::CmpFPredicate::OEQ, timer, zero);
  Value iin = e.add(e.sub(isyn, leak), p(kIdc));
  iin = e.max(e.select(open, iin, zero), io);
  Value imemInf = e.mul(p(kGainMem), e.sub(iin, leak));
  Value feedbackOverLeak = e.div(e.mul(io, feedback), leak);
  Value fImem = e.mul(feedbackOverLeak, e.add(imem, p(kIgainMem)));
  Value tauMem = e.div(e.mul(p(kUtOverKappa), p(kCMem)), leak);
  Value charge = e.add(imemInf, fImem);
  Value drive =
      e.sub(charge, e.mul(imem, e.add(one, e.div(iahp, p(kItauMem)))));
  Value dImem =
      e.mul(e.div(imem, e.mul(tauMem, e.add(imem, p(kIgainMem)))), drive);
  imem = e.max(e.add(imem, e.mul(dImem, p(kDt))), io);
  Value vmemArgument = e.div(imem, io); // emitFinish takes the logarithm
  // 4-6. Firing (several spikes counted by recountSpikes), reset, refractory
  // timer.
  Value ratio = e.div(imem, p(kIspkthr));
  Value fired = e.compare(arith::CmpFPredicate::OGT, ratio, one);
  Value several = e.compare(arith::CmpFPredicate::OGT, ratio,
                            e.constant(kSingleSpikeBound));
  imem = e.select(fired, io, imem);
  timer = e.max(e.sub(timer, p(kDt)), zero);
  timer = e.select(fired, p(kTRef), timer);
  StepResults out;
  out.state = {imem, isyn, iahp, vmemArgument, timer};
  out.spikes = e.select(several, ratio, e.select(fired, one, zero));
  out.recount = several;
  return out;
}

} // namespace

std::unique_ptr<NeuronModel> dynapse::sim::createDynapSimModel() {
  return std::make_unique<DynapSimModel>();
}
