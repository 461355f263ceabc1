//===- ReferenceModel.cpp - discrete LIF steps of snnTorch, Norse, NIR ----===//
#include "dynapse/Conversion/SNNToSim/ReferenceModel.h"

using namespace mlir;
using namespace dynapse;
using namespace dynapse::sim;

namespace {

// Norse's rows hold its own terms in the first slots: dt * tau_syn_inv in
// kAlpha, dt * tau_mem_inv in kBeta, r in kMemoryGain, v_leak in kLeak.
enum Slot : unsigned {
  kAlpha, kBeta, kInputGain, kMemoryGain, kLeak, kBias, kRecurrentBias,
  kThreshold, kReset, kSubtract, kResetDelay, kClearsCurrent,
  kDelayedCurrent, kKind, kNumSlots
};
/// Which Norse cell a neuron is (kKind).
enum NorseKind : int { kIAF = 0, kLIFBox = 1, kLIF = 2 };
enum State : unsigned { kVmem, kIsyn, kNumStates };

class ReferenceModel : public NeuronModel {
public:
  ReferenceModel(ReferenceVariant variant, std::vector<ReferenceNeuron> neurons)
      : variant(variant), neurons(std::move(neurons)) {}
  unsigned numGroups() const override { return 2; }
  unsigned numParameters() const override { return kNumSlots; }
  std::vector<float> parameterRow(const NeuronParameters &, double) const override {
    llvm_unreachable("the reference model has no currents");
  }
  std::vector<std::vector<float>>
  parameterTable(const Network &,
                 llvm::ArrayRef<NeuronParameters>) const override;
  std::vector<bool> startsAtIo() const override { return {false, false}; }
  unsigned darkCurrentSlot() const override { return kReset; }
  std::vector<Record> records() const override {
    return {{"vmem", kVmem}, {"isyn", kIsyn}};
  }
  StepResults emitStep(Emitter &e, const StepInputs &in) const override;

private:
  std::vector<float> row(const ReferenceNeuron &n) const;
  StepResults emitSnnTorchStep(Emitter &e, const StepInputs &in) const;
  StepResults emitNorseStep(Emitter &e, const StepInputs &in) const;
  StepResults emitEulerStep(Emitter &e, const StepInputs &in) const;

  ReferenceVariant variant;
  std::vector<ReferenceNeuron> neurons;
};

bool isNorse(ReferenceVariant variant) {
  return variant == ReferenceVariant::Norse ||
         variant == ReferenceVariant::Norse10;
}

std::vector<float> ReferenceModel::row(const ReferenceNeuron &n) const {
  auto flag = [](bool set) { return set ? 1.0f : 0.0f; };
  // snnTorch adds the recurrent bias with the recurrent spikes; the others
  // take one bias.
  bool apart = variant == ReferenceVariant::SnnTorch;
  std::vector<float> row = {
      float(n.alpha),  float(n.beta),
      float(n.inputGain), float(n.memoryGain),
      float(n.leak),   float(apart ? n.bias : n.totalBias()),
      float(apart ? n.recurrentBias : 0.0), float(n.threshold),
      float(n.reset),  flag(n.subtract),
      flag(n.resetDelay), flag(n.resetClearsCurrent),
      flag(n.delayedCurrent), 0.0f};
  if (isNorse(variant)) {
    row[kAlpha] = n.norse.synapseRate;
    row[kBeta] = n.norse.memoryRate;
    row[kMemoryGain] = float(n.norse.r);
    row[kLeak] = float(n.norse.vLeak);
    // Only a LIFCell has a current to carry.
    row[kInputGain] = n.norse.synapse ? float(n.inputGain) : 0.0f;
    row[kKind] = float(n.norse.synapse  ? kLIF
                       : n.norse.leaky ? kLIFBox
                                       : kIAF);
  }
  return row;
}

std::vector<std::vector<float>>
ReferenceModel::parameterTable(const Network &,
                               llvm::ArrayRef<NeuronParameters>) const {
  std::vector<std::vector<float>> rows;
  for (const ReferenceNeuron &n : neurons)
    rows.push_back(row(n));
  return rows;
}

/// The step's input with one bias: (same-step input + bias) + last step's
/// spikes.
Value stepInput(Emitter &e, const StepInputs &in) {
  Value driven = e.add(in.groupSums[kSameStepInput], in.parameters[kBias]);
  return e.add(driven, in.groupSums[kLastStepInput]);
}

Value isSet(Emitter &e, Value flag) {
  return e.compare(arith::CmpFPredicate::ONE, flag, e.constant(0));
}

Value isAbove(Emitter &e, Value v, Value threshold) {
  Value zero = e.constant(0);
  return e.compare(arith::CmpFPredicate::OGT, e.sub(v, threshold), zero);
}

StepResults ReferenceModel::emitStep(Emitter &e, const StepInputs &in) const {
  if (variant == ReferenceVariant::SnnTorch)
    return emitSnnTorchStep(e, in);
  return isNorse(variant) ? emitNorseStep(e, in) : emitEulerStep(e, in);
}

/// snnTorch, op for op in float32 (docs/simulation.md): the current is
/// (alpha I + (W x + b)) + (W_rec s + b_rec), as RSynaptic adds them; the
/// reset of the last step is judged from the stored membrane, the one of
/// this step applied at once unless the reset is delayed.
StepResults ReferenceModel::emitSnnTorchStep(Emitter &e,
                                             const StepInputs &in) const {
  auto p = [&](unsigned slot) { return in.parameters[slot]; };
  Value zero = e.constant(0), one = e.constant(1);
  Value threshold = p(kThreshold), v = in.state[kVmem];
  Value fed = e.add(in.groupSums[kSameStepInput], p(kBias));
  Value recurrent = e.add(in.groupSums[kLastStepInput], p(kRecurrentBias));
  Value decayed = e.mul(p(kAlpha), in.state[kIsyn]);
  Value isyn = e.add(e.add(decayed, fed), recurrent);
  Value lastReset = e.select(isAbove(e, v, threshold), one, zero);
  Value integrated = e.add(e.mul(p(kBeta), v), isyn);
  Value subtract = isSet(e, p(kSubtract));
  Value subtracted = e.sub(integrated, e.mul(lastReset, threshold));
  Value zeroed = e.mul(integrated, e.sub(one, lastReset));
  Value vmem = e.select(subtract, subtracted, zeroed);
  Value spikes = e.select(isAbove(e, vmem, threshold), one, zero);
  Value immediate = e.sub(spikes, lastReset);
  Value change = e.select(isSet(e, p(kResetDelay)), zero, immediate);
  Value afterSubtract = e.sub(vmem, e.mul(change, threshold));
  Value afterZero = e.mul(vmem, e.sub(one, change));
  // snnTorch 0.7's RSynaptic (init_hidden) stores isyn - rst isyn.
  Value cleared = e.sub(isyn, e.mul(lastReset, isyn));
  StepResults out;
  out.state = {e.select(subtract, afterSubtract, afterZero),
               e.select(isSet(e, p(kClearsCurrent)), cleared, isyn)};
  out.spikes = spikes;
  return out;
}

/// Norse's LIFCell, LIFBoxCell and IAFCell, op for op in float32 as its
/// feed-forward steps compute them (k = dt tau_inv):
///   i+ = i + w_in x;  v' = v + k_mem ((v_leak - v) + r i+);  i' = i+ - k_syn i+
/// (>= 1.1; Norse 1.0 integrates the stored i and adds w_in x after the
/// decay), v' = v + k_mem ((r x + v_leak) - v) (box), v' = v + r x (IAF);
/// a spike where v' - v_th > 0, then v_reset (or v' - v_th, subtractive).
StepResults ReferenceModel::emitNorseStep(Emitter &e,
                                          const StepInputs &in) const {
  auto p = [&](unsigned slot) { return in.parameters[slot]; };
  Value zero = e.constant(0), one = e.constant(1);
  Value v = in.state[kVmem], i = in.state[kIsyn];
  Value x = stepInput(e, in);
  Value inputCurrent = e.mul(p(kInputGain), x);
  Value delayed = isSet(e, p(kDelayedCurrent));
  Value jumped = e.add(i, inputCurrent);
  Value current = e.select(delayed, i, jumped);
  // (No call takes two arguments that both create ops: C++ leaves their
  // order, and so the IR's, to the compiler.)
  Value leakGap = e.sub(p(kLeak), v);
  Value synapseDrive = e.add(leakGap, e.mul(p(kMemoryGain), current));
  Value directInput = e.mul(p(kMemoryGain), x);
  Value boxDrive = e.sub(e.add(directInput, p(kLeak)), v);
  Value kind = p(kKind);
  Value isLIF = e.compare(arith::CmpFPredicate::OEQ, kind, e.constant(kLIF));
  Value isIAF = e.compare(arith::CmpFPredicate::OEQ, kind, e.constant(kIAF));
  Value drive = e.select(isLIF, synapseDrive, boxDrive);
  Value leaky = e.add(v, e.mul(p(kBeta), drive));
  Value integrated = e.add(v, directInput);
  Value vmem = e.select(isIAF, integrated, leaky);
  Value decayedCurrent = e.sub(current, e.mul(p(kAlpha), current));
  Value withInput = e.add(decayedCurrent, inputCurrent);
  Value nextCurrent = e.select(delayed, withInput, decayedCurrent);
  Value fired = isAbove(e, vmem, p(kThreshold));
  Value subtracted = e.sub(vmem, p(kThreshold));
  Value afterReset = e.select(isSet(e, p(kSubtract)), subtracted, p(kReset));
  StepResults out;
  out.state = {e.select(fired, afterReset, vmem), nextCurrent};
  out.spikes = e.select(fired, one, zero);
  return out;
}

/// Forward Euler: v' = beta v + g_mem I + leak with this step's current;
/// spike when v' exceeds the threshold, then v_reset, or v' - threshold
/// under a subtractive reset.
StepResults ReferenceModel::emitEulerStep(Emitter &e,
                                          const StepInputs &in) const {
  auto p = [&](unsigned slot) { return in.parameters[slot]; };
  Value zero = e.constant(0), one = e.constant(1);
  Value decayed = e.mul(p(kAlpha), in.state[kIsyn]);
  Value isyn = e.add(decayed, e.mul(p(kInputGain), stepInput(e, in)));
  Value membrane = e.mul(p(kBeta), in.state[kVmem]);
  Value integrated = e.add(membrane, e.mul(p(kMemoryGain), isyn));
  Value vmem = e.add(integrated, p(kLeak));
  Value fired = isAbove(e, vmem, p(kThreshold));
  Value subtract = isSet(e, p(kSubtract));
  Value afterReset =
      e.select(subtract, e.sub(vmem, p(kThreshold)), p(kReset));
  StepResults out;
  out.state = {e.select(fired, afterReset, vmem), isyn};
  out.spikes = e.select(fired, one, zero);
  return out;
}

} // namespace

std::unique_ptr<NeuronModel>
dynapse::sim::createReferenceModel(ReferenceVariant variant,
                                   std::vector<ReferenceNeuron> neurons) {
  return std::make_unique<ReferenceModel>(variant, std::move(neurons));
}
