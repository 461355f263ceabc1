// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-cluster))' -split-input-file -verify-diagnostics

// A network beyond the board.
// expected-error @+1 {{cannot cluster: 4097 neurons need at least 17 cores of 256, but only 16 are available (4 per chip; raise --chips or shrink the network)}}
dynapse.network @too_big {
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, Itau_mem = array<f64: 5.0e-12>, Igain_mem = array<f64: 2.0e-11>} : () -> !dynapse.spikes<4097>
}

// -----

// expected-error @+1 {{the weights are quantised but the neurons have no cores: 'dynapse-cluster' must run before 'dynapse-quantize-weights'}}
dynapse.network @quantised {
  %x = dynapse.input : !dynapse.spikes<1>
  %s = dynapse.synapses %x {mask = dense<1> : tensor<1x1xi8>, dendrite = dense<1024> : tensor<1x1xi16>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
  %p = dynapse.population(%s) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, Itau_mem = array<f64: 5.0e-12>, Igain_mem = array<f64: 2.0e-11>} : (!dynapse.synaptic<1>) -> !dynapse.spikes<1>
}

// -----

// expected-error @+1 {{'dynapse-cluster' must run before 'dynapse-allocate' (the network is allocated)}}
dynapse.network @allocated {
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, Itau_mem = array<f64: 5.0e-12>, Igain_mem = array<f64: 2.0e-11>} : () -> !dynapse.spikes<1>
  dynapse.neuron {chip = 0, core = 0, slot = 0, cam = [], sram = []}
}

// -----

// expected-error @+1 {{network @empty has no population to cluster}}
dynapse.network @empty {
}

// -----

// A quantised, clustered network keeps its cores (its masks belong to them).
// expected-remark @+1 {{the weights are quantised per core; keeping the existing clustering}}
dynapse.network @quantised_and_clustered {
  %x = dynapse.input : !dynapse.spikes<1>
  %s = dynapse.synapses %x {mask = dense<1> : tensor<1x1xi8>, dendrite = dense<1024> : tensor<1x1xi16>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
  %p = dynapse.population(%s) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, Itau_mem = array<f64: 5.0e-12>, Igain_mem = array<f64: 2.0e-11>, core_map = array<i64: 0>} : (!dynapse.synaptic<1>) -> !dynapse.spikes<1>
  dynapse.core 0 {currents = {}}
}
