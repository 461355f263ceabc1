//===- Options.td - every option of the front door -------------*- tablegen -*-===//
//
// The passes' options (each declared once, in its Passes.td) plus the
// options of no pass, in the order the front door lists them.
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_PIPELINE_OPTIONS_TD
#define DYNAPSE_PIPELINE_OPTIONS_TD

include "dynapse/Support/OptionBase.td"

def Input : OptionGroup<"input", "InputOptions"> {
  let summary = "How a network file is read";
  let options = [
    DynapseOption<"nirDt", "nir-dt", "double", "0.0",
                "time step (s) of the NIR exporter (0: the convention's rule, "
                "else 1 ms)", "non-negative">,
    EnumOption<"nirConvention", "nir-convention", "auto",
               "how the NIR exporter encoded dt in r and w_in, and whose "
               "simulator steps the network (norse: Norse >= 1.1; norse-1.0: "
               "Norse 1.0, which integrates the last step's current)",
               ["auto", "nir", "snntorch", "norse", "norse-1.0", "rockpool"]>,
  ];
}

include "dynapse/Dialect/SNN/Transforms/Passes.td"
include "dynapse/Conversion/Passes.td"
include "dynapse/Dialect/Dynapse/Transforms/Passes.td"

#endif // DYNAPSE_PIPELINE_OPTIONS_TD
