"""Writes two DynapSim networks and a batch of 9 input trains of 4 channels
into the directory argv[1]:
- sparse.mlir: 600 neurons, neuron t fed by t + 75 j (j = 0..7) and by
  input t % 4, with 5400 distinct weights: too many for a palette;
- dense.mlir: 80 neurons all-to-all and every input to every neuron, with
  weights on grids of 0.005 and 0.1: a palette."""
import os
import sys

import numpy as np

INPUTS, STEPS = 4, 50
# One LIF as the conversion sets it (bench/sim_bench.py's).
CURRENTS = dict(Idc=0.0, If_nmda=0.0, Igain_ahp=0.0, Igain_mem=2.156028e-11,
                Igain_syn=9.751773e-9, Ipulse_ahp=0.0, Ipulse=3.5e-8,
                Iref=1.05e-9, Ispkthr=1.06e-8, Itau_ahp=0.0,
                Itau_mem=5.390071e-12, Itau_syn=9.751773e-11, Iw_ahp=0.0)


def sparse_attr(weights):
    rows, cols = np.nonzero(weights)
    idx = ", ".join("[%d, %d]" % (r, c) for r, c in zip(rows, cols))
    vals = ", ".join("%.17e" % w for w in weights[rows, cols])
    return "sparse<[%s], [%s]> : tensor<%dx%dxf64>" % (idx, vals,
                                                     *weights.shape)


def write(path, inputs, recurrent):
    n = recurrent.shape[0]
    currents = ",\n      ".join("%s = array<f64: %.17e>" % (k, v)
                                for k, v in CURRENTS.items())
    with open(path, "w") as f:
        f.write("""dynapse.network @formats {
  %%in = dynapse.input : !dynapse.spikes<%d>
  %%w_in = dynapse.weights %%in {weights = %s} : !dynapse.spikes<%d> -> !dynapse.synaptic<%d>
  %%p = dynapse.population(%%w_in, %%w_rec) {%s,
      Iscale = 1.0e-08 : f64, dt = 1.0e-03 : f64}
      : (!dynapse.synaptic<%d>, !dynapse.synaptic<%d>) -> !dynapse.spikes<%d>
  %%w_rec = dynapse.weights %%p {weights = %s} : !dynapse.spikes<%d> -> !dynapse.synaptic<%d>
}
""" % (INPUTS, sparse_attr(inputs), INPUTS, n, currents, n, n, n,
       sparse_attr(recurrent), n, n))


out = sys.argv[1]
rng = np.random.default_rng(7)
n = 600
recurrent = np.zeros((n, n))
for t in range(n):
    recurrent[(t + 75 * np.arange(8)) % n, t] = rng.uniform(0.01, 0.05, 8)
inputs = np.zeros((INPUTS, n))
inputs[np.arange(n) % INPUTS, np.arange(n)] = rng.uniform(2.0, 3.0, n)
write(os.path.join(out, "sparse.mlir"), inputs, recurrent)
n = 80
write(os.path.join(out, "dense.mlir"),
      rng.uniform(5, 15, (INPUTS, n)).round(1),
      (rng.uniform(-0.02, 0.03, (n, n)) / 0.005).round() * 0.005)
np.save(os.path.join(out, "in.npy"),
        (rng.random((9, STEPS, INPUTS)) < 0.3).astype(np.uint8))
