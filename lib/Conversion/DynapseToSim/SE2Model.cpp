//===- SE2Model.cpp - four DPI synapses per neuron (se2-model.md) ---------===//
//
// AMPA, GABA, NMDA and SHUNT synapses with their own gains, time constants
// and capacitances; GABA subtracts from the membrane input, SHUNT adds to
// the leak, NMDA is gated by If_nmda; the leak is subtracted once; each DPI
// slows down while its current is small against its gain current.
//
//===----------------------------------------------------------------------===//
#include "dynapse/Conversion/DynapseToSim/KernelBuilder.h"

#include "mlir/IR/Matchers.h"

#include <algorithm>

using namespace mlir;
using namespace dynapse;
using namespace dynapse::sim;

namespace {

/// Per synapse type: gain ratio, gain current, tau at Itau, pulse width.
constexpr unsigned kSlotsPerDpi = 4;
enum Slot : unsigned {
  kIo, kDt, kUt, kUtOverKappa, kKappaPrime,
  kSynapses, // kNumSynapses DPIs, then the AHP DPI
  kIwAhp = kSynapses + (kNumSynapses + 1) * kSlotsPerDpi,
  kIfNmda, kIdc, kItauMem, kIgainMem, kGainMem, kCMem, kIspkthr, kTRef,
  kNumSlots
};
constexpr unsigned kAhpDpi = kNumSynapses;
enum State : unsigned {
  kImem, kSynapseStates, kIahp = kSynapseStates + kNumSynapses, kVmem, kTimer,
  kIsyn, // the net synaptic input, kept for the records only
  kNumStates
};

class SE2Model : public NeuronModel {
public:
  unsigned numGroups() const override { return kNumSynapses; }
  unsigned numParameters() const override { return kNumSlots; }
  std::vector<bool> startsAtIo() const override {
    return {true, true, true, true, true, true, false, false, false};
  }
  unsigned darkCurrentSlot() const override { return kIo; }
  std::vector<Record> records() const override {
    return {{"imem", kImem},
            {"vmem", kVmem},
            {"isyn", kIsyn},
            {"iahp", kIahp},
            {"iampa", kSynapseStates + Ampa},
            {"igaba", kSynapseStates + Gaba},
            {"inmda", kSynapseStates + Nmda},
            {"ishunt", kSynapseStates + Shunt}};
  }
  std::vector<float> parameterRow(const NeuronParameters &p,
                                  double dt) const override;
  StepResults emitStep(Emitter &e, const StepInputs &in) const override;
  // Each DPI's decay and charge factors, then exp(kappa' vmem / Ut).
  unsigned numPreludeValues() const override { return 2 * kAhpDpi + 3; }
  std::vector<Value> emitPrelude(Emitter &e,
                                 const StepInputs &in) const override;
  std::vector<unsigned> finishedStates() const override { return {kVmem}; }
  Value emitFinish(Emitter &e, unsigned state, Value argument,
                   llvm::ArrayRef<Value> parameters) const override;
};

std::vector<float> SE2Model::parameterRow(const NeuronParameters &p,
                                          double dt) const {
  double kappa = (p.kappa_n + p.kappa_p) / 2, utOverKappa = p.Ut / kappa;
  auto floored = [&](double current) { return std::max(current, p.Io); };
  std::vector<float> row(kNumSlots);
  auto setDpi = [&](unsigned dpi, double igain, double itau, double c,
                    double ipulse, double cPulse) {
    unsigned base = kSynapses + dpi * kSlotsPerDpi;
    igain = floored(igain), itau = floored(itau);
    row[base] = float(igain / itau);
    row[base + 1] = float(igain);
    row[base + 2] = float(utOverKappa * c / itau);
    row[base + 3] = float(p.Vth * cPulse / ipulse);
  };
  for (unsigned s = 0; s < kNumSynapses; ++s)
    setDpi(s, p.Igain[s], p.Itau[s], p.C_syn[s], p.Ipulse, p.C_pulse);
  setDpi(kAhpDpi, p.Igain_ahp, p.Itau_ahp, p.C_ahp, p.Ipulse_ahp, p.C_pulse_ahp);
  double itauMem = floored(p.Itau_mem), igainMem = floored(p.Igain_mem);
  row[kIo] = float(p.Io), row[kDt] = float(dt), row[kUt] = float(p.Ut);
  row[kUtOverKappa] = float(utOverKappa);
  row[kKappaPrime] = float(kappa * kappa / (kappa + 1));
  row[kIwAhp] = float(p.Iw_ahp), row[kIfNmda] = float(p.If_nmda);
  row[kIdc] = float(p.Idc), row[kItauMem] = float(itauMem);
  row[kIgainMem] = float(igainMem), row[kGainMem] = float(igainMem / itauMem);
  row[kCMem] = float(p.C_mem), row[kIspkthr] = float(p.Ispkthr);
  row[kTRef] = float(p.Vth * p.C_ref / p.Iref);
  return row;
}

/// DPI `dpi`'s parameter `offset` (gain ratio, gain current, tau at Itau,
/// pulse width).
Value dpiParameter(const StepInputs &in, unsigned dpi, unsigned offset) {
  return in.parameters[kSynapses + dpi * kSlotsPerDpi + offset];
}

/// A DPI's decay and charge over one step, exp(-dt/tau) and
/// 1 - exp(-t_pulse/tau), with a time constant that grows while `current`
/// is small against the gain current.
std::pair<Value, Value> dpiFactors(Emitter &e, const StepInputs &in,
                                   unsigned dpi, Value current) {
  auto p = [&](unsigned offset) { return dpiParameter(in, dpi, offset); };
  Value zero = e.constant(0), one = e.constant(1);
  Value tau = e.mul(p(2), e.add(one, e.div(p(1), current)));
  Value decay = e.exp(e.div(e.sub(zero, in.parameters[kDt]), tau));
  Value charge = e.sub(one, e.exp(e.div(e.sub(zero, p(3)), tau)));
  return {decay, charge};
}

/// One DPI step: the weighted input `iw` charges towards
/// max(gain * iw - Igain, 0) with the prelude's factors.
Value dpiStep(Emitter &e, const StepInputs &in, unsigned dpi, Value current,
              Value iw) {
  Value zero = e.constant(0), io = in.parameters[kIo];
  Value target = e.max(
      e.sub(e.mul(dpiParameter(in, dpi, 0), iw), dpiParameter(in, dpi, 1)),
      zero);
  Value decay = in.prelude[2 * dpi], charge = in.prelude[2 * dpi + 1];
  // (No call takes two arguments that both create ops: C++ leaves their
  // order, and so the IR's, to the compiler.)
  Value decayed = e.mul(decay, current);
  return e.max(e.add(decayed, e.mul(charge, target)), io);
}

/// Whether DPI `dpi` ever receives input: its synapse group has
/// connections; the AHP, a weight Iw_ahp that is not 0 on every neuron. An
/// undriven DPI holds Io exactly: from Io, with its target max(-Igain, 0) =
/// 0, it decays to decay * Io <= Io, which the floor at Io lifts back. The
/// step uses Io for it and skips its factors, the prelude's dearest part.
bool dpiDriven(const StepInputs &in, unsigned dpi) {
  if (dpi == kAhpDpi)
    return !matchPattern(in.parameters[kIwAhp], m_AnyZeroFloat());
  return in.groupUsed[dpi];
}

/// The state array of DPI `dpi`.
unsigned dpiState(unsigned dpi) {
  return dpi == kAhpDpi ? kIahp : kSynapseStates + dpi;
}

std::vector<Value> SE2Model::emitPrelude(Emitter &e,
                                         const StepInputs &in) const {
  std::vector<Value> values;
  for (unsigned dpi = 0; dpi <= kAhpDpi; ++dpi) {
    if (!dpiDriven(in, dpi)) {
      values.insert(values.end(), 2, Value());
      continue;
    }
    auto [decay, charge] = dpiFactors(e, in, dpi, in.state[dpiState(dpi)]);
    values.push_back(decay);
    values.push_back(charge);
  }
  Value vmem = in.state[kVmem];
  values.push_back(e.exp(e.div(e.mul(in.parameters[kKappaPrime], vmem),
                               in.parameters[kUt])));
  return values;
}

/// vmem = Ut/kappa ln(imem / Io), of the step's imem before the reset, which
/// the step leaves in vmem as imem / Io.
Value SE2Model::emitFinish(Emitter &e, unsigned state, Value argument,
                           llvm::ArrayRef<Value> parameters) const {
  assert(state == kVmem && "SE2 finishes only vmem");
  return e.mul(parameters[kUtOverKappa], e.log(argument));
}

StepResults SE2Model::emitStep(Emitter &e, const StepInputs &in) const {
  auto p = [&](unsigned slot) { return in.parameters[slot]; };
  Value zero = e.constant(0), one = e.constant(1), io = p(kIo);
  Value imem = in.state[kImem], timer = in.state[kTimer];
  std::vector<Value> synapse(kNumSynapses);
  for (unsigned s = 0; s < kNumSynapses; ++s)
    synapse[s] = dpiDriven(in, s) ? dpiStep(e, in, s,
                                            in.state[kSynapseStates + s],
                                            in.groupSums[s])
                                  : io;
  Value iahp = io;
  if (dpiDriven(in, kAhpDpi))
    iahp = dpiStep(e, in, kAhpDpi, in.state[kIahp],
                   e.mul(p(kIwAhp), in.previousSpikes));
  Value gatedNmda =
      e.div(synapse[Nmda], e.add(one, e.div(p(kIfNmda), imem)));
  Value isyn = e.sub(e.add(gatedNmda, synapse[Ampa]), synapse[Gaba]);
  // The refractory period blocks the input for its share of the step.
  Value early = e.compare(arith::CmpFPredicate::OLT, timer, p(kDt));
  Value blocked = e.div(e.select(early, timer, p(kDt)), p(kDt));
  Value open = e.sub(one, blocked);
  Value iin = e.max(e.mul(e.add(isyn, p(kIdc)), open), io);
  Value leak = e.add(p(kItauMem), synapse[Shunt]);
  Value tauAtRest = e.div(e.mul(p(kUtOverKappa), p(kCMem)), leak);
  Value target = e.mul(p(kGainMem), e.sub(e.sub(iin, iahp), leak));
  Value feedback = e.mul(io, in.prelude[2 * kAhpDpi + 2]);
  Value feedbackOverLeak = e.div(feedback, leak);
  Value positive = e.mul(feedbackOverLeak, e.add(imem, p(kIgainMem)));
  Value charge = e.add(target, positive);
  Value drive = e.sub(charge, e.mul(imem, e.add(one, e.div(iahp, leak))));
  // The DPI slows down by imem / (imem + Igain_mem). Evaluated at the start
  // of a step from rest (imem = Io) that halves the step, where the circuit
  // loses only Igain ln(imem/Io) of charge on its way up; so the factor is
  // taken at the step's predicted end.
  Value linearStep = e.div(e.mul(p(kDt), drive), tauAtRest);
  Value predicted = e.max(e.add(imem, linearStep), io);
  Value slowDown = e.div(predicted, e.add(predicted, p(kIgainMem)));
  imem = e.max(e.add(imem, e.mul(linearStep, slowDown)), io);
  Value vmemArgument = e.div(imem, io); // emitFinish takes the logarithm
  Value fired = e.compare(arith::CmpFPredicate::OGE, imem, p(kIspkthr));
  Value spikes = e.select(fired, one, zero);
  imem = e.select(fired, io, imem);
  timer = e.select(fired, p(kTRef), e.max(e.sub(timer, p(kDt)), zero));
  StepResults out;
  out.state = {imem,           synapse[Ampa], synapse[Gaba], synapse[Nmda],
               synapse[Shunt], iahp,          vmemArgument,  timer,
               isyn};
  out.spikes = spikes;
  return out;
}

} // namespace

std::unique_ptr<NeuronModel> dynapse::sim::createSE2Model() {
  return std::make_unique<SE2Model>();
}
