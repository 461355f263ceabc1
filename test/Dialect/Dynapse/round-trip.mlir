// RUN: dynapse-opt %s | FileCheck %s
// RUN: dynapse-opt %s | dynapse-opt | FileCheck %s
// RUN: dynapse-opt %s -mlir-print-op-generic | dynapse-opt | FileCheck %s

// The network of Rockpool reference run A2 at every level the pipeline
// produces: intended currents, a core with shared currents and bias codes,
// quantised synapses and physical neuron routing.

// CHECK-LABEL: dynapse.network @a2
dynapse.network @a2 {
  // CHECK: %[[IN:.+]] = dynapse.input {destinations = {{\[\[}}#dynapse.sram<tag = 0, cores = 1, x_hop = 0, y_hop = 0>], [], [#dynapse.sram<tag = 2, cores = 1, x_hop = 1, y_hop = -1>]], name = "in"} : !dynapse.spikes<3>
  %in = dynapse.input {name = "in", destinations = [[#dynapse.sram<tag = 0, cores = 1, x_hop = 0, y_hop = 0>], [], [#dynapse.sram<tag = 2, cores = 1, x_hop = 1, y_hop = -1>]]} : !dynapse.spikes<3>
  // CHECK: %[[W:.+]] = dynapse.weights %[[IN]] {weights = dense<{{\[\[}}6.000000e+00, 0.000000e+00], [-2.000000e+00, 0.30000000000000004], [2.500000e+00, 1.000000e+00]]> : tensor<3x2xf64>} : !dynapse.spikes<3> -> !dynapse.synaptic<2>
  %w = dynapse.weights %in {weights = dense<[[6.0, 0.0], [-2.0, 0.30000000000000004], [2.5, 1.0]]> : tensor<3x2xf64>} : !dynapse.spikes<3> -> !dynapse.synaptic<2>
  // CHECK: %[[P:.+]] = dynapse.population(%[[W]], %[[R:.+]]) {Idc = array<f64: 0.000000e+00, 5.000000e-10>, If_nmda = array<f64: 0.000000e+00>, Igain_ahp = array<f64: 0.000000e+00>, Igain_mem = array<f64: 2.1276595744680851E-11, 2.1276595744680851E-11>, Igain_syn = array<f64: 8.8652482269503534E-9, 1.773049645390071E-8>, Ipulse = array<f64: 3.500000e-08>, Ipulse_ahp = array<f64: 0.000000e+00>, Iref = array<f64: 1.050000e-09>, Iscale = 1.000000e-08 : f64, Ispkthr = array<f64: 1.000000e-08, 1.000000e-08>, Itau_ahp = array<f64: 0.000000e+00>, Itau_mem = array<f64: 5.3191489361702129E-12, 5.3191489361702129E-12>, Itau_syn = array<f64: 8.8652482269503544E-11, 1.7730496453900709E-10>, Iw_ahp = array<f64: 0.000000e+00>, core_map = array<i64: 0, 0>, dt = 1.000000e-03 : f64, name = "lif", output_neurons = array<i64: 0, 1>} : (!dynapse.synaptic<2>, !dynapse.synaptic<2>) -> !dynapse.spikes<2>
  %p = dynapse.population(%w, %r) {name = "lif",
      Idc = array<f64: 0.0, 5.0e-10>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>,
      Igain_mem = array<f64: 2.127659574468085e-11, 2.127659574468085e-11>,
      Igain_syn = array<f64: 8.865248226950354e-09, 1.773049645390071e-08>,
      Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-08>, Iref = array<f64: 1.05e-09>,
      Ispkthr = array<f64: 1.0e-08, 1.0e-08>, Itau_ahp = array<f64: 0.0>,
      Itau_mem = array<f64: 5.319148936170213e-12, 5.319148936170213e-12>,
      Itau_syn = array<f64: 8.865248226950354e-11, 1.773049645390071e-10>,
      Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64,
      output_neurons = array<i64: 0, 1>, core_map = array<i64: 0, 0>}
      : (!dynapse.synaptic<2>, !dynapse.synaptic<2>) -> !dynapse.spikes<2>
  // CHECK: %[[R]] = dynapse.synapses %[[P]] {dendrite = dense<{{\[\[}}0, 1024], [512, 0]]> : tensor<2x2xi16>, mask = dense<{{\[\[}}0, 3], [15, 0]]> : tensor<2x2xi8>} : !dynapse.spikes<2> -> !dynapse.synaptic<2>
  %r = dynapse.synapses %p {mask = dense<[[0, 3], [15, 0]]> : tensor<2x2xi8>, dendrite = dense<[[0, 1024], [512, 0]]> : tensor<2x2xi16>} : !dynapse.spikes<2> -> !dynapse.synaptic<2>
  // CHECK: dynapse.core 0 {biases = [#dynapse.bias<"SOIF_DC_P", 2, 45, P>, #dynapse.bias<"SOIF_GAIN_N", 0, 72, N>], chip = 0 : i64, core = 0 : i64, currents = {Igain_ampa = 8.8652482269503534E-9 : f64, Itau_mem = 5.3191489361702129E-12 : f64, Iw_0 = 1.000000e-09 : f64}}
  dynapse.core 0 {currents = {Itau_mem = 5.319148936170213e-12 : f64, Igain_ampa = 8.865248226950354e-09 : f64, Iw_0 = 1.0e-9 : f64},
                  biases = [#dynapse.bias<"SOIF_DC_P", 2, 45, P>, #dynapse.bias<"SOIF_GAIN_N", 0, 72, N>], chip = 0, core = 0}
  // A core that is clustered but not placed yet.
  // CHECK: dynapse.core 1 {currents = {}}
  dynapse.core 1 {currents = {}}
  // CHECK: dynapse.neuron {cam = [#dynapse.cam<tag = 3, dendrite = ampa, mask = 5>, #dynapse.cam<tag = 4, dendrite = gaba, mask = 1, stp = true, precise_delay = true, mismatched_delay = true>, #dynapse.cam<tag = 5, dendrite = nmda, mask = 2>, #dynapse.cam<tag = 6, dendrite = shunt, mask = 4>, #dynapse.cam<tag = 0, dendrite = none, mask = 0>], chip = 0 : i64, core = 0 : i64, latches = ["latch_so_dc", "latch_de_conductance"], logical = 0 : i64, slot = 0 : i64, sram = [#dynapse.sram<tag = 0, cores = 15, x_hop = -7, y_hop = -7>, #dynapse.sram<tag = 3, cores = 1, x_hop = 0, y_hop = 0>]}
  dynapse.neuron {chip = 0, core = 0, slot = 0, logical = 0,
      cam = [#dynapse.cam<tag = 3, dendrite = ampa, mask = 5>,
             #dynapse.cam<tag = 4, dendrite = gaba, mask = 1, stp = true, precise_delay = true, mismatched_delay = true>,
             #dynapse.cam<tag = 5, dendrite = nmda, mask = 2>,
             #dynapse.cam<tag = 6, dendrite = shunt, mask = 4>,
             #dynapse.cam<tag = 0, dendrite = none, mask = 0>],
      sram = [#dynapse.sram<tag = 0, cores = 15, x_hop = -7, y_hop = -7>, #dynapse.sram<tag = 3, cores = 1, x_hop = 0, y_hop = 0>],
      latches = ["latch_so_dc", "latch_de_conductance"]}
  // CHECK: dynapse.neuron {cam = [], chip = 3 : i64, core = 3 : i64, slot = 255 : i64, sram = []}
  dynapse.neuron {chip = 3, core = 3, slot = 255, cam = [], sram = []}
}

// Boundary values of every hardware field.
// CHECK-LABEL: dynapse.network @limits
dynapse.network @limits {
  // CHECK: #dynapse.bias<"SYAM_W3_P", 5, 255, P>
  // CHECK-SAME: #dynapse.bias<"DENM_NMREV_N", 0, 0, N>
  dynapse.core 7 {currents = {Iw_3 = 0.0 : f64}, biases = [#dynapse.bias<"SYAM_W3_P", 5, 255, P>, #dynapse.bias<"DENM_NMREV_N", 0, 0, N>]}
  // CHECK: #dynapse.cam<tag = 2047, dendrite = ampa, mask = 15>
  // CHECK-SAME: #dynapse.sram<tag = 2047, cores = 15, x_hop = 7, y_hop = -7>
  dynapse.neuron {chip = 0, core = 0, slot = 0, cam = [#dynapse.cam<tag = 2047, dendrite = ampa, mask = 15>], sram = [#dynapse.sram<tag = 2047, cores = 15, x_hop = 7, y_hop = -7>]}
  // An empty network input and a population without inputs.
  // CHECK: dynapse.input : !dynapse.spikes<0>
  %none = dynapse.input : !dynapse.spikes<0>
  // CHECK: dynapse.population() {{.+}} : () -> !dynapse.spikes<1>
  %solo = dynapse.population() {Idc = array<f64: 1.0e-9>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 0.0>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 0.0>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 0.0>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<1>
}
