"""The Python package against the command-line tools (run by
python-api.test with Debian's /usr/bin/python3 and numpy).

  api_test.py EXAMPLES CLI_IMAGE CLI_SPIKES CLI_SPEC
"""
import dataclasses
import os
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from checks import check, finish, raises  # noqa: E402

import numpy as np

import dynapse_mlir as d

examples, cli_image, cli_spikes, cli_spec = sys.argv[1:5]
braille = os.path.join(examples, "braille.nir")
inputs = np.load(os.path.join(examples, "braille-input.npy"))


# compile: the same image as dynapse-compile, the report as --report has it.
deployment = d.compile(braille)
with open(cli_image, "rb") as f:
    check(deployment.image == f.read(), "compile: image identical to dynapse-compile")
check(deployment.report["cores"] == 2 and deployment.report["neurons"] == 47,
      "compile: report cores and neurons")
check(deployment.mlir.startswith("module") and "dynapse.network" in deployment.mlir,
      "compile: allocated MLIR")
check(isinstance(deployment.channels, dict) and deployment.samna_json.startswith("{"),
      "compile: samna JSON and channels")
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "net.dse2")
    deployment.save(path)
    with open(path, "rb") as f:
        check(f.read() == deployment.image, "save: .dse2 is the image")
    deployment.save(os.path.join(tmp, "net.json"))
    check(os.path.exists(os.path.join(tmp, "net.channels.json")),
          "save: .json writes the channel map beside it")
check(d.compile(open(braille, "rb").read()).image == deployment.image,
      "compile: bytes as a path")
check(d.compile(braille, chips=1, t_ref=2e-3).report["chips"] == 1,
      "compile: options by their names")

# simulate: dynapse-sim's output, bit for bit, for float32, uint8 and float64.
expected = np.load(cli_spikes)
out = d.simulate(braille, inputs)
check(out.dtype == np.float32 and out.shape == expected.shape
      and out.tobytes() == expected.tobytes(), "simulate: identical to dynapse-sim")
check(d.simulate(braille, inputs.astype(np.float64)).tobytes() == expected.tobytes(),
      "simulate: float64 input")
check(d.simulate(braille, inputs[0]).shape == expected.shape[1:],
      "simulate: (T, Nin) gives (T, N)")
check(d.simulate(deployment, inputs).shape == expected.shape,
      "simulate: a Deployment")
states = d.simulate(braille, inputs, record=["imem", "vmem"], model="dynapsim")
check(sorted(states) == ["imem", "spikes", "vmem"] and states["imem"].shape == expected.shape,
      "simulate: records")
reference = d.simulate(braille, inputs, model="reference", reset="subtract")
check(reference.shape == expected.shape, "simulate: the reference model")

# fidelity: the deployed network against the reference model, as --simulate.
agreement = d.fidelity(braille, deployment, inputs, labels=[0, 1])
check(sorted(agreement) == ["accuracy", "decision_agreement", "instances",
                            "populations", "reference_accuracy", "samples"]
      and agreement["samples"] == 2
      and [p["name"] for p in agreement["populations"]] == ["lif1.lif", "lif2"],
      "fidelity: agreement, accuracies and populations")
# ... and on 5 chip instances at the chip's mismatch level by default.
chips = agreement["instances"]
check(chips["seeds"] == [0, 1, 2, 3, 4] and chips["mismatch"] == d.CHIP_MISMATCH == 0.3
      and len(chips["accuracy"]["per_instance"]) == 5
      and chips["accuracy"]["worst"] == min(chips["accuracy"]["per_instance"]),
      "fidelity: chip instances")
check("instances" not in d.fidelity(braille, deployment, inputs, instances=0),
      "fidelity: instances=0 is the ideal chip only")
# simulate: K instances gain a leading axis; instance k is the chip of seed
# S + k - 1, the same as one mismatched run of that seed.
many = d.simulate(deployment, inputs, mismatch=0.3, seed=7, instances=3)
one = d.simulate(deployment, inputs, mismatch=0.3, seed=8)
check(many.shape == (3,) + one.shape and np.array_equal(many[1], one)
      and not np.array_equal(many[0], many[2]),
      "simulate: chip instances")
# Simulator: compiled once, run on many inputs and chips; chip 0 of a kernel
# with instances is the ideal chip, chip k the instance of seed + k - 1.
chips = d.Simulator(deployment, mismatch=0.3, seed=7, instances=3)
check(chips.chips == [1, 2, 3] and chips.neurons == one.shape[-1]
      and chips.inputs == inputs.shape[-1] and "imem" in chips.records,
      "Simulator: what it compiled")
check(np.array_equal(chips.run(inputs), many)
      and np.array_equal(chips.run(inputs, chips=[2]), one)
      and np.array_equal(chips.run(inputs[0], chips=[0]),
                         d.simulate(deployment, inputs[0])),
      "Simulator: runs as simulate does, chip by chip")
check(raises(d.Error, lambda: chips.run(inputs, chips=[4])) is not None,
      "Simulator: a chip it does not hold")
# The kernel layouts (samples in the SIMD lanes, or neurons) give the same
# bytes, for a batch with a partial group of samples and for one sample.
batch = np.concatenate([inputs] * 5)
layouts = {layout: d.Simulator(deployment, mismatch=0.3, instances=2, layout=layout)
           for layout in ("neurons", "samples", "auto")}
runs = {layout: (sim.run(batch), sim.run(inputs[0])) for layout, sim in layouts.items()}
check(all(np.array_equal(runs[l][k], runs["neurons"][k])
          for l in ("samples", "auto") for k in (0, 1)),
      "Simulator: the same spikes in every layout")
check(raises(d.Error, lambda: d.Simulator(deployment, layout="rows")) is not None,
      "Simulator: an unknown layout")
check(d.fidelity(braille, braille, inputs, model="reference")["decision_agreement"] == 1.0,
      "fidelity: the reference agrees with itself")
check(raises(d.Error, lambda: d.fidelity(braille, deployment, inputs, labels=[0, 9])) is not None,
      "fidelity: a label beyond the outputs")

# Wrong input: a clear Error or TypeError, no crash.
check(raises(TypeError, lambda: d.simulate(braille, inputs[0, 0])) is not None,
      "simulate: 1-D spikes are a TypeError")
check(raises(TypeError, lambda: d.simulate(braille, inputs.astype(str))) is not None,
      "simulate: strings are a TypeError")
message = raises(d.Error, lambda: d.simulate(braille, inputs[:, :, :5]))
check(message is not None and "5 input channels" in message, "simulate: width")
message = raises(d.Error, lambda: d.simulate(braille, -inputs.astype(np.float32)))
check(message is not None and "not negative" in message, "simulate: negative counts")
with_nan = inputs.astype(np.float32)
with_nan.flat[7] = np.nan
message = raises(d.Error, lambda: d.simulate(braille, with_nan))
check(message is not None and "[7] is nan" in message, "simulate: a NaN count, by its index")
message = raises(d.Error, lambda: d.simulate(braille, inputs, model="hh"))
check(message is not None and "--model must be one of" in message, "simulate: model")
check(raises(TypeError, lambda: d.compile(braille, colour="red")) is not None,
      "compile: unknown option is a TypeError")
message = raises(d.Error, lambda: d.compile("/nonexistent.nir"))
check(message is not None and "/nonexistent.nir" in message, "compile: missing file")
message = raises(d.Error, lambda: d.compile(b"not a network"))
check(message is not None, "compile: garbage bytes")
message = raises(ImportError, deployment.to_samna)
check(message is not None and "samna" in message, "to_samna without samna")

# A Rockpool spec dict.
import json
spec = json.load(open(cli_spec))
check(d.compile(spec).report["neurons"] == 47, "compile: a Rockpool spec dict")


# A NIR graph object, built as nir's dataclasses are (no nir import).
@dataclasses.dataclass
class Input:
    input_type: dict


@dataclasses.dataclass
class Output:
    output_type: dict


@dataclasses.dataclass
class Linear:
    weight: np.ndarray


@dataclasses.dataclass
class Affine:
    weight: np.ndarray
    bias: np.ndarray


@dataclasses.dataclass
class LIF:
    tau: np.ndarray
    r: np.ndarray
    v_leak: np.ndarray
    v_threshold: np.ndarray


@dataclasses.dataclass
class NIRGraph:
    nodes: dict
    edges: list


graph = NIRGraph(
    nodes={"input": Input({"input": np.array([3])}),
           "fc": Linear(np.array([[1.0, 0.5, 0.0], [0.0, 2.0, 1.0]], np.float32)),
           "lif": LIF(np.full(2, 0.01), np.ones(2), np.zeros(2), np.ones(2)),
           "output": Output({"output": np.array([2])})},
    edges=[("input", "fc"), ("fc", "lif"), ("lif", "output")])
check(d.compile(graph).report["neurons"] == 2, "compile: a NIR graph object")
check(d.simulate(graph, np.ones((20, 3), np.uint8)).shape == (20, 2),
      "simulate: a NIR graph object")

# Biases come from the bias source: one more channel, which the host drives
# every step (the channel map says so) and simulate drives itself.
biased = NIRGraph(
    nodes={"input": Input({"input": np.array([3])}),
           "fc": Affine(np.zeros((2, 3), np.float32), np.array([2.0, -2.0], np.float32)),
           "lif": LIF(np.full(2, 0.01), np.ones(2), np.zeros(2), np.ones(2)),
           "output": Output({"output": np.array([2])})},
    edges=[("input", "fc"), ("fc", "lif"), ("lif", "output")])
deployed = d.compile(biased)
check(deployed.channels.get("every_step") == [3] and deployed.report["every_step_inputs"] == 1,
      "compile: the bias source in the channel map and the report")
spikes = d.simulate(deployed, np.zeros((100, 3), np.float32))
check(spikes[:, 0].sum() > 0 and spikes[:, 1].sum() == 0,
      "simulate: drives the bias source (a positive bias fires, a negative one not)")

# calibrate: a fan-in of 70 keeps the synapses that deliver the most charge
# on the calibration input (only every seventh channel fires), as
# dynapse-compile --calibrate does.
wide = NIRGraph(
    nodes={"input": Input({"input": np.array([70])}),
           "fc": Linear(np.array([[0.5 + (i % 7) / 8 for i in range(70)]], np.float32)),
           "lif": LIF(np.full(1, 0.002), np.ones(1), np.zeros(1), np.ones(1)),
           "output": Output({"output": np.array([1])})},
    edges=[("input", "fc"), ("fc", "lif"), ("lif", "output")])
calibration = np.zeros((20, 70), np.uint8)
calibration[:, ::7] = 1
plain, calibrated = d.compile(wide), d.compile(wide, calibrate=calibration)
check("activity = array<f64:" in calibrated.mlir and "activity" not in plain.mlir
      and calibrated.image != plain.image, "compile: calibrate")
check(raises(TypeError, lambda: d.compile(wide, calibrate=np.zeros(3))) is not None,
      "compile: calibrate's shape")

finish()
