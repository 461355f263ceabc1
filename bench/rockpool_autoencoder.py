#!/usr/bin/python3
"""NumPy port of Rockpool's weight quantiser (spec section 4.3), the peer of
bench/WeightQuantizationBench.cpp: DigitalAutoEncoder with Kaiming-uniform
init, sigmoid/step decoder with the surrogate gradient, Adam(1e-4), chunks of
1000 steps (step index restarting each chunk, as Rockpool's does) until six
non-improving chunks. Written from the specification, not from Rockpool.

usage: rockpool_autoencoder.py WEIGHTS.npy [--seed 0] [--time-limit SECONDS]
Prints time, chunks, and the reconstruction MSE / max error in weight units.
"""
import argparse
import time

import numpy as np


def quantise(w, seed, time_limit):
    rng = np.random.default_rng(seed)
    mask = w != 0
    a = np.abs(w[mask]).astype(np.float32)
    m = a.size
    s = 1.0 / (a.max() - a.min() + 1.0)
    x = (s * a).astype(np.float32)
    bound_en, bound_dec = np.sqrt(6.0 / m), np.sqrt(6.0 / 4)
    w_en = rng.uniform(-bound_en, bound_en, (m, 4)).astype(np.float32)
    w_dec = rng.uniform(-bound_dec, bound_dec, (4, m)).astype(np.float32)
    params = [w_en, w_dec]
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]

    def step(i):
        code = x @ params[0]
        p = 1.0 / (1.0 + np.exp(-params[1]))
        bits = np.clip(np.floor(p + 0.5), 0, None)
        out = code @ bits
        loss = np.mean((out - x) ** 2) + 1000.0 * (np.sum(np.exp(-np.minimum(code, 0))) - 4)
        d_out = 2 * (out - x) / m
        d_code = bits @ d_out + 1000.0 * np.where(code < 0, -np.exp(-code), 0.0)
        d_bits = np.outer(code, d_out)
        grads = [np.outer(x, d_code), d_bits * p * p * (1 - p)]
        for k in range(2):
            first[k] = 0.1 * grads[k] + 0.9 * first[k]
            second[k] = 0.001 * grads[k] ** 2 + 0.999 * second[k]
            m_hat = first[k] / (1 - 0.9 ** (i + 1))
            v_hat = second[k] / (1 - 0.999 ** (i + 1))
            params[k] = (params[k] - 1e-4 * m_hat / (np.sqrt(v_hat) + 1e-8)).astype(np.float32)
        return loss

    start, best, count, chunks = time.perf_counter(), np.inf, 0, 0
    converged = False
    while chunks < 10_000:
        losses = [step(i) for i in range(1000)]
        chunks += 1
        mean = float(np.mean(losses))
        if best - mean < 1e-6:
            count += 1
            if count > 5:
                converged = True
                break
        else:
            count, best = 0, mean
        if time.perf_counter() - start > time_limit:
            break
    elapsed = time.perf_counter() - start
    code = x @ params[0]
    bits = (params[1] >= 0).astype(np.float32)
    back = (code @ bits) / s
    error = back - a
    return elapsed, chunks, converged, float(np.mean(error ** 2)), float(np.max(np.abs(error)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("weights")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=600.0)
    args = parser.parse_args()
    w = np.load(args.weights).astype(np.float64)
    elapsed, chunks, converged, mse, worst = quantise(w, args.seed, args.time_limit)
    state = "converged" if converged else "stopped at the time limit"
    print(f"numpy autoencoder: {elapsed:.1f} s, {chunks} chunks of 1000 steps ({state}); "
          f"MSE {mse:.4g}, max error {worst:.4g} (weight units, {int(np.count_nonzero(w))} weights)")


if __name__ == "__main__":
    main()
