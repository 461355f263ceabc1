//===- Options.h - every option of the front door, from one table -*- C++ -*-===//
//
// Each option is declared once, in TableGen (a pass's Passes.td, or an
// OptionGroup in Options.td). From that declaration come the pass's option
// struct (mlir-tblgen), the field of CompileOptions below, the flag of
// dynapse-compile with its help text, the options of the `dynapse-deploy`
// pipeline, the C API's options object and the Python keyword arguments
// (dynapse-tblgen's option table, read through optionTable()).
//
//===----------------------------------------------------------------------===//
#ifndef DYNAPSE_PIPELINE_OPTIONS_H
#define DYNAPSE_PIPELINE_OPTIONS_H

#include "dynapse/Conversion/Passes.h"
#include "dynapse/Dialect/Dynapse/Transforms/Passes.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>

#include "dynapse/Pipeline/OptionGroups.h.inc"

namespace dynapse {

/// Every option of the front door: one member per pass (or option group)
/// with options, named after it (`convertSNNToDynapse`, `dynapseCluster`,
/// ...), holding that pass's generated options struct.
struct CompileOptions {
#define DYNAPSE_OPTION_GROUP(NAME, STRUCT, MEMBER, ARGUMENT) STRUCT MEMBER;
#include "dynapse/Pipeline/OptionTable.inc"
};

/// One row of the option table.
struct OptionInfo {
  llvm::StringRef group;     // the pass's argument, or the group's
  llvm::StringRef argument;  // the option's name within its pass
  llvm::StringRef frontDoor; // its flag in dynapse-compile, C and Python
  llvm::StringRef type;      // the C++ type: double, unsigned, bool, ...
  llvm::StringRef defaultValue;
  llvm::StringRef help;
  llvm::StringRef values; // allowed values of a string, separated by '|'
  llvm::StringRef range;  // "", "positive", "non-negative" or "LO..HI"
  /// Parses `text` into the option's field; an error names `--flag`.
  llvm::Error (*set)(CompileOptions &options, llvm::StringRef text,
                     llvm::StringRef flag);
  /// Checks the field against `values` and `range`; an error names `--flag`.
  llvm::Error (*verify)(const CompileOptions &options, llvm::StringRef flag);

  bool isFlag() const { return type == "bool"; }
};

/// Every option, in the order of the TableGen files.
llvm::ArrayRef<OptionInfo> optionTable();

/// How a tool names the table's options: dynapse-compile's front-door names,
/// or each pass's own (dynapse-sim, dynapse-translate).
enum class OptionNaming { FrontDoor, Pass };

/// A name and the table rows it sets (several where passes share it).
struct OptionFlag {
  llvm::StringRef name;
  std::vector<const OptionInfo *> rows;
};

/// The flags of the rows of `groups` (all when empty), in table order.
std::vector<OptionFlag> optionFlags(llvm::ArrayRef<llvm::StringRef> groups,
                                    OptionNaming naming);

/// Sets `flag`'s rows from `text` and checks them; an error names `--name`.
llvm::Error applyFlag(CompileOptions &options, const OptionFlag &flag,
                      llvm::StringRef text);

/// Sets every option whose front-door name is `name` (dashes or underscores;
/// `chips` sets the clustering's and the allocation's) from `text`, checked;
/// on an error `options` is unchanged.
llvm::Error setOption(CompileOptions &options, llvm::StringRef name,
                      llvm::StringRef text);

/// Checks every option; the first error names the option as `--flag`.
llvm::Error verifyOptions(const CompileOptions &options);

/// The flags of a tool, one per distinct front-door name of `groups` (all
/// when empty), registered with llvm::cl in `category` and applied to a
/// CompileOptions after parsing.
class CommandLineOptions {
public:
  using Naming = OptionNaming;
  CommandLineOptions(llvm::cl::OptionCategory &category,
                     llvm::ArrayRef<llvm::StringRef> groups = {},
                     Naming naming = Naming::FrontDoor);
  ~CommandLineOptions();
  /// The given flags applied to `defaults` (the table's unless a tool has
  /// its own), checked.
  llvm::Expected<CompileOptions> get(CompileOptions defaults = {}) const;

private:
  struct Flag;
  std::vector<std::unique_ptr<Flag>> flags;
};

} // namespace dynapse

#endif // DYNAPSE_PIPELINE_OPTIONS_H
