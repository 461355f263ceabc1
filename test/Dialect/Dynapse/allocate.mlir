// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-allocate))' | FileCheck %s
// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-allocate,dynapse-allocate))' | FileCheck %s
// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-allocate{chips=2 chip-grid=2x1}))' | FileCheck %s --check-prefix=LINE

// Six cores on a 2x2 board: cores are dealt out four per chip in breadth-first
// order from the input's core; neuron 0 reaches chip 0 (cores 1-3) and chip 1
// (cores 0-1), one SRAM entry per chip (Rockpool keeps only the last chip),
// with the hops between chip positions; its tag is free on both chips.
// CHECK-LABEL: dynapse.network @multichip
// CHECK: dynapse.input {destinations = {{\[\[}}#dynapse.sram<tag = 0, cores = 1, x_hop = 0, y_hop = 0>]]}
// CHECK: dynapse.core 4 {{{.*}}chip = 1 : i64, core = 0 : i64
// CHECK: dynapse.core 5 {{{.*}}chip = 1 : i64, core = 1 : i64
// CHECK: dynapse.neuron {cam = [#dynapse.cam<tag = 0, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 2, dendrite = ampa, mask = 3>], chip = 0 : i64, core = 0 : i64, logical = 0 : i64, slot = 0 : i64, sram = [#dynapse.sram<tag = 1, cores = 14, x_hop = 0, y_hop = 0>, #dynapse.sram<tag = 1, cores = 3, x_hop = 1, y_hop = 0>]}
// The output neuron 5 (chip 1, core 1, slot 0) gets a monitor entry with its
// index on its chip, then its route back to chip 0.
// CHECK: dynapse.neuron {cam = [#dynapse.cam<tag = 1, dendrite = ampa, mask = 1>], chip = 1 : i64, core = 1 : i64, logical = 5 : i64, slot = 0 : i64, sram = [#dynapse.sram<tag = 256, cores = 15, x_hop = -7, y_hop = -7>, #dynapse.sram<tag = 2, cores = 1, x_hop = -1, y_hop = 0>]}
// LINE-LABEL: dynapse.network @multichip
// LINE: sram = [#dynapse.sram<tag = 1, cores = 14, x_hop = 0, y_hop = 0>, #dynapse.sram<tag = 1, cores = 3, x_hop = 1, y_hop = 0>]
dynapse.network @multichip {
  %in = dynapse.input : !dynapse.spikes<1>
  %si = dynapse.synapses %in {mask = dense<[[1, 0, 0, 0, 0, 0]]> : tensor<1x6xi8>, dendrite = dense<[[1024, 0, 0, 0, 0, 0]]> : tensor<1x6xi16>} : !dynapse.spikes<1> -> !dynapse.synaptic<6>
  %sr = dynapse.synapses %p {mask = dense<[[0, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [3, 0, 0, 0, 0, 0]]> : tensor<6x6xi8>, dendrite = dense<[[0, 1024, 1024, 1024, 1024, 1024], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [1024, 0, 0, 0, 0, 0]]> : tensor<6x6xi16>} : !dynapse.spikes<6> -> !dynapse.synaptic<6>
  %p = dynapse.population(%si, %sr) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, core_map = array<i64: 0, 1, 2, 3, 4, 5>, output_neurons = array<i64: 5>} : (!dynapse.synaptic<6>, !dynapse.synaptic<6>) -> !dynapse.spikes<6>
  dynapse.core 0 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 1 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 2 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 3 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 4 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 5 {currents = {Idc = 0.0 : f64}, biases = []}
}
