//===- SNN.td - the hardware-neutral spiking network dialect -*- tablegen -*-===//
//
// `snn` is the input level of dynapse-mlir: one op per NIR primitive, a network
// is a graph region so recurrent connections are plain SSA cycles.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAPSE_DIALECT_SNN_IR_SNN_TD
#define DYNAPSE_DIALECT_SNN_IR_SNN_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"

def SNN_Dialect : Dialect {
  let name = "snn";
  let cppNamespace = "::dynapse::snn";
  let summary = "Hardware-neutral spiking neural network graphs (one op per NIR primitive)";
  let description = [{
    The `snn` dialect is the input level of dynapse-mlir. It is one-to-one with
    the primitives of the Neuromorphic Intermediate Representation (NIR): every
    NIR node becomes one op whose attributes carry the node's parameters under
    NIR's own names, stored as f64 dense elements (a single element broadcasts
    to the whole population).

    A network is an `snn.graph` symbol. Its arguments are NIR `Input` nodes,
    its results (the operands of `snn.output`) NIR `Output` nodes. The body is a
    graph region, so a recurrent connection is a plain SSA cycle. Every value is
    a signal: a `tensor` type gives the shape of one time step. When a node has
    several operands they are summed, as NIR's fan-in semantics demand.

    Weight matrices keep NIR's orientation: `(out, in)`, i.e. rows are targets.
  }];
}

class SNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<SNN_Dialect, mnemonic, traits>;

def SNN_Signal : RankedTensorOf<[F64]> {
  let summary = "one time step of a signal (any shape, f64 elements)";
}

defvar SNN_Params = F64ElementsAttr;

def SNN_WeightAttr : Attr<And<[
    CPred<"::llvm::isa<::mlir::DenseElementsAttr, ::mlir::SparseElementsAttr>($_self)">,
    CPred<"::llvm::cast<::mlir::ElementsAttr>($_self).getElementType().isF64()">]>,
    "dense or sparse f64 elements"> {
  let storageType = "::mlir::ElementsAttr";
  let returnType = "::mlir::ElementsAttr";
  let convertFromStorage = "$_self";
}

//===----------------------------------------------------------------------===//
// Graph structure
//===----------------------------------------------------------------------===//

def SNN_GraphOp : SNN_Op<"graph", [
    IsolatedFromAbove, FunctionOpInterface, SingleBlock,
    RegionKindInterface, HasOnlyGraphRegion]> {
  let summary = "a spiking network (NIR graph)";
  let description = [{
    A network. The block arguments are the network inputs (NIR `Input` nodes),
    the operands of the `snn.output` terminator its outputs (NIR `Output`
    nodes). Input and output names travel as the `snn.name` argument and
    result attributes. `dt` (s) and `convention` record how the NIR importer
    read the exporter's time step (see docs/nir.md); parameters themselves are
    kept exactly as the file gives them. `tau_scale` (absent: 1) is the
    factor an exporter multiplied every time constant by (Norse 1.1's
    `to_nir` writes `dt / tau_inv`, dt = 1 ms): the neurons' time constants
    in seconds are the written ones divided by it.

    ```mlir
    snn.graph @net(%in: tensor<3xf64> {snn.name = "input"}) -> (tensor<2xf64> {snn.name = "output"}) {
      %0 = snn.linear(%in) {weight = dense<1.0> : tensor<2x3xf64>} : (tensor<3xf64>) -> tensor<2xf64>
      %1 = snn.lif(%0, %2) {tau = dense<0.02> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>} : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
      %2 = snn.linear(%1) {weight = dense<[[0.0, 1.0], [1.0, 0.0]]> : tensor<2x2xf64>} : (tensor<2xf64>) -> tensor<2xf64>
      snn.output %1 : tensor<2xf64>
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       OptionalAttr<StrAttr>:$sym_visibility,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs,
                       OptionalAttr<F64Attr>:$dt,
                       OptionalAttr<StrAttr>:$convention,
                       OptionalAttr<F64Attr>:$tau_scale);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// FunctionOpInterface / CallableOpInterface.
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() {
      return getFunctionType().getInputs();
    }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() {
      return getFunctionType().getResults();
    }
    ::mlir::Region *getCallableRegion() { return &getBody(); }
    /// The terminator that lists the network outputs.
    OutputOp getOutputOp();
  }];
}

def SNN_OutputOp : SNN_Op<"output", [Terminator, HasParent<"GraphOp">]> {
  let summary = "the outputs of a network (NIR Output nodes)";
  let arguments = (ins Variadic<SNN_Signal>:$outputs);
  let assemblyFormat = "($outputs^ `:` type($outputs))? attr-dict";
  let builders = [OpBuilder<(ins), [{ build($_builder, $_state, std::nullopt); }]>];
}

//===----------------------------------------------------------------------===//
// Nodes. Every node sums its operands and may carry its NIR node name.
//===----------------------------------------------------------------------===//

class SNN_NodeOp<string mnemonic, dag params, list<Trait> traits = []>
    : SNN_Op<mnemonic, traits> {
  let arguments = !con((ins Variadic<SNN_Signal>:$inputs), params,
                       (ins OptionalAttr<StrAttr>:$name));
  let results = (outs SNN_Signal:$output);
  let assemblyFormat = [{
    `(` $inputs `)` attr-dict `:` functional-type($inputs, $output)
  }];
  let hasVerifier = 1;
}

def SNN_AffineOp : SNN_NodeOp<"affine",
    (ins SNN_WeightAttr:$weight, SNN_Params:$bias)> {
  let summary = "NIR Affine: y = W x + b, W of shape (out, in)";
  let description = [{
    `weight` may be dense or sparse (`sparse<indices, values>`), as
    `--snn-lower-conv` produces for unrolled convolutions.
  }];
}

def SNN_LinearOp : SNN_NodeOp<"linear", (ins SNN_WeightAttr:$weight)> {
  let summary = "NIR Linear: y = W x, W of shape (out, in)";
  let description = "`weight` may be dense or sparse.";
}

def SNN_ScaleOp : SNN_NodeOp<"scale", (ins SNN_Params:$scale)> {
  let summary = "NIR Scale: y = s * x elementwise";
}

def SNN_ThresholdOp : SNN_NodeOp<"threshold", (ins SNN_Params:$threshold)> {
  let summary = "NIR Threshold: z = H(v - threshold)";
}

def SNN_DelayOp : SNN_NodeOp<"delay", (ins SNN_Params:$delay)> {
  let summary = "NIR Delay: y(t) = x(t - delay), delay in seconds, >= 0";
}

def SNN_LIOp : SNN_NodeOp<"li",
    (ins SNN_Params:$tau, OptionalAttr<SNN_Params>:$r,
         OptionalAttr<SNN_Params>:$v_leak)> {
  let summary = "NIR LI: tau dv/dt = (v_leak - v) + r I";
  let description = "Defaults: `r` = 1, `v_leak` = 0.";
}

def SNN_IFOp : SNN_NodeOp<"if",
    (ins OptionalAttr<SNN_Params>:$r, SNN_Params:$v_threshold,
         OptionalAttr<SNN_Params>:$v_reset)> {
  let summary = "NIR IF: dv/dt = r I; spike when v > v_threshold, then v = v_reset";
  let description = "Defaults: `r` = 1, `v_reset` = 0.";
}

def SNN_LIFOp : SNN_NodeOp<"lif",
    (ins SNN_Params:$tau, OptionalAttr<SNN_Params>:$r,
         OptionalAttr<SNN_Params>:$v_leak, SNN_Params:$v_threshold,
         OptionalAttr<SNN_Params>:$v_reset)> {
  let summary = "NIR LIF: LI plus threshold and reset";
  let description = "Defaults: `r` = 1, `v_leak` = 0, `v_reset` = 0.";
}

def SNN_CubaLIOp : SNN_NodeOp<"cuba_li",
    (ins SNN_Params:$tau_syn, SNN_Params:$tau_mem,
         OptionalAttr<SNN_Params>:$r, OptionalAttr<SNN_Params>:$v_leak,
         OptionalAttr<SNN_Params>:$w_in)> {
  let summary = "NIR CubaLI: current-based synapse feeding an LI membrane";
  let description = [{
    tau_syn dI/dt = -I + w_in S; tau_mem dv/dt = (v_leak - v) + r I.
    Defaults: `r` = 1, `v_leak` = 0, `w_in` = 1.
  }];
}

def SNN_CubaLIFOp : SNN_NodeOp<"cuba_lif",
    (ins SNN_Params:$tau_syn, SNN_Params:$tau_mem,
         OptionalAttr<SNN_Params>:$r, OptionalAttr<SNN_Params>:$v_leak,
         SNN_Params:$v_threshold, OptionalAttr<SNN_Params>:$v_reset,
         OptionalAttr<SNN_Params>:$w_in)> {
  let summary = "NIR CubaLIF: CubaLI plus threshold and reset";
  let description = "Defaults: `r` = 1, `v_leak` = 0, `v_reset` = 0, `w_in` = 1.";
}

//===----------------------------------------------------------------------===//
// Convolutional nodes. Shapes are exact here (no batch dimension): the input
// is (channels, spatial...), the output (out channels, spatial...).
// `--snn-lower-conv` unrolls them into sparse affine/linear connectivity.
//===----------------------------------------------------------------------===//

class SNN_ConvOp<string mnemonic, string dims> : SNN_NodeOp<mnemonic,
    (ins SNN_Params:$weight, SNN_Params:$bias, DenseI64ArrayAttr:$stride,
         DenseI64ArrayAttr:$padding, DenseI64ArrayAttr:$dilation,
         I64Attr:$groups)> {
  let summary = "NIR Conv" # dims # ": PyTorch convolution semantics";
  let description = [{
    `weight` is (out channels, in channels / groups, kernel...), `bias` one
    value per output channel (or one for all). `stride`, `padding` (symmetric,
    zeros) and `dilation` hold one value per spatial dimension. The output
    extent is floor((in + 2 padding - dilation (kernel - 1) - 1) / stride) + 1.
  }];
}

def SNN_Conv1dOp : SNN_ConvOp<"conv1d", "1d">;
def SNN_Conv2dOp : SNN_ConvOp<"conv2d", "2d">;

class SNN_PoolOp<string mnemonic, string what> : SNN_NodeOp<mnemonic,
    (ins DenseI64ArrayAttr:$kernel_size, DenseI64ArrayAttr:$stride,
         DenseI64ArrayAttr:$padding)> {
  let summary = "NIR " # what # ": windowed pooling over (channels, H, W)";
}

def SNN_SumPool2dOp : SNN_PoolOp<"sum_pool2d", "SumPool2d (sum)">;
def SNN_AvgPool2dOp : SNN_PoolOp<"avg_pool2d", "AvgPool2d (mean)">;

def SNN_FlattenOp : SNN_NodeOp<"flatten",
    (ins I64Attr:$start_dim, I64Attr:$end_dim)> {
  let summary = "NIR Flatten: merges dimensions start_dim..end_dim";
  let description = [{
    Dimensions count over the node's input shape (there is no batch dimension
    at this level); negative values count from the end.
  }];
}

#endif // DYNAPSE_DIALECT_SNN_IR_SNN_TD
