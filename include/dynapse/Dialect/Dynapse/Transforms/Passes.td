//===- Passes.td - passes on the dynapse dialect --------------*- tablegen -*-===//
#ifndef DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_PASSES_TD
#define DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_PASSES_TD

include "dynapse/Support/OptionBase.td"

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

def DynapseCluster : Pass<"dynapse-cluster", "::dynapse::NetworkOp"> {
  let summary = "Assign neurons to cores and compute each core's shared currents";
  let description = [{
    All 256 neurons of a DYNAP-SE2 core share one value of each current. The
    pass assigns every neuron of every population to a logical core
    (`core_map`), replaces the network's `dynapse.core` ops by one per core
    holding the shared value of each of the 13 currents, and reports in
    remarks, per core and in total, how far the shared currents are from each
    neuron's intended ones. docs/clustering.md describes the methods:

    * `greedy`: index-order chunks, balanced (Rockpool's method with its
      phantom cores fixed): the fewest cores, ceil(N / M), unless `cores=`;
    * `random`: a balanced assignment shuffled with `seed`;
    * `parameter` (default): neurons with alike currents share cores; when
      there is room every group of identical neurons gets cores of its own.

    The shared value is the geometric mean (smallest relative error of time
    constants and gain ratios), or the arithmetic mean when a neuron's value
    is zero. It works on any network with per-neuron currents, also an
    imported Rockpool spec (which it re-clusters, dropping bias codes that
    belonged to the old cores).
  }];
  let options = [
    EnumOption<"method", "method", "parameter", "how neurons are grouped into cores",
               ["greedy", "random", "parameter"]>,
    DynapseOption<"chips", "chips", "unsigned", "4",
                "chips on the board (4 cores each)", "positive">,
    DynapseOption<"cores", "cores", "unsigned", "0",
                  "use exactly this many cores (0: choose)">,
    DynapseOption<"maxNeuronsPerCore", "max-neurons-per-core", "unsigned", "256",
                "capacity of a core", "1..256">,
    DynapseOption<"seed", "seed", "uint64_t", "0", "seed of method=random">,
  ];
}

def DynapseQuantizeCurrents
    : Pass<"dynapse-quantize-currents", "::dynapse::NetworkOp"> {
  let summary = "Turn every core's shared currents into bias-generator codes";
  let description = [{
    For each `dynapse.core`, sets `biases` to the (coarse, fine, type) code of
    each of the 23 SE2 parameters the pipeline uses (spec section 5.4): the code
    whose current `table[type][coarse][fine] * scale[name]` is nearest to the
    core's current, found exactly as Rockpool does. `Igain_syn` and `Itau_syn`
    set all four synapse types unless the core has per-dendrite values
    (`Igain_ampa`, ...); the base weights `Iw_0..Iw_3` set `SYAM_W0_P..W3_P`
    (0 A when the core has none). A current of 0 A cannot be produced (the
    floor is code (0, 0)); a remark names such parameters per core, and one
    reports the largest relative error of the realised currents.
  }];
}

def DynapseQuantizeWeights
    : Pass<"dynapse-quantize-weights", "::dynapse::NetworkOp"> {
  let summary = "Quantise weights to 4-bit masks over four base currents per core";
  let description = [{
    Every `dynapse.weights` feeding a clustered population becomes a
    `dynapse.synapses`: per synapse a 4-bit mask selecting the target core's
    base weight currents Iw_0..Iw_3 and a dendrite (AMPA for positive weights,
    GABA for negative ones, none for a dropped connection). Per core the pass
    chooses Iw_0..Iw_3 >= 0 and the masks minimising the squared
    reconstruction error of |w| Iscale (docs/weight-quantization.md), stores
    the Iw_k on the core (updating its SYAM_W codes if it already has bias
    codes) and reports per core the mean squared and largest error (in units
    of weight) and the connections dropped to mask 0.
  }];
  let options = [
    DynapseOption<"realisable", "realisable", "bool", "true",
                  "base currents are bias-generator values (SYAM_W0_P..W3_P)">,
    DynapseOption<"keepConnections", "keep-connections", "bool", "false",
                  "never give a non-zero weight the empty mask">,
    DynapseOption<"seed", "seed", "uint64_t", "0",
                  "seed of the weight quantizer's random starts", "",
                  "weight-seed">,
  ];
}

def DynapseAllocate : Pass<"dynapse-allocate", "::dynapse::NetworkOp"> {
  let summary = "Place cores on chips and fill every neuron's CAM and SRAM";
  let description = [{
    Runs on a merged, clustered and quantised network (masks, dendrites, bias
    codes). It places the logical cores on the chips of the board so that
    strongly connected cores share a chip (breadth-first over the core graph
    with Boost.Graph), gives every neuron a slot in its core, assigns each
    event source (input channel or neuron) a tag that is free on every chip
    it reaches (tags are reused across chips), and writes one
    `dynapse.neuron` per neuron: CAM entries for its incoming synapses (at
    most 64: a larger fan-in first keeps the 64 synapses that deliver the
    most charge, by weight current times the network's `activity` when it
    has one, else by weight current, with a warning), SRAM entries for its destinations (at most 4: a monitor entry
    for network outputs and one per destination chip) and its latches. Input
    channels get their destinations. docs/allocation.md has the details and
    the differences from Rockpool's allocator.
  }];
  let options = [
    DynapseOption<"chips", "chips", "unsigned", "4",
                "chips on the board (4 cores each)", "positive">,
    DynapseOption<"chipGrid", "chip-grid", "std::string", "\"2x2\"",
                  "chip positions as COLSxROWS (chip c at column c % COLS, row c / COLS)">,
    DynapseOption<"strict", "strict", "bool", "false",
                  "refuse a fan-in above 64 CAM entries instead of keeping "
                  "each neuron's 64 synapses that deliver the most charge">,
  ];
}

#endif // DYNAPSE_DIALECT_DYNAPSE_TRANSFORMS_PASSES_TD
