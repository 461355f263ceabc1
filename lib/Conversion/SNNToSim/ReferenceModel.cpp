//===- ReferenceModel.cpp - discrete LIF steps of snnTorch, Norse, NIR ----===//
#include "dynapse/Conversion/SNNToSim/ReferenceModel.h"

using namespace mlir;
using namespace dynapse;
using namespace dynapse::sim;

namespace {

enum Slot : unsigned {
  kAlpha, kBeta, kInputGain, kMemoryGain, kLeak, kBias, kThreshold, kReset,
  kSubtract, kDelayedCurrent, kNumSlots
};
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
  StepResults emitSnnTorchStep(Emitter &e, const StepInputs &in) const;
  StepResults emitEulerStep(Emitter &e, const StepInputs &in) const;

  ReferenceVariant variant;
  std::vector<ReferenceNeuron> neurons;
};

std::vector<std::vector<float>>
ReferenceModel::parameterTable(const Network &,
                               llvm::ArrayRef<NeuronParameters>) const {
  std::vector<std::vector<float>> rows;
  for (const ReferenceNeuron &n : neurons)
    rows.push_back({float(n.alpha), float(n.beta), float(n.inputGain),
                    float(n.memoryGain), float(n.leak), float(n.bias),
                    float(n.threshold), float(n.reset), n.subtract ? 1.0f : 0.0f,
                    n.delayedCurrent ? 1.0f : 0.0f});
  return rows;
}

/// The step's input, (same-step input + bias) + last step's spikes, the
/// order in which snnTorch's RSynaptic adds fc(x) and recurrent(spk).
Value stepInput(Emitter &e, const StepInputs &in) {
  Value driven = e.add(in.groupSums[kSameStepInput], in.parameters[kBias]);
  return e.add(driven, in.groupSums[kLastStepInput]);
}

Value isAbove(Emitter &e, Value v, Value threshold) {
  Value zero = e.constant(0);
  return e.compare(arith::CmpFPredicate::OGT, e.sub(v, threshold), zero);
}

StepResults ReferenceModel::emitStep(Emitter &e, const StepInputs &in) const {
  return variant == ReferenceVariant::SnnTorch ? emitSnnTorchStep(e, in)
                                               : emitEulerStep(e, in);
}

/// snnTorch at reset_delay=False, op for op in float32 (docs/simulation.md):
/// the reset of the last step is judged from the stored membrane, the one
/// of this step applied at once.
StepResults ReferenceModel::emitSnnTorchStep(Emitter &e,
                                             const StepInputs &in) const {
  auto p = [&](unsigned slot) { return in.parameters[slot]; };
  Value zero = e.constant(0), one = e.constant(1);
  Value threshold = p(kThreshold), v = in.state[kVmem];
  Value decayed = e.mul(p(kAlpha), in.state[kIsyn]);
  Value isyn = e.add(decayed, stepInput(e, in));
  Value lastReset = e.select(isAbove(e, v, threshold), one, zero);
  Value integrated = e.add(e.mul(p(kBeta), v), isyn);
  Value subtract = e.compare(arith::CmpFPredicate::ONE, p(kSubtract), zero);
  Value subtracted = e.sub(integrated, e.mul(lastReset, threshold));
  Value zeroed = e.mul(integrated, e.sub(one, lastReset));
  Value vmem = e.select(subtract, subtracted, zeroed);
  Value spikes = e.select(isAbove(e, vmem, threshold), one, zero);
  Value change = e.sub(spikes, lastReset);
  Value afterSubtract = e.sub(vmem, e.mul(change, threshold));
  Value afterZero = e.mul(vmem, e.sub(one, change));
  StepResults out;
  out.state = {e.select(subtract, afterSubtract, afterZero), isyn};
  out.spikes = spikes;
  return out;
}

/// Norse and forward Euler: v' = beta v + g_mem I + leak with this step's
/// current (Euler) or the last one's (Norse CubaLIF); spike when v' exceeds
/// the threshold, then v_reset, or v' - threshold under a subtractive reset.
StepResults ReferenceModel::emitEulerStep(Emitter &e,
                                          const StepInputs &in) const {
  auto p = [&](unsigned slot) { return in.parameters[slot]; };
  Value zero = e.constant(0), one = e.constant(1);
  Value lastCurrent = in.state[kIsyn];
  Value decayed = e.mul(p(kAlpha), lastCurrent);
  Value isyn = e.add(decayed, e.mul(p(kInputGain), stepInput(e, in)));
  Value delayed = e.compare(arith::CmpFPredicate::ONE, p(kDelayedCurrent), zero);
  Value current = e.select(delayed, lastCurrent, isyn);
  // (No call takes two arguments that both create ops: C++ leaves their
  // order, and so the IR's, to the compiler.)
  Value membrane = e.mul(p(kBeta), in.state[kVmem]);
  Value integrated = e.add(membrane, e.mul(p(kMemoryGain), current));
  Value vmem = e.add(integrated, p(kLeak));
  Value fired = isAbove(e, vmem, p(kThreshold));
  Value subtract = e.compare(arith::CmpFPredicate::ONE, p(kSubtract), zero);
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
