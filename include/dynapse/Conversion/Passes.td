//===- Passes.td - conversions between dialects ---------------*- tablegen -*-===//
#ifndef DYNAPSE_CONVERSION_PASSES_TD
#define DYNAPSE_CONVERSION_PASSES_TD

include "dynapse/Support/OptionBase.td"

def ConvertSNNToDynapse : Pass<"convert-snn-to-dynapse", "::mlir::ModuleOp"> {
  let summary = "Convert spiking snn populations to DYNAP-SE2 neuron currents";
  let description = [{
    Turns every `snn.graph` into a `dynapse.network`: graph inputs become
    `dynapse.input`s, every spiking node (LIF, CubaLIF, IF) a
    `dynapse.population` carrying the 13 DynapseNeurons currents (under
    conversion=fidelity, the default, those under which the chip's neuron
    steps like the trained one; under conversion=rockpool those of
    Rockpool's `DynapseNeurons._convert_from`, spec section 2), and every path
    of Affine/Linear/Scale nodes between two of them one `dynapse.weights`
    matrix, `(pre, post)`, scaled by the target's input gain. Under
    conversion=fidelity an Affine bias and `v_leak` become, per neuron, a
    weight from one more input channel, `bias`, which fires every step
    (`every_step`; bias-source=dc puts them in the DC current instead);
    under conversion=rockpool they and `v_reset` become the DC current.
    docs/conversion.md has the math for every node type and NIR convention.

    Each numeric option may be overridden per node by a float attribute
    `dynapse.<option with underscores>` (e.g. `dynapse.r_gain_mem = 2.0`).
    LI, CubaLI, Threshold and Delay have no faithful mapping and are
    rejected, naming the node.
  }];
  let options = [
    EnumOption<"conversion", "conversion", "fidelity",
               "how currents are derived (fidelity: the chip's neuron steps "
               "like the trained one at the network's dt; rockpool: "
               "Rockpool's _convert_from and the options below)",
               ["fidelity", "rockpool"]>,
    EnumOption<"reset", "reset", "zero",
               "the trained network's reset (NIR has no word for a "
               "subtractive one); the chip resets to rest, which "
               "conversion=fidelity reports", ["zero", "subtract"]>,
    DynapseOption<"resetDelay", "reset-delay", "bool", "false",
                  "the trained network resets a step late, as snnTorch's "
                  "default reset_delay=True does (conversion=fidelity: one "
                  "more step refractory under a zero reset)">,
    EnumOption<"biasSource", "bias-source", "input",
               "conversion=fidelity: how Affine biases and v_leak reach the "
               "chip (input: a weight per neuron from an input channel the "
               "host drives every step; dc: the DC current, which a core "
               "shares and which cannot go below 0)", ["input", "dc"]>,
    DynapseOption<"strict", "strict", "bool", "false",
                  "refuse what the chip cannot keep (conversion=fidelity: a "
                  "subtractive reset, a bias below what Idc can carry) "
                  "instead of warning">,
    DynapseOption<"rGainMem", "r-gain-mem", "double", "4.0",
                  "membrane gain ratio Igain_mem / Itau_mem", "positive">,
    DynapseOption<"rGainSyn", "r-gain-syn", "double", "100.0",
                  "synaptic gain ratio Igain_syn / Itau_syn", "positive">,
    DynapseOption<"tPulse", "t-pulse", "double", "1e-5",
                  "output pulse width (s)", "positive">,
    DynapseOption<"tRef", "t-ref", "double", "1e-3", "refractory period (s)",
                  "non-negative">,
    DynapseOption<"cPulse", "c-pulse", "double", "5e-13",
                  "pulse-extender capacitance (F)", "positive">,
    DynapseOption<"cRef", "c-ref", "double", "1.5e-12",
                  "refractory capacitance (F)", "positive">,
    DynapseOption<"cMem", "c-mem", "double", "3e-12",
                  "membrane capacitance (F)", "positive">,
    DynapseOption<"cSyn", "c-syn", "double", "2.5e-11",
                  "synapse capacitance (F)", "positive">,
    DynapseOption<"iscale", "iscale", "double", "1e-8",
                  "current of one unit of weight (A)", "positive">,
    DynapseOption<"lifTauSyn", "lif-tau-syn", "double", "0.0",
                  "synaptic time constant (s) given to LIF and IF nodes, which "
                  "have none (0: the graph's dt)", "non-negative">,
    DynapseOption<"ifTauMem", "if-tau-mem", "double", "1.0",
                  "membrane time constant (s) given to IF nodes, which do not "
                  "leak", "positive">,
  ];
  let dependentDialects = ["::dynapse::DynapseDialect"];
}

def ConvertDynapseToSim : Pass<"convert-dynapse-to-sim", "::mlir::ModuleOp"> {
  let summary = "Lower a dynapse network to a JIT-able simulation kernel";
  let description = [{
    Replaces the module's `dynapse.network` by `func.func @dynapse_sim` in
    upstream dialects (scf, arith, math, memref) that runs the whole time loop
    of the chosen neuron model, plus constant `memref.global`s with the
    per-neuron parameters and the fan-in lists (CSR) of every neuron. Each
    neuron uses the currents its stage gives it: its population's own before
    clustering, its core's shared currents after clustering, the decoded bias
    codes after current quantisation; quantised synapses contribute
    `sign * sum bits * Iw_k`. The kernel takes
    `(input counts T*Nin, event words, step starts, records R*T*N, T,
    record?, chip)`, flat, row-major; attributes on the function give N,
    Nin, dt, the record names, the populations, the outputs and, with
    `instances=K`, the K + 1 chips whose parameter tables it holds (chip 0
    the ideal chip, chip k the mismatch of seed + k - 1; `chip` picks one).
    With `layout=samples` the kernel runs L samples per call, one per SIMD
    lane (`dynapse.sim.lanes = L`; each buffer holds the L samples' one
    after the other), with the same float32 results per sample; with
    `layout=auto` a small network gets both, the second as
    `@dynapse_sim_samples`.
    docs/simulation.md has the models' equations; model=reference is
    convert-snn-to-sim's.
  }];
  let options = [
    EnumOption<"model", "model", "se2",
               "neuron model (dynapsim: Rockpool parity; se2: four synapses; "
               "reference: the snn graph as trained, see convert-snn-to-sim)",
               ["dynapsim", "se2", "reference"]>,
    DynapseOption<"mismatch", "mismatch", "double", "0.0",
                  "relative parameter mismatch (Rockpool's percent_mismatch, "
                  "e.g. 0.05)", "0..1">,
    DynapseOption<"seed", "seed", "uint64_t", "0", "seed of the mismatch", "",
                  "mismatch-seed">,
    DynapseOption<"instances", "instances", "unsigned", "0",
                  "chip instances in one kernel: chip 0 the ideal chip, chip "
                  "k = 1..K mismatched with seed + k - 1 (0: one chip, "
                  "mismatched as --mismatch and --seed say)">,
    DynapseOption<"dt", "dt", "double", "0.0",
                  "time step (s) of the simulation (0: the network's dt)",
                  "non-negative", "sim-dt">,
    EnumOption<"layout", "layout", "auto",
               "what the kernel's SIMD lanes hold (neurons: one sample's "
               "neurons; samples: one neuron of as many samples as the "
               "host's vectors hold, 8 with AVX2, 16 with AVX-512; auto: "
               "both for a network of at most 64 neurons on x86-64, the "
               "second for whole groups of samples, else neurons)",
               ["auto", "neurons", "samples"]>,
  ];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::vector::VectorDialect"];
}

def ConvertSNNToSim : Pass<"convert-snn-to-sim", "::mlir::ModuleOp"> {
  let summary = "Lower an snn graph to a kernel that simulates it as trained";
  let description = [{
    The reference model: replaces the module's `snn.graph` by the same
    `func.func @dynapse_sim` as `convert-dynapse-to-sim` writes, with the
    same inputs, records layout and neuron order as the converted network
    (populations breadth-first from the inputs), but stepping each neuron in
    the discretisation of the convention the NIR importer recorded on the
    graph: `snntorch` as snnTorch's Synaptic/RSynaptic/Leaky (with
    `reset_delay` as `reset-delay` says), `norse` as Norse >= 1.1's
    LIFCell/LIFBoxCell/IAFCell, `norse-1.0` as Norse 1.0's, `nir` and
    `rockpool` by forward Euler of NIR's equations. A population sees the spikes of the
    populations before it in the same step, its own and later ones' of the
    last step. Convolutions must be unrolled first (`snn-lower-conv`).
    docs/simulation.md has the equations.
  }];
  let options = [
    EnumOption<"reset", "reset", "zero",
               "reset of the reference model's neurons (NIR has no word for "
               "a subtractive reset)", ["zero", "subtract"]>,
    DynapseOption<"resetDelay", "reset-delay", "bool", "false",
                  "the reference model resets a step late, as snnTorch's "
                  "default reset_delay=True does">,
    DynapseOption<"resetClearsCurrent", "reset-clears-current", "bool",
                  "false", "a zero reset clears the synaptic current too, as "
                  "snnTorch 0.7's RSynaptic with init_hidden=True does">,
    DynapseOption<"dt", "dt", "double", "0.0",
                  "time step (s) of the simulation (0: the network's dt)",
                  "non-negative", "sim-dt">,
  ];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::vector::VectorDialect"];
}

#endif // DYNAPSE_CONVERSION_PASSES_TD
