// RUN: dynapse-opt %s -split-input-file -verify-diagnostics -allow-unregistered-dialect
//
// One case per verifier error of the dynapse dialect (generated once by hand
// from a script; the large CAM/occupancy cases need many entries).

// expected-error @+1 {{unknown SE2 parameter 'SOIF_FOO_P'}}
dynapse.core 0 {currents = {}, biases = [#dynapse.bias<"SOIF_FOO_P", 0, 0, P>]}

// -----

// expected-error @+1 {{bias 'SOIF_DC_P': coarse 6 is out of range 0..5}}
dynapse.core 0 {currents = {}, biases = [#dynapse.bias<"SOIF_DC_P", 6, 0, P>]}

// -----

// expected-error @+1 {{bias 'SOIF_DC_P': fine 256 is out of range 0..255}}
dynapse.core 0 {currents = {}, biases = [#dynapse.bias<"SOIF_DC_P", 0, 256, P>]}

// -----

// expected-error @+1 {{CAM tag 2048 is out of range 0..2047}}
dynapse.neuron {chip = 0, core = 0, slot = 0, cam = [#dynapse.cam<tag = 2048, dendrite = ampa, mask = 1>], sram = []}

// -----

// expected-error @+1 {{CAM weight mask 16 does not fit in 4 bits (0..15)}}
dynapse.neuron {chip = 0, core = 0, slot = 0, cam = [#dynapse.cam<tag = 1, dendrite = ampa, mask = 16>], sram = []}

// -----

// expected-error @+1 {{SRAM tag 4096 is out of range 0..2047}}
dynapse.neuron {chip = 0, core = 0, slot = 0, cam = [], sram = [#dynapse.sram<tag = 4096, cores = 1, x_hop = 0, y_hop = 0>]}

// -----

// expected-error @+1 {{SRAM core mask 16 does not fit in 4 bits (0..15)}}
dynapse.neuron {chip = 0, core = 0, slot = 0, cam = [], sram = [#dynapse.sram<tag = 1, cores = 16, x_hop = 0, y_hop = 0>]}

// -----

// expected-error @+1 {{SRAM x_hop 8 is out of range -7..7}}
dynapse.neuron {chip = 0, core = 0, slot = 0, cam = [], sram = [#dynapse.sram<tag = 1, cores = 1, x_hop = 8, y_hop = 0>]}

// -----

// expected-error @+1 {{SRAM y_hop -8 is out of range -7..7}}
dynapse.neuron {chip = 0, core = 0, slot = 0, cam = [], sram = [#dynapse.sram<tag = 1, cores = 1, x_hop = 0, y_hop = -8>]}

// -----

dynapse.network @net {
  dynapse.core 0 {currents = {}}
  // expected-error @+1 {{'dynapse.core' op core index 0 is defined twice}}
  dynapse.core 0 {currents = {}}
}

// -----

dynapse.network @net {
  dynapse.core 0 {currents = {}, chip = 1, core = 2}
  // expected-error @+1 {{'dynapse.core' op logical cores 0 and 1 are both placed on chip 1 core 2}}
  dynapse.core 1 {currents = {}, chip = 1, core = 2}
}

// -----

dynapse.network @net {
  dynapse.core 0 {currents = {}}
  // expected-error @+1 {{'dynapse.population' op core_map assigns neuron 1 to core 3, but the network has no 'dynapse.core 3'}}
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 0.0>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 0.0>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 0.0>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, core_map = array<i64: 0, 3>} : () -> !dynapse.spikes<2>
}

// -----

dynapse.network @net {
  dynapse.core 0 {currents = {}}
  %b = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 0.0>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 0.0>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 0.0>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, core_map = array<i64: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0>} : () -> !dynapse.spikes<56>
  // expected-error @+1 {{'dynapse.population' op core 0 holds more than 256 neurons (neuron 200 is one too many)}}
  %a = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 0.0>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 0.0>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 0.0>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, core_map = array<i64: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0>} : () -> !dynapse.spikes<201>
}

// -----

dynapse.network @net {
  dynapse.neuron {chip = 1, core = 2, slot = 3, cam = [], sram = []}
  // expected-error @+1 {{'dynapse.neuron' op chip 1 core 2 slot 3 is configured twice}}
  dynapse.neuron {chip = 1, core = 2, slot = 3, cam = [], sram = []}
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.input' op has 1 destination lists for 2 input channels}}
  %in = dynapse.input {destinations = [[]]} : !dynapse.spikes<2>
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.input' op 'every_step' channel 2 must lie in [0, 2): the list is ascending and names channels of the input}}
  %in = dynapse.input {every_step = array<i64: 2>} : !dynapse.spikes<2>
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.input' op 'every_step' channel 0 must lie in [2, 3): the list is ascending and names channels of the input}}
  %in = dynapse.input {every_step = array<i64: 1, 0>} : !dynapse.spikes<3>
}

// -----

dynapse.network @net {
  %in = dynapse.input : !dynapse.spikes<3>
  // expected-error @+1 {{'dynapse.weights' op 'weights' must have shape (pre, post) = (3, 2), got 'tensor<2x3xf64>'}}
  %w = dynapse.weights %in {weights = dense<1.0> : tensor<2x3xf64>} : !dynapse.spikes<3> -> !dynapse.synaptic<2>
}

// -----

dynapse.network @net {
  %in = dynapse.input : !dynapse.spikes<2>
  // expected-error @+1 {{'dynapse.weights' op weight (1, 0) is nan; expected a finite number}}
  %w = dynapse.weights %in {weights = dense<[[1.0, 2.0], [0x7FF8000000000000, 0.0]]> : tensor<2x2xf64>} : !dynapse.spikes<2> -> !dynapse.synaptic<2>
}

// -----

dynapse.network @net {
  %in = dynapse.input : !dynapse.spikes<2>
  // expected-error @+1 {{'dynapse.synapses' op 'mask' must have shape (pre, post) = (2, 2), got 'tensor<2xi8>'}}
  %s = dynapse.synapses %in {mask = dense<1> : tensor<2xi8>, dendrite = dense<1024> : tensor<2x2xi16>} : !dynapse.spikes<2> -> !dynapse.synaptic<2>
}

// -----

dynapse.network @net {
  %in = dynapse.input : !dynapse.spikes<2>
  // expected-error @+1 {{'dynapse.synapses' op 'dendrite' must have shape (pre, post) = (2, 2), got 'tensor<2x1xi16>'}}
  %s = dynapse.synapses %in {mask = dense<1> : tensor<2x2xi8>, dendrite = dense<1024> : tensor<2x1xi16>} : !dynapse.spikes<2> -> !dynapse.synaptic<2>
}

// -----

dynapse.network @net {
  %in = dynapse.input : !dynapse.spikes<1>
  // expected-error @+1 {{'dynapse.synapses' op synapse (0, 1) has mask 16; expected 0..15}}
  %s = dynapse.synapses %in {mask = dense<[[1, 16]]> : tensor<1x2xi8>, dendrite = dense<1024> : tensor<1x2xi16>} : !dynapse.spikes<1> -> !dynapse.synaptic<2>
}

// -----

dynapse.network @net {
  %in = dynapse.input : !dynapse.spikes<1>
  // expected-error @+1 {{'dynapse.synapses' op synapse (0, 0) has mask -1; expected 0..15}}
  %s = dynapse.synapses %in {mask = dense<-1> : tensor<1x1xi8>, dendrite = dense<1024> : tensor<1x1xi16>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
}

// -----

dynapse.network @net {
  %in = dynapse.input : !dynapse.spikes<1>
  // expected-error @+1 {{'dynapse.synapses' op synapse (0, 0) has dendrite code 7; expected 0, 128, 256, 512 or 1024}}
  %s = dynapse.synapses %in {mask = dense<1> : tensor<1x1xi8>, dendrite = dense<7> : tensor<1x1xi16>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
}

// -----

dynapse.network @net {
  %in = dynapse.input : !dynapse.spikes<1>
  // expected-error @+1 {{'dynapse.synapses' op synapse (0, 0) has mask 3 with dendrite none; a connection needs both a non-zero mask and a dendrite, an absent one neither}}
  %s = dynapse.synapses %in {mask = dense<3> : tensor<1x1xi8>, dendrite = dense<0> : tensor<1x1xi16>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
}

// -----

dynapse.network @net {
  %in = dynapse.input : !dynapse.spikes<1>
  // expected-error @+1 {{'dynapse.synapses' op synapse (0, 0) has mask 0 with dendrite gaba}}
  %s = dynapse.synapses %in {mask = dense<0> : tensor<1x1xi8>, dendrite = dense<512> : tensor<1x1xi16>} : !dynapse.spikes<1> -> !dynapse.synaptic<1>
}

// -----

dynapse.network @net {
  %in = dynapse.input : !dynapse.spikes<1>
  %w = dynapse.weights %in {weights = dense<1.0> : tensor<1x3xf64>} : !dynapse.spikes<1> -> !dynapse.synaptic<3>
  // expected-error @+1 {{'dynapse.population' op input 0 reaches 3 neurons; expected 2}}
  %p = dynapse.population(%w) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 0.0>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 0.0>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 0.0>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : (!dynapse.synaptic<3>) -> !dynapse.spikes<2>
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.population' op current 'Itau_mem' has 2 values; expected 1 (broadcast) or 3}}
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 0.0>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 0.0>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 0.0>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 1.0e-12, 2.0e-12>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<3>
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.population' op current 'Ispkthr' of neuron 2 is -1e-08 A; expected finite and >= 0}}
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 0.0>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 0.0>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 1.0e-8, 1.0e-8, -1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<3>
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.population' op current 'Idc' (all neurons) is -5e-10 A; expected finite and >= 0}}
  %p = dynapse.population() {Idc = array<f64: -5.0e-10>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 0.0>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 0.0>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 0.0>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<3>
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.population' op current 'Igain_syn' of neuron 1 is nan A; expected finite and >= 0}}
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 0.0>, Igain_syn = array<f64: 1.0e-9, 0x7FF8000000000000>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 0.0>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 0.0>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<2>
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.population' op 'Iscale' is 0; expected finite and > 0}}
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 0.0>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 0.0>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 0.0>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 0.0 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<1>
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.population' op 'dt' is -0.001; expected finite and > 0}}
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 0.0>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 0.0>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 0.0>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = -1.0e-3 : f64} : () -> !dynapse.spikes<1>
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.population' op 'output_neurons' names neuron 2, outside the population of 2}}
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 0.0>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 0.0>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 0.0>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, output_neurons = array<i64: 0, 2>} : () -> !dynapse.spikes<2>
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.population' op 'output_neurons' must be strictly increasing}}
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 0.0>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 0.0>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 0.0>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, output_neurons = array<i64: 1, 1>} : () -> !dynapse.spikes<3>
}

// -----

dynapse.network @net {
  dynapse.core 0 {currents = {}}
  // expected-error @+1 {{'dynapse.population' op 'core_map' has 1 entries; expected one per neuron (2)}}
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 0.0>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 0.0>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 0.0>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, core_map = array<i64: 0>} : () -> !dynapse.spikes<2>
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.population' op requires attribute 'Iw_ahp'}}
  %p = dynapse.population() {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 0.0>, Igain_syn = array<f64: 0.0>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 0.0>, Iref = array<f64: 0.0>, Ispkthr = array<f64: 0.0>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 0.0>, Itau_syn = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64} : () -> !dynapse.spikes<1>
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.core' op index -1 is negative}}
  dynapse.core -1 {currents = {}}
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.core' op unknown core current 'Itau_foo'}}
  dynapse.core 0 {currents = {Itau_foo = 1.0 : f64}}
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.core' op core current 'Iw_0' must be a float}}
  dynapse.core 0 {currents = {Iw_0 = 1 : i64}}
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.core' op core current 'Itau_ampa' is -1e-12 A; expected finite and >= 0}}
  dynapse.core 0 {currents = {Itau_ampa = -1.0e-12 : f64}}
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.core' op bias 'SOIF_DC_P' is set twice}}
  dynapse.core 0 {currents = {}, biases = [#dynapse.bias<"SOIF_DC_P", 0, 1, P>, #dynapse.bias<"SOIF_DC_P", 0, 2, P>]}
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.core' op chip -1 is negative}}
  dynapse.core 0 {currents = {}, chip = -1, core = 0}
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.core' op core 4 is out of range 0..3}}
  dynapse.core 0 {currents = {}, chip = 0, core = 4}
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.neuron' op chip -2 is negative}}
  dynapse.neuron {chip = -2, core = 0, slot = 0, cam = [], sram = []}
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.neuron' op core 4 is out of range 0..3}}
  dynapse.neuron {chip = 0, core = 4, slot = 0, cam = [], sram = []}
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.neuron' op slot 256 is out of range 0..255}}
  dynapse.neuron {chip = 0, core = 0, slot = 256, cam = [], sram = []}
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.neuron' op logical neuron -1 is negative}}
  dynapse.neuron {chip = 0, core = 0, slot = 0, logical = -1, cam = [], sram = []}
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.neuron' op has 65 CAM entries; a neuron has at most 64}}
  dynapse.neuron {chip = 0, core = 0, slot = 0, cam = [#dynapse.cam<tag = 0, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 1, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 2, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 3, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 4, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 5, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 6, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 7, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 8, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 9, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 10, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 11, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 12, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 13, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 14, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 15, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 16, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 17, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 18, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 19, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 20, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 21, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 22, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 23, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 24, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 25, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 26, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 27, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 28, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 29, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 30, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 31, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 32, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 33, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 34, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 35, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 36, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 37, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 38, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 39, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 40, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 41, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 42, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 43, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 44, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 45, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 46, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 47, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 48, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 49, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 50, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 51, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 52, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 53, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 54, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 55, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 56, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 57, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 58, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 59, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 60, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 61, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 62, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 63, dendrite = ampa, mask = 1>, #dynapse.cam<tag = 64, dendrite = ampa, mask = 1>], sram = []}
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.neuron' op has 5 SRAM entries; a neuron has at most 4}}
  dynapse.neuron {chip = 0, core = 0, slot = 0, cam = [], sram = [#dynapse.sram<tag = 0, cores = 1, x_hop = 0, y_hop = 0>, #dynapse.sram<tag = 1, cores = 1, x_hop = 0, y_hop = 0>, #dynapse.sram<tag = 2, cores = 1, x_hop = 0, y_hop = 0>, #dynapse.sram<tag = 3, cores = 1, x_hop = 0, y_hop = 0>, #dynapse.sram<tag = 4, cores = 1, x_hop = 0, y_hop = 0>]}
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.neuron' op unknown latch 'latch_foo'}}
  dynapse.neuron {chip = 0, core = 0, slot = 0, cam = [], sram = [], latches = ["latch_foo"]}
}

// -----

dynapse.network @net {
  // expected-error @+1 {{'dynapse.neuron' op latch 'latch_so_dc' is set twice}}
  dynapse.neuron {chip = 0, core = 0, slot = 0, cam = [], sram = [], latches = ["latch_so_dc", "latch_so_dc"]}
}

// -----

dynapse.network @net {
  "test.wrapper"() ({
    // expected-error @+1 {{'dynapse.core' op expects parent op 'dynapse.network'}}
    dynapse.core 0 {currents = {}}
  }) : () -> ()
}
