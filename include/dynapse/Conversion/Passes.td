//===- Passes.td - conversions between dialects ---------------*- tablegen -*-===//
#ifndef DYNAPSE_CONVERSION_PASSES_TD
#define DYNAPSE_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertSNNToDynapse : Pass<"convert-snn-to-dynapse", "::mlir::ModuleOp"> {
  let summary = "Convert spiking snn populations to DYNAP-SE2 neuron currents";
  let description = [{
    Turns every `snn.graph` into a `dynapse.network`: graph inputs become
    `dynapse.input`s, every spiking node (LIF, CubaLIF, IF) a
    `dynapse.population` carrying the 13 DynapseNeurons currents of
    Rockpool's `DynapseNeurons._convert_from` (spec section 2), and every path
    of Affine/Linear/Scale nodes between two of them one `dynapse.weights`
    matrix, `(pre, post)`, scaled by the target's input gain. An Affine bias,
    `v_leak` and `v_reset` become the DC current. docs/conversion.md has the
    math for every node type and NIR convention.

    Each option may be overridden per node by a float attribute
    `dynapse.<option with underscores>` (e.g. `dynapse.r_gain_mem = 2.0`).
    LI, CubaLI, Threshold and Delay have no faithful mapping and are
    rejected, naming the node.
  }];
  let options = [
    Option<"rGainMem", "r-gain-mem", "double", "4.0",
           "membrane gain ratio Igain_mem / Itau_mem">,
    Option<"rGainSyn", "r-gain-syn", "double", "100.0",
           "synaptic gain ratio Igain_syn / Itau_syn">,
    Option<"tPulse", "t-pulse", "double", "1e-5", "output pulse width (s)">,
    Option<"tRef", "t-ref", "double", "1e-3", "refractory period (s)">,
    Option<"cPulse", "c-pulse", "double", "5e-13",
           "pulse-extender capacitance (F)">,
    Option<"cRef", "c-ref", "double", "1.5e-12",
           "refractory capacitance (F)">,
    Option<"cMem", "c-mem", "double", "3e-12", "membrane capacitance (F)">,
    Option<"cSyn", "c-syn", "double", "2.5e-11", "synapse capacitance (F)">,
    Option<"iscale", "iscale", "double", "1e-8",
           "current of one unit of weight (A)">,
    Option<"lifTauSyn", "lif-tau-syn", "double", "0.0",
           "synaptic time constant (s) given to LIF and IF nodes, which have "
           "none (0: the graph's dt)">,
    Option<"ifTauMem", "if-tau-mem", "double", "1.0",
           "membrane time constant (s) given to IF nodes, which do not leak">,
  ];
  let dependentDialects = ["::dynapse::DynapseDialect"];
}

#endif // DYNAPSE_CONVERSION_PASSES_TD
