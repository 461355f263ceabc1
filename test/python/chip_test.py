"""The torch model of the chip and finetune (run by chip.test with Debian's
/usr/bin/python3, numpy, h5py and torch).

  chip_test.py OUTDIR

Builds a tiny snnTorch-convention network (8 inputs, 6 recurrent hidden
neurons with Affine biases, 3 outputs) and checks: the reference model in
torch equals dynapse_mlir.simulate(model="reference") spike for spike (both
resets); the chip model on the deployed image equals the se2 simulation on
the ideal chip and on mismatch instances; its weights computed from the
trained ones are the deployed image's; an instance's trained terms move as
the library's currents say; finetune is deterministic and writes a NIR
file with the same nodes that dynapse-compile deploys; bad input raises
Error and writes nothing.
"""
import io
import os
import subprocess
import sys

import h5py
import numpy as np
import torch

import dynapse_mlir as d
from dynapse_mlir import chip as C

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from checks import check, finish  # noqa: E402
# The benchmark's writer of NIR files in nir.write's layout (h5py only).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "bench", "fidelity"))
import nir_writer  # noqa: E402

out_dir = sys.argv[1]


def cuba(n, alpha, beta, dt=1e-4):
    tau_syn = np.full(n, dt / (1 - alpha), np.float32)
    tau_mem = np.full(n, dt / (1 - beta), np.float32)
    return ("CubaLIF", {"tau_syn": tau_syn, "tau_mem": tau_mem,
                        "r": tau_mem / np.float32(dt), "w_in": tau_syn / np.float32(dt),
                        "v_leak": np.zeros(n, np.float32),
                        "v_threshold": np.ones(n, np.float32),
                        "v_reset": np.zeros(n, np.float32)})


def tiny_network(path, readout=False):
    """8 -> 6 (recurrent, Affine biases of both signs) -> 3, as snnTorch
    exports RSynaptic/Synaptic (the layout of bench/fidelity/nir_writer.py)."""
    rng = np.random.default_rng(7)
    nodes = {
        "input": ("Input", {"shape": np.array([8], np.int64)}),
        "fc1": ("Affine", {"weight": rng.normal(0.35, 0.3, (6, 8)).astype(np.float32),
                           "bias": np.array([0.05, -0.04, 0.02, 0.0, 0.03, -0.02], np.float32)}),
        "lif1": cuba(6, 0.8, 0.9),
        "rec1": ("Linear", {"weight": rng.normal(0, 0.2, (6, 6)).astype(np.float32)}),
        "fc2": ("Linear", {"weight": rng.normal(0.3, 0.5, (3, 6)).astype(np.float32)}),
        "lif2": cuba(3, 0.8, 0.9) if not readout else
                ("LI", {"tau": np.full(3, 1e-3, np.float32), "r": np.ones(3, np.float32),
                        "v_leak": np.zeros(3, np.float32)}),
        "output": ("Output", {"shape": np.array([3], np.int64)}),
    }
    edges = [("input", "fc1"), ("fc1", "lif1"), ("lif1", "rec1"), ("rec1", "lif1"),
             ("lif1", "fc2"), ("fc2", "lif2"), ("lif2", "output")]
    nir_writer.write(path, nodes, edges)


torch.set_num_threads(1)
net = os.path.join(out_dir, "tiny.nir")
tiny_network(net)
rng = np.random.default_rng(3)
x = (rng.random((6, 40, 8)) < 0.3).astype(np.float32)

# The reference model, spike for spike, both resets.
for reset in ("zero", "subtract"):
    chip = C.Chip(net, reset=reset)
    with torch.no_grad():
        ours = chip.reference(torch.from_numpy(x)).numpy()
    theirs = d.simulate(net, x, model="reference", reset=reset)
    check(ours.shape == theirs.shape and (ours == theirs).all() and ours.sum() > 50,
          f"reference model ({reset} reset): equal to simulate(model='reference') "
          f"spike for spike ({int(ours.sum())} spikes)")

# The chip: the deployed image on the ideal chip and on instances.
chip = C.Chip(net)
xt = torch.from_numpy(x)
with torch.no_grad():
    ours = chip(xt).numpy()
theirs = d.simulate(chip.image, x)
check((ours == theirs).all() and ours.sum() > 20,
      f"chip model: equal to the se2 simulation of the deployed image ({int(ours.sum())} spikes)")
for seed in (4, 5):
    with torch.no_grad():
        ours = chip(xt, instance=chip.instance(seed, 0.3)).numpy()
    theirs = d.simulate(chip.image, x, mismatch=0.3, seed=seed)
    check((ours == theirs).all(), f"chip model: instance seed {seed} equals "
          "simulate(mismatch=0.3, seed) spike for spike")
with torch.no_grad():
    exc, inh = chip.trained_weights()
check(torch.equal(exc, chip.deployed_weights[0]) and torch.equal(inh, chip.deployed_weights[1]),
      "chip model: the trained weights through the conversion's gain, the kept "
      "fan-in and the cores' base currents are the deployed image's")

# An instance's trained terms move as the library's currents say.
described = C.describe(chip.image, mismatch=0.3, seeds=[9])["deployed"]
nominal = described["parameters"]
instance = {key: column[0] for key, column in described["instances"].items()}
dt = described["dt"]
t0, t1 = C.chip_terms(nominal, dt), C.chip_terms(instance, dt)
kappa = lambda p: (p["kappa_n"] + p["kappa_p"]) / 2
speed = lambda p, s: p["Itau_" + s] * kappa(p) / (p["Ut"] * p["C_" + s])
alpha_ratio = np.log(t1["alpha_exc"]) / np.log(t0["alpha_exc"])
check(np.allclose(alpha_ratio, speed(instance, "ampa") / speed(nominal, "ampa"), rtol=1e-9)
      and not np.allclose(alpha_ratio, 1, rtol=1e-3),
      "terms: ln alpha_exc scales by Itau kappa / (Ut C) of the AMPA circuit")
leak = lambda p: p["Itau_mem"] * kappa(p) / (p["Ut"] * p["C_mem"])
check(np.allclose((1 - t1["beta"]) / (1 - t0["beta"]), leak(instance) / leak(nominal), rtol=1e-9),
      "terms: 1 - beta scales by Itau_mem kappa / (Ut C_mem)")
check(np.allclose(t1["threshold"] / t0["threshold"], instance["Ispkthr"] / nominal["Ispkthr"]),
      "terms: the threshold scales by Ispkthr")
trained_alpha = chip.description["reference"]["parameters"]["alpha"]
check(np.allclose(t0["alpha_inh"], trained_alpha, rtol=0.03)
      and np.allclose(t0["beta"], chip.description["reference"]["parameters"]["beta"], rtol=0.01),
      "terms: the nominal chip realises the trained alpha and beta")
gain_ratio = t1["gain_exc"] / t0["gain_exc"]
check(np.all(gain_ratio > 0.2) and np.all(gain_ratio < 5) and np.std(gain_ratio) > 0.02,
      f"terms: the excitatory gain spreads over instances (std {np.std(gain_ratio):.2f})")

# finetune: deterministic, a NIR file dynapse-compile deploys as it is.
labels = rng.integers(0, 3, 24)
inputs = (rng.random((24, 30, 8)) < 0.25 + 0.1 * labels[:, None, None]).astype(np.uint8)
first = d.finetune(net, inputs, labels, epochs=2, batch_size=8, validation=0.25,
                   validation_instances=2, seed=1, threads=1, log=None,
                   output=os.path.join(out_dir, "tuned.nir"))
second = d.finetune(net, inputs, labels, epochs=2, batch_size=8, validation=0.25,
                    validation_instances=2, seed=1, threads=1, log=None)
check(first.nir == second.nir and len(first.history) == 3,
      "finetune: the same seed gives the same file and history")
with h5py.File(io.BytesIO(first.nir), "r") as tuned, h5py.File(net, "r") as original:
    same_nodes = set(tuned["node/nodes"]) == set(original["node/nodes"])
    changed = not np.array_equal(tuned["node/nodes/fc1/weight"][()],
                                 original["node/nodes/fc1/weight"][()])
    same_lif = np.array_equal(tuned["node/nodes/lif1/tau_mem"][()],
                              original["node/nodes/lif1/tau_mem"][()])
check(same_nodes and changed and same_lif,
      "finetune: the same nodes and neurons, new weights")
check(all(np.isfinite(h["loss"]) for h in first.history[1:]), "finetune: history of losses")

# Adapting to one chip: it trains and validates on that chip only, so the
# held-back "chips" score is that chip's as the simulator runs it.
adapted = d.finetune(net, inputs, labels, epochs=1, batch_size=8, validation=0.25,
                     chip_seed=7, seed=1, log=None)
start = adapted.history[0]
held = np.sort(np.random.default_rng(1).permutation(24)[:6])
on_chip = d.simulate(net, inputs[held].astype(np.float32), mismatch=0.3, seed=7)
chip_score = float((on_chip.sum(1)[:, -3:].argmax(1) == labels[held]).mean())
check(start["instances_mean"] == start["instances_worst"] == chip_score
      and len(adapted.history) == 2,
      f"finetune chip_seed=7: validates on chip 7 as simulated ({chip_score:.3f})")

# Bad input: Error, nothing written.
bad_path = os.path.join(out_dir, "bad.nir")


def refused(what, **kwargs):
    args = {"network": net, "inputs": inputs, "labels": labels, "epochs": 1,
            "log": None, "output": bad_path}
    args.update(kwargs)
    try:
        d.finetune(args.pop("network"), args.pop("inputs"), args.pop("labels"), **args)
    except d.Error as error:
        check(not os.path.exists(bad_path), f"finetune refuses {what}: {str(error)[:70]}")
        return
    check(False, f"finetune refuses {what}")


refused("labels out of range", labels=labels + 3)
refused("a label per sample missing", labels=labels[:-1])
refused("non-finite inputs", inputs=np.where(inputs > 0, np.nan, 0.0))
refused("negative inputs", inputs=-inputs.astype(np.float32))
refused("inputs of another width", inputs=inputs[:, :, :5])
refused("inputs of rank 2", inputs=inputs[0])
leaky = os.path.join(out_dir, "leaky-readout.nir")
tiny_network(leaky, readout=True)
refused("a network the chip cannot run (a leaky read-out)", network=leaky)
refused("bytes that are no NIR file", network=b"not a network")
refused("a chip seed without mismatch", chip_seed=3, mismatch=0.0)
refused("a negative chip seed", chip_seed=-1)
refused("a network file that does not exist", network=os.path.join(out_dir, "missing.nir"))

# The command line: writes nothing on bad input, exit 1.
np.save(os.path.join(out_dir, "x.npy"), inputs)
np.save(os.path.join(out_dir, "bad_labels.npy"), labels + 7)
cli = subprocess.run([sys.executable, "-m", "dynapse_mlir.finetune", net, "--inputs",
                      os.path.join(out_dir, "x.npy"), "--labels",
                      os.path.join(out_dir, "bad_labels.npy"), "-o", bad_path],
                     capture_output=True, text=True)
check(cli.returncode == 1 and "error:" in cli.stderr and not os.path.exists(bad_path),
      "finetune CLI: bad labels exit 1 and write nothing")
finish()
