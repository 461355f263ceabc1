"""Fidelity of the trained networks on DYNAP-SE2, against the networks as
trained.

  evaluate.py BUILD_DIR DATA_DIR [--models se2,dynapsim]

For each DATA_DIR/NAME.nir (from train.py): the reference model's accuracy
and its agreement with the torch run (decisions and identical spike counts),
then per chip model and conversion the accuracy and decision agreement of
the unquantised conversion and of the deployed image, the cores the image
uses and the compile time. Networks with biases also run fidelity with
--bias-source dc (biases in the cores' shared Idc), networks with a fan-in
above 64 with --calibrate on 200 training samples (calibration_input.npy).
Prints a Markdown table (docs/fidelity.md) and writes DATA_DIR/results.json.
"""
import json
import os
import subprocess
import sys
import time

import numpy as np

from train import NETWORKS, CLASSES, save_calibration, split

# Conversions to compare: name -> extra dynapse-compile/dynapse-sim flags.
CONVERSIONS = {"fidelity": ["--conversion", "fidelity"],
               "fidelity-dc": ["--conversion", "fidelity", "--bias-source", "dc"],
               "fidelity-calibrated": ["--conversion", "fidelity"],
               "rockpool": ["--conversion", "rockpool"]}
# The conversion that adds --calibrate, which only dynapse-compile takes: its
# unquantised network is fidelity's, and is not simulated again.
CALIBRATED = "fidelity-calibrated"
# Chip instances of every deployed image: the chip's mismatch level (every
# current and capacitance times 1 + 0.1 N(0, 1)), seeds 1..10.
MISMATCH, INSTANCES, FIRST_SEED = 0.3, 10, 1


def wanted(conversion, hidden, bias, recurrent):
    """fidelity-dc differs only with biases, fidelity-calibrated only with a
    fan-in above 64 (a recurrent layer of 64 inputs, or 100 hidden)."""
    if conversion == "fidelity-dc":
        return bias
    if conversion == CALIBRATED:
        return recurrent or hidden > 64
    return True


def run(command):
    result = subprocess.run(command, capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


def first_error(text):
    for line in text.splitlines():
        if "error:" in line:
            return line.split("error:", 1)[1].strip()[:120]
    return text.strip().splitlines()[-1][:120] if text.strip() else "failed"


def chip_accuracies(sim, image, flags, inputs, labels_path, scratch):
    """Accuracy of `image` on INSTANCES chip instances at MISMATCH (se2), as
    dynapse-sim --instances --labels prints it, and the seconds it took."""
    start = time.perf_counter()
    code, text = run([sim, image, *flags, "--model", "se2", "--input", inputs,
                      "--output", scratch, "--labels", labels_path,
                      "--mismatch", str(MISMATCH), "--seed", str(FIRST_SEED),
                      "--instances", str(INSTANCES), "--threads", "0"])
    seconds = time.perf_counter() - start
    if os.path.exists(scratch):
        os.remove(scratch)
    if code != 0:
        return "refused: " + first_error(text)
    line = next(l for l in text.splitlines() if l.startswith("accuracy of"))
    per_seed = [float(part.split()[-1]) for part in line.split(":", 1)[1].split(",")
                if part.strip().startswith("seed")]
    return {"per_instance": per_seed, "mean": float(np.mean(per_seed)),
            "worst": float(min(per_seed)), "seconds": seconds}


def decisions(path):
    counts = np.load(path).sum(axis=1)  # (B, neurons)
    return counts[:, -CLASSES:].argmax(axis=1), counts


def main():
    build, data = sys.argv[1], sys.argv[2]
    models = ["se2", "dynapsim"]
    if "--models" in sys.argv:
        models = sys.argv[sys.argv.index("--models") + 1].split(",")
    bin_dir = os.path.join(build, "bin")
    sim, compile_ = os.path.join(bin_dir, "dynapse-sim"), os.path.join(bin_dir, "dynapse-compile")
    inputs = os.path.join(data, "test_input.npy")
    labels = np.load(os.path.join(data, "test_labels.npy"))
    if not os.path.exists(os.path.join(data, "calibration_input.npy")):
        save_calibration(data, split()[0])  # data from before it was written
    results = {}
    rows = []
    for name, (hidden, reset, bias, recurrent, convention) in NETWORKS.items():
        nir = os.path.join(data, name + ".nir")
        if not os.path.exists(nir):
            continue
        read = ["--nir-convention", convention]
        torch_counts = np.load(os.path.join(data, name + ".torch.npy"))
        torch_decisions = torch_counts.argmax(axis=1)
        entry = {"torch_accuracy": float((torch_decisions == labels).mean())}
        out = os.path.join(data, name + ".reference.npy")
        code, text = run([sim, nir, *read, "--model", "reference", "--reset", reset,
                          "--input", inputs, "--output", out, "--threads", "0"])
        if code != 0:
            entry["reference"] = "failed: " + first_error(text)
            results[name] = entry
            continue
        reference, reference_counts = decisions(out)
        entry["reference_accuracy"] = float((reference == labels).mean())
        entry["reference_vs_torch_agreement"] = float((reference == torch_decisions).mean())
        entry["reference_vs_torch_identical_counts"] = float(
            (reference_counts[:, -CLASSES:] == torch_counts).all(axis=1).mean())
        for conversion, flags in CONVERSIONS.items():
            if not wanted(conversion, hidden, bias, recurrent):
                continue
            image = os.path.join(data, f"{name}.{conversion}.dse2")
            report = os.path.join(data, f"{name}.{conversion}.report.json")
            only = (["--calibrate", os.path.join(data, "calibration_input.npy")]
                    if conversion == CALIBRATED else [])
            start = time.perf_counter()
            code, text = run([compile_, nir, *read, *flags, *only, "-o", image,
                              "--quiet", "--report", report])
            compile_seconds = time.perf_counter() - start
            cores = None
            if code == 0:
                with open(report) as f:
                    cores = json.load(f)["cores"]
            for model in models:
                key = f"{conversion}/{model}"
                stages = {}
                for stage, network in (("unquantised", nir), ("deployed", image)):
                    if stage == "unquantised" and conversion == CALIBRATED:
                        stages[stage] = entry[f"fidelity/{model}"][stage]
                        continue
                    if stage == "deployed" and code != 0:
                        stages[stage] = "refused: " + first_error(text)
                        continue
                    out = os.path.join(data, f"{name}.{conversion}.{model}.{stage}.npy")
                    c, t = run([sim, network, *read, *flags, "--model", model,
                                "--input", inputs, "--output", out, "--threads", "0"])
                    if c != 0:
                        stages[stage] = "refused: " + first_error(t)
                        continue
                    decided, _ = decisions(out)
                    stages[stage] = {
                        "accuracy": float((decided == labels).mean()),
                        "agreement": float((decided == reference).mean())}
                stages["compile_seconds"] = compile_seconds if code == 0 else None
                stages["cores"] = cores
                entry[key] = stages
            if conversion == "fidelity" and code == 0:
                entry["instances"] = chip_accuracies(
                    sim, image, [*read, *flags], inputs,
                    os.path.join(data, "test_labels.npy"),
                    os.path.join(data, name + ".instances.npy"))
        results[name] = entry
        print(json.dumps({name: entry}), file=sys.stderr, flush=True)
    with open(os.path.join(data, "results.json"), "w") as f:
        json.dump(results, f, indent=2, sort_keys=True)
    print_table(results, models)
    print()
    print_instances_table(results)


def print_instances_table(results):
    print(f"Chip instances (`se2`, deployed image of `fidelity`, {INSTANCES} chips at "
          f"--mismatch {MISMATCH}, seeds {FIRST_SEED}..{FIRST_SEED + INSTANCES - 1}):")
    print()
    print("| network | reference | ideal chip | chip instances: mean / worst | "
          "report time |")
    print("|---|---|---|---|---|")
    for name, entry in results.items():
        chips = entry.get("instances")
        if not isinstance(chips, dict):
            continue
        ideal = entry.get("fidelity/se2", {}).get("deployed")
        print(f"| {name} | {100 * entry['reference_accuracy']:.1f} % | "
              f"{100 * ideal['accuracy']:.1f} % | {100 * chips['mean']:.1f} % / "
              f"{100 * chips['worst']:.1f} % | {chips['seconds']:.2f} s |"
              if isinstance(ideal, dict) else f"| {name} | | | | |")


def cell(stage):
    if isinstance(stage, dict):
        return f"{100 * stage['accuracy']:.1f} % / {stage['agreement']:.2f}"
    return stage.split(":")[0]


def print_table(results, models):
    print("| network | torch | reference (agreement with torch) | conversion / model "
          "| unquantised: accuracy / agreement | deployed: accuracy / agreement | cores | compile |")
    print("|---|---|---|---|---|---|---|---|")
    for name, entry in results.items():
        if "reference_accuracy" not in entry:
            print(f"| {name} | {100 * entry['torch_accuracy']:.1f} % | {entry['reference']} | | | | | |")
            continue
        head = (f"| {name} | {100 * entry['torch_accuracy']:.1f} % | "
                f"{100 * entry['reference_accuracy']:.1f} % "
                f"({entry['reference_vs_torch_agreement']:.3f}) |")
        for key, stages in entry.items():
            if "/" not in key:
                continue
            seconds, cores = stages["compile_seconds"], stages["cores"]
            print(f"{head} {key} | {cell(stages['unquantised'])} | {cell(stages['deployed'])} "
                  f"| {cores if cores is not None else '-'} "
                  f"| {'%.2f s' % seconds if seconds is not None else '-'} |")
            head = "| | | |"


if __name__ == "__main__":
    main()
