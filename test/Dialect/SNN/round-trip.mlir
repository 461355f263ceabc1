// RUN: dynapse-opt %s | FileCheck %s
// RUN: dynapse-opt %s | dynapse-opt | FileCheck %s
// RUN: dynapse-opt %s -mlir-print-op-generic | dynapse-opt | FileCheck %s

// Every snn op, recurrence as an SSA cycle, fan-in of two edges, scalar
// (broadcast) and per-neuron parameters, and values that need all 17 digits.

// CHECK-LABEL: snn.graph @all_nodes
// CHECK-SAME: (%[[IN:.+]]: tensor<2xf64> {snn.name = "input"}) -> (tensor<2xf64> {snn.name = "out"})
snn.graph @all_nodes(%in: tensor<2xf64> {snn.name = "input"}) -> (tensor<2xf64> {snn.name = "out"}) {
  // CHECK: %[[A:.+]] = snn.affine(%[[IN]]) {bias = dense<[1.000000e-01, 0.30000000000000004]> : tensor<2xf64>, name = "fc", weight = dense<{{\[\[}}1.000000e+00, -2.000000e+00], [5.3191489361702129E-12, 0.000000e+00]]> : tensor<2x2xf64>} : (tensor<2xf64>) -> tensor<2xf64>
  %a = snn.affine(%in) {name = "fc", weight = dense<[[1.0, -2.0], [5.319148936170213e-12, 0.0]]> : tensor<2x2xf64>, bias = dense<[0.1, 0.30000000000000004]> : tensor<2xf64>} : (tensor<2xf64>) -> tensor<2xf64>
  // CHECK: %[[L:.+]] = snn.linear(%[[A]]) {weight = dense<{{.+}}> : tensor<2x2xf64>} : (tensor<2xf64>) -> tensor<2xf64>
  %l = snn.linear(%a) {weight = dense<[[1.0, 0.0], [0.0, 1.0]]> : tensor<2x2xf64>} : (tensor<2xf64>) -> tensor<2xf64>
  // CHECK: %[[S:.+]] = snn.scale(%[[L]]) {scale = dense<2.000000e+00> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  %s = snn.scale(%l) {scale = dense<2.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  // CHECK: %[[T:.+]] = snn.threshold(%[[S]]) {threshold = dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf64>}
  %t = snn.threshold(%s) {threshold = dense<[1.0, 2.0]> : tensor<2xf64>} : (tensor<2xf64>) -> tensor<2xf64>
  // CHECK: %[[D:.+]] = snn.delay(%[[T]]) {delay = dense<0.000000e+00> : tensor<f64>}
  %d = snn.delay(%t) {delay = dense<0.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  // CHECK: %[[LI:.+]] = snn.li(%[[D]]) {r = dense<1.000000e+00> : tensor<f64>, tau = dense<2.000000e-02> : tensor<f64>, v_leak = dense<0.000000e+00> : tensor<f64>}
  %li = snn.li(%d) {tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  // CHECK: %[[IF:.+]] = snn.if(%[[LI]]) {v_reset = dense<0.000000e+00> : tensor<f64>, v_threshold = dense<1.000000e+00> : tensor<f64>}
  %if = snn.if(%li) {v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  // CHECK: %[[LIF:.+]] = snn.lif(%[[IF]], %[[REC:.+]]) {name = "lif", tau = dense<[2.000000e-02, 3.000000e-02]> : tensor<2xf64>, v_threshold = dense<1.000000e+00> : tensor<f64>} : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
  %lif = snn.lif(%if, %rec) {name = "lif", tau = dense<[0.02, 0.03]> : tensor<2xf64>, v_threshold = dense<1.0> : tensor<f64>} : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
  // CHECK: %[[REC]] = snn.linear(%[[LIF]]) {name = "lif.w_rec"
  %rec = snn.linear(%lif) {name = "lif.w_rec", weight = dense<[[0.0, 1.0], [1.0, 0.0]]> : tensor<2x2xf64>} : (tensor<2xf64>) -> tensor<2xf64>
  // CHECK: %[[CLI:.+]] = snn.cuba_li(%[[LIF]]) {tau_mem = dense<2.000000e-02> : tensor<f64>, tau_syn = dense<5.000000e-03> : tensor<f64>, w_in = dense<1.000000e+00> : tensor<f64>}
  %cli = snn.cuba_li(%lif) {tau_syn = dense<0.005> : tensor<f64>, tau_mem = dense<0.02> : tensor<f64>, w_in = dense<1.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  // CHECK: %[[CLIF:.+]] = snn.cuba_lif(%[[CLI]]) {r = dense<2.400000e+01> : tensor<f64>, tau_mem = dense<1.000000e-03> : tensor<f64>, tau_syn = dense<2.200000e-04> : tensor<f64>, v_leak = dense<0.000000e+00> : tensor<f64>, v_reset = dense<0.000000e+00> : tensor<f64>, v_threshold = dense<1.000000e+00> : tensor<f64>, w_in = dense<1.000000e+00> : tensor<f64>}
  %clif = snn.cuba_lif(%cli) {tau_syn = dense<2.2e-4> : tensor<f64>, tau_mem = dense<1.0e-3> : tensor<f64>, r = dense<24.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>, w_in = dense<1.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  // CHECK: snn.output %[[CLIF]] : tensor<2xf64>
  snn.output %clif : tensor<2xf64>
}

// Sizes are compared by element count: a [1] population feeds a [1,1,1]
// output, as Rockpool's exporter writes it. A graph may also have no inputs.
// CHECK-LABEL: snn.graph @element_count() -> tensor<1x1x1xf64>
snn.graph @element_count() -> tensor<1x1x1xf64> {
  // CHECK: snn.lif() {{.+}} : () -> tensor<1xf64>
  %n = snn.lif() {tau = dense<0.02> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>} : () -> tensor<1xf64>
  // CHECK: snn.scale(%{{.+}}) {{.+}} : (tensor<1xf64>) -> tensor<1x1x1xf64>
  %o = snn.scale(%n) {scale = dense<1.0> : tensor<1xf64>} : (tensor<1xf64>) -> tensor<1x1x1xf64>
  snn.output %o : tensor<1x1x1xf64>
}

// CHECK-LABEL: snn.graph @no_outputs
// CHECK: snn.output{{$}}
snn.graph @no_outputs(%in: tensor<4xf64>) {
  snn.output
}
