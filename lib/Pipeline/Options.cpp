//===- Options.cpp - the option table and what is built from it -----------===//
#include "dynapse/Pipeline/Options.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <cstdio>

using namespace dynapse;
using llvm::StringRef;

namespace {

llvm::Error optionError(StringRef flag, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "--" + flag + " " + message);
}

// Text to value, one overload per option type of the table.
bool parseValue(StringRef text, double &value) {
  return !text.trim().getAsDouble(value) && std::isfinite(value);
}
bool parseValue(StringRef text, unsigned &value) {
  return !text.trim().getAsInteger(10, value);
}
bool parseValue(StringRef text, uint64_t &value) {
  return !text.trim().getAsInteger(10, value);
}
bool parseValue(StringRef text, bool &value) {
  StringRef word = text.trim();
  if (word.empty() || word == "true" || word == "1")
    return value = true, true;
  if (word == "false" || word == "0")
    return value = false, true;
  return false;
}
bool parseValue(StringRef text, std::string &value) {
  value = text.str();
  return true;
}

const char *expectation(const double &) { return "a number"; }
const char *expectation(const unsigned &) { return "a non-negative integer"; }
const char *expectation(const uint64_t &) { return "a non-negative integer"; }
const char *expectation(const bool &) { return "true or false"; }
const char *expectation(const std::string &) { return "a string"; }

template <typename T>
llvm::Error setField(T &field, StringRef flag, StringRef text) {
  T value = field;
  if (!parseValue(text, value))
    return optionError(flag, llvm::formatv("expects {0}, not '{1}'",
                                           expectation(field), text));
  field = value;
  return llvm::Error::success();
}

/// Checks a number against a range of the table ("positive", "LO..HI", ...).
llvm::Error checkValue(double value, StringRef flag, StringRef, StringRef range) {
  char text[32];
  std::snprintf(text, sizeof(text), " (got %g)", value);
  std::string got = text;
  if (range == "positive" && !(value > 0))
    return optionError(flag, "must be positive" + got);
  if (range == "non-negative" && !(value >= 0))
    return optionError(flag, "must not be negative" + got);
  auto [low, high] = range.split("..");
  double lo, hi;
  if (!high.empty() && !low.getAsDouble(lo) && !high.getAsDouble(hi) &&
      !(value >= lo && value <= hi))
    return optionError(flag, "must be in " + low + ".." + high + got);
  return llvm::Error::success();
}
llvm::Error checkValue(unsigned value, StringRef flag, StringRef values,
                       StringRef range) {
  return checkValue(double(value), flag, values, range);
}
llvm::Error checkValue(uint64_t value, StringRef flag, StringRef values,
                       StringRef range) {
  return checkValue(double(value), flag, values, range);
}
llvm::Error checkValue(bool, StringRef, StringRef, StringRef) {
  return llvm::Error::success();
}
llvm::Error checkValue(const std::string &value, StringRef flag,
                       StringRef values, StringRef) {
  if (values.empty())
    return llvm::Error::success();
  llvm::SmallVector<StringRef> allowed;
  values.split(allowed, '|');
  if (llvm::is_contained(allowed, value))
    return llvm::Error::success();
  return optionError(flag, "must be one of " + llvm::join(allowed, ", ") +
                               " (got '" + value + "')");
}



/// `name` as the table spells front-door names (dashes).
std::string normalizedName(StringRef name) {
  std::string result = name.str();
  std::replace(result.begin(), result.end(), '_', '-');
  return result;
}

/// The default as users read it: strings without their C++ quotes.
StringRef displayedDefault(const OptionInfo &info) {
  StringRef text = info.defaultValue;
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
    return text.drop_front().drop_back();
  return text;
}

} // namespace

llvm::ArrayRef<OptionInfo> dynapse::optionTable() {
  // Local, so that tools may build their flags from it in static
  // initializers of other files.
  static const OptionInfo table[] = {
#define DYNAPSE_OPTION(GROUP, GROUP_ARG, FIELD, TYPE, ARG, FRONT, DEFAULT,     \
                       DEFAULT_TEXT, HELP, VALUES, RANGE)                      \
  {GROUP_ARG, ARG, FRONT, #TYPE, DEFAULT_TEXT, HELP, VALUES, RANGE,           \
   [](CompileOptions &options, StringRef text, StringRef flag) {               \
     return setField(options.GROUP.FIELD, flag, text);                         \
   },                                                                          \
   [](const CompileOptions &options, StringRef flag) {                         \
     return checkValue(options.GROUP.FIELD, flag, VALUES, RANGE);              \
   }},
#include "dynapse/Pipeline/OptionTable.inc"
  };
  return table;
}

std::vector<OptionFlag>
dynapse::optionFlags(llvm::ArrayRef<StringRef> groups, OptionNaming naming) {
  std::vector<OptionFlag> flags;
  llvm::StringMap<size_t> byName;
  for (const OptionInfo &info : optionTable()) {
    if (!groups.empty() && !llvm::is_contained(groups, info.group))
      continue;
    StringRef name =
        naming == OptionNaming::FrontDoor ? info.frontDoor : info.argument;
    auto [it, inserted] = byName.try_emplace(name, flags.size());
    if (inserted)
      flags.push_back({name, {}});
    flags[it->second].rows.push_back(&info);
  }
  return flags;
}

llvm::Error dynapse::applyFlag(CompileOptions &options, const OptionFlag &flag,
                               StringRef text) {
  for (const OptionInfo *row : flag.rows) {
    if (llvm::Error error = row->set(options, text, flag.name))
      return error;
    if (llvm::Error error = row->verify(options, flag.name))
      return error;
  }
  return llvm::Error::success();
}

llvm::Error dynapse::setOption(CompileOptions &options, StringRef name,
                               StringRef text) {
  std::string wanted = normalizedName(name);
  for (const OptionFlag &flag : optionFlags({}, OptionNaming::FrontDoor)) {
    if (flag.name != wanted)
      continue;
    // Set on a copy: a refused value leaves `options` as it was.
    CompileOptions updated = options;
    if (llvm::Error error = applyFlag(updated, flag, text))
      return error;
    options = std::move(updated);
    return llvm::Error::success();
  }
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "unknown option '" + name + "'");
}

llvm::Error dynapse::verifyOptions(const CompileOptions &options) {
  for (const OptionInfo &info : optionTable())
    if (llvm::Error error = info.verify(options, info.frontDoor))
      return error;
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Command-line flags
//===----------------------------------------------------------------------===//

struct CommandLineOptions::Flag {
  OptionFlag table;
  std::string help;
  llvm::cl::opt<std::string> option;

  Flag(OptionFlag flag, llvm::cl::OptionCategory &category)
      : table(std::move(flag)), help(helpText(*table.rows.front())),
        option(table.name, llvm::cl::desc(help), llvm::cl::cat(category),
               llvm::cl::value_desc(table.rows.front()->isFlag() ? "bool" : "value"),
               table.rows.front()->isFlag() ? llvm::cl::ValueOptional
                                            : llvm::cl::ValueRequired) {}

  static std::string helpText(const OptionInfo &info) {
    StringRef shown = displayedDefault(info);
    return llvm::formatv("{0} (default {1})", info.help,
                         shown.empty() ? StringRef("''") : shown);
  }
};

CommandLineOptions::CommandLineOptions(llvm::cl::OptionCategory &category,
                                       llvm::ArrayRef<StringRef> groups,
                                       Naming naming) {
  for (OptionFlag &flag : optionFlags(groups, naming))
    flags.push_back(std::make_unique<Flag>(std::move(flag), category));
}

CommandLineOptions::~CommandLineOptions() = default;

llvm::Expected<CompileOptions>
CommandLineOptions::get(CompileOptions options) const {
  for (const auto &flag : flags)
    if (flag->option.getNumOccurrences())
      if (llvm::Error error =
              applyFlag(options, flag->table, flag->option.getValue()))
        return std::move(error);
  return options;
}
