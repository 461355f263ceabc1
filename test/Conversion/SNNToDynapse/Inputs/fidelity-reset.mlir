// A reset above rest (warned) and a reset at the threshold (refused) under
// conversion=fidelity.
snn.graph @net(%in: tensor<1xf64>) -> (tensor<1xf64>) attributes {convention = "snntorch", dt = 1.0e-4 : f64} {
  %0 = snn.linear(%in) {weight = dense<[[1.0]]> : tensor<1x1xf64>} : (tensor<1xf64>) -> tensor<1xf64>
  %1 = snn.lif(%0) {name = "low", tau = dense<2.0e-4> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<0.25> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  %2 = snn.linear(%1) {weight = dense<[[1.0]]> : tensor<1x1xf64>} : (tensor<1xf64>) -> tensor<1xf64>
  %3 = snn.lif(%2) {name = "high", tau = dense<2.0e-4> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>, v_reset = dense<1.0> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output %3 : tensor<1xf64>
}
