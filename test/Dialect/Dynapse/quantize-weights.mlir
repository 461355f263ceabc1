// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-quantize-weights{realisable=false}))' -split-input-file 2>/dev/null | FileCheck %s
// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-quantize-weights{realisable=false},dynapse-quantize-weights))' -split-input-file 2>/dev/null | FileCheck %s
// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-quantize-weights{realisable=false}))' -split-input-file 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-quantize-weights))' -split-input-file 2>/dev/null | FileCheck %s --check-prefix=REALISABLE

// Weights that are subset sums of 1, 2, 4, 8 quantise exactly; the sign picks
// the dendrite; the core gets Iw_k = base * Iscale.
// CHECK-LABEL: dynapse.network @exact
// CHECK: dynapse.synapses %{{.+}} {dendrite = dense<{{\[\[}}1024, 512, 1024, 0], [1024, 1024, 512, 1024]]> : tensor<2x4xi16>, mask = dense<{{\[\[}}1, 2, 3, 0], [4, 8, 15, 12]]> : tensor<2x4xi8>} : !dynapse.spikes<2> -> !dynapse.synaptic<4>
// CHECK: dynapse.core 0 {currents = {{{.*}}Iw_0 = 1.000000e-08 : f64, Iw_1 = 2.000000e-08 : f64, Iw_2 = 4.000000e-08 : f64, Iw_3 = 8.000000e-08 : f64
// REMARK: remark: core 0: 7 weights on base weights 1, 2, 4, 8 (x Iscale); MSE 0, largest error 0, 0 connections dropped to mask 0
// Realisable base currents are bias-generator values (SYAM_W codes), so the
// core's Iw_k move slightly off 1, 2, 4, 8 x 10 nA.
// REALISABLE-LABEL: dynapse.network @exact
// REALISABLE: dynapse.core 0 {currents = {Iw_0 = 9.9514037784600967E-9 : f64
dynapse.network @exact {
  %in = dynapse.input : !dynapse.spikes<2>
  %w = dynapse.weights %in {weights = dense<[[1.0, -2.0, 3.0, 0.0], [4.0, 8.0, -15.0, 12.0]]> : tensor<2x4xf64>} : !dynapse.spikes<2> -> !dynapse.synaptic<4>
  %p = dynapse.population(%w) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, core_map = array<i64: 0, 0, 0, 0>} : (!dynapse.synaptic<4>) -> !dynapse.spikes<4>
  dynapse.core 0 {currents = {}}
}

// -----

// Each core has its own base currents: the columns of core 1 are quantised
// separately, and the existing SYAM_W codes of a quantised core follow.
// CHECK-LABEL: dynapse.network @two_cores
// CHECK: dynapse.core 0 {currents = {Iw_0 = 6.6666666666666664E-10 : f64
// CHECK: dynapse.core 1 {biases = [#dynapse.bias<"SYAM_W0_P", 5, 35, P>], currents = {Iw_0 = 6.6666666666666668E-8 : f64
dynapse.network @two_cores {
  %in = dynapse.input : !dynapse.spikes<1>
  %w = dynapse.weights %in {weights = dense<[[1.0, 100.0]]> : tensor<1x2xf64>} : !dynapse.spikes<1> -> !dynapse.synaptic<2>
  %p = dynapse.population(%w) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, core_map = array<i64: 0, 1>} : (!dynapse.synaptic<2>) -> !dynapse.spikes<2>
  dynapse.core 0 {currents = {}}
  dynapse.core 1 {currents = {}, biases = [#dynapse.bias<"SYAM_W0_P", 0, 0, P>]}
}
