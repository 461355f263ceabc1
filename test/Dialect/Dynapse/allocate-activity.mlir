// RUN: dynapse-opt %s --pass-pipeline='builtin.module(dynapse.network(dynapse-allocate))' -split-input-file -verify-diagnostics | FileCheck %s

// Fan-in pruning by weight: 65 synapses, the last one the weakest (Iw_0
// against Iw_1), so it goes.
// CHECK-LABEL: dynapse.network @by_weight
// CHECK: dynapse.synapses %{{.*}} {{{.*}}mask = dense<{{\[\[}}2], [2],{{.*}}, [2], [0]]>
// expected-warning @+1 {{1 neuron(s) have a fan-in above 64 CAM entries: 1 weakest synapse(s) dropped, at most 0.8 % of a neuron's input weight (neuron 0)}}
dynapse.network @by_weight {
  %in = dynapse.input : !dynapse.spikes<65>
  %si = dynapse.synapses %in {mask = dense<[[2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [1]]> : tensor<65x1xi8>, dendrite = dense<[[1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024]]> : tensor<65x1xi16>} : !dynapse.spikes<65> -> !dynapse.synaptic<1>
  %p = dynapse.population(%si) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, core_map = array<i64: 0>} : (!dynapse.synaptic<1>) -> !dynapse.spikes<1>
  dynapse.core 0 {currents = {Idc = 0.0 : f64, Iw_0 = 1.0e-8 : f64, Iw_1 = 2.0e-8 : f64}, biases = []}
}

// -----

// With a calibration's activity (channels, then the neuron) the synapse
// that delivers the least charge goes: channel 0 is silent, so it is dropped
// although it is strong.
// CHECK-LABEL: dynapse.network @by_charge
// CHECK: dynapse.synapses %{{.*}} {{{.*}}mask = dense<{{\[\[}}0], [2],{{.*}}, [2], [1]]>
// expected-warning @+1 {{1 neuron(s) have a fan-in above 64 CAM entries: 1 synapse(s) delivering the least charge on the calibration input dropped, at most 0.0 % of a neuron's input charge (neuron 0)}}
dynapse.network @by_charge attributes {activity = array<f64: 0.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.2>} {
  %in = dynapse.input : !dynapse.spikes<65>
  %si = dynapse.synapses %in {mask = dense<[[2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [1]]> : tensor<65x1xi8>, dendrite = dense<[[1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024]]> : tensor<65x1xi16>} : !dynapse.spikes<65> -> !dynapse.synaptic<1>
  %p = dynapse.population(%si) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, core_map = array<i64: 0>} : (!dynapse.synaptic<1>) -> !dynapse.spikes<1>
  dynapse.core 0 {currents = {Idc = 0.0 : f64, Iw_0 = 1.0e-8 : f64, Iw_1 = 2.0e-8 : f64}, biases = []}
}

// -----

// expected-error @+1 {{'activity' has 2 values for 66 sources (input channels, then neurons)}}
dynapse.network @wrong_size attributes {activity = array<f64: 1.0, 1.0>} {
  %in = dynapse.input : !dynapse.spikes<65>
  %si = dynapse.synapses %in {mask = dense<[[2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [2], [1]]> : tensor<65x1xi8>, dendrite = dense<[[1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024], [1024]]> : tensor<65x1xi16>} : !dynapse.spikes<65> -> !dynapse.synaptic<1>
  %p = dynapse.population(%si) {Idc = array<f64: 0.0>, If_nmda = array<f64: 0.0>, Igain_ahp = array<f64: 0.0>, Igain_mem = array<f64: 2.0e-11>, Igain_syn = array<f64: 8.8e-9>, Ipulse_ahp = array<f64: 0.0>, Ipulse = array<f64: 3.5e-8>, Iref = array<f64: 1.05e-9>, Ispkthr = array<f64: 1.0e-8>, Itau_ahp = array<f64: 0.0>, Itau_mem = array<f64: 5.0e-12>, Itau_syn = array<f64: 8.8e-11>, Iw_ahp = array<f64: 0.0>, Iscale = 1.0e-8 : f64, dt = 1.0e-3 : f64, core_map = array<i64: 0>} : (!dynapse.synaptic<1>) -> !dynapse.spikes<1>
  dynapse.core 0 {currents = {Idc = 0.0 : f64, Iw_0 = 1.0e-8 : f64, Iw_1 = 2.0e-8 : f64}, biases = []}
}

// -----

// expected-error @+1 {{'dynapse.network' op 'activity' [0] is -1; events per step are finite and not negative}}
dynapse.network @negative attributes {activity = array<f64: -1.0>} {
}
