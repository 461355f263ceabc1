// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-quantize-weights))' -split-input-file -verify-diagnostics

// expected-error @+1 {{'dynapse-cluster' must run before 'dynapse-quantize-weights' (the neurons have no cores)}}
dynapse.network @unclustered {
  %in = dynapse.input : !dynapse.spikes<1>
  %w = dynapse.weights %in {weights = dense<1.0> : tensor<1x1xf64>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
  %p = dynapse.population(%w) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : (!dynapse.synaptic<1>) -> !dynapse.spikes<1>
}

// -----

// expected-error @+1 {{the network mixes quantised and real weights; quantise all of them in one run of 'dynapse-quantize-weights'}}
dynapse.network @mixed {
  %in = dynapse.input : !dynapse.spikes<1>
  %w = dynapse.weights %in {weights = dense<1.0> : tensor<1x1xf64>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
  %s = dynapse.synapses %in {mask = dense<1> : tensor<1x1xi8>, dendrite = dense<1024> : tensor<1x1xi16>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
  %p = dynapse.population(%w, %s) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, core_map = array<i64: 0>} : (!dynapse.synaptic<1>, !dynapse.synaptic<1>) -> !dynapse.spikes<1>
  dynapse.core 0 {currents = {}}
}
