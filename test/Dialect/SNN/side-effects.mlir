// RUN: dynapse-opt %s -canonicalize -cse | FileCheck %s

// Two identical populations are distinct neurons, and a population nobody
// reads is still part of the network: canonicalize and cse keep both.

// CHECK-LABEL: snn.graph @twins
// CHECK-COUNT-3: snn.lif
// CHECK: snn.output
snn.graph @twins(%in: tensor<2xf64>) -> (tensor<2xf64>, tensor<2xf64>) {
  %a = snn.lif(%in) {tau = dense<0.02> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  %b = snn.lif(%in) {tau = dense<0.02> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  %unused = snn.lif(%in) {tau = dense<0.02> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  snn.output %a, %b : tensor<2xf64>, tensor<2xf64>
}
