// RUN: dynapse-opt %s --convert-snn-to-dynapse=conversion=rockpool --dynapse-merge -split-input-file | FileCheck %s
//
// The graphs Rockpool's mapper rejects (spec section 3.4, reference run A5)
// that are valid networks convert and merge here. The others are diagnosed:
//   trailing read-out Linear      -> errors.mlir @readout
//   negative LIF bias             -> errors.mlir @negative_bias
//   no LIF layer                  -> errors.mlir @nothing
//   merge with different dt       -> Dialect/Dynapse/merge-errors.mlir
//   parameter shape mismatch      -> Dialect/SNN/errors.mlir @param_count
//   two synapses per neuron       -> not expressible in snn (NIR has one
//                                    tau_syn per neuron)

// Consecutive LIF layers (spikes of one drive the next one-to-one).
// CHECK-LABEL: dynapse.network @consecutive_lif
// CHECK: dynapse.weights %{{.+}} {weights = dense<{{\[\[}}0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<4x4xf64>}
snn.graph @consecutive_lif(%in: tensor<2xf64>) -> tensor<2xf64> {
  %a = snn.linear(%in) {weight = dense<1.0> : tensor<2x2xf64>} : (tensor<2xf64>) -> tensor<2xf64>
  %l1 = snn.lif(%a) {tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  %l2 = snn.lif(%l1) {tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  snn.output %l2 : tensor<2xf64>
}

// -----

// A LIF first, with no input Linear.
// CHECK-LABEL: dynapse.network @lif_first
// CHECK: dynapse.population
snn.graph @lif_first(%in: tensor<2xf64>) -> tensor<2xf64> {
  %l = snn.lif(%in) {tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  snn.output %l : tensor<2xf64>
}

// -----

// Consecutive Linear layers compose: (2 x 3) * (3 x 1).
// CHECK-LABEL: dynapse.network @consecutive_linear
// CHECK: dynapse.weights %{{.+}} {weights = dense<{{\[\[}}6.000000e+00, 1.200000e+01]]> : tensor<1x2xf64>}
snn.graph @consecutive_linear(%in: tensor<1xf64>) -> tensor<2xf64> {
  %a = snn.linear(%in) {weight = dense<[[1.0], [2.0], [3.0]]> : tensor<3x1xf64>} : (tensor<1xf64>) -> tensor<3xf64>
  %b = snn.linear(%a) {weight = dense<[[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]> : tensor<2x3xf64>} : (tensor<3xf64>) -> tensor<2xf64>
  %l = snn.lif(%b) {tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  snn.output %l : tensor<2xf64>
}

// -----

// A Linear with a bias (an Affine): the bias is the DC current.
// CHECK-LABEL: dynapse.network @linear_with_bias
// CHECK: Idc = array<f64: 3.000000e-09>
snn.graph @linear_with_bias(%in: tensor<1xf64>) -> tensor<1xf64> {
  %a = snn.affine(%in) {weight = dense<1.0> : tensor<1x1xf64>, bias = dense<0.3> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  %l = snn.lif(%a) {tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output %l : tensor<1xf64>
}

// -----

// Scalar LIF parameters broadcast to the population.
// CHECK-LABEL: dynapse.network @scalar_parameters
// CHECK: Itau_mem = array<f64: 5.319148936170212E-12>{{.*}}-> !dynapse.spikes<3>
snn.graph @scalar_parameters(%in: tensor<3xf64>) -> tensor<3xf64> {
  %l = snn.lif(%in) {tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<3xf64>) -> tensor<3xf64>
  snn.output %l : tensor<3xf64>
}
