//===- Dynapse.td - the DYNAP-SE2 hardware dialect ------------*- tablegen -*-===//
//
// `dynapse` is the hardware level of dynapse-mlir: neuron populations with the
// 13 DynapseNeurons currents, weights between them, and the forms the later
// stages add (cores, bias codes, quantised masks, CAM/SRAM routing).
//
//===----------------------------------------------------------------------===//

#ifndef DYNAPSE_DIALECT_DYNAPSE_IR_DYNAPSE_TD
#define DYNAPSE_DIALECT_DYNAPSE_IR_DYNAPSE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/IR/SymbolInterfaces.td"

def Dynapse_Dialect : Dialect {
  let name = "dynapse";
  let cppNamespace = "::dynapse";
  let summary = "The DYNAP-SE2 mixed-signal neuromorphic processor";
  let description = [{
    The hardware level of dynapse-mlir. A `dynapse.network` holds neuron
    populations (`dynapse.population`) described by the 13 currents of
    Rockpool's `DynapseNeurons` in amperes, plus `Iscale` (A per unit weight)
    and `dt` (s); real-valued weight matrices between external inputs and
    populations and between populations (`dynapse.weights`, `(pre, post)`
    orientation); and, as the pipeline goes down, the forms the chip needs:
    logical cores with shared currents and bias-generator codes
    (`dynapse.core`, `#dynapse.bias`), quantised 4-bit weight masks with
    their dendrites (`dynapse.synapses`), and per-neuron CAM and SRAM routing
    entries (`dynapse.neuron`, `#dynapse.cam`, `#dynapse.sram`).

    Hardware limits (Rockpool spec section 6.1) are enforced by the verifiers
    wherever an op states them: 256 neurons per core, 4 cores per chip, 64 CAM
    entries and 4 SRAM entries per neuron, tags 0..2047, hops -7..7, bias codes
    coarse 0..5 and fine 0..255.
  }];
  let useDefaultAttributePrinterParser = 1;
  let useDefaultTypePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerAttributesAndTypes();
  }];
}

class Dynapse_Op<string mnemonic, list<Trait> traits = []>
    : Op<Dynapse_Dialect, mnemonic, traits>;

def Dynapse_WeightMatrixAttr : Attr<And<[
    CPred<"::llvm::isa<::mlir::DenseElementsAttr, ::mlir::SparseElementsAttr>($_self)">,
    CPred<"::llvm::cast<::mlir::ElementsAttr>($_self).getElementType().isF64()">]>,
    "dense or sparse f64 elements"> {
  let storageType = "::mlir::ElementsAttr";
  let returnType = "::mlir::ElementsAttr";
  let convertFromStorage = "$_self";
}

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def Dynapse_TransistorType : I32EnumAttr<"TransistorType",
    "polarity of a bias-generator transistor", [
      I32EnumAttrCase<"P", 0>, I32EnumAttrCase<"N", 1>]> {
  let cppNamespace = "::dynapse";
  let genSpecializedAttr = 0;
}

def Dynapse_Dendrite : I32EnumAttr<"Dendrite",
    "synapse type (dendrite) of a CAM entry, with samna's codes", [
      I32EnumAttrCase<"none", 0>, I32EnumAttrCase<"shunt", 128>,
      I32EnumAttrCase<"nmda", 256>, I32EnumAttrCase<"gaba", 512>,
      I32EnumAttrCase<"ampa", 1024>]> {
  let cppNamespace = "::dynapse";
  let genSpecializedAttr = 0;
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

class Dynapse_Attr<string name, string attrMnemonic>
    : AttrDef<Dynapse_Dialect, name> {
  let mnemonic = attrMnemonic;
}

def Dynapse_BiasAttr : Dynapse_Attr<"Bias", "bias"> {
  let summary = "a bias-generator code: SE2 parameter name, coarse, fine, type";
  let description = [{
    `#dynapse.bias<"SOIF_DC_P", 2, 45, P>` sets parameter `SOIF_DC_P` to
    coarse 2, fine 45 on a P-type transistor. The current it gives is
    `table[type][coarse][fine] * scale[name]`.
  }];
  let parameters = (ins StringRefParameter<"SE2 parameter name">:$name,
                        "unsigned":$coarse, "unsigned":$fine,
                        EnumParameter<Dynapse_TransistorType>:$type);
  let assemblyFormat = "`<` $name `,` $coarse `,` $fine `,` $type `>`";
  let genVerifyDecl = 1;
}

def Dynapse_CamAttr : Dynapse_Attr<"Cam", "cam"> {
  let summary = "a CAM entry: one incoming synapse of a neuron";
  let description = [{
    Events carrying `tag` reach the neuron's `dendrite` with the sum of the
    core's base weight currents `Iw_k` selected by the 4-bit `mask` (bit k
    selects `Iw_k`).
  }];
  let parameters = (ins "unsigned":$tag,
                        EnumParameter<Dynapse_Dendrite>:$dendrite,
                        "unsigned":$mask,
                        DefaultValuedParameter<"bool", "false">:$stp,
                        DefaultValuedParameter<"bool", "false">:$precise_delay,
                        DefaultValuedParameter<"bool", "false">:$mismatched_delay);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Dynapse_SramAttr : Dynapse_Attr<"Sram", "sram"> {
  let summary = "an SRAM entry: one destination of a neuron's spikes";
  let description = [{
    A spike is sent with `tag` to the chip `x_hop`, `y_hop` chips away
    (-7..7 each), to the cores set in the 4-bit `cores` mask (bit i is core i).
  }];
  let parameters = (ins "unsigned":$tag, "unsigned":$cores,
                        "int":$x_hop, "int":$y_hop);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

class Dynapse_Type<string name, string typeMnemonic>
    : TypeDef<Dynapse_Dialect, name> {
  let mnemonic = typeMnemonic;
  let parameters = (ins "unsigned":$size);
  let assemblyFormat = "`<` $size `>`";
}

def Dynapse_SpikesType : Dynapse_Type<"Spikes", "spikes"> {
  let summary = "the spike trains of `size` sources (inputs or neurons)";
}

def Dynapse_SynapticType : Dynapse_Type<"Synaptic", "synaptic"> {
  let summary = "weighted synaptic input to `size` neurons";
}

//===----------------------------------------------------------------------===//
// Network structure
//===----------------------------------------------------------------------===//

def Dynapse_NetworkOp : Dynapse_Op<"network", [
    Symbol, IsolatedFromAbove, GraphRegionNoTerminator]> {
  let summary = "a network mapped onto DYNAP-SE2";
  let description = [{
    Holds the inputs, populations, connections, cores and routing of one
    network. The body is a graph region: recurrent connections are SSA cycles.
    The verifier checks that every core index a population refers to exists and
    that no core holds more than 256 neurons. After allocation `chips` and
    `chip_grid` ("COLSxROWS") record the board geometry. `activity`, when
    set (`dynapse-compile --calibrate`), gives every source's mean events
    per step on a calibration input, the input channels then the neurons of
    the merged network: `dynapse-allocate` then prunes a fan-in above 64 by
    the charge each synapse delivers (weight current times its source's
    activity) instead of by weight alone.
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       OptionalAttr<I64Attr>:$chips,
                       OptionalAttr<StrAttr>:$chip_grid,
                       OptionalAttr<DenseF64ArrayAttr>:$activity);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$sym_name attr-dict-with-keyword $body";
  // After the nested ops: the checks read their (verified) attributes.
  let hasRegionVerifier = 1;
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name)>];
  let extraClassDeclaration = [{
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
  }];
}

def Dynapse_InputOp : Dynapse_Op<"input"> {
  let summary = "external input channels of the network";
  let description = [{
    `size` input channels (the result type). After allocation `destinations`
    gives, per channel, the SRAM-style routing entries of its events.
    `every_step` lists the channels (ascending) that carry one event every
    time step: the bias source of conversion=fidelity, through which each
    neuron gets its own bias as a weight. The host sends them (the channel
    map says so); simulators drive them themselves, so a simulation's input
    holds only the other channels, in order.
  }];
  let arguments = (ins OptionalAttr<StrAttr>:$name,
                       OptionalAttr<DenseI64ArrayAttr>:$every_step,
                       OptionalAttr<TypedArrayAttrBase<
                           TypedArrayAttrBase<Dynapse_SramAttr, "SRAM entries">,
                           "per-channel destinations">>:$destinations);
  let results = (outs Dynapse_SpikesType:$output);
  let assemblyFormat = "attr-dict `:` qualified(type($output))";
  let hasVerifier = 1;
}

def Dynapse_WeightsOp : Dynapse_Op<"weights"> {
  let summary = "real-valued weights, (pre, post), dimensionless";
  let description = [{
    Connects the `pre` sources to `post` neurons. A weight `w` means a
    synaptic current `w * Iscale`; positive weights excite (AMPA), negative
    ones inhibit (GABA). Large, mostly empty matrices (unrolled convolutions)
    may be stored sparse.
  }];
  let arguments = (ins Dynapse_SpikesType:$source,
                       Dynapse_WeightMatrixAttr:$weights);
  let results = (outs Dynapse_SynapticType:$output);
  let assemblyFormat = [{
    $source attr-dict `:` qualified(type($source)) `->` qualified(type($output))
  }];
  let hasVerifier = 1;
}

def Dynapse_SynapsesOp : Dynapse_Op<"synapses"> {
  let summary = "quantised weights: a 4-bit mask and a dendrite per synapse";
  let description = [{
    The chip form of a weight matrix, `(pre, post)`. `mask[i][j]` (0..15)
    selects the post neuron's core base currents Iw_0..Iw_3 (bit k selects
    Iw_k); `dendrite[i][j]` is samna's dendrite code (0 none, 128 shunt,
    256 nmda, 512 gaba, 1024 ampa). The realised weight is
    `sign(dendrite) * sum_k bit_k * Iw_k / Iscale`, with GABA negative.
  }];
  let arguments = (ins Dynapse_SpikesType:$source, SignlessIntElementsAttr<8>:$mask,
                       SignlessIntElementsAttr<16>:$dendrite);
  let results = (outs Dynapse_SynapticType:$output);
  let assemblyFormat = [{
    $source attr-dict `:` qualified(type($source)) `->` qualified(type($output))
  }];
  let hasVerifier = 1;
}

def Dynapse_PopulationOp : Dynapse_Op<"population"> {
  let summary = "a population of DYNAP-SE2 neurons (Rockpool DynapseNeurons)";
  let description = [{
    `size` neurons (the result type) summing their synaptic operands. Each of
    the 13 currents (A) holds one value (broadcast) or one per neuron.
    `Iscale` is the current of one unit of weight (A), `dt` the time step (s).
    `output_neurons` lists the neurons that are network outputs; `core_map`
    assigns every neuron to a `dynapse.core` by index.
  }];
  let arguments = (ins Variadic<Dynapse_SynapticType>:$inputs,
      DenseF64ArrayAttr:$Idc, DenseF64ArrayAttr:$If_nmda,
      DenseF64ArrayAttr:$Igain_ahp, DenseF64ArrayAttr:$Igain_mem,
      DenseF64ArrayAttr:$Igain_syn, DenseF64ArrayAttr:$Ipulse_ahp,
      DenseF64ArrayAttr:$Ipulse, DenseF64ArrayAttr:$Iref,
      DenseF64ArrayAttr:$Ispkthr, DenseF64ArrayAttr:$Itau_ahp,
      DenseF64ArrayAttr:$Itau_mem, DenseF64ArrayAttr:$Itau_syn,
      DenseF64ArrayAttr:$Iw_ahp,
      F64Attr:$Iscale, F64Attr:$dt,
      OptionalAttr<StrAttr>:$name,
      OptionalAttr<DenseI64ArrayAttr>:$output_neurons,
      OptionalAttr<DenseI64ArrayAttr>:$core_map);
  let results = (outs Dynapse_SpikesType:$output);
  let assemblyFormat = [{
    `(` $inputs `)` attr-dict `:` functional-type($inputs, $output)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    unsigned getSize() { return getOutput().getType().getSize(); }
  }];
}

def Dynapse_CoreOp : Dynapse_Op<"core", [HasParent<"NetworkOp">]> {
  let summary = "a logical core: shared currents and bias codes";
  let description = [{
    Logical core `index`. `currents` maps current names to the value (A)
    every neuron of the core shares: the 13 DynapseNeurons currents, the
    per-dendrite `Igain_{ampa,gaba,nmda,shunt}` and
    `Itau_{ampa,gaba,nmda,shunt}`, and the base weight currents `Iw_0..Iw_3`.
    `biases` holds the bias-generator code of each SE2 parameter; `chip` and
    `core` place it on the board.
  }];
  let arguments = (ins I64Attr:$index, DictionaryAttr:$currents,
                       OptionalAttr<TypedArrayAttrBase<Dynapse_BiasAttr,
                           "bias codes">>:$biases,
                       OptionalAttr<I64Attr>:$chip, OptionalAttr<I64Attr>:$core);
  let assemblyFormat = "$index attr-dict";
  let hasVerifier = 1;
}

def Dynapse_NeuronOp : Dynapse_Op<"neuron", [HasParent<"NetworkOp">]> {
  let summary = "the configuration of one physical neuron";
  let description = [{
    Physical neuron `slot` (0..255) of `core` (0..3) on `chip`: at most 64
    CAM entries (incoming synapses), at most 4 SRAM entries (destinations) and
    the latches that are set. `logical` is the index of the network neuron it
    implements.
  }];
  let arguments = (ins I64Attr:$chip, I64Attr:$core, I64Attr:$slot,
                       OptionalAttr<I64Attr>:$logical,
                       TypedArrayAttrBase<Dynapse_CamAttr, "CAM entries">:$cam,
                       TypedArrayAttrBase<Dynapse_SramAttr, "SRAM entries">:$sram,
                       OptionalAttr<StrArrayAttr>:$latches);
  let assemblyFormat = "attr-dict";
  let hasVerifier = 1;
}

#endif // DYNAPSE_DIALECT_DYNAPSE_IR_DYNAPSE_TD
