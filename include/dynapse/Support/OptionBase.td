//===- OptionBase.td - options the front door knows more about -*- tablegen -*-===//
//
// Every option of the pipeline is declared once, in TableGen: a pass's
// options in its Passes.td, the options of no pass (the importers') in an
// OptionGroup. dynapse-tblgen turns them into the option table from which
// the pass pipelines, dynapse-compile's and dynapse-sim's flags, the C API
// and the Python package take their options (lib/Pipeline/Options.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_SUPPORT_OPTIONBASE_TD
#define DYNAPSE_SUPPORT_OPTIONBASE_TD

include "mlir/Pass/PassBase.td"

// A pass option with what the front door needs to know beyond it:
// `valueRange` is a number's range, "" (any), "positive", "non-negative" or
// "LO..HI"; `frontDoorArg` is the flag of dynapse-compile, the C API and
// Python (with underscores) where it is not `arg`, because there the options
// of all passes share one namespace.
class DynapseOption<string varName, string arg, string valueType,
                    string default, string desc, string valueRange = "",
                    string frontDoorArg = arg>
    : Option<varName, arg, valueType, default, desc> {
  string frontDoorArgument = frontDoorArg;
  string range = valueRange;
  // The values a string option may take; empty for any.
  list<string> allowedValues = [];
}

// A string option that takes one of `values`.
class EnumOption<string varName, string arg, string default, string desc,
                 list<string> values>
    : DynapseOption<varName, arg, "std::string", "\"" # default # "\"",
                    desc # ": " # !interleave(values, ", ")> {
  let allowedValues = values;
}

// Options that belong to no pass: dynapse-tblgen -gen-option-structs writes
// the struct `cppStructName` in `cppNamespace` with one field per option.
class OptionGroup<string arg, string structName> {
  string argument = arg;
  string cppStructName = structName;
  string cppNamespace = "dynapse";
  string summary = "";
  list<Option> options = [];
}

#endif // DYNAPSE_SUPPORT_OPTIONBASE_TD
