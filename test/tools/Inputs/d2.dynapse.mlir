// Rockpool reference run D2: a standalone DynapSim(4) with its default
// currents, Idc on neuron 3, Iw_ahp = 1 nA and an inhibitory loop; channel 0
// drives neuron 0 with weight 20.
dynapse.network @d2 {
  %in = dynapse.input : !dynapse.spikes<1>
  %w_in = dynapse.weights %in {weights = dense<[[20.0, 0.0, 0.0, 0.0]]> : tensor<1x4xf64>} : !dynapse.spikes<1> -> !dynapse.synaptic<4>
  %neurons = dynapse.population(%w_in, %w_rec) {
      Idc = array<f64: 0.0, 0.0, 0.0, 5.0e-09>,
      If_nmda = array<f64: 4.999999980020986e-13>,
      Igain_ahp = array<f64: 2.8368795160216287e-11>,
      Igain_mem = array<f64: 2.1276595069119608e-11>,
      Igain_syn = array<f64: 8.687943697793798e-09>,
      Ipulse_ahp = array<f64: 3.4999999343199306e-07>,
      Ipulse = array<f64: 3.4999999343199306e-08>,
      Iref = array<f64: 1.049999975855087e-09>,
      Ispkthr = array<f64: 1.0000000116860974e-07>,
      Itau_ahp = array<f64: 2.8368795160216287e-11>,
      Itau_mem = array<f64: 5.319148767279902e-12>,
      Itau_syn = array<f64: 8.687943420238042e-11>,
      Iw_ahp = array<f64: 1.0e-09>,
      Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64}
      : (!dynapse.synaptic<4>, !dynapse.synaptic<4>) -> !dynapse.spikes<4>
  %w_rec = dynapse.weights %neurons {weights = dense<[[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0], [-2.0, 0.0, 0.0, 0.0]]> : tensor<4x4xf64>} : !dynapse.spikes<4> -> !dynapse.synaptic<4>
}
