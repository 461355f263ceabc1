// A two-layer network in the `snn` dialect: 3 inputs, an Affine layer into 5
// recurrent CubaLIF neurons, then 2 LIF read-out neurons. Parameters use NIR's
// names and units (seconds); weights are (out, in) as in NIR.
snn.graph @two_layer(%in: tensor<3xf64> {snn.name = "input"}) -> (tensor<2xf64> {snn.name = "output"}) {
  %w0 = snn.affine(%in) {name = "fc0",
      weight = dense<[[6.0, 0.0, 2.5], [0.0, 7.0, 1.0], [-2.0, 4.0, 0.0],
                      [3.5, -1.5, 5.0], [1.0, 2.0, 8.0]]> : tensor<5x3xf64>,
      bias = dense<[0.0, 0.05, 0.0, 0.0, 0.1]> : tensor<5xf64>}
      : (tensor<3xf64>) -> tensor<5xf64>
  %h = snn.cuba_lif(%w0, %rec) {name = "hidden",
      tau_mem = dense<[0.02, 0.02, 0.03, 0.05, 0.01]> : tensor<5xf64>,
      tau_syn = dense<[0.01, 0.005, 0.01, 0.02, 0.01]> : tensor<5xf64>,
      v_threshold = dense<[1.0, 1.0, 1.5, 0.8, 1.0]> : tensor<5xf64>}
      : (tensor<5xf64>, tensor<5xf64>) -> tensor<5xf64>
  %rec = snn.linear(%h) {name = "hidden.w_rec",
      weight = dense<[[0.0, 1.5, 0.0, 1.0, 0.0], [2.0, 0.0, -2.5, 0.0, 0.0],
                      [0.0, 3.0, 0.0, 0.0, -3.0], [-1.0, 0.0, 1.0, 0.0, 2.0],
                      [0.5, 0.0, 0.0, 4.0, 0.0]]> : tensor<5x5xf64>}
      : (tensor<5xf64>) -> tensor<5xf64>
  %w1 = snn.linear(%h) {name = "fc1",
      weight = dense<[[1.0, 1.0, 0.0, 0.0, 0.5], [0.0, 0.0, 1.0, 1.0, 0.5]]> : tensor<2x5xf64>}
      : (tensor<5xf64>) -> tensor<2xf64>
  %out = snn.lif(%w1) {name = "readout", tau = dense<0.02> : tensor<f64>,
      v_threshold = dense<1.0> : tensor<f64>}
      : (tensor<2xf64>) -> tensor<2xf64>
  snn.output %out : tensor<2xf64>
}
