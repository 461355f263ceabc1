// RUN: dynapse-opt %s --convert-snn-to-dynapse 2>&1 | FileCheck %s --implicit-check-not=warning
// RUN: dynapse-opt %s --convert-snn-to-dynapse=strict=true 2>&1 | FileCheck %s
// RUN: dynapse-opt %s --convert-snn-to-dynapse=bias-source=dc 2>&1 | FileCheck %s --check-prefix=DC
// RUN: not dynapse-opt %s --convert-snn-to-dynapse="bias-source=dc strict=true" 2>&1 | FileCheck %s --check-prefix=STRICT
// RUN: dynapse-opt %s --convert-snn-to-dynapse=reset=subtract 2>&1 | FileCheck %s --check-prefix=SUBTRACT
// RUN: dynapse-opt %s --convert-snn-to-dynapse="reset=subtract strict=true" -o /dev/null
// RUN: dynapse-opt %s --convert-snn-to-dynapse=reset-delay=true 2>&1 | FileCheck %s --check-prefix=DELAY
// RUN: dynapse-opt %s --convert-snn-to-dynapse="reset=subtract reset-delay=true" 2>&1 | FileCheck %s --check-prefix=DELAYSUB

// conversion=fidelity at dt = 0.1 ms, snnTorch's beta 0.9 and alpha 0.8
// (docs/conversion.md): Itau_mem = (Ut/kappa) C_mem (1 - beta) / dt
// = 1.0638e-10 A; the threshold current where the positive feedback is 10 %
// of the leak, 8.136e-10 A; Igain_mem = Io; exp(-dt/tau_syn) = alpha gives
// Itau_syn = 1.978e-9 A; Igain_syn 5 % of the synaptic unit
// S Itau_mem / ((1 - beta) Io) = 1.731e-6 A; a pulse of dt/2; refractory
// dt/100. Weights are in units of Iscale (1e-8 A): one unit of weight is
// Itau_syn / (0.05 (1 - exp(-dt/2/tau_syn))) = 3.7476e-7 A, divided by the
// threshold (neuron 1's is 2).
snn.graph @net(%in: tensor<2xf64>) -> (tensor<2xf64>) attributes {convention = "snntorch", dt = 1.0e-4 : f64} {
  %fc = snn.affine(%in) {name = "fc", weight = dense<[[1.0, -0.5], [0.25, 2.0]]> : tensor<2x2xf64>, bias = dense<[0.0, -0.01]> : tensor<2xf64>} : (tensor<2xf64>) -> tensor<2xf64>
  %h = snn.cuba_lif(%fc) {name = "lif", tau_syn = dense<5.0e-4> : tensor<f64>, tau_mem = dense<1.0e-3> : tensor<f64>, v_threshold = dense<[1.0, 2.0]> : tensor<2xf64>} : (tensor<2xf64>) -> tensor<2xf64>
  snn.output %h : tensor<2xf64>
}
// The biases come from the bias source, a channel that fires every step:
// neuron 1's weight from it is its bias times one unit of its weight
// (-0.01 * 37.476 / 2); Idc only cancels the leak's offset (Itau_mem).
// CHECK: %[[BIAS:.*]] = dynapse.input {every_step = array<i64: 0>, name = "bias"} : !dynapse.spikes<1>
// CHECK: dynapse.weights %[[BIAS]] {weights = dense<{{\[\[}}0.000000e+00, -0.187379{{[0-9]*}}]]> : tensor<1x2xf64>}
// CHECK: dynapse.weights %{{.*}} {weights = dense<{{\[\[}}37.475993{{[0-9]*}}, 4.6844992{{[0-9]*}}], [-18.737996{{[0-9]*}}, 37.475993{{[0-9]*}}]]>
// CHECK: dynapse.population(%{{.*}}, %{{.*}}) {Idc = array<f64: 1.06383{{[0-9]*}}E-10>
// CHECK-SAME: Igain_mem = array<f64: 5.000000e-13>
// CHECK-SAME: Igain_syn = array<f64: 8.6555{{[0-9]*}}E-8>
// CHECK-SAME: Ipulse = array<f64: 6.99{{[0-9]*}}E-9>
// CHECK-SAME: Iref = array<f64: 1.050000e-06>
// CHECK-SAME: Iscale = 1.000000e-08
// CHECK-SAME: Ispkthr = array<f64: 8.1361{{[0-9]*}}E-10>
// CHECK-SAME: Itau_mem = array<f64: 1.06383{{[0-9]*}}E-10>
// CHECK-SAME: Itau_syn = array<f64: 1.97822{{[0-9]*}}E-9>

// snnTorch's delayed zero reset drops the input of the step after a spike:
// one step more of refractory time, 1.01 dt, so Iref is 101 times smaller.
// A delayed subtractive reset keeps dt/100 (the chip resets to rest anyway).
// DELAY: Iref = array<f64: 1.0396{{[0-9]*}}E-8>
// DELAYSUB: Iref = array<f64: 1.050000e-06>

// With bias-source=dc, the bias of neuron 1 needs more negative current
// than Idc can take (-Itau_mem): it is clipped, with a warning naming the
// node.
// DC: warning: node 'lif': the chip loses fidelity in 1 place(s); first, neuron 1: its negative bias needs -4.317{{[0-9]*}}e-08 A of DC current, clipped to 0
// DC-NOT: every_step
// DC: dynapse.population(%{{.*}}) {Idc = array<f64: 1.06383{{[0-9]*}}E-10, 0.000000e+00>

// STRICT: error: node 'lif': the chip loses fidelity in 1 place(s)
// A subtractive reset costs no accuracy on the fidelity benchmark
// (digits-subtract): a remark, not a warning, and --strict accepts it.
// SUBTRACT-NOT: warning
// SUBTRACT: remark: node 'lif': the chip steps differently in 2 place(s); first, neuron 0: a subtractive reset becomes a reset to rest
// SUBTRACT-NOT: warning

// -----
// RUN: not dynapse-opt %S/Inputs/fidelity-reset.mlir --convert-snn-to-dynapse 2>&1 | FileCheck %s --check-prefix=RESET
// RESET: warning: node 'low': the chip loses fidelity in 1 place(s); first, neuron 0: it resets to v_reset = 0.25, the chip to rest (0)
// RESET: error: node 'high': neuron 0 resets at or above its threshold (v_threshold - v_reset = 0); the reset must lie below the threshold
