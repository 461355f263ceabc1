// Limiting cases of the se2 model, one neuron each, all on core 0:
//   n0: channel 0 through AMPA only;
//   n1: channel 1 through AMPA and channel 2 through GABA;
//   n2: channel 3 through NMDA, gated by If_nmda = 1 uA (far above imem).
dynapse.network @se2_cases {
  %in = dynapse.input : !dynapse.spikes<4>
  %syn = dynapse.synapses %in {
      mask = dense<[[15, 0, 0], [0, 15, 0], [0, 15, 0], [0, 0, 15]]> : tensor<4x3xi8>,
      dendrite = dense<[[1024, 0, 0], [0, 1024, 0], [0, 512, 0], [0, 0, 256]]> : tensor<4x3xi16>}
      : !dynapse.spikes<4> -> !dynapse.synaptic<3>
  %p = dynapse.population(%syn) {
      Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>,
      Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>,
      Igain_syn = array<f64: 1.0e-8>, Ipulse_ahp = array<f64: 0.0>,
      Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>,
      Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>,
      Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 1.0e-10>,
      Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64,
      core_map = array<i64: 0, 0, 0>}
      : (!dynapse.synaptic<3>) -> !dynapse.spikes<3>
  dynapse.core 0 {currents = {Idc = 0.0 : f64, If_nmda = 1.0e-6 : f64,
      Igain_ahp = 0.0 : f64, Igain_mem = 2.0e-11 : f64, Igain_syn = 1.0e-8 : f64,
      Ipulse_ahp = 0.0 : f64, Ipulse = 3.5e-8 : f64, Iref = 1.05e-9 : f64,
      Ispkthr = 1.0e-8 : f64, Itau_ahp = 0.0 : f64, Itau_mem = 5.0e-12 : f64,
      Itau_syn = 1.0e-10 : f64, Iw_ahp = 0.0 : f64,
      Iw_0 = 1.0e-9 : f64, Iw_1 = 2.0e-9 : f64, Iw_2 = 4.0e-9 : f64, Iw_3 = 8.0e-9 : f64}}
}
