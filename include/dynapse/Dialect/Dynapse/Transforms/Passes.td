//===- Passes.td - passes on the dynapse dialect --------------*- tablegen -*-===//
#ifndef DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_PASSES_TD
#define DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def DynapseMerge : Pass<"dynapse-merge", "::dynapse::NetworkOp"> {
  let summary = "Merge all populations into one recurrent population";
  let description = [{
    Rockpool's `DynapseNeurons.merge` plus the mapper's flattening (spec
    sections 3.1 and 3.4), for any network: the populations, in IR order
    (`--convert-snn-to-dynapse` emits them breadth-first from the inputs),
    become one population of N neurons whose currents are concatenated; all
    inputs become one input of Nin channels; every connection lands in
    `weights_in` (Nin x N) or `weights_rec` (N x N), pre x post, at the rows
    of its source and the columns of its target. For a layered chain this is
    exactly Rockpool's block placement. Output neurons and core maps carry
    over with their offsets. Iscale and dt must agree across populations.
    A network that is already merged is left unchanged.
  }];
}

#endif // DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_PASSES_TD
