#!/usr/bin/python3
"""Spike identity across simulator changes: fingerprints of dynapse-sim's
outputs on the bundled examples, the benchmark networks and the anchor
network, for each chip model, 1 and 2 threads, the ideal chip and
mismatched instances, with and without --record, each in every kernel
layout (--layout=neurons, samples and auto), which must agree.

A change to the kernel that must keep today's spikes runs this before
(--save FILE) and after (--check FILE); --check prints every case whose
output differs and exits 1. The fingerprints belong to one machine (its
vector width decides today's float32 results), so they are not committed.

Usage: spike_identity.py BUILD_DIR (--save FILE | --check FILE)
                         [--fidelity DIR]   bench/fidelity/train.py's output
                                            (default BUILD_DIR/bench/fidelity)
                         [--one-layout]     run each case once, without
                                            --layout (a build older than it)
"""
import argparse
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import sim_bench  # noqa: E402  (the anchor network)


def anchor(workdir, n=1024):
    """sim_bench's fan-in-64 network of n neurons and its input."""
    rng = np.random.default_rng(n)
    sources, targets, weights = sim_bench.make_network(n, rng)
    net = os.path.join(workdir, "anchor-%d.mlir" % n)
    sim_bench.write_mlir(net, n, sources, targets, weights)
    spikes = (rng.random((sim_bench.STEPS, sim_bench.INPUTS))
              < sim_bench.RATE * sim_bench.DT).astype(np.float32)
    inp = os.path.join(workdir, "anchor-%d-input.npy" % n)
    np.save(inp, spikes)
    return net, inp


def networks(workdir, fidelity):
    """(name, network, input) of every case."""
    examples = os.path.join(ROOT, "examples")
    digits = os.path.join(examples, "digits", "test-input.npy")
    rng = np.random.default_rng(7)
    lif_input = os.path.join(workdir, "two-layer-lif-input.npy")
    np.save(lif_input, (rng.random((4, 300, 3)) < 0.1).astype(np.float32))
    cases = [("two-layer-lif", os.path.join(examples, "two-layer-lif.dynapse.mlir"),
              lif_input),
             ("braille", os.path.join(examples, "braille.nir"),
              os.path.join(examples, "braille-input.npy")),
             ("digits-dense-example", os.path.join(examples, "digits", "digits-dense.nir"),
              digits)]
    for image in sorted(glob.glob(os.path.join(fidelity, "digits-*.dse2"))):
        cases.append((os.path.basename(image)[:-5], image, digits))
    cases.append(("anchor-1024",) + anchor(workdir))
    return cases


def fingerprint(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def run_case(sim, network, inp, options, workdir):
    """The fingerprint of the output (and of every record) of one run."""
    out = os.path.join(workdir, "out.npy")
    record_dir = os.path.join(workdir, "records")
    command = [sim, network, "--input", inp, "--output", out, "--quiet"] + options
    recording = any(option.startswith("--record") for option in options)
    if recording:
        shutil.rmtree(record_dir, ignore_errors=True)
        os.makedirs(record_dir)
        command += ["--record-dir", record_dir]
    subprocess.run(command, check=True, capture_output=True,
                   env=dict(os.environ, DYNAPSE_KERNEL_CACHE="off"))
    result = {"spikes": fingerprint(out)}
    if recording:
        for name in sorted(os.listdir(record_dir)):
            result[name] = fingerprint(os.path.join(record_dir, name))
    return result


def variants(name):
    """The option sets each network runs with."""
    for model in ("se2", "dynapsim"):
        for threads in ("1", "2"):
            yield [f"--model={model}", f"--threads={threads}"]
        yield [f"--model={model}", "--mismatch=0.3", "--seed=3"]
        if not name.startswith("anchor"):
            yield [f"--model={model}", "--mismatch=0.3", "--instances=3"]
    if name in ("two-layer-lif", "digits-dense-example"):
        yield ["--model=se2", "--record=imem,vmem,isyn,iahp,iampa,igaba,inmda,ishunt"]
        yield ["--model=dynapsim", "--record=imem,vmem,isyn,iahp"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save")
    group.add_argument("--check")
    parser.add_argument("--fidelity")
    parser.add_argument("--one-layout", action="store_true")
    args = parser.parse_args()
    sim = os.path.join(args.build, "bin", "dynapse-sim")
    fidelity = args.fidelity or os.path.join(args.build, "bench", "fidelity")
    workdir = tempfile.mkdtemp(prefix="dynapse-spike-identity-")
    results = {}
    layouts_differ = 0
    for name, network, inp in networks(workdir, fidelity):
        for options in variants(name):
            key = name + " " + " ".join(options)
            if args.one_layout:
                results[key] = run_case(sim, network, inp, options, workdir)
                continue
            results[key] = run_case(sim, network, inp, options + ["--layout=neurons"],
                                    workdir)
            for layout in ("samples", "auto"):
                other = run_case(sim, network, inp, options + ["--layout=" + layout],
                                 workdir)
                if other != results[key]:
                    layouts_differ += 1
                    print("%s: layout=%s differs from layout=neurons" % (key, layout))
    if args.save:
        with open(args.save, "w") as f:
            json.dump(results, f, indent=1, sort_keys=True)
        print("%d cases saved to %s; %d where the layouts differ"
              % (len(results), args.save, layouts_differ))
        return 1 if layouts_differ else 0
    expected = json.load(open(args.check))
    failures = 0
    for key, outputs in sorted(results.items()):
        if key not in expected:
            print("new case (not compared): " + key)
            continue
        differing = sorted(set(outputs) | set(expected[key]))
        differing = [k for k in differing if expected[key].get(k) != outputs.get(k)]
        if differing:
            failures += "spikes" in differing
            print("%s: %s differ" % (key, ", ".join(differing)))
    print("%d cases, %d with different spikes, %d where the layouts differ"
          % (len(results), failures, layouts_differ))
    return 1 if failures or layouts_differ else 0


if __name__ == "__main__":
    sys.exit(main())
