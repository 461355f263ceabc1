"""Python overhead: dynapse_mlir.simulate against dynapse-sim on a 1000-step,
1024-neuron recurrent network (4 samples, one thread), min of 7 interleaved runs each.

  python_overhead.py BUILD_DIR
"""
import subprocess
import sys
import time

import numpy as np
BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
sys.path.insert(0, BUILD + "/python")
import dynapse_mlir as d
rng = np.random.default_rng(0)
n, nin, steps = 1024, 64, 1000
w = rng.normal(0, 0.3, (n, nin))
wr = (rng.random((n, n)) < 0.01) * rng.normal(0, 0.2, (n, n))
def dense(m): return "[" + ", ".join("[" + ", ".join("%.3f" % v for v in r) + "]" for r in m) + "]"
txt = ("snn.graph @big(%in: tensor<64xf64>) -> (tensor<1024xf64>) attributes {convention = \"snntorch\", dt = 1.0e-4 : f64} {\n"
  "  %0 = snn.linear(%in) {weight = dense<" + dense(w) + "> : tensor<1024x64xf64>} : (tensor<64xf64>) -> tensor<1024xf64>\n"
  "  %h = snn.cuba_lif(%0, %r) {name = \"h\", tau_syn = dense<5.0e-4> : tensor<f64>, tau_mem = dense<1.0e-3> : tensor<f64>, v_threshold = dense<1.0> : tensor<f64>} : (tensor<1024xf64>, tensor<1024xf64>) -> tensor<1024xf64>\n"
  "  %r = snn.linear(%h) {weight = dense<" + dense(wr) + "> : tensor<1024x1024xf64>} : (tensor<1024xf64>) -> tensor<1024xf64>\n"
  "  snn.output %h : tensor<1024xf64>\n}\n")
open("/tmp/big1024.mlir", "w").write(txt)
x = (rng.random((4, steps, nin)) < 0.05).astype(np.float32)
np.save("/tmp/big1024-in.npy", x)
def cli():
    t = time.perf_counter(); subprocess.run([BUILD + "/bin/dynapse-sim", "/tmp/big1024.mlir", "--input", "/tmp/big1024-in.npy", "--output", "/tmp/big1024-out.npy", "--threads", "1"], check=True, capture_output=True); return time.perf_counter() - t
def py():
    t = time.perf_counter(); y = d.simulate("/tmp/big1024.mlir", x, threads=1); return time.perf_counter() - t, y
a, b = [], []
for _ in range(7):  # interleaved, so that machine noise hits both
    a.append(cli())
    b.append(py())
print("dynapse-sim %.3f s, dynapse_mlir.simulate %.3f s (min of 7), ratio %.3f" % (min(a), min(t for t, _ in b), min(t for t, _ in b) / min(a)))
print("identical", np.load("/tmp/big1024-out.npy").tobytes() == b[0][1].tobytes())
