"""snnTorch's Synaptic/RSynaptic/Leaky, in float32, in pure Python (for
lit): the check of `dynapse-sim --model reference`.

  snntorch_reference.py network RESET OUT.mlir OUT_INPUT.npy
      writes a small network (4 inputs, 6 recurrent CubaLIF with biases and
      a recurrent bias, 3 LIF) in the snn dialect under the snntorch
      convention, and an input
  snntorch_reference.py check RESET INPUT.npy OUTPUT.npy
      RESET: zero or subtract, with "-delay" for reset_delay=True
      steps the same network by the equations of snnTorch and compares
      every spike with OUTPUT (float32 .npy, steps x 9)

Every value is a float32; each operation is rounded to float32, as torch's
float32 tensors compute it (double rounding is exact for + - * /).
"""
import struct
import sys

from npy import load, save


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


DT = 1e-4
STEPS, INPUTS, HIDDEN, OUT = 120, 4, 6, 3


def lcg_values(count, seed, scale):
    """Deterministic weights, multiples of 1/64 (exact in float32)."""
    state, values = seed, []
    for _ in range(count):
        state = (state * 1103515245 + 12345) % 2**31
        values.append((state % 129 - 48) / 64.0 * scale)
    return values


W_IN = [lcg_values(INPUTS, 11 + j, 0.5) for j in range(HIDDEN)]
BIAS = [0.0, 0.125, -0.0625, 0.0, 0.25, 0.03125]
W_REC = [lcg_values(HIDDEN, 101 + j, 0.375) for j in range(HIDDEN)]
REC_BIAS = [0.0625, 0.0, -0.125, 0.03125, 0.0, -0.0625]
W_OUT = [lcg_values(HIDDEN, 201 + j, 1.5) for j in range(OUT)]
TAU_SYN = [f32(DT / (1 - a)) for a in (0.5, 0.75, 0.875, 0.6, 0.9, 0.8)]
TAU_MEM = [f32(DT / (1 - b)) for b in (0.9, 0.95, 0.8, 0.85, 0.7, 0.99)]
THRESHOLD = [4.0, 0.25, 1.25, 3.0, 1.5, 2.0]
TAU_OUT, THRESHOLD_OUT = f32(DT / (1 - 0.875)), 1.0


def dense(rows):
    return "[" + ", ".join("[" + ", ".join(repr(v) for v in r) + "]"
                           for r in rows) + "]"


def vector(values):
    return "[" + ", ".join(repr(v) for v in values) + "]"


def write_network(path):
    with open(path, "w") as f:
        f.write(f"""snn.graph @net(%in: tensor<{INPUTS}xf64>) -> (tensor<{OUT}xf64>) attributes {{convention = "snntorch", dt = {DT!r} : f64}} {{
  %fc = snn.affine(%in) {{name = "fc", weight = dense<{dense(W_IN)}> : tensor<{HIDDEN}x{INPUTS}xf64>, bias = dense<{vector(BIAS)}> : tensor<{HIDDEN}xf64>}} : (tensor<{INPUTS}xf64>) -> tensor<{HIDDEN}xf64>
  %h = snn.cuba_lif(%fc, %rec) {{name = "hidden", tau_syn = dense<{vector(TAU_SYN)}> : tensor<{HIDDEN}xf64>, tau_mem = dense<{vector(TAU_MEM)}> : tensor<{HIDDEN}xf64>, v_threshold = dense<{vector(THRESHOLD)}> : tensor<{HIDDEN}xf64>}} : (tensor<{HIDDEN}xf64>, tensor<{HIDDEN}xf64>) -> tensor<{HIDDEN}xf64>
  %rec = snn.affine(%h) {{name = "rec", weight = dense<{dense(W_REC)}> : tensor<{HIDDEN}x{HIDDEN}xf64>, bias = dense<{vector(REC_BIAS)}> : tensor<{HIDDEN}xf64>}} : (tensor<{HIDDEN}xf64>) -> tensor<{HIDDEN}xf64>
  %fc2 = snn.linear(%h) {{name = "fc2", weight = dense<{dense(W_OUT)}> : tensor<{OUT}x{HIDDEN}xf64>}} : (tensor<{HIDDEN}xf64>) -> tensor<{OUT}xf64>
  %out = snn.lif(%fc2) {{name = "out", tau = dense<{TAU_OUT!r}> : tensor<f64>, v_threshold = dense<{THRESHOLD_OUT!r}> : tensor<f64>}} : (tensor<{OUT}xf64>) -> tensor<{OUT}xf64>
  snn.output %out : tensor<{OUT}xf64>
}}
""")


def write_input(path):
    state, rows = 7, []
    for t in range(STEPS):
        row = []
        for i in range(INPUTS):
            state = (state * 1103515245 + 12345) % 2**31
            row.append(1.0 if state % 100 < 35 else 0.0)
        rows.append(row)
    save(path, [STEPS, INPUTS], [v for r in rows for v in r])


def decay(tau):
    return min(1.0, max(0.0, f32(1.0 - f32(f32(DT) / f32(tau)))))


def matvec(w, x):
    """Terms added in ascending input order, as the kernel adds them."""
    out = []
    for row in w:
        total = 0.0
        for wi, xi in zip(row, x):
            if xi != 0.0:
                total = f32(total + f32(wi * xi))
        out.append(total)
    return out


class Layer:
    def __init__(self, alphas, betas, thresholds, subtract, delay):
        self.alpha, self.beta, self.thr = alphas, betas, thresholds
        self.subtract, self.delay = subtract, delay
        n = len(betas)
        self.syn, self.mem, self.spk = [0.0] * n, [0.0] * n, [0.0] * n

    def step(self, fed, recurrent):
        """RSynaptic: syn = (alpha syn + (W x + b)) + (W_rec s + b_rec)."""
        for j, (x, r) in enumerate(zip(fed, recurrent)):
            thr = self.thr[j]
            rst = 1.0 if f32(self.mem[j] - thr) > 0 else 0.0
            self.syn[j] = f32(f32(f32(self.alpha[j] * self.syn[j]) + x) + r)
            base = f32(f32(self.beta[j] * self.mem[j]) + self.syn[j])
            if self.subtract:
                mem = f32(base - f32(rst * thr))
            else:
                mem = f32(base * f32(1.0 - rst))
            spk = 1.0 if f32(mem - thr) > 0 else 0.0
            change = 0.0 if self.delay else f32(spk - rst)
            if self.subtract:
                mem = f32(mem - f32(change * thr))
            else:
                mem = f32(mem * f32(1.0 - change))
            self.mem[j], self.spk[j] = mem, spk
        return list(self.spk)


def simulate(rows, subtract, delay):
    hidden = Layer([decay(t) for t in TAU_SYN], [decay(t) for t in TAU_MEM],
                   THRESHOLD, subtract, delay)
    # Leaky zeroes its membrane before integrating: a delayed zero reset is
    # the immediate one (Synaptic zeroes after, and so drops a step's input).
    out = Layer([0.0] * OUT, [decay(TAU_OUT)] * OUT, [THRESHOLD_OUT] * OUT,
                subtract, delay and subtract)
    spikes = []
    for x in rows:
        fed = [f32(a + b) for a, b in zip(matvec(W_IN, x), BIAS)]
        rec = [f32(a + b) for a, b in zip(matvec(W_REC, hidden.spk), REC_BIAS)]
        h = hidden.step(fed, rec)
        o = out.step(matvec(W_OUT, h), [0.0] * OUT)
        spikes.append(h + o)
    return spikes


def main():
    command, reset = sys.argv[1], sys.argv[2]
    if command == "network":
        write_network(sys.argv[3])
        write_input(sys.argv[4])
        return
    shape, values = load(sys.argv[3])
    rows = [values[t * shape[1]:(t + 1) * shape[1]] for t in range(shape[0])]
    expected = simulate(rows, reset.startswith("subtract"),
                        reset.endswith("-delay"))
    shape, got = load(sys.argv[4])
    width = HIDDEN + OUT
    assert shape == (STEPS, width), shape
    mismatches = [(t, j) for t in range(STEPS) for j in range(width)
                  if got[t * width + j] != expected[t][j]]
    counts = [sum(expected[t][j] for t in range(STEPS)) for j in range(width)]
    print("expected counts", [int(c) for c in counts])
    print("mismatches", len(mismatches), mismatches[:5])


if __name__ == "__main__":
    main()
