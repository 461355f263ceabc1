// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-allocate{strict=true}))' -split-input-file -verify-diagnostics

// expected-error @+1 {{cannot allocate: neuron 0 has a fan-in of 65 synapses, but a neuron has 64 CAM entries: prune its inputs or split it into several neurons}}
dynapse.network @fan_in {
  %in = dynapse.input : !dynapse.spikes<65>
  %si = dynapse.synapses %in {mask = dense<[[1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1], [1]]> : tensor<65x1xi8>, dendrite = dense<[[1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024]]> : tensor<65x1xi16>} : !dynapse.spikes<65> -> !dynapse.synaptic<1>
  %p = dynapse.population(%si) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, core_map = array<i64: 0>} : (!dynapse.synaptic<1>) -> !dynapse.spikes<1>
  dynapse.core 0 {currents = {Idc = 0.0 : f64}, biases = []}
}

// -----

// An output neuron sending to all four chips needs five SRAM entries.
// expected-error @+1 {{cannot allocate: neuron 0 sends to 4 chips (plus its monitor entry), but a neuron has 4 SRAM entries: cluster its targets onto fewer chips}}
dynapse.network @fan_out {
  %sr = dynapse.synapses %p {mask = dense<[[0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]> : tensor<17x17xi8>, dendrite = dense<[[0, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]> : tensor<17x17xi16>} : !dynapse.spikes<17> -> !dynapse.synaptic<17>
  %p = dynapse.population(%sr) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, core_map = array<i64: 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15>, output_neurons = array<i64: 0>} : (!dynapse.synaptic<17>) -> !dynapse.spikes<17>
  dynapse.core 0 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 1 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 2 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 3 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 4 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 5 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 6 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 7 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 8 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 9 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 10 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 11 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 12 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 13 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 14 {currents = {Idc = 0.0 : f64}, biases = []}
  dynapse.core 15 {currents = {Idc = 0.0 : f64}, biases = []}
}

// -----

// expected-error @+1 {{'dynapse-quantize-currents' must run before 'dynapse-allocate' (a core has no bias codes)}}
dynapse.network @no_biases {
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, core_map = array<i64: 0>} : () -> !dynapse.spikes<1>
  dynapse.core 0 {currents = {}}
}

// -----

// expected-error @+1 {{'dynapse-quantize-weights' must run before 'dynapse-allocate' (the weights are not quantised)}}
dynapse.network @real_weights {
  %in = dynapse.input : !dynapse.spikes<1>
  %w = dynapse.weights %in {weights = dense<1.0> : tensor<1x1xf64>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
  %p = dynapse.population(%w) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, core_map = array<i64: 0>} : (!dynapse.synaptic<1>) -> !dynapse.spikes<1>
  dynapse.core 0 {currents = {}, biases = []}
}

// -----

// expected-error @+1 {{'dynapse-cluster' must run before 'dynapse-allocate' (the neurons have no cores)}}
dynapse.network @unclustered {
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<1>
}

// -----

// expected-error @+1 {{'dynapse-merge' must run before 'dynapse-allocate' (one population, one input)}}
dynapse.network @unmerged {
  %a = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<1>
  %b = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<1>
}
