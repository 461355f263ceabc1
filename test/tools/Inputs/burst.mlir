dynapse.network @burst {
  %in = dynapse.input : !dynapse.spikes<1>
  %w = dynapse.weights %in {weights = dense<[[6.0, 30.0]]> : tensor<1x2xf64>} : !dynapse.spikes<1> -> !dynapse.synaptic<2>
  %p = dynapse.population(%w, %r) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.156e-11>, Igain_syn = array<f64: 9.75e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.06e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.39e-12>, Itau_syn = array<f64: 9.75e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : (!dynapse.synaptic<2>, !dynapse.synaptic<2>) -> !dynapse.spikes<2>
  %r = dynapse.weights %p {weights = dense<[[0.0, 0.5], [0.0, 0.0]]> : tensor<2x2xf64>} : !dynapse.spikes<2> -> !dynapse.synaptic<2>
}
