// RUN: dynapse-opt %s --snn-lower-conv -split-input-file | FileCheck %s
// RUN: dynapse-opt %s --snn-lower-conv --snn-lower-conv -split-input-file | FileCheck %s

// Conv1d, one input channel, kernel [1, 2] / [0, 3], stride 2, padding 1:
// output position o reads input index 2 o - 1 + k. Zero taps and taps in the
// padding give no connection; the bias repeats over positions.
// CHECK-LABEL: snn.graph @conv1d
// CHECK: %[[A:.+]] = snn.affine(%arg0) {bias = dense<[5.000000e-01, 5.000000e-01, 5.000000e-01, -1.000000e+00, -1.000000e+00, -1.000000e+00]> : tensor<6xf64>, name = "c", weight = sparse<{{\[\[}}0, 0], [1, 1], [1, 2], [2, 3], [3, 0], [4, 2]], [2.000000e+00, 1.000000e+00, 2.000000e+00, 1.000000e+00, 3.000000e+00, 3.000000e+00]> : tensor<6x4xf64>} : (tensor<1x4xf64>) -> tensor<2x3xf64>
// CHECK: snn.output %[[A]] : tensor<2x3xf64>
snn.graph @conv1d(%in: tensor<1x4xf64>) -> tensor<2x3xf64> {
  %c = snn.conv1d(%in) {name = "c", weight = dense<[[[1.0, 2.0]], [[0.0, 3.0]]]> : tensor<2x1x2xf64>, bias = dense<[0.5, -1.0]> : tensor<2xf64>, stride = array<i64: 2>, padding = array<i64: 1>, dilation = array<i64: 1>, groups = 1} : (tensor<1x4xf64>) -> tensor<2x3xf64>
  snn.output %c : tensor<2x3xf64>
}

// -----

// Conv2d with two groups (each output channel sees its own input channel),
// 2x2 kernel, dilation 1, no padding, on a 2x2x2 input: one output position.
// CHECK-LABEL: snn.graph @conv2d_groups
// CHECK: snn.affine(%arg0) {bias = dense<0.000000e+00> : tensor<2xf64>, weight = sparse<{{\[\[}}0, 0], [0, 1], [0, 2], [0, 3], [1, 4], [1, 5], [1, 6], [1, 7]], [1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00]> : tensor<2x8xf64>} : (tensor<2x2x2xf64>) -> tensor<2x1x1xf64>
snn.graph @conv2d_groups(%in: tensor<2x2x2xf64>) -> tensor<2x1x1xf64> {
  %c = snn.conv2d(%in) {weight = dense<[[[[1.0, 2.0], [3.0, 4.0]]], [[[5.0, 6.0], [7.0, 8.0]]]]> : tensor<2x1x2x2xf64>, bias = dense<0.0> : tensor<f64>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 2} : (tensor<2x2x2xf64>) -> tensor<2x1x1xf64>
  snn.output %c : tensor<2x1x1xf64>
}

// -----

// Pools: 2x2 windows, stride 2, over a 1x2x4 input; sum weights 1, average
// weights 1/4. Flatten vanishes and the graph result type follows.
// CHECK-LABEL: snn.graph @pools
// CHECK-SAME: -> (tensor<1x1x2xf64>, tensor<1x1x2xf64>)
// CHECK: %[[S:.+]] = snn.linear(%arg0) {name = "sum", weight = sparse<{{\[\[}}0, 0], [0, 1], [0, 4], [0, 5], [1, 2], [1, 3], [1, 6], [1, 7]], 1.000000e+00> : tensor<2x8xf64>} : (tensor<1x2x4xf64>) -> tensor<1x1x2xf64>
// CHECK: %[[A:.+]] = snn.linear(%arg0) {name = "avg", weight = sparse<{{\[\[}}0, 0], [0, 1], [0, 4], [0, 5], [1, 2], [1, 3], [1, 6], [1, 7]], 2.500000e-01> : tensor<2x8xf64>} : (tensor<1x2x4xf64>) -> tensor<1x1x2xf64>
// CHECK-NOT: snn.flatten
// CHECK: snn.output %[[S]], %[[A]] : tensor<1x1x2xf64>, tensor<1x1x2xf64>
snn.graph @pools(%in: tensor<1x2x4xf64>) -> (tensor<2xf64>, tensor<1x1x2xf64>) {
  %s = snn.sum_pool2d(%in) {name = "sum", kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<1x2x4xf64>) -> tensor<1x1x2xf64>
  %a = snn.avg_pool2d(%in) {name = "avg", kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<1x2x4xf64>) -> tensor<1x1x2xf64>
  %f = snn.flatten(%s) {start_dim = 0, end_dim = -1} : (tensor<1x1x2xf64>) -> tensor<2xf64>
  snn.output %f, %a : tensor<2xf64>, tensor<1x1x2xf64>
}

// -----

// A network without such ops is left as it is.
// CHECK-LABEL: snn.graph @plain
// CHECK-NEXT: snn.lif
snn.graph @plain(%in: tensor<2xf64>) -> tensor<2xf64> {
  %l = snn.lif(%in) {tau = dense<0.02> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  snn.output %l : tensor<2xf64>
}
