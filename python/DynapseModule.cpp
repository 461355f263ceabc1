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
#include "dynapse/Driver/Compiler.h"
#include "dynapse/Driver/Driver.h"
#include "dynapse/InitAllDialects.h"
#include "dynapse/Pipeline/Options.h"
#include "dynapse/Pipeline/Report.h"
#include "dynapse/Simulation/ChipParameters.h"
#include "dynapse/Simulation/Evaluation.h"
#include "dynapse/Simulation/Fidelity.h"
#include "dynapse/Simulation/Simulator.h"
#include "dynapse/Target/NIR/NIR.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FormatVariadic.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>

namespace py = pybind11;
using namespace dynapse;

namespace {

/// A context with every dialect, whose errors go to `messages` (warnings
/// and remarks stay quiet), and the compiler driver on it.
struct Session {
  Session() {
    mlir::DialectRegistry registry;
    registerAllDialects(registry);
    kernel::registerKernelDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    context.printOpOnDiagnostic(false);
    handler.emplace(&context, [this](mlir::Diagnostic &diagnostic) {
      if (diagnostic.getSeverity() == mlir::DiagnosticSeverity::Error)
        messages.push_back(formatDiagnostic(diagnostic));
      return mlir::success();
    });
  }
  /// The driver with `options`, its failures collected with the diagnostics.
  std::unique_ptr<Compiler> compiler(const CompileOptions &options) {
    DriverSettings settings;
    settings.onError = [this](const llvm::Twine &message) {
      messages.push_back(message.str());
    };
    return std::make_unique<Compiler>(context, options, std::move(settings));
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

/// The driver with the network in `data` loaded.
std::unique_ptr<Compiler> load(Session &session, const py::bytes &data,
                               const std::string &name,
                               const CompileOptions &options) {
  std::string bytes = data;
  std::unique_ptr<Compiler> compiler = session.compiler(options);
  if (mlir::failed(compiler->load(bytes, name)))
    session.fail("cannot read " + name);
  return compiler;
}

using SpikeArray =
    py::array_t<float, py::array::c_style | py::array::forcecast>;

/// `spikes` ((B, T, Nin)) checked against a network of `inputs` channels:
/// the one copy of the input.
sim::SpikeInput spikeInput(const SpikeArray &spikes, int64_t inputs,
                           llvm::StringRef what = "spikes") {
  if (spikes.ndim() != 3)
    throw py::type_error(what.str() + " must have shape (T, Nin) or (B, T, Nin)");
  auto input = sim::spikeInputFromArray(spikes.data(), spikes.shape(0),
                                        spikes.shape(1), spikes.shape(2),
                                        inputs, what);
  if (!input)
    throw py::value_error(llvm::toString(input.takeError()));
  return std::move(*input);
}

py::dict compile(const py::bytes &data, const std::string &name,
                 const std::map<std::string, std::string> &given,
                 std::optional<SpikeArray> calibration) {
  CompileOptions options = parseOptions(given);
  Session session;
  std::unique_ptr<Compiler> compiler = load(session, data, name, options);
  if (calibration) {
    const sim::Simulator *reference = compiler->referenceModel("calibrate");
    if (!reference)
      session.fail(name + ": cannot calibrate");
    compiler->calibrateOn(
        spikeInput(*calibration, reference->inputs(), "calibrate"));
  }
  if (mlir::failed(compiler->deploy()))
    session.fail(name + ": the network cannot be deployed");
  std::string image, samnaJson, channels, mlirText;
  llvm::raw_string_ostream imageStream(image), samnaStream(samnaJson),
      channelStream(channels), mlirStream(mlirText);
  if (mlir::failed(compiler->emit(EmitKind::Image, imageStream)) ||
      mlir::failed(
          compiler->emit(EmitKind::Samna, samnaStream, &channelStream)) ||
      mlir::failed(compiler->emit(EmitKind::MLIR, mlirStream)))
    session.fail(name + ": the deployed network cannot be written");
  Report report = compiler->report();
  report.stages.clear(); // times are the tools' business
  py::dict result;
  result["image"] = py::bytes(image);
  result["samna_json"] = samnaJson;
  result["channels"] = channels;
  result["report"] = llvm::formatv("{0}", reportToJSON(report)).str();
  result["mlir"] = mlirText;
  return result;
}

/// `batch`: the samples it will run, where known (Compiler::simulator).
const sim::Simulator &simulatorOf(Session &session, Compiler &compiler,
                                  const std::string &name, int64_t batch = 0) {
  const sim::Simulator *simulator = compiler.simulator(batch);
  if (!simulator)
    session.fail(name + ": cannot be simulated");
  return *simulator;
}

/// A network compiled for simulation once, run on many inputs and chips
/// (dynapse_mlir.Simulator).
class CompiledNetwork {
public:
  CompiledNetwork(const py::bytes &data, const std::string &name,
                  const std::map<std::string, std::string> &given)
      : options(parseOptions(given)),
        compiler(load(session, data, name, options)),
        simulator(simulatorOf(session, *compiler, name)) {}

  int64_t neurons() const { return simulator.neurons(); }
  int64_t inputs() const { return simulator.inputs(); }
  double dt() const { return simulator.dt(); }
  /// The chips run() runs by default: the instances, or the one chip.
  std::vector<int64_t> chips() const { return simulator.instanceChips(); }
  std::vector<std::string> records() const {
    return {simulator.recordNames().begin(), simulator.recordNames().end()};
  }

  /// spikes: float32, C-contiguous, (B, T, Nin); `chips` as run() takes
  /// them (empty: chips()). Returns (C, B, T, N) spikes and the records,
  /// each (C, B, T, N).
  py::tuple run(const SpikeArray &spikes, std::vector<int64_t> chips,
                const std::vector<std::string> &record, unsigned threads) {
    sim::SpikeInput input = spikeInput(spikes, simulator.inputs());
    for (int64_t chip : chips)
      if (chip < 0 || chip >= simulator.chips())
        throw py::value_error(llvm::formatv("chip {0} is not one of the "
                                            "network's 0..{1}",
                                            chip, simulator.chips() - 1));
    std::vector<size_t> recorded;
    for (const std::string &state : record) {
      llvm::Expected<size_t> index = simulator.recordIndex(state);
      if (!index)
        throw py::value_error("record: " + llvm::toString(index.takeError()));
      recorded.push_back(*index);
    }
    sim::ChipRuns runs;
    {
      py::gil_scoped_release release;
      runs = sim::runChips(simulator, input, !recorded.empty(), threads,
                           options, std::move(chips));
    }
    return toArrays(runs, input, recorded);
  }

private:
  py::tuple toArrays(const sim::ChipRuns &runs, const sim::SpikeInput &input,
                     llvm::ArrayRef<size_t> recorded) const {
    int64_t n = simulator.neurons(), chips = int64_t(runs.chips.size());
    int64_t batches = input.batches, steps = input.steps;
    size_t plane = size_t(steps * n);
    auto eachTrace = [&](auto body) {
      size_t t = 0;
      for (const std::vector<sim::Trace> &traces : runs.traces)
        for (const sim::Trace &trace : traces)
          body(trace, t++ * plane);
    };
    py::array_t<float> out({chips, batches, steps, n});
    eachTrace([&](const sim::Trace &trace, size_t offset) {
      trace.spikes.fillDense(0, steps, out.mutable_data() + offset);
    });
    py::dict states;
    for (size_t r : recorded) {
      py::array_t<float> values({chips, batches, steps, n});
      eachTrace([&](const sim::Trace &trace, size_t offset) {
        std::memcpy(values.mutable_data() + offset,
                    trace.records.data() + r * plane, plane * sizeof(float));
      });
      states[py::str(simulator.recordNames()[r])] = values;
    }
    return py::make_tuple(out, states);
  }

  Session session;
  CompileOptions options;
  std::unique_ptr<Compiler> compiler;
  const sim::Simulator &simulator;
};

/// `deployed` (under the options' model) against the reference model of
/// `trained` on `spikes`: the agreement on the ideal chip as --report's
/// JSON and, with instances, theirs under "instances".
std::string fidelity(const py::bytes &trainedData, const std::string &trainedName,
                     const py::bytes &deployedData,
                     const std::string &deployedName, const SpikeArray &spikes,
                     const std::map<std::string, std::string> &given,
                     const std::vector<int64_t> &labels, unsigned threads) {
  CompileOptions options = parseOptions(given);
  Session session;
  std::unique_ptr<Compiler> trained =
      load(session, trainedData, trainedName, options);
  std::unique_ptr<Compiler> deployed =
      load(session, deployedData, deployedName, options);
  // The kernels for this batch alone (spikeInput checks the shape below).
  int64_t batch = spikes.ndim() == 3 ? spikes.shape(0) : 0;
  const sim::Simulator *reference =
      trained->referenceModel("the reference model", batch);
  if (!reference)
    session.fail(trainedName + ": has no reference model");
  const sim::Simulator &chip =
      simulatorOf(session, *deployed, deployedName, batch);
  if (reference->neurons() != chip.neurons() || reference->dt() != chip.dt())
    throw py::value_error(trainedName + " and " + deployedName +
                          " differ in neurons or time step");
  sim::SpikeInput input = spikeInput(spikes, reference->inputs());
  if (!labels.empty())
    if (llvm::Error error =
            sim::checkLabels(labels, input.batches, reference->classes()))
      throw py::value_error(llvm::toString(std::move(error)));
  llvm::json::Object json;
  {
    py::gil_scoped_release release;
    auto r = reference->runBatches(input.values, input.batches, input.steps, false, threads);
    sim::ChipRuns ideal =
        sim::runChips(chip, input, false, threads, options, {0});
    json = sim::agreementToJSON(
        sim::compareChips(*reference, r, ideal, labels).front());
    if (chip.chips() > 1) {
      sim::ChipRuns instances = sim::runChips(chip, input, false, threads, options);
      json["instances"] = sim::instancesReport(
          sim::compareChips(*reference, r, instances, labels), instances,
          options);
    }
  }
  return llvm::formatv("{0}", llvm::json::Value(std::move(json))).str();
}

/// The network in `data`, loaded as compile loads it, as an NIR file written
/// by the NIR exporter (docs/nir.md, "Export") complete for the Python nir
/// package: the snn level only.
py::bytes exportNIR(const py::bytes &data, const std::string &name,
                    const std::map<std::string, std::string> &given) {
  CompileOptions options = parseOptions(given);
  Session session;
  std::unique_ptr<Compiler> compiler = load(session, data, name, options);
  mlir::ModuleOp module = compiler->module();
  if (llvm::range_size(module.getOps<snn::GraphOp>()) != 1)
    session.fail(name + ": to_nir needs a network at the snn level (a NIR "
                        "graph or MLIR with one snn.graph); this one is at "
                        "the hardware level (a Rockpool spec, an image or "
                        "dynapse MLIR), which has no NIR counterpart");
  std::string bytes;
  llvm::raw_string_ostream stream(bytes);
  nir::ExportOptions exportOptions;
  exportOptions.complete = true; // nir.read builds every node
  if (mlir::failed(nir::exportNIR(module, stream, exportOptions)))
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
  // Each parameter over the instances as one (instances, neurons) array:
  // finetune asks for a thousand chips an epoch.
  py::dict instances;
  if (!d.instances.empty()) {
    const sim::ParameterColumns &first = d.instances.front();
    for (size_t i = 0; i < first.names.size(); ++i) {
      py::array_t<double> column(
          {py::ssize_t(d.instances.size()), py::ssize_t(first.values[i].size())});
      double *out = column.mutable_data();
      for (const sim::ParameterColumns &instance : d.instances)
        out = std::copy(instance.values[i].begin(), instance.values[i].end(), out);
      instances[py::str(first.names[i])] = column;
    }
  }
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
  std::unique_ptr<Compiler> compiler = load(session, data, name, options);
  double dt = options.convertDynapseToSim.dt;
  auto unwrap = [&](llvm::Expected<sim::NetworkDescription> described) {
    if (!described)
      session.fail(name + ": " + llvm::toString(described.takeError()));
    return describeToPython(*described);
  };
  py::dict result;
  if (!compiler->module().getOps<snn::GraphOp>().empty()) {
    result["reference"] = unwrap(sim::describeReference(
        compiler->module(), options.convertSNNToSim.dt,
        conversion::ResetRule{options.convertSNNToSim.reset == "subtract",
                              options.convertSNNToSim.resetDelay,
                              options.convertSNNToSim.resetClearsCurrent}));
    if (mlir::failed(compiler->keepForSimulation())) // keeps the merged one
      session.fail(name + ": cannot be described");
    if (mlir::failed(compiler->deploy()))
      session.fail(name + ": the network cannot be deployed");
    result["unquantised"] =
        unwrap(sim::describeChip(compiler->unquantisedModule(), dt, 0, {}));
    std::string image;
    llvm::raw_string_ostream imageStream(image);
    if (mlir::failed(compiler->emit(EmitKind::Image, imageStream)))
      session.fail(name + ": the deployed network cannot be written");
    result["image"] = py::bytes(image);
  }
  llvm::Expected<sim::NetworkDescription> deployed = [&] {
    // The mismatch draws take a while for many seeds; finetune draws the
    // next epoch's chips in a thread while it trains.
    py::gil_scoped_release release;
    return sim::describeChip(compiler->module(), dt, mismatch, seeds);
  }();
  result["deployed"] = unwrap(std::move(deployed));
  return result;
}

} // namespace

PYBIND11_MODULE(_dynapse_mlir, m) {
  m.doc() = "dynapse-mlir's C++ front door (use the dynapse_mlir package)";
  m.def("compile", &compile);
  py::class_<CompiledNetwork>(m, "CompiledNetwork")
      .def(py::init<const py::bytes &, const std::string &,
                    const std::map<std::string, std::string> &>())
      .def_property_readonly("neurons", &CompiledNetwork::neurons)
      .def_property_readonly("inputs", &CompiledNetwork::inputs)
      .def_property_readonly("dt", &CompiledNetwork::dt)
      .def_property_readonly("chips", &CompiledNetwork::chips)
      .def_property_readonly("records", &CompiledNetwork::records)
      .def("run", &CompiledNetwork::run);
  m.def("fidelity", &fidelity);
  m.def("export_nir", &exportNIR);
  m.def("option_table", &optionTableRows);
  m.def("describe", &describe);
  m.attr("chip_mismatch") = sim::kChipMismatch;
  m.attr("default_instances") = sim::kDefaultInstances;
}
