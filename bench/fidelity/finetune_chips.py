"""The bench networks on chip instances before and after
dynapse_mlir.finetune, and the torch model of the chip against the
simulator (docs/finetune.md).

  PYTHONPATH=build/python /usr/bin/python3 bench/fidelity/finetune_chips.py \\
      DATA_DIR [--networks digits-zero,digits-dense] [--epochs 40] [--threads 1] \\
      [--json OUT.json]

DATA_DIR is train.py's output. Per network: the reference model's test
accuracy; the deployed image (dynapse_mlir.compile, the defaults) on the
ideal chip and on 10 chip instances (se2, --mismatch 0.3, seeds 1..10, as
dynapse-sim --model se2 --mismatch 0.3 --seed S simulates them); the torch
model of the chip against the simulator on the same image (decision
agreement and rate ratio on 3 instances); finetune on the training split
(train.py's, never the test set) and its time; the tuned network deployed
the same way. Prints a Markdown table and writes DATA_DIR/finetune.json
(or --json).
"""
import json
import os
import sys
import time

import numpy as np

import dynapse_mlir as d
from dynapse_mlir.chip import Chip

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train import CLASSES, NETWORKS, split  # noqa: E402

MISMATCH, SEEDS = 0.3, range(1, 11)


def accuracy(spikes, labels):
    return float((spikes.sum(1)[:, -CLASSES:].argmax(1) == labels).mean())


def chips(deployment, x, y):
    """Ideal chip and the 10 instances: accuracies."""
    ideal = accuracy(d.simulate(deployment, x), y)
    per_seed = [accuracy(d.simulate(deployment, x, mismatch=MISMATCH, seed=s), y)
                for s in SEEDS]
    return {"ideal": ideal, "instances": per_seed,
            "mean": float(np.mean(per_seed)), "worst": float(min(per_seed))}


def module_agreement(nir, x, options):
    """The torch model of the deployed chip against the simulator on the
    same image: decision agreement and output rate ratio per instance."""
    import torch
    chip = Chip(nir, **options)
    deployment_image = chip.image
    rows = []
    for seed in (1, 2, 3):
        with torch.no_grad():
            model = chip(torch.from_numpy(x), instance=chip.instance(seed, MISMATCH)).numpy()
        sim = d.simulate(deployment_image, x, mismatch=MISMATCH, seed=seed)
        a, b = model.sum(1), sim.sum(1)
        rows.append({"seed": seed,
                     "agreement": float((a[:, -CLASSES:].argmax(1) == b[:, -CLASSES:].argmax(1)).mean()),
                     "rate_ratio": float(a.sum() / max(b.sum(), 1)),
                     "identical_spikes": float((model == sim).mean())})
    return rows


def main():
    data = sys.argv[1]
    names = list(NETWORKS)
    epochs, threads = 40, 1
    if "--networks" in sys.argv:
        names = sys.argv[sys.argv.index("--networks") + 1].split(",")
    if "--epochs" in sys.argv:
        epochs = int(sys.argv[sys.argv.index("--epochs") + 1])
    if "--threads" in sys.argv:
        threads = int(sys.argv[sys.argv.index("--threads") + 1])
    output = os.path.join(data, "finetune.json")
    if "--json" in sys.argv:
        output = sys.argv[sys.argv.index("--json") + 1]
    x_train, y_train, x_test, y_test = split()
    x_test = x_test.astype(np.float32)
    results = {}
    for name in names:
        hidden, reset, bias, recurrent, convention = NETWORKS[name]
        nir = os.path.join(data, name + ".nir")
        options = {"nir_convention": convention}
        entry = {"reference": accuracy(d.simulate(nir, x_test, model="reference",
                                                  reset=reset, **options), y_test)}
        entry["before"] = chips(d.compile(nir, **options), x_test, y_test)
        entry["module_vs_simulator"] = module_agreement(nir, x_test, options)
        tuned = os.path.join(data, name + ".tuned.nir")
        start = time.perf_counter()
        result = d.finetune(nir, x_train, y_train, mismatch=MISMATCH, reset=reset,
                            epochs=epochs, threads=threads, output=tuned,
                            log=lambda line: print(f"{name}: {line}", file=sys.stderr,
                                                   flush=True), **options)
        entry["finetune_seconds"] = time.perf_counter() - start
        entry["kept_epoch"] = result.best_epoch
        entry["history"] = result.history
        entry["after"] = chips(d.compile(tuned, **options), x_test, y_test)
        results[name] = entry
        print(json.dumps({name: {k: v for k, v in entry.items() if k != "history"}}),
              file=sys.stderr, flush=True)
    with open(output, "w") as f:
        json.dump(results, f, indent=2)
    print(f"| network | reference | before: ideal / {len(SEEDS)} chips mean / worst "
          f"| after finetune: ideal / mean / worst | finetune | model vs simulator: "
          "agreement / rate ratio |")
    print("|---|---|---|---|---|---|")
    pct = lambda v: f"{100 * v:.1f} %"
    for name, e in results.items():
        b, a = e["before"], e["after"]
        m = e["module_vs_simulator"]
        print(f"| {name} | {pct(e['reference'])} | {pct(b['ideal'])} / {pct(b['mean'])} / "
              f"{pct(b['worst'])} | {pct(a['ideal'])} / {pct(a['mean'])} / {pct(a['worst'])} "
              f"| {e['finetune_seconds']:.0f} s | "
              f"{min(r['agreement'] for r in m):.3f} / "
              f"{min(r['rate_ratio'] for r in m):.3f}–{max(r['rate_ratio'] for r in m):.3f} |")


if __name__ == "__main__":
    main()
