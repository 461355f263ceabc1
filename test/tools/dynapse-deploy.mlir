// The whole pipeline as one registered pass pipeline, with its options.
// RUN: dynapse-opt %s --dynapse-deploy 2>/dev/null | FileCheck %s
// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse-deploy{chips=1 chip-grid=1x1 method=greedy keep-connections=true})' 2>/dev/null | FileCheck %s --check-prefix=ONECHIP
// CHECK: dynapse.network @tiny attributes {chip_grid = "2x2", chips = 4 : i64}
// CHECK: dynapse.synapses
// CHECK: dynapse.core 0 {biases = [#dynapse.bias<"SOIF_DC_P"
// CHECK: dynapse.neuron {cam = [#dynapse.cam<tag = 0, dendrite = ampa
// ONECHIP: dynapse.network @tiny attributes {chip_grid = "1x1", chips = 1 : i64}
snn.graph @tiny(%in: tensor<2xf64>) -> tensor<2xf64> {
  %a = snn.linear(%in) {weight = dense<[[1.0, 0.5], [0.25, 2.0]]> : tensor<2x2xf64>} : (tensor<2xf64>) -> tensor<2xf64>
  %l = snn.lif(%a) {tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  snn.output %l : tensor<2xf64>
}
