// The network of two-layer-lif.snn.mlir at the `dynapse` level, as the
// conversion computes it (Rockpool's defaults: r_gain_mem = 4, r_gain_syn =
// 100, C_mem = 3 pF, C_syn = 25 pF, t_pulse = 10 us, t_ref = 1 ms, Iscale =
// 10 nA). Weights are (pre, post) here, the transpose of NIR's (out, in).
dynapse.network @two_layer {
  %in = dynapse.input {name = "input"} : !dynapse.spikes<3>
  %w_in = dynapse.weights %in {weights = dense<[[6.0, 0.0, -2.0, 3.5, 1.0], [0.0, 7.0, 4.0, -1.5, 2.0], [2.5, 1.0, 0.0, 5.0, 8.0]]> : tensor<3x5xf64>}
      : !dynapse.spikes<3> -> !dynapse.synaptic<5>
  %hidden = dynapse.population(%w_in, %w_rec) {name = "hidden",
      Idc = array<f64: 0.0, 5.0e-10, 0.0, 0.0, 1.0e-09>,
      If_nmda = array<f64: 0.0>,
      Igain_ahp = array<f64: 0.0>,
      Igain_mem = array<f64: 2.1276595744680855e-11, 2.1276595744680855e-11, 1.4184397163120571e-11, 8.510638297872341e-12, 4.255319148936171e-11>,
      Igain_syn = array<f64: 8.865248226950355e-09, 1.773049645390071e-08, 8.865248226950355e-09, 4.4326241134751775e-09, 8.865248226950355e-09>,
      Ipulse_ahp = array<f64: 0.0>,
      Ipulse = array<f64: 3.4999999999999996e-08>,
      Iref = array<f64: 1.0499999999999999e-09>,
      Ispkthr = array<f64: 1.0e-08, 1.0e-08, 1.5000000000000002e-08, 8.0e-09, 1.0e-08>,
      Itau_ahp = array<f64: 0.0>,
      Itau_mem = array<f64: 5.319148936170214e-12, 5.319148936170214e-12, 3.5460992907801427e-12, 2.1276595744680853e-12, 1.0638297872340427e-11>,
      Itau_syn = array<f64: 8.865248226950356e-11, 1.7730496453900711e-10, 8.865248226950356e-11, 4.432624113475178e-11, 8.865248226950356e-11>,
      Iw_ahp = array<f64: 0.0>,
      Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64}
      : (!dynapse.synaptic<5>, !dynapse.synaptic<5>) -> !dynapse.spikes<5>
  %w_rec = dynapse.weights %hidden {weights = dense<[[0.0, 2.0, 0.0, -1.0, 0.5], [1.5, 0.0, 3.0, 0.0, 0.0], [0.0, -2.5, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 0.0, 4.0], [0.0, 0.0, -3.0, 2.0, 0.0]]> : tensor<5x5xf64>}
      : !dynapse.spikes<5> -> !dynapse.synaptic<5>
  %w_out = dynapse.weights %hidden {weights = dense<[[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [0.5, 0.5]]> : tensor<5x2xf64>}
      : !dynapse.spikes<5> -> !dynapse.synaptic<2>
  %readout = dynapse.population(%w_out) {name = "readout",
      Idc = array<f64: 0.0>,
      If_nmda = array<f64: 0.0>,
      Igain_ahp = array<f64: 0.0>,
      Igain_mem = array<f64: 2.1276595744680855e-11>,
      Igain_syn = array<f64: 1.773049645390071e-08>,
      Ipulse_ahp = array<f64: 0.0>,
      Ipulse = array<f64: 3.4999999999999996e-08>,
      Iref = array<f64: 1.0499999999999999e-09>,
      Ispkthr = array<f64: 1.0e-08>,
      Itau_ahp = array<f64: 0.0>,
      Itau_mem = array<f64: 5.319148936170214e-12>,
      Itau_syn = array<f64: 1.7730496453900711e-10>,
      Iw_ahp = array<f64: 0.0>,
      Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64,
      output_neurons = array<i64: 0, 1>}
      : (!dynapse.synaptic<2>) -> !dynapse.spikes<2>
}
