"""Adapting to one chip (docs/finetune.md): the robust tuned network of
finetune_chips.py against the same network adapted to chip S
(finetune(chip_seed=S), starting from the tuned file), on chips 1..3.

  PYTHONPATH=build/python /usr/bin/python3 bench/fidelity/adapt_chips.py \\
      NETWORK [EPOCHS=10] [LR=2e-3] [DATA_DIR=build/bench/fidelity]

Prints, per chip: its test accuracy with the robust network and with the
adapted one, the adapted network on the ideal chip and on chips 4..6 (what
adapting costs elsewhere), the kept epoch and the time.
"""
import os
import sys
import time

import numpy as np

import dynapse_mlir as d

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train  # noqa: E402
from finetune_chips import accuracy  # noqa: E402

name = sys.argv[1]
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
lr = float(sys.argv[3]) if len(sys.argv) > 3 else 2e-3
data = sys.argv[4] if len(sys.argv) > 4 else os.path.join("build", "bench", "fidelity")
hidden, reset, bias, recurrent, convention = train.NETWORKS[name]
x_train, y_train, x_test, y_test = train.split()
x_test = x_test.astype(np.float32)
tuned = os.path.join(data, name + ".tuned.nir")
robust = d.compile(tuned, nir_convention=convention)
for s in (1, 2, 3):
    before = accuracy(d.simulate(robust, x_test, mismatch=0.3, seed=s), y_test)
    t = time.time()
    r = d.finetune(tuned, x_train.astype(np.float32), y_train, reset=reset, nir_convention=convention,
                   chip_seed=s, epochs=epochs, lr=lr, log=None, output=os.path.join(data, f"{name}.chip{s}.nir"))
    took = time.time() - t
    adapted = d.compile(os.path.join(data, f"{name}.chip{s}.nir"), nir_convention=convention)
    after = accuracy(d.simulate(adapted, x_test, mismatch=0.3, seed=s), y_test)
    ideal = accuracy(d.simulate(adapted, x_test), y_test)
    others = [accuracy(d.simulate(adapted, x_test, mismatch=0.3, seed=o), y_test) for o in (4, 5, 6)]
    print(name, "chip", s, "robust %.1f -> adapted %.1f (ideal %.1f, chips 4-6 %.1f) kept %d, %.0f s" % (100*before, 100*after, 100*ideal, 100*np.mean(others), r.best_epoch, took), flush=True)
