// RUN: dynapse-opt --convert-dynapse-to-sim %s -split-input-file -verify-diagnostics

// An snn-level module must be converted first.
// expected-error@+1 {{expected one 'dynapse.network' to simulate, found 0; run 'convert-snn-to-dynapse' first}}
module {}

// -----

module {
  // expected-error@+1 {{network 'empty' has no population to simulate}}
  dynapse.network @empty {
    %in = dynapse.input : !dynapse.spikes<2>
  }
}

// -----

module {
  dynapse.network @two_dt {
    %in = dynapse.input : !dynapse.spikes<1>
    %w = dynapse.weights %in {weights = dense<[[1.0]]> : tensor<1x1xf64>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
    %a = dynapse.population(%w) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 1.0e-8>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 1.0e-10>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : (!dynapse.synaptic<1>) -> !dynapse.spikes<1>
    // expected-error@+1 {{population dt 1.000000e-04 s differs from the network's first population (1.000000e-03 s); run 'dynapse-merge' or give --dt}}
    %b = dynapse.population(%w) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 1.0e-8>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 1.0e-10>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-4 : f64} : (!dynapse.synaptic<1>) -> !dynapse.spikes<1>
  }
}

// -----

module {
  // expected-error@+1 {{network 'no_neurons' has no neurons to simulate}}
  dynapse.network @no_neurons {
    %a = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 1.0e-8>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 1.0e-10>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<0>
  }
}

// -----

module {
  dynapse.network @synapses_without_cores {
    %in = dynapse.input : !dynapse.spikes<1>
    // expected-error@+1 {{quantised synapses feed a population without 'core_map'}}
    %s = dynapse.synapses %in {mask = dense<[[15]]> : tensor<1x1xi8>, dendrite = dense<[[1024]]> : tensor<1x1xi16>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
    %a = dynapse.population(%s) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 1.0e-8>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 1.0e-10>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : (!dynapse.synaptic<1>) -> !dynapse.spikes<1>
  }
}
