//===- dynapse-tblgen.cpp - the option table from the passes' TableGen ----===//
//
// mlir-tblgen with two more generators, so that every option of the pipeline
// is declared once, in TableGen (include/dynapse/Support/OptionBase.td):
//
//   -gen-option-table    one DYNAPSE_OPTION_GROUP(...) per pass or option
//                        group with options and one DYNAPSE_OPTION(...) per
//                        option, in the order of the TableGen files;
//   -gen-option-structs  the C++ struct of each OptionGroup (passes get
//                        theirs from mlir-tblgen -gen-pass-decls).
//
//===----------------------------------------------------------------------===//
#include "mlir/TableGen/GenInfo.h"
#include "mlir/TableGen/Pass.h"
#include "mlir/Tools/mlir-tblgen/MlirTblgenMain.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/TableGen/Error.h"
#include "llvm/TableGen/Record.h"
#include "llvm/TableGen/TableGenBackend.h"

#include <algorithm>

using namespace llvm;

namespace {

/// One option as the table lists it.
struct OptionRow {
  StringRef field, type, argument, frontDoorArgument, defaultValue, help,
      range;
  std::vector<StringRef> allowedValues;
};

/// A pass or an OptionGroup with its options.
struct Group {
  std::string name, structName, member, argument;
  std::vector<OptionRow> options;
};

std::string lowerFirst(StringRef text) {
  std::string result = text.str();
  if (!result.empty())
    result[0] = toLower(result[0]);
  return result;
}

/// A C++ string literal of `text`.
std::string quoted(StringRef text) {
  std::string result = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      result += '\\';
    result += c == '\n' ? ' ' : c;
  }
  return result + "\"";
}

OptionRow readOption(const Record &def) {
  mlir::tblgen::PassOption option(&def);
  OptionRow row;
  row.field = option.getCppVariableName();
  row.type = option.getType();
  row.argument = option.getArgument();
  row.frontDoorArgument = row.argument;
  row.defaultValue = option.getDefaultValue().value_or("");
  row.help = option.getDescription();
  if (option.isListOption())
    PrintFatalError(&def, "the option table has no list options");
  if (def.getValue("frontDoorArgument")) {
    row.frontDoorArgument = def.getValueAsString("frontDoorArgument");
    row.range = def.getValueAsString("range");
    for (StringRef value : def.getValueAsListOfStrings("allowedValues"))
      row.allowedValues.push_back(value);
  }
  return row;
}

/// Passes and option groups with options, in the order they were defined.
std::vector<Group> readGroups(const RecordKeeper &records) {
  std::vector<const Record *> defs;
  for (const char *base : {"PassBase", "OptionGroup"})
    for (const Record *def : records.getAllDerivedDefinitionsIfDefined(base))
      defs.push_back(def);
  std::sort(defs.begin(), defs.end(), [](const Record *a, const Record *b) {
    return a->getID() < b->getID();
  });
  std::vector<Group> groups;
  for (const Record *def : defs) {
    Group group;
    group.name = def->getName().str();
    group.member = lowerFirst(group.name);
    group.argument = def->getValueAsString("argument").str();
    bool isPass = def->isSubClassOf("PassBase");
    group.structName =
        isPass ? group.name + "Options"
               : def->getValueAsString("cppStructName").str();
    for (const Record *option : def->getValueAsListOfDefs("options"))
      group.options.push_back(readOption(*option));
    if (!group.options.empty())
      groups.push_back(std::move(group));
  }
  return groups;
}

bool emitOptionTable(const RecordKeeper &records, raw_ostream &os) {
  emitSourceFileHeader("The option table (DYNAPSE_OPTION_GROUP, DYNAPSE_OPTION)",
                       os, records);
  os << "// DYNAPSE_OPTION_GROUP(NAME, STRUCT, MEMBER, ARGUMENT)\n"
        "// DYNAPSE_OPTION(GROUP_MEMBER, GROUP_ARGUMENT, FIELD, TYPE, "
        "ARGUMENT,\n"
        "//                FRONT_DOOR_ARGUMENT, DEFAULT, DEFAULT_TEXT, HELP, "
        "VALUES, RANGE)\n"
        "// VALUES lists the allowed values separated by '|'.\n\n";
  std::vector<Group> groups = readGroups(records);
  os << "#ifdef DYNAPSE_OPTION_GROUP\n";
  for (const Group &group : groups)
    os << formatv("DYNAPSE_OPTION_GROUP({0}, {1}, {2}, {3})\n", group.name,
                  group.structName, group.member, quoted(group.argument));
  os << "#undef DYNAPSE_OPTION_GROUP\n#endif\n\n#ifdef DYNAPSE_OPTION\n";
  for (const Group &group : groups)
    for (const OptionRow &row : group.options)
      os << formatv("DYNAPSE_OPTION({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, "
                    "{8}, {9}, {10})\n",
                    group.member, quoted(group.argument), row.field, row.type, quoted(row.argument),
                    quoted(row.frontDoorArgument),
                    row.defaultValue.empty() ? "{}" : row.defaultValue,
                    quoted(row.defaultValue), quoted(row.help),
                    quoted(join(row.allowedValues, "|")), quoted(row.range));
  os << "#undef DYNAPSE_OPTION\n#endif\n";
  return false;
}

bool emitOptionStructs(const RecordKeeper &records, raw_ostream &os) {
  emitSourceFileHeader("Option group structs", os, records);
  for (const Record *def : records.getAllDerivedDefinitionsIfDefined("OptionGroup")) {
    for (StringRef part : split(def->getValueAsString("cppNamespace"), "::"))
      if (!part.empty())
        os << "namespace " << part << " {\n";
    os << "/// " << def->getValueAsString("summary") << "\n";
    os << "struct " << def->getValueAsString("cppStructName") << " {\n";
    for (const Record *option : def->getValueAsListOfDefs("options")) {
      OptionRow row = readOption(*option);
      os << "  /// " << row.help << "\n  " << row.type << " " << row.field;
      if (!row.defaultValue.empty())
        os << " = " << row.defaultValue;
      os << ";\n";
    }
    os << "};\n";
    for (StringRef part : split(def->getValueAsString("cppNamespace"), "::"))
      if (!part.empty())
        os << "} // namespace " << part << "\n";
    os << "\n";
  }
  return false;
}

mlir::GenRegistration genTable("gen-option-table",
                               "the option table of every pass and group",
                               emitOptionTable);
mlir::GenRegistration genStructs("gen-option-structs",
                                 "the structs of the option groups",
                                 emitOptionStructs);

} // namespace

int main(int argc, char **argv) { return mlir::MlirTblgenMain(argc, argv); }
