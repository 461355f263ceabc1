// RUN: dynapse-opt %s --convert-snn-to-dynapse=conversion=rockpool -split-input-file | FileCheck %s
// RUN: dynapse-opt %s --convert-snn-to-dynapse=conversion=rockpool --convert-snn-to-dynapse=conversion=rockpool -split-input-file | FileCheck %s

// The required fixed point: CubaLIF with r = 1, w_in = 1, v_leak = 0,
// v_reset = 0 is Rockpool's LIF; weights are unchanged ((out, in) becomes
// (pre, post)), the Affine bias becomes Idc = bias * Iscale, Rockpool's
// defaults give Ipulse = 3.5e-8 and Iref = 1.05e-9, and the AHP/NMDA currents
// are zero. Values agree with Rockpool's reference run A1 (unit tests check
// them to 1e-12).
// CHECK-LABEL: dynapse.network @fixed_point
// CHECK: %[[IN:.+]] = dynapse.input {name = "x"} : !dynapse.spikes<2>
// CHECK: %[[W:.+]] = dynapse.weights %[[IN]] {weights = dense<{{\[\[}}1.000000e+00, 3.000000e+00], [-2.000000e+00, 4.000000e+00]]> : tensor<2x2xf64>} : !dynapse.spikes<2> -> !dynapse.synaptic<2>
// CHECK: dynapse.population(%[[W]]) {Idc = array<f64: 0.000000e+00, 5.000000e-10>, If_nmda = array<f64: 0.000000e+00>, Igain_ahp = array<f64: 0.000000e+00>, Igain_mem = array<f64: 2.1276595744680848E-11>, Igain_syn = array<f64: 8.8652482269503534E-9, 1.7730496453900707E-8>, Ipulse = array<f64: 3.4999999999999996E-8>, Ipulse_ahp = array<f64: 0.000000e+00>, Iref = array<f64: 1.0499999999999999E-9>, Iscale = 1.000000e-08 : f64, Ispkthr = array<f64: 1.000000e-08, 1.5000000000000002E-8>, Itau_ahp = array<f64: 0.000000e+00>, Itau_mem = array<f64: 5.319148936170212E-12>, Itau_syn = array<f64: 8.8652482269503531E-11, 1.7730496453900706E-10>, Iw_ahp = array<f64: 0.000000e+00>, dt = 1.000000e-03 : f64, name = "l", output_neurons = array<i64: 0, 1>}
snn.graph @fixed_point(%in: tensor<2xf64> {snn.name = "x"}) -> tensor<2xf64> {
  %a = snn.affine(%in) {weight = dense<[[1.0, -2.0], [3.0, 4.0]]> : tensor<2x2xf64>, bias = dense<[0.0, 0.05]> : tensor<2xf64>} : (tensor<2xf64>) -> tensor<2xf64>
  %l = snn.cuba_lif(%a) {name = "l", tau_mem = dense<0.02> : tensor<f64>, tau_syn = dense<[0.01, 0.005]> : tensor<2xf64>, v_threshold = dense<[1.0, 1.5]> : tensor<2xf64>, r = dense<1.0> : tensor<f64>, w_in = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  snn.output %l : tensor<2xf64>
}

// -----

// Gains: the weights into a CubaLIF scale by r * w_in; Scale nodes fold into
// the weights on either side; chains of Linear nodes compose (3 * 0.5 * 2,
// times r = 2); v_leak and v_reset shift the bias and threshold (threshold
// 1.5 - 0.5 = 1, bias 2 * 0.25 + 0.2 - 0.5 = 0.2).
// CHECK-LABEL: dynapse.network @gains
// CHECK: dynapse.weights %{{.+}} {weights = dense<6.000000e+00> : tensor<1x1xf64>}
// CHECK: dynapse.population(%{{.+}}) {Idc = array<f64: 2.000000e-09>, {{.*}}Ispkthr = array<f64: 1.000000e-08>
snn.graph @gains(%in: tensor<1xf64>) -> tensor<1xf64> {
  %s = snn.scale(%in) {scale = dense<3.0> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  %a = snn.linear(%s) {weight = dense<0.5> : tensor<1x1xf64>} : (tensor<1xf64>) -> tensor<1xf64>
  %b = snn.affine(%a) {weight = dense<2.0> : tensor<1x1xf64>, bias = dense<0.25> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  %l = snn.cuba_lif(%b) {tau_mem = dense<0.02> : tensor<f64>, tau_syn = dense<0.005> : tensor<f64>, v_threshold = dense<1.5> : tensor<f64>, r = dense<2.0> : tensor<f64>, w_in = dense<1.0> : tensor<f64>, v_leak = dense<0.2> : tensor<f64>, v_reset = dense<0.5> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output %l : tensor<1xf64>
}

// -----

// snnTorch's convention: w_in = tau_syn / dt is the spike's normalisation,
// so the gain is r * w_in * dt / tau_syn = r (here 200).
// CHECK-LABEL: dynapse.network @snntorch
// CHECK: dynapse.weights %{{.+}} {weights = dense<2.000000e+02> : tensor<1x1xf64>}
// CHECK: dt = 1.000000e-04 : f64
snn.graph @snntorch(%in: tensor<1xf64>) -> tensor<1xf64> attributes {convention = "snntorch", dt = 1.0e-4 : f64} {
  %a = snn.linear(%in) {weight = dense<1.0> : tensor<1x1xf64>} : (tensor<1xf64>) -> tensor<1xf64>
  %l = snn.cuba_lif(%a) {tau_mem = dense<0.02> : tensor<f64>, tau_syn = dense<0.005> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, r = dense<200.0> : tensor<f64>, w_in = dense<50.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output %l : tensor<1xf64>
}

// -----

// Rockpool's convention: r only encodes dt, Rockpool's LIF has unit gain.
// A LIF has no synapse: it gets tau_syn = dt (--lif-tau-syn) and the gain
// dt / tau_syn = 1, so a spike delivers the same charge.
// CHECK-LABEL: dynapse.network @rockpool
// CHECK: dynapse.weights %{{.+}} {weights = dense<4.000000e-02> : tensor<1x1xf64>}
// CHECK: Itau_syn = array<f64: 8.8652482269503534E-9>
snn.graph @rockpool(%in: tensor<1xf64>) -> tensor<1xf64> attributes {convention = "rockpool", dt = 1.0e-4 : f64} {
  %a = snn.linear(%in) {weight = dense<0.04> : tensor<1x1xf64>} : (tensor<1xf64>) -> tensor<1xf64>
  %l = snn.lif(%a) {tau = dense<0.0025> : tensor<f64>, r = dense<24.02> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output %l : tensor<1xf64>
}

// -----

// IF neurons do not leak; they get tau_mem = --if-tau-mem (1 s), here
// overridden to 2 s by the node's `dynapse.if_tau_mem` attribute. Populations come in
// breadth-first order from the inputs, not in IR order; only those feeding
// the graph's results are outputs.
// CHECK-LABEL: dynapse.network @order
// CHECK: dynapse.population({{.*}}) {{{.*}}Itau_mem = array<f64: 5.3191489361702124E-14>{{.*}}name = "first"}
// CHECK: dynapse.population({{.*}}) {{{.*}}Igain_mem = array<f64: 2.1276595744680848E-11>{{.*}}name = "second", output_neurons = array<i64: 0>}
snn.graph @order(%in: tensor<1xf64>) -> tensor<1xf64> {
  %second = snn.lif(%c) {name = "second", "dynapse.r_gain_mem" = 4.0 : f64, tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  %c = snn.linear(%first) {weight = dense<1.0> : tensor<1x1xf64>} : (tensor<1xf64>) -> tensor<1xf64>
  %first = snn.if(%b) {name = "first", "dynapse.if_tau_mem" = 2.0 : f64, r = dense<1.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  %b = snn.linear(%in) {weight = dense<1.0> : tensor<1x1xf64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output %second : tensor<1xf64>
}

// -----

// Without any connection between two spiking layers there is no weights op;
// a layer fed directly by an input gets identity weights.
// CHECK-LABEL: dynapse.network @direct
// CHECK: %[[IN:.+]] = dynapse.input : !dynapse.spikes<2>
// CHECK: dynapse.weights %[[IN]] {weights = dense<{{\[\[}}1.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00]]> : tensor<2x2xf64>}
snn.graph @direct(%in: tensor<2xf64>) -> tensor<2xf64> {
  %l = snn.lif(%in) {tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  snn.output %l : tensor<2xf64>
}
