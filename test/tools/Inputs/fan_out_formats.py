"""Writes two DynapSim networks of 1024 neurons into the directory argv[1],
neuron t fed by neurons t + 1 .. t + 64 (mod 1024) and by input channel
t % 4, with weights on grids of 0.0005 and 0.1 (about 110 distinct):
- palette.mlir: 66560 fan-out entries, enough for a palette (at least
  65536);
- silent.mlir: the same, and every neuron also fed by channels 4..8 with
  5120 distinct weights: too many for a palette, so every entry keeps its
  weight. These channels never fire (in.npy), so both networks must write
  the same bytes;
and in.npy: a batch of 9 input trains of the 9 channels, 4..8 silent."""
import os
import sys

import numpy as np

ACTIVE, INPUTS, STEPS = 4, 9, 50
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
n, fan_in = 1024, 64
sources = (np.arange(n)[None, :] + np.arange(1, fan_in + 1)[:, None]) % n
targets = np.broadcast_to(np.arange(n), sources.shape)
recurrent = np.zeros((n, n))
recurrent[sources, targets] = rng.uniform(0.0005, 0.006, sources.shape)
recurrent = (recurrent / 0.0005).round() * 0.0005
inputs = np.zeros((INPUTS, n))
inputs[np.arange(n) % ACTIVE, np.arange(n)] = rng.uniform(5, 15, n).round(1)
write(os.path.join(out, "palette.mlir"), inputs, recurrent)
inputs[ACTIVE:] = rng.uniform(1, 2, (INPUTS - ACTIVE, n))
write(os.path.join(out, "silent.mlir"), inputs, recurrent)
trains = (rng.random((9, STEPS, INPUTS)) < 0.3).astype(np.uint8)
trains[:, :, ACTIVE:] = 0
np.save(os.path.join(out, "in.npy"), trains)
