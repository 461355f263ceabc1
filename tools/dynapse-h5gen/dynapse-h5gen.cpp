//===- dynapse-h5gen.cpp - HDF5 files from a JSON description -------------===//
//
// A test utility: lit tests describe small (often deliberately broken) NIR
// files in JSON and build them with this tool, since no Python h5py is at
// hand. Mapping:
//   object                     -> group
//   string                     -> scalar variable-length UTF-8 string
//   true / false               -> h5py's boolean (8-bit enum FALSE/TRUE)
//   integer / float            -> int64 / float64 scalar
//   (nested) array of numbers  -> int64 when all are integers, else float64
//   (nested) array of strings  -> string dataset of that shape
//   {"$f32"|"$f64"|"$i64": v}  -> that element type; add "$gzip": true to
//                                 compress, "$shape": [..] for empty arrays
//   {"$f32": {"$fill": v}, "$shape": [..]}
//                              -> every element v
//   {"$f32": {"$band": B, "$value": v}, "$shape": [R, C]}
//                              -> an R x C matrix holding v where
//                                 (column - row) mod C < B, else 0
// (the last two make large inputs for stress tests without large JSON).
//
//===----------------------------------------------------------------------===//
#include "dynapse/Support/HDF5.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

using namespace dynapse;
using llvm::createStringError;
using llvm::Error;
namespace json = llvm::json;

namespace {
/// A flattened JSON array: its shape and leaves.
struct Leaves {
  std::vector<int64_t> shape;
  std::vector<const json::Value *> values;
};
} // namespace

static Error flatten(const json::Value &value, size_t depth, Leaves &leaves) {
  const json::Array *array = value.getAsArray();
  if (!array) {
    if (depth != leaves.shape.size() && !leaves.values.empty())
      return createStringError("ragged array");
    leaves.values.push_back(&value);
    return Error::success();
  }
  if (depth == leaves.shape.size())
    leaves.shape.push_back(int64_t(array->size()));
  else if (leaves.shape[depth] != int64_t(array->size()))
    return createStringError("ragged array");
  for (const json::Value &element : *array)
    if (Error error = flatten(element, depth + 1, leaves))
      return error;
  return Error::success();
}

/// The values of a {"$fill": v} or {"$band": B, "$value": v} description.
static llvm::Expected<std::vector<double>>
generate(const json::Object &pattern, llvm::ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t extent : shape) {
    if (extent <= 0 || extent > (int64_t(1) << 31))
      return createStringError("a generated dataset needs a positive shape");
    count *= extent;
  }
  if (std::optional<double> fill = pattern.getNumber("$fill"))
    return std::vector<double>(size_t(count), *fill);
  std::optional<int64_t> width = pattern.getInteger("$band");
  std::optional<double> value = pattern.getNumber("$value");
  if (!width || !value || shape.size() != 2)
    return createStringError("a band needs \"$band\", \"$value\" and a "
                             "two-dimensional \"$shape\"");
  const int64_t rows = shape[0], columns = shape[1];
  std::vector<double> values(size_t(count), 0.0);
  for (int64_t row = 0; row < rows; ++row)
    for (int64_t offset = 0; offset < std::min(*width, columns); ++offset)
      values[row * columns + (row + offset) % columns] = *value;
  return values;
}

static Error writeArray(const h5::Group &group, llvm::StringRef name,
                        const json::Value &data, llvm::StringRef type,
                        bool gzip, const json::Array *shapeOverride) {
  if (const json::Object *pattern = data.getAsObject()) {
    std::vector<int64_t> shape;
    for (const json::Value &extent : shapeOverride ? *shapeOverride
                                                   : json::Array())
      shape.push_back(extent.getAsInteger().value_or(0));
    auto values = generate(*pattern, shape);
    if (!values)
      return values.takeError();
    return group.writeDoubles(name, shape, *values, type == "$f32", gzip);
  }
  Leaves leaves;
  if (Error error = flatten(data, 0, leaves))
    return error;
  if (shapeOverride) {
    leaves.shape.clear();
    for (const json::Value &extent : *shapeOverride)
      leaves.shape.push_back(extent.getAsInteger().value_or(0));
  }
  bool strings = !leaves.values.empty() && leaves.values.front()->getAsString();
  if (type == "$str" || strings) {
    std::vector<std::string> texts;
    for (const json::Value *leaf : leaves.values)
      texts.push_back(leaf->getAsString().value_or("").str());
    return group.writeStrings(name, leaves.shape, texts);
  }
  bool integers = type == "$i64" ||
                  (type.empty() && llvm::all_of(leaves.values, [](auto *leaf) {
                     return leaf->getAsInteger().has_value();
                   }));
  if (integers) {
    std::vector<int64_t> values;
    for (const json::Value *leaf : leaves.values)
      values.push_back(leaf->getAsInteger().value_or(0));
    return group.writeIntegers(name, leaves.shape, values);
  }
  std::vector<double> values;
  for (const json::Value *leaf : leaves.values)
    values.push_back(leaf->getAsNumber().value_or(0.0));
  return group.writeDoubles(name, leaves.shape, values, type == "$f32", gzip);
}

static Error writeMember(const h5::Group &group, llvm::StringRef name,
                         const json::Value &value) {
  if (const json::Object *object = value.getAsObject()) {
    for (llvm::StringRef type : {"$f32", "$f64", "$i64", "$str"})
      if (const json::Value *data = object->get(type))
        return writeArray(group, name, *data, type,
                          object->getBoolean("$gzip").value_or(false),
                          object->getArray("$shape"));
    auto child = group.createGroup(name);
    if (!child)
      return child.takeError();
    for (const auto &[key, member] : *object)
      if (Error error = writeMember(*child, key, member))
        return error;
    return Error::success();
  }
  if (auto text = value.getAsString())
    return group.writeString(name, *text);
  if (auto flag = value.getAsBoolean())
    return group.writeBooleans(name, {}, {*flag});
  if (auto integer = value.getAsInteger(); integer && !value.getAsArray())
    return group.writeIntegers(name, {}, {*integer});
  if (auto number = value.getAsNumber())
    return group.writeDoubles(name, {}, {*number});
  return writeArray(group, name, value, "", false, nullptr);
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  llvm::cl::opt<std::string> input(llvm::cl::Positional,
                                   llvm::cl::desc("<description.json>"),
                                   llvm::cl::init("-"));
  llvm::cl::opt<std::string> output("o", llvm::cl::desc("output HDF5 file"),
                                    llvm::cl::Required);
  llvm::cl::ParseCommandLineOptions(
      argc, argv, "dynapse-h5gen: build an HDF5 file from JSON (test utility)\n");

  auto fail = [](const llvm::Twine &message) {
    llvm::WithColor::error(llvm::errs(), "dynapse-h5gen") << message << "\n";
    return 1;
  };
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(input);
  if (!buffer)
    return fail("cannot read " + input);
  auto description = json::parse((*buffer)->getBuffer());
  if (!description)
    return fail(llvm::toString(description.takeError()));
  const json::Object *root = description->getAsObject();
  if (!root)
    return fail("the description must be a JSON object");
  auto file = h5::File::create();
  if (!file)
    return fail(llvm::toString(file.takeError()));
  for (const auto &[key, member] : *root)
    if (Error error = writeMember(file->root(), key, member))
      return fail(llvm::toString(std::move(error)));
  auto bytes = file->image();
  if (!bytes)
    return fail(llvm::toString(bytes.takeError()));
  std::error_code code;
  llvm::ToolOutputFile out(output, code, llvm::sys::fs::OF_None);
  if (code)
    return fail("cannot write " + output + ": " + code.message());
  out.os() << *bytes;
  out.keep();
  return 0;
}
