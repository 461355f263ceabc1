// A convolution into two LIF neurons (dynapse-sim must lower it itself).
snn.graph @conv(%in: tensor<1x2x3xf64> {snn.name = "input"}) -> (tensor<1x1x2xf64> {snn.name = "output"}) {
  %c = snn.conv2d(%in) {name = "conv", weight = dense<[[[[6.0, 6.0], [6.0, 6.0]]]]> : tensor<1x1x2x2xf64>, bias = dense<0.0> : tensor<f64>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1} : (tensor<1x2x3xf64>) -> tensor<1x1x2xf64>
  %lif = snn.lif(%c) {name = "lif", tau = dense<0.02> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>} : (tensor<1x1x2xf64>) -> tensor<1x1x2xf64>
  snn.output %lif : tensor<1x1x2xf64>
}
