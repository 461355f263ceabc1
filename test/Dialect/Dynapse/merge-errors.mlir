// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-merge))' -split-input-file -verify-diagnostics

// Rockpool: "dt should be the same in all modules in the merge list!"
dynapse.network @different_dt {
  // expected-error @+1 {{cannot merge populations: dt differs between populations 'a' (0.001) and 'b' (0.0001)}}
  %a = dynapse.population() {name = "a", Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<1>
  %b = dynapse.population() {name = "b", Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-4 : f64} : () -> !dynapse.spikes<1>
}

// -----

dynapse.network @different_iscale {
  // expected-error @+1 {{cannot merge populations: Iscale differs between populations 'a' (1e-08) and 'b' (2e-08)}}
  %a = dynapse.population() {name = "a", Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<1>
  %b = dynapse.population() {name = "b", Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, dt = 1.0e-3 : f64, Iscale = 2.0e-8 : f64} : () -> !dynapse.spikes<1>
}

// -----

// expected-error @+1 {{'dynapse-merge' must run before 'dynapse-quantize-weights' (the weights are already quantised)}}
dynapse.network @quantised {
  %x = dynapse.input : !dynapse.spikes<1>
  %s = dynapse.synapses %x {mask = dense<1> : tensor<1x1xi8>, dendrite = dense<1024> : tensor<1x1xi16>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
  %a = dynapse.population(%s) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : (!dynapse.synaptic<1>) -> !dynapse.spikes<1>
  %b = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<1>
}

// -----

// expected-error @+1 {{some populations have a core_map and some do not; run 'dynapse-cluster' after merging}}
dynapse.network @partial_cores {
  %a = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, core_map = array<i64: 0>} : () -> !dynapse.spikes<1>
  %b = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<1>
  dynapse.core 0 {currents = {}}
}

// -----

// expected-error @+1 {{network @empty has no population to merge}}
dynapse.network @empty {
  %x = dynapse.input : !dynapse.spikes<1>
}
