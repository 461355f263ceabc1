"""Trains the fidelity benchmark's networks on scikit-learn's digits and
exports them to NIR as snnTorch (or Norse) would.

  train.py OUTDIR

writes OUTDIR/test_input.npy (B, T, 64 spike counts), test_labels.npy,
calibration_input.npy (200 training samples, for --calibrate) and
per network NAME.nir plus NAME.torch.npy (the trained model's output spike
counts per test sample, (B, 10)). Networks are trained in float32 with the
exporter's own discrete equations (see docs/fidelity.md): the torch run is
the ground truth the reference model must reproduce. Deterministic for a
given torch build; a network whose files exist is not trained again.
"""
import os
import sys

import numpy as np
import torch
from sklearn.datasets import load_digits

import nir_writer

STEPS, RATE, DT_SNNTORCH, DT_NORSE = 100, 0.25, 1e-4, 1e-3
HIDDEN, CLASSES, TEST = 40, 10, 500
CALIBRATION = 200  # training samples for dynapse-compile --calibrate

# name: (hidden, reset, bias, recurrent, convention)
NETWORKS = {
    "digits-zero": (HIDDEN, "zero", False, False, "snntorch"),
    "digits-subtract": (HIDDEN, "subtract", False, False, "snntorch"),
    "digits-bias": (HIDDEN, "zero", True, False, "snntorch"),
    "digits-recurrent": (HIDDEN, "zero", False, True, "snntorch"),
    "digits-dense": (100, "zero", False, False, "snntorch"),
    # Trained in Norse 1.0's step (the membrane sees the last step's current).
    "digits-norse": (HIDDEN, "zero", False, False, "norse-1.0"),
}


def encode(images, seed):
    """Bernoulli spikes, p = RATE * intensity / 16 per step."""
    rng = np.random.default_rng(seed)
    p = RATE * images[:, None, :] / 16.0
    return (rng.random((len(images), STEPS, images.shape[1])) < p).astype(np.uint8)


class Spike(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x > 0).float()

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / (1 + 25 * x.abs()) ** 2


class Layer(torch.nn.Module):
    """snnTorch's Synaptic/RSynaptic (reset_delay=False) or Norse's LIF."""

    def __init__(self, n_in, n_out, alpha, beta, reset, bias, recurrent,
                 convention):
        super().__init__()
        self.fc = torch.nn.Linear(n_in, n_out, bias=bias)
        with torch.no_grad():
            self.fc.weight.mul_(3.0)
            if bias:
                self.fc.bias.uniform_(-0.1, 0.1)
        self.rec = torch.nn.Linear(n_out, n_out, bias=False) if recurrent else None
        if self.rec is not None:
            with torch.no_grad():
                self.rec.weight.mul_(0.5)
        self.alpha, self.beta = float(alpha), float(beta)
        self.reset, self.convention, self.n = reset, convention, n_out

    def forward(self, x):  # x: (T, B, n_in)
        steps, batch = x.shape[0], x.shape[1]
        syn = torch.zeros(batch, self.n)
        mem = torch.zeros(batch, self.n)
        spk = torch.zeros(batch, self.n)
        out = []
        for t in range(steps):
            drive = self.fc(x[t])
            if self.rec is not None:
                drive = drive + self.rec(spk)
            if self.convention.startswith("norse"):
                mem = mem + self.beta_step * (-mem + syn)
                syn = syn - self.alpha_step * syn + drive
                spk = Spike.apply(mem - 1.0)
                mem = mem * (1 - spk.detach())
            else:
                rst = (mem - 1.0 > 0).float().detach()
                syn = self.alpha * syn + drive
                if self.reset == "subtract":
                    mem = self.beta * mem + syn - rst * 1.0
                else:
                    mem = (self.beta * mem + syn) * (1 - rst)
                spk = Spike.apply(mem - 1.0)
                change = spk.detach() - rst
                mem = mem - change * 1.0 if self.reset == "subtract" else mem * (1 - change)
            out.append(spk)
        return torch.stack(out)


def build(hidden, reset, bias, recurrent, convention):
    if convention.startswith("norse"):
        # tau_mem 10 ms, tau_syn 5 ms at dt 1 ms.
        layers = [Layer(64, hidden, 0, 0, reset, bias, recurrent, convention),
                  Layer(hidden, CLASSES, 0, 0, reset, False, False, convention)]
        for layer in layers:
            layer.beta_step, layer.alpha_step = 0.1, 0.2
        return torch.nn.Sequential(*layers)
    return torch.nn.Sequential(
        Layer(64, hidden, 0.8, 0.9, reset, bias, recurrent, convention),
        Layer(hidden, CLASSES, 0.8, 0.9, reset, False, False, convention))


def train(model, x, y, epochs=24, batch=128):
    torch.manual_seed(0)
    optimiser = torch.optim.Adam(model.parameters(), lr=5e-3)
    xs = torch.tensor(x, dtype=torch.float32).transpose(0, 1)
    ys = torch.tensor(y)
    generator = torch.Generator().manual_seed(0)
    for epoch in range(epochs):
        order = torch.randperm(len(y), generator=generator)
        for start in range(0, len(y), batch):
            index = order[start:start + batch]
            counts = model(xs[:, index]).sum(0)
            loss = torch.nn.functional.cross_entropy(counts * 0.1, ys[index])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()


def export(model, path, convention):
    first, second = model[0], model[1]
    nodes = {}
    w = lambda linear: linear.weight.detach().numpy().astype(np.float32)
    nodes["input"] = ("Input", {"shape": np.array([64], np.int64)})
    if first.fc.bias is not None:
        nodes["fc1"] = ("Affine", {"weight": w(first.fc),
                                   "bias": first.fc.bias.detach().numpy().astype(np.float32)})
    else:
        nodes["fc1"] = ("Linear", {"weight": w(first.fc)})
    nodes["fc2"] = ("Linear", {"weight": w(second.fc)})
    if convention.startswith("norse"):
        nodes["lif1"] = nir_writer.cuba_lif_norse(1 / 5e-3, 1 / 10e-3, 1.0, first.n)
        nodes["lif2"] = nir_writer.cuba_lif_norse(1 / 5e-3, 1 / 10e-3, 1.0, second.n)
    else:
        for name, layer in (("lif1", first), ("lif2", second)):
            nodes[name] = nir_writer.cuba_lif_snntorch(
                np.full(layer.n, layer.alpha, np.float32),
                np.full(layer.n, layer.beta, np.float32), 1.0, DT_SNNTORCH)
    nodes["output"] = ("Output", {"shape": np.array([CLASSES], np.int64)})
    edges = [("input", "fc1"), ("fc1", "lif1"), ("lif1", "fc2"),
             ("fc2", "lif2"), ("lif2", "output")]
    if first.rec is not None:
        nodes["rec1"] = ("Linear", {"weight": w(first.rec)})
        edges += [("lif1", "rec1"), ("rec1", "lif1")]
    nir_writer.write(path, nodes, edges)


def split():
    """(x_train, y_train, x_test, y_test): the encoded digits, always the same."""
    digits = load_digits()
    images, labels = digits.data.astype(np.float32), digits.target
    rng = np.random.default_rng(0)
    order = rng.permutation(len(labels))
    test, training = order[:TEST], order[TEST:]
    return (encode(images[training], 1), labels[training],
            encode(images[test], 2), labels[test])


def save_calibration(out, x_train):
    """The first CALIBRATION training samples, for dynapse-compile --calibrate
    (never the test set)."""
    np.save(os.path.join(out, "calibration_input.npy"), x_train[:CALIBRATION])


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(2)
    x_train, y_train, x_test, y_test = split()
    np.save(os.path.join(out, "test_input.npy"), x_test)
    np.save(os.path.join(out, "test_labels.npy"), y_test.astype(np.int64))
    save_calibration(out, x_train)
    for name, (hidden, reset, bias, recurrent, convention) in NETWORKS.items():
        nir = os.path.join(out, name + ".nir")
        if os.path.exists(nir):
            continue
        torch.manual_seed(1)
        model = build(hidden, reset, bias, recurrent, convention)
        train(model, x_train, y_train)
        with torch.no_grad():
            counts = model(torch.tensor(x_test, dtype=torch.float32).transpose(0, 1)).sum(0)
        np.save(os.path.join(out, name + ".torch.npy"), counts.numpy())
        accuracy = (counts.argmax(1).numpy() == y_test).mean()
        print(f"{name}: trained, test accuracy {accuracy:.4f}", flush=True)
        export(model, nir, convention)


if __name__ == "__main__":
    main()
