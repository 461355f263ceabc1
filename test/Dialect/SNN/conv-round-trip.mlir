// RUN: dynapse-opt %s | FileCheck %s
// RUN: dynapse-opt %s | dynapse-opt | FileCheck %s
// RUN: dynapse-opt %s -mlir-print-op-generic | dynapse-opt | FileCheck %s

// CHECK-LABEL: snn.graph @cnn
snn.graph @cnn(%in: tensor<2x8x8xf64>) -> tensor<4xf64> {
  // CHECK: snn.conv2d(%arg0) {bias = dense<[1.000000e-01, 2.000000e-01, 3.000000e-01, 4.000000e-01]> : tensor<4xf64>, dilation = array<i64: 1, 1>, groups = 2 : i64, padding = array<i64: 1, 1>, stride = array<i64: 1, 1>, weight = dense<5.000000e-01> : tensor<4x1x3x3xf64>} : (tensor<2x8x8xf64>) -> tensor<4x8x8xf64>
  %c = snn.conv2d(%in) {weight = dense<0.5> : tensor<4x1x3x3xf64>, bias = dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf64>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 2} : (tensor<2x8x8xf64>) -> tensor<4x8x8xf64>
  // CHECK: snn.sum_pool2d(%{{.+}}) {kernel_size = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 2, 2>} : (tensor<4x8x8xf64>) -> tensor<4x4x4xf64>
  %s = snn.sum_pool2d(%c) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<4x8x8xf64>) -> tensor<4x4x4xf64>
  // CHECK: snn.avg_pool2d(%{{.+}}) {kernel_size = array<i64: 4, 4>, padding = array<i64: 0, 0>, stride = array<i64: 4, 4>} : (tensor<4x4x4xf64>) -> tensor<4x1x1xf64>
  %a = snn.avg_pool2d(%s) {kernel_size = array<i64: 4, 4>, stride = array<i64: 4, 4>, padding = array<i64: 0, 0>} : (tensor<4x4x4xf64>) -> tensor<4x1x1xf64>
  // CHECK: snn.flatten(%{{.+}}) {end_dim = -1 : i64, start_dim = 1 : i64} : (tensor<4x1x1xf64>) -> tensor<4x1xf64>
  %f = snn.flatten(%a) {start_dim = 1, end_dim = -1} : (tensor<4x1x1xf64>) -> tensor<4x1xf64>
  // CHECK: snn.conv1d(%{{.+}}) {bias = dense<0.000000e+00> : tensor<f64>, dilation = array<i64: 2>, groups = 1 : i64, padding = array<i64: 0>, stride = array<i64: 1>, weight = dense<1.000000e+00> : tensor<4x4x1xf64>} : (tensor<4x1xf64>) -> tensor<4x1xf64>
  %c1 = snn.conv1d(%f) {weight = dense<1.0> : tensor<4x4x1xf64>, bias = dense<0.0> : tensor<f64>, stride = array<i64: 1>, padding = array<i64: 0>, dilation = array<i64: 2>, groups = 1} : (tensor<4x1xf64>) -> tensor<4x1xf64>
  // CHECK: snn.linear(%{{.+}}) {weight = sparse<{{\[\[}}0, 1], [3, 0]], [1.500000e+00, -2.000000e+00]> : tensor<4x4xf64>}
  %l = snn.linear(%c1) {weight = sparse<[[0, 1], [3, 0]], [1.5, -2.0]> : tensor<4x4xf64>} : (tensor<4x1xf64>) -> tensor<4xf64>
  snn.output %l : tensor<4xf64>
}
