// RUN: dynapse-opt %s -split-input-file -verify-diagnostics

snn.graph @no_input() {
  // expected-error @+1 {{'snn.conv1d' op node of node 'c' needs an input to define its shape}}
  %c = snn.conv1d() {name = "c", weight = dense<1.0> : tensor<1x1x1xf64>, bias = dense<0.0> : tensor<f64>, stride = array<i64: 1>, padding = array<i64: 0>, dilation = array<i64: 1>, groups = 1} : () -> tensor<1x1xf64>
  snn.output
}

// -----

snn.graph @mixed_shapes(%a: tensor<1x4xf64>, %b: tensor<4x1xf64>) {
  // expected-error @+1 {{'snn.conv1d' op input 1 has shape 'tensor<4x1xf64>'; every input must have the shape of input 0}}
  %c = snn.conv1d(%a, %b) {weight = dense<1.0> : tensor<1x1x1xf64>, bias = dense<0.0> : tensor<f64>, stride = array<i64: 1>, padding = array<i64: 0>, dilation = array<i64: 1>, groups = 1} : (tensor<1x4xf64>, tensor<4x1xf64>) -> tensor<1x4xf64>
  snn.output
}

// -----

snn.graph @input_rank(%a: tensor<4xf64>) {
  // expected-error @+1 {{'snn.conv1d' op input must have rank 2 (channels and spatial dimensions), got 1}}
  %c = snn.conv1d(%a) {weight = dense<1.0> : tensor<1x1x1xf64>, bias = dense<0.0> : tensor<f64>, stride = array<i64: 1>, padding = array<i64: 0>, dilation = array<i64: 1>, groups = 1} : (tensor<4xf64>) -> tensor<1x4xf64>
  snn.output
}

// -----

snn.graph @weight_rank(%a: tensor<1x4x4xf64>) {
  // expected-error @+1 {{'snn.conv2d' op parameter 'weight' must have rank 4 (out channels, in channels / groups, kernel...)}}
  %c = snn.conv2d(%a) {weight = dense<1.0> : tensor<1x1x1xf64>, bias = dense<0.0> : tensor<f64>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1} : (tensor<1x4x4xf64>) -> tensor<1x4x4xf64>
  snn.output
}

// -----

snn.graph @channels(%a: tensor<3x4xf64>) {
  // expected-error @+1 {{'snn.conv1d' op channels do not fit: input has 3, weight expects 2 x 1 groups with 1 outputs}}
  %c = snn.conv1d(%a) {weight = dense<1.0> : tensor<1x2x1xf64>, bias = dense<0.0> : tensor<f64>, stride = array<i64: 1>, padding = array<i64: 0>, dilation = array<i64: 1>, groups = 1} : (tensor<3x4xf64>) -> tensor<1x4xf64>
  snn.output
}

// -----

snn.graph @stride_count(%a: tensor<1x4x4xf64>) {
  // expected-error @+1 {{'snn.conv2d' op 'stride' must have 2 values, got 1}}
  %c = snn.conv2d(%a) {weight = dense<1.0> : tensor<1x1x1x1xf64>, bias = dense<0.0> : tensor<f64>, stride = array<i64: 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1} : (tensor<1x4x4xf64>) -> tensor<1x4x4xf64>
  snn.output
}

// -----

snn.graph @negative_padding(%a: tensor<1x4xf64>) {
  // expected-error @+1 {{'snn.conv1d' op 'padding' must be >= 0, got -1}}
  %c = snn.conv1d(%a) {weight = dense<1.0> : tensor<1x1x1xf64>, bias = dense<0.0> : tensor<f64>, stride = array<i64: 1>, padding = array<i64: -1>, dilation = array<i64: 1>, groups = 1} : (tensor<1x4xf64>) -> tensor<1x4xf64>
  snn.output
}

// -----

snn.graph @zero_dilation(%a: tensor<1x4xf64>) {
  // expected-error @+1 {{'snn.conv1d' op 'dilation' must be >= 1, got 0}}
  %c = snn.conv1d(%a) {weight = dense<1.0> : tensor<1x1x1xf64>, bias = dense<0.0> : tensor<f64>, stride = array<i64: 1>, padding = array<i64: 0>, dilation = array<i64: 0>, groups = 1} : (tensor<1x4xf64>) -> tensor<1x4xf64>
  snn.output
}

// -----

snn.graph @kernel_too_big(%a: tensor<1x2xf64>) {
  // expected-error @+1 {{'snn.conv1d' op kernel does not fit spatial dimension 0 of the input}}
  %c = snn.conv1d(%a) {weight = dense<1.0> : tensor<1x1x5xf64>, bias = dense<0.0> : tensor<f64>, stride = array<i64: 1>, padding = array<i64: 0>, dilation = array<i64: 1>, groups = 1} : (tensor<1x2xf64>) -> tensor<1x1xf64>
  snn.output
}

// -----

snn.graph @conv_output(%a: tensor<1x4xf64>) {
  // expected-error @+1 {{'snn.conv1d' op output must have shape [1, 2], got 'tensor<1x4xf64>'}}
  %c = snn.conv1d(%a) {weight = dense<1.0> : tensor<1x1x1xf64>, bias = dense<0.0> : tensor<f64>, stride = array<i64: 2>, padding = array<i64: 0>, dilation = array<i64: 1>, groups = 1} : (tensor<1x4xf64>) -> tensor<1x4xf64>
  snn.output
}

// -----

snn.graph @conv_bias(%a: tensor<1x4xf64>) {
  // expected-error @+1 {{'snn.conv1d' op parameter 'bias' has 3 elements; expected 1 (broadcast) or 2}}
  %c = snn.conv1d(%a) {weight = dense<1.0> : tensor<2x1x1xf64>, bias = dense<0.0> : tensor<3xf64>, stride = array<i64: 1>, padding = array<i64: 0>, dilation = array<i64: 1>, groups = 1} : (tensor<1x4xf64>) -> tensor<2x4xf64>
  snn.output
}

// -----

snn.graph @pool_window(%a: tensor<1x1x4xf64>) {
  // expected-error @+1 {{'snn.sum_pool2d' op window does not fit spatial dimension 0 of the input}}
  %p = snn.sum_pool2d(%a) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<1x1x4xf64>) -> tensor<1x1x2xf64>
  snn.output
}

// -----

snn.graph @pool_kernel(%a: tensor<1x4x4xf64>) {
  // expected-error @+1 {{'snn.avg_pool2d' op 'kernel_size' must be >= 1, got 0}}
  %p = snn.avg_pool2d(%a) {kernel_size = array<i64: 0, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<1x4x4xf64>) -> tensor<1x2x2xf64>
  snn.output
}

// -----

snn.graph @pool_output(%a: tensor<1x4x4xf64>) {
  // expected-error @+1 {{'snn.avg_pool2d' op output must have shape [1, 2, 2], got 'tensor<1x4x4xf64>'}}
  %p = snn.avg_pool2d(%a) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<1x4x4xf64>) -> tensor<1x4x4xf64>
  snn.output
}

// -----

snn.graph @flatten_range(%a: tensor<2x3xf64>) {
  // expected-error @+1 {{'snn.flatten' op dimensions 1..2 are out of range for an input of rank 2}}
  %f = snn.flatten(%a) {start_dim = 1, end_dim = 2} : (tensor<2x3xf64>) -> tensor<6xf64>
  snn.output
}

// -----

snn.graph @flatten_output(%a: tensor<2x3x4xf64>) {
  // expected-error @+1 {{'snn.flatten' op output must have shape [2, 12], got 'tensor<24xf64>'}}
  %f = snn.flatten(%a) {start_dim = 1, end_dim = -1} : (tensor<2x3x4xf64>) -> tensor<24xf64>
  snn.output
}

// -----

snn.graph @flatten_no_input() {
  // expected-error @+1 {{'snn.flatten' op node needs an input to define its shape}}
  %f = snn.flatten() {start_dim = 0, end_dim = -1} : () -> tensor<24xf64>
  snn.output
}
