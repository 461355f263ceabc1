//===- Passes.td - passes on the snn dialect ------------------*- tablegen -*-===//
#ifndef DYNAPSE_DIALECT_SNN_TRANSFORMS_PASSES_TD
#define DYNAPSE_DIALECT_SNN_TRANSFORMS_PASSES_TD

include "dynapse/Support/OptionBase.td"

def SNNLowerConv : Pass<"snn-lower-conv", "::dynapse::snn::GraphOp"> {
  let summary = "Unroll convolution, pooling and flatten into sparse "
                "affine/linear connectivity";
  let description = [{
    DYNAP-SE2 is a general graph of neurons, so a convolutional network goes
    down the same pipeline as any other once its structured layers are
    written out as connections between flattened neuron indices (row-major
    over (channels, spatial...)):

    * `snn.conv1d` / `snn.conv2d` become `snn.affine` with a sparse weight
      holding one entry per non-zero kernel tap that lands inside the
      (zero-padded) input, and the channel bias repeated over positions;
    * `snn.sum_pool2d` / `snn.avg_pool2d` become `snn.linear` with sparse
      weights 1 (sum) or 1 / (kh kw) (average, padding counted as PyTorch's
      default does);
    * `snn.flatten` disappears: its users read its input directly (element
      counts agree), and the graph's result types follow.

    Result shapes of the new ops stay those of the ops they replace. The pass
    changes nothing on a graph without such ops, so it can run again.
  }];
}

#endif // DYNAPSE_DIALECT_SNN_TRANSFORMS_PASSES_TD
