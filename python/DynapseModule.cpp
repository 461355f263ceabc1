//===- DynapseModule.cpp - the CPython extension of dynapse_mlir ----------===//
//
// The front door for Python: load a network (bytes, named by a file name
// whose extension gives the format), compile it with the option table's
// options, simulate it. Diagnostics are collected and raised as
// dynapse_mlir.Error; nothing is printed. dynapse_mlir/__init__.py wraps it.
//
//===----------------------------------------------------------------------===//
#include "dynapse/Conversion/DynapseToSim/SimulationKernel.h"
#include "dynapse/Dialect/SNN/IR/SNNOps.h"
#include "dynapse/Driver/Driver.h"
#include "dynapse/InitAllDialects.h"
#include "dynapse/Pipeline/Options.h"
#include "dynapse/Pipeline/Pipeline.h"
#include "dynapse/Pipeline/Report.h"
#include "dynapse/Simulation/Calibration.h"
#include "dynapse/Simulation/ChipParameters.h"
#include "dynapse/Simulation/Fidelity.h"
#include "dynapse/Simulation/Simulator.h"
#include "dynapse/Target/Image/Image.h"
#include "dynapse/Target/NIR/NIR.h"
#include "dynapse/Target/Samna/Samna.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FormatVariadic.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>

namespace py = pybind11;
using namespace dynapse;

namespace {

/// A context with every dialect, whose diagnostics go to `messages`.
struct Session {
  Session() {
    mlir::DialectRegistry registry;
    registerAllDialects(registry);
    kernel::registerKernelDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    context.printOpOnDiagnostic(false);
    handler.emplace(&context, [this](mlir::Diagnostic &diagnostic) {
      if (diagnostic.getSeverity() != mlir::DiagnosticSeverity::Error)
        return mlir::success(); // warnings and remarks stay quiet
      std::string text;
      llvm::raw_string_ostream os(text);
      if (auto file = llvm::dyn_cast<mlir::FileLineColLoc>(diagnostic.getLocation()))
        os << file.getFilename().str() << ":" << file.getLine() << ":"
           << file.getColumn() << ": ";
      os << diagnostic.str();
      messages.push_back(text);
      return mlir::success();
    });
  }
  /// Raises dynapse_mlir.Error with the diagnostics so far and `what`.
  [[noreturn]] void fail(const std::string &what) {
    std::string text = what;
    for (const std::string &message : messages)
      text += "\n" + message;
    throw py::value_error(text); // translated to dynapse_mlir.Error
  }

  mlir::MLIRContext context{mlir::MLIRContext::Threading::DISABLED};
  std::vector<std::string> messages;
  std::optional<mlir::ScopedDiagnosticHandler> handler;
};

CompileOptions parseOptions(const std::map<std::string, std::string> &given) {
  CompileOptions options;
  for (const auto &[name, value] : given)
    if (llvm::Error error = setOption(options, name, value))
      throw py::value_error(llvm::toString(std::move(error)));
  return options;
}

mlir::OwningOpRef<mlir::ModuleOp> load(Session &session, const py::bytes &data,
                                       const std::string &name,
                                       const CompileOptions &options) {
  std::string bytes = data;
  auto module = loadNetwork(bytes, name, &session.context, options.input);
  if (!module)
    session.fail("cannot read " + name);
  return module;
}

using SpikeArray =
    py::array_t<float, py::array::c_style | py::array::forcecast>;

/// The batches of `spikes` ((B, T, Nin), checked against `simulator`) as the
/// Simulator takes them: the one copy of the input.
std::vector<std::vector<float>> batchRows(const SpikeArray &spikes,
                                          const sim::Simulator &simulator) {
  if (spikes.ndim() != 3)
    throw py::type_error("spikes must have shape (T, Nin) or (B, T, Nin)");
  if (spikes.shape(2) != simulator.inputs())
    throw py::value_error(llvm::formatv("spikes have {0} input channels; the "
                                        "network has {1}",
                                        spikes.shape(2), simulator.inputs())
                              .str());
  const float *in = spikes.data();
  for (py::ssize_t i = 0; i < spikes.size(); ++i)
    if (!(in[i] >= 0) || !std::isfinite(in[i]))
      throw py::value_error(llvm::formatv("spikes[{0}] is {1}; spike counts "
                                          "must be finite and not negative",
                                          i, in[i])
                                .str());
  std::vector<std::vector<float>> rows;
  size_t size = size_t(spikes.shape(1) * simulator.inputs());
  for (py::ssize_t b = 0; b < spikes.shape(0); ++b)
    rows.emplace_back(in + b * size, in + (b + 1) * size);
  return rows;
}

/// The deploy pipeline on `module`; with `calibration` ((B, T, Nin) counts)
/// the network as trained runs on it after merging, as --calibrate does.
void deploy(Session &session, mlir::ModuleOp module, const std::string &name,
            const CompileOptions &options, const SpikeArray *calibration) {
  auto run = [&](llvm::function_ref<void(mlir::OpPassManager &)> populate) {
    mlir::PassManager pm(&session.context);
    populate(pm);
    if (mlir::failed(pm.run(module)))
      session.fail(name + ": the network cannot be deployed");
  };
  if (!calibration)
    return run([&](mlir::OpPassManager &pm) { buildDeployPipeline(pm, options); });
  auto reference = sim::compileReference(module, options); // before deploying
  if (!reference)
    session.fail(name + ": " + llvm::toString(reference.takeError()));
  std::vector<std::vector<float>> rows = batchRows(*calibration, **reference);
  run([&](mlir::OpPassManager &pm) { populateDeployThroughMerge(pm, options); });
  if (llvm::Error error = sim::calibrateActivity(
          **reference, module, rows, calibration->shape(1), /*threads=*/0))
    session.fail(name + ": " + llvm::toString(std::move(error)));
  run([&](mlir::OpPassManager &pm) { populateDeployAfterMerge(pm, options); });
}

py::dict compile(const py::bytes &data, const std::string &name,
                 const std::map<std::string, std::string> &given,
                 std::optional<SpikeArray> calibration) {
  CompileOptions options = parseOptions(given);
  Session session;
  auto module = load(session, data, name, options);
  deploy(session, *module, name, options, calibration ? &*calibration : nullptr);
  std::string image, samnaJson, channels, mlirText;
  llvm::raw_string_ostream imageStream(image), samnaStream(samnaJson),
      channelStream(channels), mlirStream(mlirText);
  if (mlir::failed(image::emitImage(*module, imageStream)) ||
      mlir::failed(samna::emitConfiguration(*module, samnaStream, &channelStream)))
    session.fail(name + ": the deployed network cannot be written");
  module->print(mlirStream);
  std::string report =
      llvm::formatv("{0}", reportToJSON(buildReport(*module))).str();
  py::dict result;
  result["image"] = py::bytes(image);
  result["samna_json"] = samnaJson;
  result["channels"] = channels;
  result["report"] = report;
  result["mlir"] = mlirText;
  return result;
}

std::unique_ptr<sim::Simulator> compileSimulator(Session &session,
                                                 mlir::ModuleOp module,
                                                 const std::string &name,
                                                 const CompileOptions &options) {
  auto compiled = sim::Simulator::compile(module, options);
  if (!compiled)
    session.fail(name + ": " + llvm::toString(compiled.takeError()));
  return std::move(*compiled);
}

/// spikes: float32, C-contiguous, (B, T, Nin). Returns (B, T, N) spikes and
/// the records, each (B, T, N).
py::tuple simulate(const py::bytes &data, const std::string &name,
                   const SpikeArray &spikes,
                   const std::map<std::string, std::string> &given,
                   const std::vector<std::string> &record, unsigned threads) {
  CompileOptions options = parseOptions(given);
  Session session;
  auto module = load(session, data, name, options);
  auto compiled = compileSimulator(session, *module, name, options);
  sim::Simulator &simulator = *compiled;
  std::vector<std::vector<float>> rows = batchRows(spikes, simulator);
  int64_t batches = spikes.shape(0), steps = spikes.shape(1);
  std::vector<size_t> recorded;
  for (const std::string &state : record) {
    auto found = llvm::find(simulator.recordNames(), state);
    if (found == simulator.recordNames().end())
      throw py::value_error("record: model '" + options.convertDynapseToSim.model +
                            "' has no state '" + state + "'");
    recorded.push_back(found - simulator.recordNames().begin());
  }
  std::vector<sim::Trace> traces;
  {
    py::gil_scoped_release release;
    traces = simulator.runBatches(rows, steps, !recorded.empty(), threads);
  }
  int64_t n = simulator.neurons();
  py::array_t<float> out({batches, steps, n});
  for (int64_t b = 0; b < batches; ++b)
    traces[size_t(b)].spikes.fillDense(0, steps, out.mutable_data() + b * steps * n);
  py::dict states;
  size_t plane = size_t(steps * n);
  for (size_t r : recorded) {
    py::array_t<float> values({batches, steps, n});
    for (int64_t b = 0; b < batches; ++b)
      std::memcpy(values.mutable_data() + b * plane,
                  traces[size_t(b)].records.data() + r * plane,
                  plane * sizeof(float));
    states[py::str(simulator.recordNames()[r])] = values;
  }
  return py::make_tuple(out, states);
}

/// `deployed` (under the options' model) against the reference model of
/// `trained` on `spikes`: the agreement as --report's JSON.
std::string fidelity(const py::bytes &trainedData, const std::string &trainedName,
                     const py::bytes &deployedData,
                     const std::string &deployedName, const SpikeArray &spikes,
                     const std::map<std::string, std::string> &given,
                     const std::vector<int64_t> &labels, unsigned threads) {
  CompileOptions options = parseOptions(given);
  CompileOptions referenceOptions = options;
  referenceOptions.convertDynapseToSim.model = "reference";
  Session session;
  auto trained = load(session, trainedData, trainedName, options);
  auto deployed = load(session, deployedData, deployedName, options);
  auto reference = compileSimulator(session, *trained, trainedName, referenceOptions);
  auto chip = compileSimulator(session, *deployed, deployedName, options);
  if (reference->neurons() != chip->neurons() || reference->dt() != chip->dt())
    throw py::value_error(trainedName + " and " + deployedName +
                          " differ in neurons or time step");
  std::vector<std::vector<float>> rows = batchRows(spikes, *reference);
  int64_t classes = reference->classes();
  if (!labels.empty() && labels.size() != rows.size())
    throw py::value_error("labels: one per batch element expected");
  for (int64_t label : labels)
    if (label < 0 || label >= classes)
      throw py::value_error(llvm::formatv("labels: {0} is not an output "
                                          "neuron (0..{1})", label, classes - 1)
                                .str());
  sim::Agreement agreement;
  {
    py::gil_scoped_release release;
    int64_t steps = spikes.shape(1);
    auto a = reference->runBatches(rows, steps, false, threads);
    auto b = chip->runBatches(rows, steps, false, threads);
    agreement = sim::compareToReference(a, b, reference->layout(), reference->dt(), labels);
  }
  return llvm::formatv("{0}", llvm::json::Value(sim::agreementToJSON(agreement)))
      .str();
}

/// The network in `data`, loaded as compile loads it, as an NIR file written
/// by the NIR exporter (docs/nir.md, "Export") complete for the Python nir
/// package: the snn level only.
py::bytes exportNIR(const py::bytes &data, const std::string &name,
                    const std::map<std::string, std::string> &given) {
  CompileOptions options = parseOptions(given);
  Session session;
  auto module = load(session, data, name, options);
  if (llvm::range_size(module->getOps<snn::GraphOp>()) != 1)
    session.fail(name + ": to_nir needs a network at the snn level (a NIR "
                        "graph or MLIR with one snn.graph); this one is at "
                        "the hardware level (a Rockpool spec, an image or "
                        "dynapse MLIR), which has no NIR counterpart");
  std::string bytes;
  llvm::raw_string_ostream stream(bytes);
  nir::ExportOptions exportOptions;
  exportOptions.complete = true; // nir.read builds every node
  if (mlir::failed(nir::exportNIR(*module, stream, exportOptions)))
    session.fail(name + ": cannot be written as NIR");
  stream.flush();
  return py::bytes(bytes);
}

std::vector<py::dict> optionTableRows() {
  std::vector<py::dict> rows;
  for (const OptionInfo &info : optionTable()) {
    py::dict row;
    row["name"] = info.frontDoor.str();
    row["default"] = info.defaultValue.str();
    row["help"] = info.help.str();
    row["type"] = info.type.str();
    rows.push_back(row);
  }
  return rows;
}

/// A NetworkDescription as a dict of numpy arrays (chip.py reads it).
py::dict describeToPython(const sim::NetworkDescription &d) {
  auto array = [](const auto &values) {
    using T = typename std::decay_t<decltype(values)>::value_type;
    py::array_t<T> result(py::ssize_t(values.size()));
    std::copy(values.begin(), values.end(), result.mutable_data());
    return result;
  };
  auto table = [&](const sim::ParameterColumns &columns) {
    py::dict result;
    for (size_t i = 0; i < columns.names.size(); ++i)
      result[py::str(columns.names[i])] = array(columns.values[i]);
    return result;
  };
  py::dict result;
  result["dt"] = d.dt;
  result["neurons"] = d.neurons;
  result["inputs"] = d.inputs;
  result["every_step_inputs"] = d.everyStepInputs;
  result["population_names"] = d.populationNames;
  result["population_sizes"] = array(d.populationSizes);
  result["outputs"] = array(d.outputs);
  result["stage_ends"] = array(d.stageEnds);
  result["target"] = array(d.fanIn.target);
  result["source"] = array(d.fanIn.source);
  result["group"] = array(d.fanIn.group);
  result["weight"] = array(d.fanIn.weight);
  result["discretisation"] = d.discretisation;
  result["parameters"] = table(d.parameters);
  py::list instances;
  for (const sim::ParameterColumns &instance : d.instances)
    instances.append(table(instance));
  result["instances"] = instances;
  result["cores"] = array(d.cores);
  py::array_t<double> base({py::ssize_t(d.baseWeights.size()), py::ssize_t(4)});
  for (size_t i = 0; i < d.baseWeights.size(); ++i)
    std::copy(d.baseWeights[i].begin(), d.baseWeights[i].end(),
              base.mutable_data() + 4 * i);
  result["base_weights"] = base;
  return result;
}

/// The network as the torch model of the chip needs it (chip.py): for a
/// network at the snn level, "reference" (the reference model's terms and
/// fan-in), "unquantised" (the merged network's currents and fan-in) and,
/// after the deploy pipeline, "deployed" (its currents, nominal and per
/// seed of `seeds` at `mismatch`, as the simulator reads them) with its
/// "image"; for a dynapse-level network "deployed" only.
py::dict describe(const py::bytes &data, const std::string &name,
                  const std::map<std::string, std::string> &given,
                  double mismatch, const std::vector<uint64_t> &seeds) {
  CompileOptions options = parseOptions(given);
  Session session;
  auto module = load(session, data, name, options);
  double dt = options.convertDynapseToSim.dt;
  auto unwrap = [&](llvm::Expected<sim::NetworkDescription> described) {
    if (!described)
      session.fail(name + ": " + llvm::toString(described.takeError()));
    return describeToPython(*described);
  };
  py::dict result;
  if (!module->getOps<snn::GraphOp>().empty()) {
    result["reference"] = unwrap(sim::describeReference(
        *module, options.convertSNNToSim.dt,
        options.convertSNNToSim.reset == "subtract"));
    mlir::OwningOpRef<mlir::ModuleOp> merged = module->clone();
    mlir::PassManager pm(&session.context);
    populateDeployThroughMerge(pm, options);
    if (mlir::failed(pm.run(*merged)))
      session.fail(name + ": the network cannot be converted");
    result["unquantised"] = unwrap(sim::describeChip(*merged, dt, 0, {}));
    deploy(session, *module, name, options, nullptr);
    std::string image;
    llvm::raw_string_ostream imageStream(image);
    if (mlir::failed(image::emitImage(*module, imageStream)))
      session.fail(name + ": the deployed network cannot be written");
    result["image"] = py::bytes(image);
  }
  result["deployed"] = unwrap(sim::describeChip(*module, dt, mismatch, seeds));
  return result;
}

} // namespace

PYBIND11_MODULE(_dynapse_mlir, m) {
  m.doc() = "dynapse-mlir's C++ front door (use the dynapse_mlir package)";
  m.def("compile", &compile);
  m.def("simulate", &simulate);
  m.def("fidelity", &fidelity);
  m.def("export_nir", &exportNIR);
  m.def("option_table", &optionTableRows);
  m.def("describe", &describe);
}
