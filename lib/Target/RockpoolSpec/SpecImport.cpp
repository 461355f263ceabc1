//===- SpecImport.cpp - Rockpool spec JSON to a merged network ------------===//
//
// Reads what Rockpool's mapper returns, as `json.dump` writes it: NaN and
// Infinity may appear as bare tokens (Python's default) or strings; they are
// turned into strings before parsing so that the error can name the key and
// index. The imported network counts as clustered: the population keeps the
// `unclustered` currents as each neuron's intended values and the file's
// core_map; one dynapse.core per cluster holds the per-core currents.
//
//===----------------------------------------------------------------------===//
#include "dynapse/Dialect/Dynapse/IR/Hardware.h"
#include "dynapse/Dialect/Dynapse/IR/QuantizationStatistics.h"
#include "dynapse/Dialect/Dynapse/IR/DynapseOps.h"
#include "dynapse/Dialect/Dynapse/IR/NeuronCurrents.h"
#include "dynapse/Dialect/Dynapse/IR/WeightMatrix.h"
#include "dynapse/Support/ValueChecks.h"
#include "dynapse/Target/RockpoolSpec/RockpoolSpec.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"

#include <cmath>
#include <numeric>
#include <optional>

using namespace mlir;
using namespace dynapse;
namespace json = llvm::json;

/// Quotes the bare tokens NaN, Infinity and -Infinity outside strings.
static std::string quoteNonFinite(llvm::StringRef text) {
  std::string result;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      result += c;
      if (c == '\\' && i + 1 < text.size())
        result += text[++i];
      else if (c == '"')
        inString = false;
      continue;
    }
    if (c == '"') {
      inString = true;
      result += c;
      continue;
    }
    bool matched = false;
    for (llvm::StringRef token : {"-Infinity", "Infinity", "NaN"})
      if (text.substr(i).starts_with(token)) {
        result += "\"" + token.str() + "\"";
        i += token.size() - 1;
        matched = true;
        break;
      }
    if (!matched)
      result += c;
  }
  return result;
}

/// True when `value` is a list of matrices (Rockpool's quantised form).
static bool isMatrixList(const json::Value *value) {
  const json::Array *outer = value ? value->getAsArray() : nullptr;
  if (!outer || outer->empty())
    return false;
  const json::Array *middle = outer->front().getAsArray();
  return middle && !middle->empty() && middle->front().getAsArray();
}

namespace {

class SpecReader {
public:
  SpecReader(MLIRContext *context, StringRef fileName)
      : context(context), builder(context),
        loc(FileLineColLoc::get(context, fileName, 0, 0)) {}
  OwningOpRef<ModuleOp> run(StringRef text);

private:
  InFlightDiagnostic error(const llvm::Twine &key) {
    return emitError(loc) << "key '" << key << "': ";
  }
  /// A `spec` (quantised, or with bias codes) must be clustered as it
  /// claims, but core_map puts a 257th neuron (`overfull.second`) on
  /// cluster `overfull.first`.
  InFlightDiagnostic overfullError(std::pair<int64_t, int64_t> overfull,
                                   llvm::StringRef spec) {
    return error("core_map[" + std::to_string(overfull.second) + "]")
           << "puts a " << hw::kNeuronsPerCore + 1 << "th neuron on cluster "
           << overfull.first << "; " << spec
           << " must be clustered into cores of " << hw::kNeuronsPerCore;
  }

  FailureOr<double> number(const json::Value &value, const std::string &where);
  FailureOr<int64_t> integer(const json::Object &spec, StringRef key);
  FailureOr<std::vector<double>> vector(const json::Value *value,
                                        const std::string &key, size_t size,
                                        ValueBound bound);
  FailureOr<std::vector<double>> matrixValues(const json::Value *value,
                                              StringRef key, int64_t rows,
                                              int64_t columns);
  LogicalResult build(const json::Object &spec);
  FailureOr<std::vector<ArrayAttr>> readBiases(const json::Object &spec,
                                               int64_t clusters);
  /// Masks and dendrites of Rockpool's per-cluster quantised form.
  struct Quantized {
    std::vector<int8_t> masks;
    std::vector<int16_t> dendrites;
  };
  FailureOr<Quantized> readQuantized(const json::Object &spec, StringRef key,
                                     StringRef signKey, int64_t rows,
                                     int64_t columns, ArrayRef<int64_t> cores,
                                     int64_t clusters);

  MLIRContext *context;
  OpBuilder builder;
  Location loc;
  OwningOpRef<ModuleOp> module;
};

} // namespace

FailureOr<double> SpecReader::number(const json::Value &value,
                                     const std::string &where) {
  if (auto text = value.getAsString())
    if (*text == "NaN" || *text == "Infinity" || *text == "-Infinity")
      return error(where) << *text << " is not a finite number";
  if (auto number = value.getAsNumber())
    return *number;
  return error(where) << "expected a number";
}

FailureOr<int64_t> SpecReader::integer(const json::Object &spec,
                                       StringRef key) {
  const json::Value *value = spec.get(key);
  if (!value)
    return error(key) << "missing";
  auto number = this->number(*value, key.str());
  if (failed(number))
    return failure();
  if (*number != std::floor(*number) || std::fabs(*number) > 1e15)
    return error(key) << "expected an integer, got "
                      << formatRoundTrip(*number);
  return static_cast<int64_t>(*number);
}

FailureOr<std::vector<double>>
SpecReader::vector(const json::Value *value, const std::string &key,
                   size_t size, ValueBound bound) {
  if (!value)
    return error(key) << "missing";
  const json::Array *array = value->getAsArray();
  if (!array)
    return error(key) << "expected a list of " << size << " numbers";
  if (array->size() != size)
    return error(key) << "has " << array->size() << " values; expected "
                      << size;
  std::vector<double> result;
  for (auto [index, element] : llvm::enumerate(*array)) {
    auto number = this->number(element, key + "[" + std::to_string(index) + "]");
    if (failed(number))
      return failure();
    double one[] = {*number};
    if (findInvalidValue(one, bound) >= 0)
      return error(key + "[" + std::to_string(index) + "]")
             << "is " << formatRoundTrip(*number) << "; expected "
             << describe(bound);
    result.push_back(*number);
  }
  return result;
}

FailureOr<std::vector<double>>
SpecReader::matrixValues(const json::Value *value, StringRef key, int64_t rows,
                         int64_t columns) {
  const json::Array *array = value ? value->getAsArray() : nullptr;
  if (!array)
    return error(key) << "expected a " << rows << " x " << columns
                      << " matrix (a list of lists)";
  if (int64_t(array->size()) != rows)
    return error(key) << "has " << array->size() << " rows; expected " << rows
                      << (key == "weights_rec" ? " (n_neuron; it must be square)"
                                               : "");
  std::vector<double> result;
  for (auto [index, row] : llvm::enumerate(*array)) {
    auto values = vector(&row, (key + "[" + llvm::Twine(index) + "]").str(),
                         columns, ValueBound::Finite);
    if (failed(values))
      return failure();
    result.insert(result.end(), values->begin(), values->end());
  }
  return result;
}

static MatrixEntries entriesOf(ArrayRef<double> dense, int64_t columns) {
  MatrixEntries entries;
  for (auto [index, value] : llvm::enumerate(dense))
    if (value != 0.0)
      entries[{int64_t(index) / columns, int64_t(index) % columns}] = value;
  return entries;
}

static std::vector<double> compact(std::vector<double> values) {
  if (!values.empty() && llvm::all_equal(values))
    values.resize(1);
  return values;
}

LogicalResult SpecReader::build(const json::Object &spec) {
  static const llvm::StringSet<> known = {
      "weights_in", "weights_rec", "Iscale",     "dt",     "n_cluster",
      "core_map",   "n_neuron",    "unclustered", "Idc",   "If_nmda",
      "Igain_ahp",  "Igain_mem",   "Igain_syn",  "Ipulse_ahp", "Ipulse",
      "Iref",       "Ispkthr",     "Itau_ahp",   "Itau_mem", "Itau_syn",
      "Iw_ahp",     "Iw_0",        "Iw_1",       "Iw_2",    "Iw_3",
      "biases",     "sign_in",     "sign_rec",   "quantization_loss"};
  std::vector<std::string> ignored;
  for (const auto &entry : spec)
    if (!known.contains(entry.first.str()))
      ignored.push_back(entry.first.str());
  llvm::sort(ignored);
  for (const std::string &key : ignored)
    emitRemark(loc) << "ignoring key '" << key << "'";

  auto size = integer(spec, "n_neuron");
  if (failed(size))
    return failure();
  if (*size < 1)
    return error("n_neuron") << "must be at least 1";
  auto clusters = integer(spec, "n_cluster");
  if (failed(clusters))
    return failure();
  if (*clusters < 1 || *clusters > *size)
    return error("n_cluster") << *clusters << " is not in 1..n_neuron ("
                              << *size << ")";
  auto coreMap = vector(spec.get("core_map"), "core_map", *size,
                        ValueBound::NonNegative);
  if (failed(coreMap))
    return failure();
  std::vector<int64_t> cores;
  for (auto [index, core] : llvm::enumerate(*coreMap)) {
    if (core != std::floor(core) || core >= double(*clusters))
      return error("core_map[" + std::to_string(index) + "]")
             << "is " << formatRoundTrip(core)
                               << "; expected an integer below n_cluster ("
                               << *clusters << ")";
    cores.push_back(int64_t(core));
  }
  // Rockpool's mapper writes an unclustered network as n_cluster 1 and
  // core_map all 0: a spec whose clusters do not fit in cores is that form.
  std::vector<int64_t> perCluster(size_t(*clusters), 0);
  std::optional<std::pair<int64_t, int64_t>> overfull; // cluster, neuron
  for (auto [index, core] : llvm::enumerate(cores))
    if (++perCluster[size_t(core)] == int64_t(hw::kNeuronsPerCore) + 1 &&
        !overfull)
      overfull = {core, int64_t(index)};
  const json::Value *iscaleValue = spec.get("Iscale");
  if (!iscaleValue)
    return error("Iscale") << "missing";
  auto iscale = number(*iscaleValue, "Iscale");
  if (failed(iscale))
    return failure();
  if (!(*iscale > 0))
    return error("Iscale") << "must be > 0";
  double dt = 1e-3;
  if (const json::Value *dtValue = spec.get("dt")) {
    auto value = number(*dtValue, "dt");
    if (failed(value))
      return failure();
    if (!(*value > 0))
      return error("dt") << "must be > 0";
    dt = *value;
  } else {
    emitRemark(loc) << "no 'dt': using 0.001 s, Rockpool's default";
  }

  // Per-core currents, and the intended (unclustered) per-neuron ones.
  std::array<std::vector<double>, kNumCurrents> perCore, perNeuron;
  const json::Object *unclustered = spec.getObject("unclustered");
  if (!unclustered && spec.get("unclustered"))
    return error("unclustered") << "expected an object of current lists";
  if (!unclustered)
    emitRemark(loc) << "no 'unclustered': each neuron's intended currents "
                       "are its core's";
  for (auto [index, name] : llvm::enumerate(currentAttrNames())) {
    auto values = vector(spec.get(name), name.str(), size_t(*clusters),
                         ValueBound::NonNegative);
    if (failed(values))
      return failure();
    perCore[index] = *values;
    if (unclustered) {
      auto neurons = vector(unclustered->get(name),
                            ("unclustered." + name).str(), size_t(*size),
                            ValueBound::NonNegative);
      if (failed(neurons))
        return failure();
      perNeuron[index] = *neurons;
    } else {
      for (int64_t core : cores)
        perNeuron[index].push_back(perCore[index][core]);
    }
  }

  std::optional<int64_t> inputs;
  std::vector<double> weightsIn;
  const json::Value *inValue = spec.get("weights_in");
  if (!inValue)
    return error("weights_in") << "missing (write null for no inputs)";
  bool quantized = isMatrixList(spec.get("weights_rec")) ||
                   isMatrixList(inValue);
  if (overfull) {
    if (quantized)
      return overfullError(*overfull, "a quantised spec");
    emitRemark(loc) << "core_map[" << overfull->second << "] puts a "
                    << hw::kNeuronsPerCore + 1 << "th neuron on cluster "
                    << overfull->first
                    << ": read as the unclustered form (the 'unclustered' "
                       "currents, no cores); --dynapse-cluster decides";
  }
  std::optional<Quantized> quantizedIn, quantizedRec;
  if (!inValue->getAsNull()) {
    const json::Array *rows = inValue->getAsArray();
    if (!rows)
      return error("weights_in") << "expected null or an Nin x n_neuron matrix";
    if (quantized) {
      const json::Array *first = rows->empty() ? nullptr : rows->front().getAsArray();
      inputs = first ? int64_t(first->size()) : 0;
      auto values = readQuantized(spec, "weights_in", "sign_in", *inputs,
                                  *size, cores, *clusters);
      if (failed(values))
        return failure();
      quantizedIn = std::move(*values);
    } else {
      inputs = int64_t(rows->size());
      auto values = matrixValues(inValue, "weights_in", *inputs, *size);
      if (failed(values))
        return failure();
      weightsIn = *values;
    }
  }
  std::vector<double> weightsRec;
  // Rockpool's mapper writes null for a layer without recurrence (and
  // dynapsim_net_from_spec reads it so); `sign_rec` is then null too.
  const json::Value *recValue = spec.get("weights_rec");
  bool noRecurrence = recValue && recValue->getAsNull();
  if (quantized && !noRecurrence) {
    if (!isMatrixList(recValue))
      return error("weights_rec") << "expected null or one mask matrix per "
                                     "cluster, as 'weights_in'";
    auto values = readQuantized(spec, "weights_rec", "sign_rec", *size, *size,
                                cores, *clusters);
    if (failed(values))
      return failure();
    quantizedRec = std::move(*values);
  } else if (!noRecurrence) {
    auto values = matrixValues(recValue, "weights_rec", *size, *size);
    if (failed(values))
      return failure();
    weightsRec = *values;
  }
  if (quantized)
    for (StringRef name : {"Iw_0", "Iw_1", "Iw_2", "Iw_3"})
      if (!spec.get(name))
        return error(name) << "missing: quantised weights need the per-core "
                              "base weights Iw_0..Iw_3";
  std::vector<double> losses;
  if (const json::Value *value = spec.get("quantization_loss")) {
    auto values = vector(value, "quantization_loss", size_t(*clusters),
                         ValueBound::NonNegative);
    if (failed(values))
      return failure();
    losses = *values;
  }

  builder.setInsertionPointToEnd(module->getBody());
  auto network = builder.create<NetworkOp>(loc, "network");
  builder.setInsertionPointToStart(&network.getBodyBlock());
  auto synaptic = SynapticType::get(context, *size);
  SmallVector<Value> operands;
  auto synapses = [&](Value source, const Quantized &values, int64_t rows) {
    auto shape = SmallVector<int64_t>{rows, *size};
    return builder.create<SynapsesOp>(
        loc, synaptic, source,
        cast<DenseIntElementsAttr>(DenseElementsAttr::get(
            RankedTensorType::get(shape, builder.getIntegerType(8)),
            ArrayRef<int8_t>(values.masks))),
        cast<DenseIntElementsAttr>(DenseElementsAttr::get(
            RankedTensorType::get(shape, builder.getIntegerType(16)),
            ArrayRef<int16_t>(values.dendrites))));
  };
  if (inputs) {
    auto input = builder.create<InputOp>(
        loc, SpikesType::get(context, *inputs), StringAttr(),
        DenseI64ArrayAttr(), ArrayAttr());
    MatrixEntries entries = entriesOf(weightsIn, *size);
    if (quantizedIn)
      operands.push_back(synapses(input.getOutput(), *quantizedIn, *inputs));
    else if (!entries.empty())
      operands.push_back(builder.create<WeightsOp>(
          loc, synaptic, input.getOutput(),
          buildWeightMatrix(builder, *inputs, *size, entries)));
  }
  OperationState state(loc, PopulationOp::getOperationName());
  state.addTypes(SpikesType::get(context, *size));
  for (auto [index, name] : llvm::enumerate(currentAttrNames()))
    state.addAttribute(name,
                       builder.getDenseF64ArrayAttr(compact(perNeuron[index])));
  state.addAttribute("Iscale", builder.getF64FloatAttr(*iscale));
  state.addAttribute("dt", builder.getF64FloatAttr(dt));
  std::vector<int64_t> all(*size);
  std::iota(all.begin(), all.end(), 0);
  state.addAttribute("output_neurons", builder.getDenseI64ArrayAttr(all));
  if (!overfull)
    state.addAttribute("core_map", builder.getDenseI64ArrayAttr(cores));
  auto population = cast<PopulationOp>(builder.create(state));
  MatrixEntries recurrent = entriesOf(weightsRec, *size);
  builder.setInsertionPoint(population);
  if (quantizedRec)
    operands.push_back(synapses(population.getOutput(), *quantizedRec, *size));
  else if (!recurrent.empty())
    operands.push_back(builder.create<WeightsOp>(
        loc, synaptic, population.getOutput(),
        buildWeightMatrix(builder, *size, *size, recurrent)));
  population->setOperands(operands);

  std::vector<std::pair<StringRef, std::vector<double>>> baseWeights;
  for (StringRef name : {"Iw_0", "Iw_1", "Iw_2", "Iw_3"})
    if (const json::Value *value = spec.get(name)) {
      auto values =
          vector(value, name.str(), size_t(*clusters), ValueBound::NonNegative);
      if (failed(values))
        return failure();
      baseWeights.emplace_back(name, *values);
    }
  auto biases = readBiases(spec, *clusters);
  if (failed(biases))
    return failure();
  if (overfull && !biases->empty())
    return overfullError(*overfull, "a spec with bias codes");

  builder.setInsertionPointToEnd(&network.getBodyBlock());
  for (int64_t core = 0; !overfull && core < *clusters; ++core) {
    SmallVector<NamedAttribute> values;
    for (auto [index, name] : llvm::enumerate(currentAttrNames()))
      values.push_back(builder.getNamedAttr(
          name, builder.getF64FloatAttr(perCore[index][core])));
    for (const auto &[name, perCoreWeights] : baseWeights)
      values.push_back(builder.getNamedAttr(
          name, builder.getF64FloatAttr(perCoreWeights[core])));
    auto coreOp = builder.create<CoreOp>(
        loc, builder.getI64IntegerAttr(core), builder.getDictionaryAttr(values),
        biases->empty() ? ArrayAttr() : (*biases)[core], IntegerAttr(),
        IntegerAttr());
    if (!losses.empty())
      coreOp->setAttr(stats::kWeightMSE,
                      builder.getF64FloatAttr(losses[core]));
  }
  return success();
}

FailureOr<SpecReader::Quantized>
SpecReader::readQuantized(const json::Object &spec, StringRef key,
                          StringRef signKey, int64_t rows, int64_t columns,
                          ArrayRef<int64_t> cores, int64_t clusters) {
  const json::Array *masks = spec.getArray(key);
  const json::Array *signs = spec.getArray(signKey);
  if (!signs)
    return error(signKey) << "missing beside the quantised '" << key << "'";
  if (int64_t(masks->size()) != clusters || int64_t(signs->size()) != clusters)
    return error(key) << "quantised weights need one matrix per cluster ("
                      << clusters << ") in '" << key << "' and '" << signKey
                      << "'";
  Quantized result{std::vector<int8_t>(rows * columns, 0),
                   std::vector<int16_t>(rows * columns, 0)};
  for (int64_t core = 0; core < clusters; ++core) {
    std::string at = "[" + std::to_string(core) + "]";
    auto maskValues = matrixValues(&(*masks)[core], (key + at).str(), rows, columns);
    if (failed(maskValues))
      return failure();
    auto signValues =
        matrixValues(&(*signs)[core], (signKey + at).str(), rows, columns);
    if (failed(signValues))
      return failure();
    for (int64_t index = 0; index < rows * columns; ++index) {
      double mask = (*maskValues)[index], sign = (*signValues)[index];
      if (mask == 0)
        continue;
      std::string where = (key + at).str() + "[" +
                          std::to_string(index / columns) + "][" +
                          std::to_string(index % columns) + "]";
      if (mask != std::floor(mask) || mask < 0 || mask > 15)
        return error(where) << "mask " << formatRoundTrip(mask)
                            << " is not an integer in 0..15";
      if (cores[index % columns] != core)
        return error(where) << "a mask in the columns of core "
                            << cores[index % columns];
      if (sign == 0)
        return error(where) << "mask " << int(mask) << " has sign 0 in '"
                            << signKey << "'";
      result.masks[index] = int8_t(mask);
      result.dendrites[index] =
          int16_t(sign > 0 ? Dendrite::ampa : Dendrite::gaba);
    }
  }
  return result;
}

/// `biases`: one object per core mapping SE2 parameter names to
/// {"coarse", "fine", "type", "current"}; "current" is informative.
FailureOr<std::vector<ArrayAttr>>
SpecReader::readBiases(const json::Object &spec, int64_t clusters) {
  std::vector<ArrayAttr> result;
  const json::Value *value = spec.get("biases");
  if (!value)
    return result;
  const json::Array *cores = value->getAsArray();
  if (!cores || int64_t(cores->size()) != clusters)
    return error("biases") << "expected a list of " << clusters
                           << " objects, one per core";
  for (auto [core, entry] : llvm::enumerate(*cores)) {
    const json::Object *codes = entry.getAsObject();
    std::string where = "biases[" + std::to_string(core) + "]";
    if (!codes)
      return error(where) << "expected an object of parameter codes";
    std::vector<std::string> names;
    for (const auto &member : *codes)
      names.push_back(member.first.str());
    llvm::sort(names);
    SmallVector<Attribute> attrs;
    for (const std::string &name : names) {
      std::string key = where + "." + name;
      const json::Object *code = codes->getObject(name);
      if (!code)
        return error(key) << "expected {\"coarse\", \"fine\", \"type\"}";
      std::optional<int64_t> coarse = code->getInteger("coarse");
      std::optional<int64_t> fine = code->getInteger("fine");
      std::optional<StringRef> type = code->getString("type");
      std::optional<TransistorType> kind =
          type ? symbolizeTransistorType(*type) : std::nullopt;
      if (!coarse || !fine || !kind)
        return error(key) << "needs integer 'coarse' and 'fine' and a 'type' "
                             "of \"N\" or \"P\"";
      auto attr = BiasAttr::getChecked(
          [&]() { return error(key); }, context, StringRef(name), unsigned(*coarse),
          unsigned(*fine), *kind);
      if (!attr || *coarse < 0 || *fine < 0)
        return failure();
      attrs.push_back(attr);
    }
    result.push_back(builder.getArrayAttr(attrs));
  }
  return result;
}

OwningOpRef<ModuleOp> SpecReader::run(StringRef text) {
  context->getOrLoadDialect<DynapseDialect>();
  if (text.trim().empty()) {
    emitError(loc) << "the file is empty; expected a Rockpool spec (JSON)";
    return nullptr;
  }
  auto parsed = json::parse(quoteNonFinite(text));
  if (!parsed) {
    emitError(loc) << "not valid JSON: " << llvm::toString(parsed.takeError());
    return nullptr;
  }
  const json::Object *spec = parsed->getAsObject();
  if (!spec) {
    emitError(loc) << "a Rockpool spec must be a JSON object";
    return nullptr;
  }
  module = ModuleOp::create(loc);
  if (failed(build(*spec)) || failed(verify(*module)))
    return nullptr;
  return std::move(module);
}

OwningOpRef<ModuleOp> rockpool::importSpec(StringRef text, StringRef fileName,
                                           MLIRContext *context) {
  return SpecReader(context, fileName).run(text);
}
