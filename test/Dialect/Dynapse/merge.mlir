// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-merge))' -split-input-file | FileCheck %s
// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-merge,dynapse-merge))' -split-input-file | FileCheck %s

// Two inputs and three populations (a skip connection from the first to the
// third, a recurrent second): every block lands at the rows of its source and
// the columns of its target; outputs, core maps and every_step channels keep
// their offsets.
// CHECK-LABEL: dynapse.network @blocks
// CHECK: %[[IN:.+]] = dynapse.input {every_step = array<i64: 2>, name = "a,b"} : !dynapse.spikes<3>
// CHECK: %[[WIN:.+]] = dynapse.weights %[[IN]] {weights = dense<{{\[\[}}1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 5.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 6.000000e+00]]> : tensor<3x4xf64>}
// CHECK: %[[WREC:.+]] = dynapse.weights %[[P:.+]] {weights = dense<{{\[\[}}0.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 7.000000e+00], [0.000000e+00, 0.000000e+00, 8.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<4x4xf64>}
// CHECK: %[[P]] = dynapse.population(%[[WIN]], %[[WREC]]) {{{.*}}Igain_mem = array<f64: 2.000000e-11>{{.*}}Ispkthr = array<f64: 1.000000e-08, 1.000000e-08, 2.000000e-08, 1.000000e-08>{{.*}}core_map = array<i64: 0, 0, 1, 1>{{.*}}name = "__l0____l1____l2__", output_neurons = array<i64: 1, 3>} : (!dynapse.synaptic<4>, !dynapse.synaptic<4>) -> !dynapse.spikes<4>
// CHECK: dynapse.core 0
// CHECK: dynapse.core 1
dynapse.network @blocks {
  %a = dynapse.input {name = "a"} : !dynapse.spikes<1>
  %b = dynapse.input {name = "b", every_step = array<i64: 1>} : !dynapse.spikes<2>
  %wa = dynapse.weights %a {weights = dense<1.0> : tensor<1x1xf64>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
  %l0 = dynapse.population(%wa) {name = "l0", Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, core_map = array<i64: 0>} : (!dynapse.synaptic<1>) -> !dynapse.spikes<1>
  %w01 = dynapse.weights %l0 {weights = dense<[[2.0, 3.0]]> : tensor<1x2xf64>} : !dynapse.spikes<1> -> !dynapse.synaptic<2>
  %w11 = dynapse.weights %l1 {weights = dense<[[0.0, 0.0], [0.0, 8.0]]> : tensor<2x2xf64>} : !dynapse.spikes<2> -> !dynapse.synaptic<2>
  %l1 = dynapse.population(%w01, %w11) {name = "l1", Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 0.0>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, Ispkthr = array<f64: 1.0e-8, 2.0e-8>, output_neurons = array<i64: 0>, core_map = array<i64: 0, 1>} : (!dynapse.synaptic<2>, !dynapse.synaptic<2>) -> !dynapse.spikes<2>
  %w02 = dynapse.weights %l0 {weights = dense<4.0> : tensor<1x1xf64>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
  %w12 = dynapse.weights %l1 {weights = dense<[[7.0], [0.0]]> : tensor<2x1xf64>} : !dynapse.spikes<2> -> !dynapse.synaptic<1>
  %wb = dynapse.weights %b {weights = dense<[[5.0], [6.0]]> : tensor<2x1xf64>} : !dynapse.spikes<2> -> !dynapse.synaptic<1>
  %l2 = dynapse.population(%w02, %w12, %wb) {name = "l2", Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, output_neurons = array<i64: 0>, core_map = array<i64: 1>} : (!dynapse.synaptic<1>, !dynapse.synaptic<1>, !dynapse.synaptic<1>) -> !dynapse.spikes<1>
  dynapse.core 0 {currents = {}}
  dynapse.core 1 {currents = {}}
}

// -----

// A merged network is left alone.
// CHECK-LABEL: dynapse.network @merged
// CHECK-NEXT: dynapse.input {name = "x"}
// CHECK-NEXT: dynapse.weights
// CHECK-NEXT: dynapse.population({{.*}}name = "only"
dynapse.network @merged {
  %x = dynapse.input {name = "x"} : !dynapse.spikes<1>
  %w = dynapse.weights %x {weights = dense<1.0> : tensor<1x1xf64>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
  %p = dynapse.population(%w) {name = "only", Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : (!dynapse.synaptic<1>) -> !dynapse.spikes<1>
}
