#!/usr/bin/python3
"""Simulator benchmark: dynapse-sim against NumPy and Brian2, side by side.

For N in --sizes: N DynapSim neurons, fan-in 64 (sources drawn from the N
neurons and 256 input channels), 20 Hz Poisson input, 1 s at dt = 1e-3, one
thread. Every contender runs the same equations (spec 7.3, float32) on the
same network and input:

  dynapse-sim   the JIT-compiled kernel (--timing: kernel time; compile apart)
  hand-written  bench/handwritten/dynapsim.cpp, g++ -O3 -ffast-math
                -march=native: the peer a C++ programmer would write
  numpy-dense   W^T s as a dense (N+Nin) x N product, as Rockpool computes it
  numpy-sparse  the same with a SciPy CSR matrix
  brian2        Brian2 C++ standalone (python3-brian), binary run time

and, for scale, dynapse-sim's se2 model (the hardware-faithful default,
separate AMPA/GABA/NMDA/SHUNT circuits) on the same network, which no peer
implements.

Then the workload people run most (--batched, on by default): the bundled
trained digits network (examples/digits/digits-dense.nir, deployed by
dynapse-compile) evaluated on its 600 bundled samples of 100 steps, with se2
and dynapsim, in both kernel layouts (--layout=neurons, and samples; auto
picks neurons for this 110-neuron network): the kernel's neuron-updates/s (--timing)
against the single large network's, and the whole dynapse-sim process
(reading, JIT compile, simulation, writing) against its simulate time. The
same for bench/fidelity's 50-neuron digits-zero image on its 500 test
samples (se2; auto picks sample lanes), where make fidelity has made it.

And where sample lanes pay (--crossover, on by default): networks built as
the single one, of 16 to 512 neurons, each on a batch of 64 samples of 200
steps, the kernel time of --layout=neurons over --layout=samples.

Each of dynapse-sim and the NumPy runs is timed --repeat times (default 5)
and the best time kept, so that a busy moment of the machine does not decide
a ratio; dynapse-sim's dynapsim runs alternate with the hand-written
kernel's (two runs in each of its processes); Brian2's binary runs once.
Prints a table (neuron-updates/s, real-time factor) and the ratios.
Usage: sim_bench.py BUILD_DIR [--sizes 256,1024,4096,16384] [--no-brian]
                    [--repeat 5] [--no-batched] [--no-crossover]
                    [--fidelity DIR]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

STEPS, DT, INPUTS, FAN_IN, RATE = 1000, 1e-3, 256, 64, 20.0
# dynapse-sim --timing's line (the compile marked when the kernel cache
# served it).
TIMING = (r"compile ([0-9.]+) s( \(kernel cache\))?, simulate ([0-9.]+) s: "
          r"([0-9.e+]+) neuron-updates/s")
# One LIF (tau_mem 20 ms, tau_syn 10 ms) as the conversion sets it, and
# DynapSim's layout constants.
CURRENTS = dict(Idc=0.0, If_nmda=0.0, Igain_ahp=0.0, Igain_mem=2.156028e-11,
                Igain_syn=9.751773e-9, Ipulse_ahp=0.0, Ipulse=3.5e-8,
                Iref=1.05e-9, Ispkthr=1.06e-8, Itau_ahp=0.0,
                Itau_mem=5.390071e-12, Itau_syn=9.751773e-11, Iw_ahp=0.0)
ISCALE = 1e-8


def make_network(n, rng):
    """(sources, targets, weights) of a fan-in-64 network, sources in
    0..n-1 (neurons) and n..n+INPUTS-1 (input channels)."""
    sources = np.concatenate([rng.choice(n + INPUTS, FAN_IN, replace=False)
                              for _ in range(n)])
    targets = np.repeat(np.arange(n), FAN_IN)
    weights = rng.uniform(-0.05, 0.15, size=n * FAN_IN).round(3)
    return sources, targets, weights


def write_mlir(path, n, sources, targets, weights):
    def sparse(mask, rows, offset):
        idx = ", ".join("[%d, %d]" % (s - offset, t)
                        for s, t in zip(sources[mask], targets[mask]))
        vals = ", ".join("%.17e" % float(w) for w in weights[mask])
        return "sparse<[%s], [%s]> : tensor<%dx%dxf64>" % (idx, vals, rows, n)
    rec, inp = sources < n, sources >= n
    cur = ",\n      ".join("%s = array<f64: %.17e>" % (k, v) for k, v in CURRENTS.items())
    with open(path, "w") as f:
        f.write("""dynapse.network @bench {
  %%in = dynapse.input : !dynapse.spikes<%d>
  %%w_in = dynapse.weights %%in {weights = %s} : !dynapse.spikes<%d> -> !dynapse.synaptic<%d>
  %%p = dynapse.population(%%w_in, %%w_rec) {
      %s,
      Iscale = %.17e : f64, dt = %.17e : f64}
      : (!dynapse.synaptic<%d>, !dynapse.synaptic<%d>) -> !dynapse.spikes<%d>
  %%w_rec = dynapse.weights %%p {weights = %s} : !dynapse.spikes<%d> -> !dynapse.synaptic<%d>
}
""" % (INPUTS, sparse(inp, INPUTS, n), INPUTS, n, cur, ISCALE, DT, n, n, n,
       sparse(rec, n, 0), n, n))


class Params:
    """Spec 7.3's precomputed constants, float32."""

    def __init__(self):
        f = np.float32
        c = {k: f(v) for k, v in CURRENTS.items()}
        self.io, ut, vth = f(5e-13), f(0.025), f(0.7)
        kappa = (f(0.75) + f(0.66)) / f(2)
        self.utk = ut / kappa
        fl = lambda x: max(x, self.io)
        itau_syn, igain_syn = fl(c["Itau_syn"]), fl(c["Igain_syn"])
        itau_ahp, igain_ahp = fl(c["Itau_ahp"]), fl(c["Igain_ahp"])
        self.itau_mem, self.igain_mem = fl(c["Itau_mem"]), fl(c["Igain_mem"])
        tau_syn = self.utk * f(24.5e-12) / itau_syn
        tau_ahp = self.utk * f(40e-12) / itau_ahp
        with np.errstate(divide="ignore"):
            t_pulse = vth * f(0.5e-12) / c["Ipulse"]
            t_pulse_ahp = vth * f(0.5e-12) / c["Ipulse_ahp"]
            self.t_ref = vth * f(1.5e-12) / c["Iref"]
        self.dt = f(DT)
        self.fd_syn = np.exp(-self.dt / tau_syn)
        self.fc_syn = f(1) - np.exp(-t_pulse / tau_syn)
        self.fd_ahp = np.exp(-self.dt / tau_ahp)
        self.fc_ahp = f(1) - np.exp(-t_pulse_ahp / tau_ahp)
        self.g_syn = igain_syn / itau_syn
        self.g_ahp = igain_ahp / itau_ahp * c["Iw_ahp"]
        self.g_mem = self.igain_mem / self.itau_mem
        self.kprime = kappa * kappa / (kappa + f(1))
        self.ut, self.idc, self.ispkthr = ut, c["Idc"], c["Ispkthr"]
        self.c_mem, self.iscale = f(3e-12), f(ISCALE)


HANDWRITTEN_CONSTANTS = ("io", "utk", "itau_mem", "igain_mem", "t_ref", "dt",
                         "fd_syn", "fc_syn", "fd_ahp", "fc_ahp", "g_syn", "g_ahp",
                         "g_mem", "kprime", "ut", "idc", "ispkthr", "c_mem", "iscale")


def build_handwritten(workdir):
    """bench/handwritten/dynapsim.cpp compiled as a C++ programmer would
    (None without g++)."""
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "handwritten", "dynapsim.cpp")
    binary = os.path.join(workdir, "handwritten-dynapsim")
    try:
        subprocess.run(["g++", "-std=c++17", "-O3", "-ffast-math", "-march=native",
                        source, "-o", binary, "-lmvec", "-lm"],
                       check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as error:
        print("hand-written kernel not built: %s" % error, file=sys.stderr)
        return None
    return binary


def handwritten_run(binary, workdir, n, sources, targets, weights, inputs, p, repeat):
    """(best simulate seconds, spikes) of the hand-written kernel."""
    net = os.path.join(workdir, "hand-net-%d.bin" % n)
    with open(net, "wb") as f:
        np.array([n, INPUTS, STEPS, len(sources)], "<i4").tofile(f)
        np.array([getattr(p, k) for k in HANDWRITTEN_CONSTANTS], "<f4").tofile(f)
        sources.astype("<i4").tofile(f)
        targets.astype("<i4").tofile(f)
        weights.astype("<f4").tofile(f)
    inp = os.path.join(workdir, "hand-in-%d.bin" % n)
    inputs.astype("<f4").tofile(inp)
    out = os.path.join(workdir, "hand-out-%d.bin" % n)
    result = subprocess.run([binary, net, inp, out, str(repeat)],
                            capture_output=True, text=True, check=True)
    seconds = float(re.search(r"simulate ([0-9.]+) s", result.stdout).group(1))
    return seconds, np.fromfile(out, "<f4").reshape(STEPS, n)


def numpy_run(n, product, inputs, p):
    """The DynapSim time loop, vectorised; `product(s)` is W^T s."""
    f = np.float32
    imem = np.full(n, p.io, f); isyn = imem.copy(); iahp = imem.copy()
    vmem = np.zeros(n, f); timer = np.zeros(n, f); spikes = np.zeros(n, f)
    source = np.zeros(n + INPUTS, f)
    out = np.zeros((STEPS, n), f)
    for t in range(STEPS):
        source[:n] = spikes
        source[n:] = inputs[t]
        iws = product(source).astype(f) * p.iscale
        isyn = p.fd_syn * isyn + p.fc_syn * np.maximum(p.g_syn * iws, p.io)
        iahp = np.maximum(p.fd_ahp * iahp + p.fc_ahp * (p.g_ahp * spikes), p.io)
        fb = np.exp(p.kprime * vmem / p.ut)
        leak = p.itau_mem + iahp
        iin = np.maximum((isyn - leak + p.idc) * (timer == 0), p.io)
        inf = p.g_mem * (iin - leak)
        fimem = (p.io * fb / leak) * (imem + p.igain_mem)
        tau = p.utk * p.c_mem / leak
        d = imem / (tau * (imem + p.igain_mem)) * (inf + fimem - imem * (f(1) + iahp / p.itau_mem))
        imem = np.maximum(imem + d * p.dt, p.io)
        vmem = p.utk * np.log(imem / p.io)
        spikes = np.maximum(np.ceil(np.log(imem / p.ispkthr)), 0).astype(f)
        fired = spikes > 0
        imem = np.where(fired, p.io, imem)
        timer = np.where(fired, p.t_ref, np.maximum(timer - p.dt, 0)).astype(f)
        out[t] = spikes
    return out


BRIAN_CODE = """
import sys, time, numpy as np
from brian2 import *
n, INPUTS, STEPS = %(n)d, %(inputs)d, %(steps)d
data = np.load(%(data)r)
set_device('cpp_standalone', build_on_run=False)
prefs.devices.cpp_standalone.openmp_threads = 0
defaultclock.dt = %(dt)r * second
p = %(params)s
ns = dict((k, float(v)) for k, v in p.items())
ns['inf'] = float('inf')
# The step runs at the end of each time step, after the synapses have
# delivered this step's input and the previous step's spikes (spec 7.3).
G = NeuronGroup(n, '''imem : 1
isyn : 1
iahp : 1
vmem : 1
timer : 1
spk : 1
x : 1''', threshold='spk > 0', namespace=ns)
G.imem = ns['io']; G.isyn = ns['io']; G.iahp = ns['io']
G.run_regularly('''isyn = fd_syn*isyn + fc_syn*clip(g_syn*x*iscale, io, inf)
iahp = clip(fd_ahp*iahp + fc_ahp*(g_ahp*spk), io, inf)
fb = exp(kprime*vmem/ut)
leak = itau_mem + iahp
iin = clip((isyn - leak + idc)*int(timer == 0), io, inf)
d = imem/((utk*c_mem/leak)*(imem + igain_mem))*(g_mem*(iin - leak) + (io*fb/leak)*(imem + igain_mem) - imem*(1 + iahp/itau_mem))
imem = clip(imem + d*dtv, io, inf)
vmem = utk*log(imem/io)
spk = clip(ceil(log(imem/ispkthr)), 0, inf)
timer = clip(timer - dtv, 0, inf)
timer = timer*int(spk == 0) + t_ref*int(spk > 0)
imem = imem*int(spk == 0) + io*int(spk > 0)
x = 0''', when='end')
inp = SpikeGeneratorGroup(INPUTS, data['in_idx'], data['in_t'] * defaultclock.dt)
S_in = Synapses(inp, G, 'w : 1', on_pre='x_post += w')
S_in.connect(i=data['in_src'], j=data['in_dst']); S_in.w = data['in_w']
S_rec = Synapses(G, G, 'w : 1', on_pre='x_post += w*spk_pre')
S_rec.connect(i=data['rec_src'], j=data['rec_dst']); S_rec.w = data['rec_w']
run(STEPS * defaultclock.dt)
device.build(directory=%(dir)r, compile=True, run=False)
t0 = time.perf_counter(); device.run(directory=%(dir)r, with_output=False, run_args=[]); print('RUN', time.perf_counter() - t0)
"""


def brian_run(n, sources, targets, weights, in_t, in_idx, p, workdir):
    """Brian2's standalone binary run time (s), or None if unavailable."""
    data = os.path.join(workdir, "brian-%d.npz" % n)
    rec, inp = sources < n, sources >= n
    np.savez(data, in_t=in_t, in_idx=in_idx, in_src=sources[inp] - n,
             in_dst=targets[inp], in_w=weights[inp], rec_src=sources[rec],
             rec_dst=targets[rec], rec_w=weights[rec])
    params = {k: float(getattr(p, k)) for k in (
        "io", "fd_syn", "fc_syn", "g_syn", "iscale", "fd_ahp", "fc_ahp",
        "g_ahp", "kprime", "ut", "itau_mem", "idc", "utk", "c_mem",
        "igain_mem", "g_mem", "ispkthr", "t_ref")}
    params["dtv"] = float(p.dt)
    script = BRIAN_CODE % dict(n=n, inputs=INPUTS, steps=STEPS, data=data, dt=DT,
                               params=repr(params),
                               dir=os.path.join(workdir, "brian-%d" % n))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True,
                            text=True)
    found = re.search(r"RUN ([0-9.e-]+)", result.stdout)
    if not found:
        print("brian2 failed for N=%d: %s" % (n, result.stderr[-2000:]), file=sys.stderr)
        return None
    return float(found.group(1))


def best_of(repeat, run):
    """(best time in seconds, result) of `repeat` calls of run()."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--sizes", default="120,256,1024,4096,16384")
    parser.add_argument("--dense-limit", type=int, default=4096)
    parser.add_argument("--no-brian", action="store_true")
    parser.add_argument("--workdir", help="keep networks and inputs here")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-batched", action="store_true")
    parser.add_argument("--no-crossover", action="store_true")
    parser.add_argument("--fidelity", help="bench/fidelity's output (default "
                        "BUILD/bench/fidelity), for its digits-zero image")
    args = parser.parse_args()
    sim = os.path.join(args.build, "bin", "dynapse-sim")
    workdir = args.workdir or tempfile.mkdtemp(prefix="dynapse-sim-bench-")
    os.makedirs(workdir, exist_ok=True)
    p = Params()
    handwritten = build_handwritten(workdir)
    rows = []
    hand = {}
    for n in [int(s) for s in args.sizes.split(",")]:
        rng = np.random.default_rng(n)
        sources, targets, weights = make_network(n, rng)
        net = os.path.join(workdir, "net-%d.mlir" % n)
        write_mlir(net, n, sources, targets, weights)
        spikes_in = (rng.random((STEPS, INPUTS)) < RATE * DT).astype(np.float32)
        inp = os.path.join(workdir, "in-%d.npy" % n)
        np.save(inp, spikes_in)
        out = os.path.join(workdir, "out-%d.npy" % n)
        # dynapse-sim and the hand-written kernel in turn, so that a slow
        # spell of the machine meets both alike (the peer twice a process:
        # its first run warms the caches).
        compile_s = jit_s = hand_s = float("inf")
        for _ in range(args.repeat):
            once = time_sim(sim, net, inp, out, "dynapsim", 1)
            compile_s, jit_s = min(compile_s, once[0]), min(jit_s, once[1])
            if handwritten:
                seconds, hand_spikes = handwritten_run(handwritten, workdir, n, sources,
                                                       targets, weights, spikes_in, p, 2)
                hand_s = min(hand_s, seconds)
        jit_spikes = np.load(out)
        _, se2_s = time_sim(sim, net, inp, out + ".se2.npy", "se2", args.repeat)
        if handwritten:
            hand[n] = (hand_s, float(np.mean(hand_spikes == jit_spikes)))
            print("N=%-6d hand-written C++ %.3g M/s; dynapse-sim (dynapsim) / hand-written "
                  "%.2fx; same spikes %.4f" % (n, n * STEPS / hand_s / 1e6, hand_s / jit_s,
                                               hand[n][1]))
        dense = np.zeros((n + INPUTS, n), np.float32)
        dense[sources, targets] = weights
        import scipy.sparse
        csr = scipy.sparse.csr_matrix(dense.T).astype(np.float32)
        sparse_s, sparse_spikes = best_of(
            args.repeat, lambda: numpy_run(n, lambda s: csr @ s, spikes_in, p))
        dense_s = None
        if n <= args.dense_limit:
            dense_s, dense_spikes = best_of(
                args.repeat, lambda: numpy_run(n, lambda s: s @ dense, spikes_in, p))
            agree = float(np.mean(dense_spikes == jit_spikes))
        else:
            agree = float(np.mean(sparse_spikes == jit_spikes))
        del dense
        brian_s = None
        if not args.no_brian:
            in_t, in_idx = np.nonzero(spikes_in)
            brian_s = brian_run(n, sources, targets, weights, in_t, in_idx, p, workdir)
        rows.append((n, compile_s, jit_s, dense_s, sparse_s, brian_s, agree,
                     float(jit_spikes.sum()) / n, se2_s))
        print_row(rows[-1])
        sys.stdout.flush()
    print()
    print("ratios (dynapse-sim speed-up, kernel time):")
    for n, _, jit_s, dense_s, sparse_s, brian_s, _, _, _ in rows:
        ratio = lambda s: "%.1fx" % (s / jit_s) if s else "n/a"
        print("  N=%-6d vs numpy-dense %s, vs numpy-sparse %s, vs brian2 %s"
              % (n, ratio(dense_s), ratio(sparse_s), ratio(brian_s)))
    if not args.no_batched:
        single = {n: (jit_s, se2_s) for n, _, jit_s, *_, se2_s in rows}
        batched(args.build, workdir, args.repeat, single,
                args.fidelity or os.path.join(args.build, "bench", "fidelity"))
    if not args.no_crossover:
        crossover(args.build, workdir, args.repeat)


def batched(build, workdir, repeat, single, fidelity):
    """The bundled digits network on its 600 samples, and bench/fidelity's
    50-neuron digits-zero image on its 500 test samples where `fidelity`
    holds them (make fidelity): the kernel rate against the single
    networks' (N -> (dynapsim s, se2 s) of STEPS steps), and the whole
    process against its simulate time."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    digits = os.path.join(root, "examples", "digits")
    image = os.path.join(workdir, "digits-dense.dse2")
    subprocess.run([os.path.join(build, "bin", "dynapse-compile"),
                    os.path.join(digits, "digits-dense.nir"), "-o", image,
                    "--quiet"], check=True, capture_output=True)
    samples = np.concatenate([np.load(os.path.join(digits, f + "-input.npy"))
                              for f in ("test", "train")])
    inp = os.path.join(workdir, "digits-600.npy")
    np.save(inp, samples)
    evaluate(build, workdir, repeat, single, "digits-dense image", image, inp,
             [(m, l) for m in ("se2", "dynapsim") for l in ("neurons", "samples")])
    zero = os.path.join(fidelity, "digits-zero.fidelity.dse2")
    test = os.path.join(fidelity, "test_input.npy")
    if os.path.exists(zero) and os.path.exists(test):
        evaluate(build, workdir, repeat, single, "digits-zero image (bench/fidelity)",
                 zero, test, [("se2", "auto"), ("se2", "neurons")])


def evaluate(build, workdir, repeat, single, name, image, inp, runs):
    """One image on its samples, with each (model, layout) of `runs`."""
    samples = np.load(inp, mmap_mode="r")
    sim = os.path.join(build, "bin", "dynapse-sim")
    print()
    print("batched evaluation: %s, %d samples x %d steps, one thread"
          % (name, samples.shape[0], samples.shape[1]))
    for model, layout in runs:
        # Cold: every process compiles (cache off); warm: the kernel cache
        # (a fresh one, filled by the first run) serves the kernel.
        cache = os.path.join(workdir, "kernel-cache-%s-%s" % (model, layout))
        shutil.rmtree(cache, ignore_errors=True)
        line = "  %-8s %-7s" % (model, layout)
        for label, setting in (("cold", "off"), ("warm", cache)):
            best = None
            for _ in range(repeat + (label == "warm")):
                out = os.path.join(workdir, "batched-out.npy")
                t0 = time.perf_counter()
                result = subprocess.run(
                    [sim, image, "--input", inp, "--output", out, "--model", model,
                     "--layout", layout, "--threads", "1", "--timing", "--quiet"],
                    capture_output=True, text=True, check=True,
                    env=dict(os.environ, DYNAPSE_KERNEL_CACHE=setting))
                wall = time.perf_counter() - t0
                found = re.search(TIMING, result.stderr)
                row = (wall, float(found.group(1)), float(found.group(3)),
                       float(found.group(4)))
                best = row if best is None or row[0] < best[0] else best
            wall, compile_s, simulate_s, rate = best
            line += (" | %s: process %.3f s = %.1fx simulate (compile %.3f s, "
                     "simulate %.3f s, %.1f M/s)" % (label, wall, wall / simulate_s,
                                                     compile_s, simulate_s, rate / 1e6))
        for n, times in sorted(single.items()):
            large = n * STEPS / times[0 if model == "dynapsim" else 1]
            line += "; %.2fx N=%d's rate" % (rate / large, n)
        print(line)


def crossover(build, workdir, repeat, sizes=(16, 32, 64, 128, 256, 512),
              batch=64, steps=200):
    """The kernel time of neuron lanes over sample lanes, on networks built
    as the single one, a batch of `batch` samples x `steps` steps each."""
    sim = os.path.join(build, "bin", "dynapse-sim")
    print()
    print("layouts: neuron lanes' kernel time / sample lanes', fan-in 64, "
          "%d samples x %d steps, one thread (above 1: sample lanes faster)"
          % (batch, steps))
    cases = []
    for n in sizes:
        rng = np.random.default_rng(n)
        net = os.path.join(workdir, "crossover-%d.mlir" % n)
        write_mlir(net, n, *make_network(n, rng))
        inp = os.path.join(workdir, "crossover-%d-input.npy" % n)
        np.save(inp, (rng.random((batch, steps, INPUTS)) < RATE * DT).astype(np.float32))
        cases.append((n, net, inp))
    cache = os.path.join(workdir, "kernel-cache-crossover")
    for model in ("se2", "dynapsim"):
        line = "  %-8s" % model
        for n, net, inp in cases:
            best = {}
            for _ in range(repeat):
                for layout in ("neurons", "samples"):
                    result = subprocess.run(
                        [sim, net, "--input", inp, "--output",
                         os.path.join(workdir, "crossover-out.npy"), "--model", model,
                         "--layout", layout, "--threads", "1", "--timing", "--quiet"],
                        capture_output=True, text=True, check=True,
                        env=dict(os.environ, DYNAPSE_KERNEL_CACHE=cache))
                    t = float(re.search(TIMING, result.stderr).group(3))
                    best[layout] = min(best.get(layout, t), t)
            line += " | N=%d %.2fx" % (n, best["neurons"] / best["samples"])
        print(line)


def time_sim(sim, net, inp, out, model, repeat):
    """The best compile and kernel times of `repeat` dynapse-sim runs."""
    compile_s, jit_s = float("inf"), float("inf")
    for _ in range(repeat):
        result = subprocess.run([sim, net, "--input", inp, "--output", out,
                                 "--model", model, "--threads", "1", "--timing"],
                                capture_output=True, text=True, check=True,
                                env=dict(os.environ, DYNAPSE_KERNEL_CACHE="off"))
        timing = re.search(TIMING, result.stderr)
        compile_s = min(compile_s, float(timing.group(1)))
        jit_s = min(jit_s, float(timing.group(3)))
    return compile_s, jit_s


def print_row(row):
    n, compile_s, jit_s, dense_s, sparse_s, brian_s, agree, spikes, se2_s = row
    updates = n * STEPS
    fmt = lambda s: "%9.3g M/s (RTF %6.1f)" % (updates / s / 1e6, STEPS * DT / s) if s else "%26s" % "n/a"
    print("N=%-6d dynapse-sim %s [compile %.2f s] | numpy-dense %s | numpy-sparse %s | brian2 %s | "
          "spikes/neuron %.1f, same spikes as numpy %.4f | dynapse-sim se2 %s"
          % (n, fmt(jit_s), compile_s, fmt(dense_s), fmt(sparse_s), fmt(brian_s), spikes, agree,
             fmt(se2_s)))


if __name__ == "__main__":
    main()
