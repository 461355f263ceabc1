// RUN: dynapse-opt %s -split-input-file -verify-diagnostics -allow-unregistered-dialect

snn.graph @output_types(%in: tensor<3xf64>) -> tensor<2xf64> {
  // expected-error @+1 {{'snn.output' op operand types do not match the result types of graph @output_types}}
  snn.output %in : tensor<3xf64>
}

// -----

// expected-error @+1 {{'snn.graph' op body must end with 'snn.output'}}
snn.graph @foreign_terminator(%in: tensor<3xf64>) {
  "some.terminator"() : () -> ()
}

// -----

// expected-error @+1 {{'snn.graph' op type of entry block argument #0('tensor<2xf64>') must match the type of the corresponding argument in function signature('tensor<3xf64>')}}
"snn.graph"() <{sym_name = "mismatched_arguments", function_type = (tensor<3xf64>) -> ()}> ({
^bb0(%in: tensor<2xf64>):
  snn.output
}) : () -> ()

// -----

snn.graph @param_count(%in: tensor<3xf64>) {
  // expected-error @+1 {{'snn.lif' op parameter 'tau' of node 'hidden' has 2 elements; expected 1 (broadcast) or 3}}
  %0 = snn.lif(%in) {name = "hidden", tau = dense<[0.02, 0.03]> : tensor<2xf64>, v_threshold = dense<1.0> : tensor<f64>} : (tensor<3xf64>) -> tensor<3xf64>
  snn.output
}

// -----

snn.graph @non_positive_tau(%in: tensor<3xf64>) {
  // expected-error @+1 {{'snn.cuba_lif' op parameter 'tau_syn' element 1 is 0; expected finite and > 0}}
  %0 = snn.cuba_lif(%in) {tau_mem = dense<0.02> : tensor<f64>, tau_syn = dense<[0.01, 0.0, 0.01]> : tensor<3xf64>, v_threshold = dense<1.0> : tensor<f64>} : (tensor<3xf64>) -> tensor<3xf64>
  snn.output
}

// -----

snn.graph @negative_tau(%in: tensor<1xf64>) {
  // expected-error @+1 {{'snn.li' op parameter 'tau' element 0 is -0.02; expected finite and > 0}}
  %0 = snn.li(%in) {tau = dense<-0.02> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output
}

// -----

snn.graph @nan_threshold(%in: tensor<1xf64>) {
  // expected-error @+1 {{'snn.if' op parameter 'v_threshold' element 0 is nan; expected finite}}
  %0 = snn.if(%in) {v_threshold = dense<0x7FF8000000000000> : tensor<f64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output
}

// -----

snn.graph @infinite_weight(%in: tensor<1xf64>) {
  // expected-error @+1 {{'snn.linear' op parameter 'weight' element (0, 0) is inf; expected finite}}
  %0 = snn.linear(%in) {weight = dense<0x7FF0000000000000> : tensor<1x1xf64>} : (tensor<1xf64>) -> tensor<1xf64>
  snn.output
}

// -----

snn.graph @negative_delay(%in: tensor<2xf64>) {
  // expected-error @+1 {{'snn.delay' op parameter 'delay' element 1 is -1; expected finite and >= 0}}
  %0 = snn.delay(%in) {delay = dense<[0.0, -1.0]> : tensor<2xf64>} : (tensor<2xf64>) -> tensor<2xf64>
  snn.output
}

// -----

snn.graph @elementwise_input_size(%in: tensor<3xf64>) {
  // expected-error @+1 {{'snn.scale' op input 0 of node 'gain' has 3 elements; expected 4 (the node's size)}}
  %0 = snn.scale(%in) {name = "gain", scale = dense<2.0> : tensor<f64>} : (tensor<3xf64>) -> tensor<4xf64>
  snn.output
}

// -----

snn.graph @second_input_size(%a: tensor<2xf64>, %b: tensor<3xf64>) {
  // expected-error @+1 {{'snn.threshold' op input 1 has 3 elements; expected 2 (the node's size)}}
  %0 = snn.threshold(%a, %b) {threshold = dense<1.0> : tensor<f64>} : (tensor<2xf64>, tensor<3xf64>) -> tensor<2xf64>
  snn.output
}

// -----

snn.graph @weight_rank(%in: tensor<2xf64>) {
  // expected-error @+1 {{'snn.linear' op parameter 'weight' must be an (out, in) matrix, but has rank 1}}
  %0 = snn.linear(%in) {weight = dense<[1.0, 2.0]> : tensor<2xf64>} : (tensor<2xf64>) -> tensor<2xf64>
  snn.output
}

// -----

snn.graph @weight_rows(%in: tensor<2xf64>) {
  // expected-error @+1 {{'snn.affine' op output of node 'fc' has 3 elements but parameter 'weight' has 2 rows}}
  %0 = snn.affine(%in) {name = "fc", weight = dense<1.0> : tensor<2x2xf64>, bias = dense<0.0> : tensor<f64>} : (tensor<2xf64>) -> tensor<3xf64>
  snn.output
}

// -----

snn.graph @weight_columns(%in: tensor<3xf64>) {
  // expected-error @+1 {{'snn.linear' op input 0 has 3 elements but parameter 'weight' has 2 columns}}
  %0 = snn.linear(%in) {weight = dense<1.0> : tensor<2x2xf64>} : (tensor<3xf64>) -> tensor<2xf64>
  snn.output
}

// -----

snn.graph @bias_count(%in: tensor<2xf64>) {
  // expected-error @+1 {{'snn.affine' op parameter 'bias' has 3 elements; expected 1 (broadcast) or 2}}
  %0 = snn.affine(%in) {weight = dense<1.0> : tensor<2x2xf64>, bias = dense<0.0> : tensor<3xf64>} : (tensor<2xf64>) -> tensor<2xf64>
  snn.output
}

// -----

snn.graph @f32_signal(%in: tensor<2xf32>) {
  // expected-error @+1 {{'snn.lif' op operand #0 must be variadic of one time step of a signal (any shape, f64 elements), but got 'tensor<2xf32>'}}
  %0 = snn.lif(%in) {tau = dense<0.02> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>} : (tensor<2xf32>) -> tensor<2xf64>
  snn.output
}

// -----

snn.graph @missing_required(%in: tensor<2xf64>) {
  // expected-error @+1 {{'snn.lif' op requires attribute 'v_threshold'}}
  %0 = snn.lif(%in) {tau = dense<0.02> : tensor<f64>} : (tensor<2xf64>) -> tensor<2xf64>
  snn.output
}
