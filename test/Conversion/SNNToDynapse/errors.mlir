// RUN: dynapse-opt %s --convert-snn-to-dynapse=conversion=rockpool -split-input-file -verify-diagnostics

snn.graph @li(%in: tensor<1xf64>) -> tensor<1xf64> {
  // expected-error @+1 {{cannot convert node 'readout' to DYNAP-SE2: it has no threshold: DYNAP-SE2 neurons communicate only by spikes, so a leaky read-out stays on the host}}
  %l = snn.li(%in) {name = "readout", tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output %l : tensor<1xf64>
}

// -----

snn.graph @cuba_li(%in: tensor<1xf64>) -> tensor<1xf64> {
  // expected-error @+1 {{cannot convert node 'snn.cuba_li' to DYNAP-SE2: it has no threshold}}
  %l = snn.cuba_li(%in) {tau_mem = dense<0.02> : tensor<f64>, tau_syn = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, w_in = dense<1.0> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output %l : tensor<1xf64>
}

// -----

snn.graph @threshold(%in: tensor<1xf64>) -> tensor<1xf64> {
  // expected-error @+1 {{cannot convert node 'th' to DYNAP-SE2: a stateless threshold has no DYNAP-SE2 counterpart}}
  %t = snn.threshold(%in) {name = "th", threshold = dense<1.0> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output %t : tensor<1xf64>
}

// -----

snn.graph @delay(%in: tensor<1xf64>) -> tensor<1xf64> {
  // expected-error @+1 {{cannot convert node 'd' to DYNAP-SE2: DYNAP-SE2 synapses have no programmable delay}}
  %d = snn.delay(%in) {name = "d", delay = dense<0.001> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  %l = snn.lif(%d) {tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output %l : tensor<1xf64>
}

// -----

snn.graph @conv(%in: tensor<1x4xf64>) -> tensor<1x4xf64> {
  // expected-error @+1 {{cannot convert node 'c' to DYNAP-SE2: run --snn-lower-conv first to unroll it}}
  %c = snn.conv1d(%in) {name = "c", weight = dense<1.0> : tensor<1x1x1xf64>, bias = dense<0.0> : tensor<f64>, stride = array<i64: 1>, padding = array<i64: 0>, dilation = array<i64: 1>, groups = 1} : (tensor<1x4xf64>) -> tensor<1x4xf64>
  %l = snn.lif(%c) {tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<1x4xf64>) -> tensor<1x4xf64>
  snn.output %l : tensor<1x4xf64>
}

// -----

// expected-error @+1 {{graph @nothing has no spiking node (LIF, CubaLIF or IF) to put on the chip}}
snn.graph @nothing(%in: tensor<1xf64>) -> tensor<1xf64> {
  %s = snn.scale(%in) {scale = dense<2.0> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output %s : tensor<1xf64>
}

// -----

snn.graph @readout(%in: tensor<1xf64>) -> tensor<2xf64> {
  %l = snn.lif(%in) {tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  // expected-error @+1 {{network output 0 is computed by node 'fc2' after the last spiking layer; DYNAP-SE2 emits only spikes, so such a read-out runs on the host: end the network with a spiking layer or remove the read-out}}
  %o = snn.linear(%l) {name = "fc2", weight = dense<1.0> : tensor<2x1xf64>} : (tensor<1xf64>) -> tensor<2xf64>
  snn.output %o : tensor<2xf64>
}

// -----

// expected-error @+1 {{network output 1 is a network input passed straight through; there is nothing for the chip to compute}}
snn.graph @passthrough(%in: tensor<1xf64>) -> (tensor<1xf64>, tensor<1xf64>) {
  %l = snn.lif(%in) {tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output %l, %in : tensor<1xf64>, tensor<1xf64>
}

// -----

snn.graph @negative_bias(%in: tensor<2xf64>) -> tensor<2xf64> {
  %a = snn.affine(%in) {weight = dense<1.0> : tensor<2x2xf64>, bias = dense<[0.1, -0.2]> : tensor<2xf64>} : (tensor<2xf64>) -> tensor<2xf64>
  // expected-error @+1 {{node 'hidden': neuron 1 has a negative bias (-0.2 after gains, v_leak and v_reset); a DC current cannot be negative}}
  %l = snn.lif(%a) {name = "hidden", tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  snn.output %l : tensor<2xf64>
}

// -----

snn.graph @threshold_below_reset(%in: tensor<1xf64>) -> tensor<1xf64> {
  // expected-error @+1 {{node 'l': neuron 0 resets at or above its threshold (v_threshold - v_reset = -0.5); the reset must lie below the threshold}}
  %l = snn.lif(%in) {name = "l", tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<1.0> : tensor<f64>, v_threshold = dense<0.5> : tensor<f64>, v_reset = dense<1.0> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output %l : tensor<1xf64>
}

// -----

// An IF neuron that resets to its threshold (NIR corpus, issue 18): the
// reset is the problem, not the bias (-1 after v_reset, although every bias
// is 0).
snn.graph @reset_at_threshold(%in: tensor<1xf64>) -> tensor<1xf64> {
  // expected-error @+1 {{node 'if': neuron 0 resets at or above its threshold (v_threshold - v_reset = 0); the reset must lie below the threshold}}
  %n = snn.if(%in) {name = "if", r = dense<1.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<1.0> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output %n : tensor<1xf64>
}

// -----

snn.graph @algebraic_loop(%in: tensor<1xf64>) -> tensor<1xf64> {
  // expected-error @+1 {{a loop of Affine/Linear/Scale nodes without a spiking node cannot be computed (node 'a')}}
  %a = snn.linear(%in, %b) {name = "a", weight = dense<1.0> : tensor<1x1xf64>} : (tensor<1xf64>, tensor<1xf64>) -> tensor<1xf64>
  %b = snn.linear(%a) {name = "b", weight = dense<1.0> : tensor<1x1xf64>} : (tensor<1xf64>) -> tensor<1xf64>
  %l = snn.lif(%a) {tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.0> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output %l : tensor<1xf64>
}
