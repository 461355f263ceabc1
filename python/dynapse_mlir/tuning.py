"""Fine-tuning a trained network for DYNAP-SE2 chips (docs/finetune.md);
`dynapse_mlir.finetune` is this module's `finetune`, and
`python3 -m dynapse_mlir.finetune` its command line (finetune.py).

    import dynapse_mlir as d
    result = d.finetune("net.nir", x_train, y_train, mismatch=0.3, epochs=40)
    result.save("tuned.nir")

    python3 -m dynapse_mlir.finetune NET.nir --inputs TRAIN.npy \\
        --labels LABELS.npy [--mismatch 0.3] [--reset subtract] [--epochs N] \\
        [--seed S] -o TUNED.nir

Starts from the network's trained weights and trains them through the torch
model of the deployed chip (chip.py: the se2 model's equations on the
deployed image's currents, fan-in, base weight currents and masks), with a
fresh chip instance per training sample (the simulator's own mismatch draw)
and snnTorch's fast-sigmoid surrogate gradient. The loss is the
cross-entropy of the output neurons' spike counts, the read-out that
dynapse-sim --labels scores. The result is a NIR file with the same nodes,
names and convention, whose weights dynapse-compile deploys as they are:
zero outside the fan-in the chip keeps, on the grid of each core's base
weight currents.
"""
from __future__ import annotations

import concurrent.futures
import io
import os
import time
from typing import Any, Callable, Dict, List, Optional

import numpy as np

from . import Error, _source

__all__ = ["finetune", "FinetuneResult"]

# Seeds of the training instances start here, far from the seeds a user
# evaluates with (dynapse-sim --seed 1..10); validation chips use their own.
_TRAINING_SEEDS = 1_000_000
_VALIDATION_SEEDS = 500_000


class FinetuneResult:
    """The tuned network (`nir`, the file's bytes) and the per-epoch
    `history` (dicts: epoch, loss, ideal and instance accuracies on the
    held-back samples, seconds)."""

    def __init__(self, nir: bytes, history: List[Dict[str, float]], best_epoch: int):
        self.nir = nir
        self.history = history
        self.best_epoch = best_epoch

    def save(self, path) -> None:
        with open(os.fspath(path), "wb") as f:
            f.write(self.nir)


def _check_data(inputs: Any, labels: Any):
    x = np.asarray(inputs)
    if x.dtype.kind not in "biuf" or x.ndim != 3 or 0 in x.shape:
        raise Error(f"inputs must be numeric spike counts of shape (B, T, Nin), "
                    f"not {x.dtype} {x.shape}")
    if not np.isfinite(x).all() or (x < 0).any():
        raise Error("inputs must be finite, non-negative spike counts")
    y = np.asarray(labels)
    if y.ndim != 1 or y.dtype.kind not in "biu" and not (
            y.dtype.kind == "f" and np.isfinite(y).all() and (y == np.round(y)).all()):
        raise Error(f"labels must be one integer class per sample, not "
                    f"{y.dtype} {y.shape}")
    if len(y) != len(x):
        raise Error(f"{len(y)} labels for {len(x)} samples")
    return x.astype(np.float32), y.astype(np.int64)


def _read_nir(data: bytes):
    """name -> (type, {field: array}) of the top-level nodes of a NIR file."""
    try:
        import h5py
    except ImportError as error:  # pragma: no cover - Debian has python3-h5py
        raise ImportError("finetune needs h5py (apt install python3-h5py)") from error
    nodes = {}
    with h5py.File(io.BytesIO(data), "r") as f:
        group = f["node"]["nodes"]
        for name in group:
            node = group[name]
            kind = node["type"][()]
            kind = kind.decode() if isinstance(kind, bytes) else str(kind)
            fields = {key: np.asarray(node[key][()]) for key in node
                      if key != "type" and not isinstance(node[key], h5py.Group)}
            nodes[name] = (kind, fields)
    return nodes


def _write_nir(data: bytes, updates: Dict[str, Dict[str, np.ndarray]]) -> bytes:
    """`data` with the arrays of `updates` (node -> field -> array, same
    shape and dtype) replaced; everything else as it was."""
    import h5py
    buffer = io.BytesIO(data)
    with h5py.File(buffer, "r+") as f:
        group = f["node"]["nodes"]
        for name, fields in updates.items():
            for key, value in fields.items():
                dataset = group[name][key]
                dataset[...] = np.asarray(value, dataset.dtype).reshape(dataset.shape)
    return buffer.getvalue()


def _map_nodes(nodes, reference, chip):
    """Each Linear/Affine node of the file as a block of the reference
    model's composed weights: (node, rows, columns, matrix name), or Error
    where a connection is not one such node."""
    n, nin = chip.neurons, chip.inputs
    sizes = [int(s) for s in reference["population_sizes"]]
    starts = np.cumsum([0] + sizes)
    populations = list(zip(starts[:-1], starts[1:]))
    sources = [("w_in", 0, nin)] + [("neurons", a, b) for a, b in populations]
    r = chip.reference
    full = {"w_in": r.w_in.detach().numpy(),
            "neurons": (r.w_same + r.w_last).detach().numpy()}
    mapping, covered = [], np.zeros((n, n + nin), bool)
    for name, (kind, fields) in nodes.items():
        if kind not in ("Linear", "Affine"):
            continue
        weight = np.asarray(fields["weight"], np.float64)
        matches = []
        for a, b in populations:
            for matrix, c0, c1 in sources:
                block = full[matrix][a:b, c0:c1]
                if block.shape == weight.shape and np.allclose(block, weight, rtol=1e-6, atol=1e-9):
                    matches.append((a, b, matrix, c0, c1))
        if len(matches) != 1:
            raise Error(f"node '{name}': finetune needs every connection to be "
                        "one Linear or Affine node between the input and a "
                        "spiking node or two spiking nodes; this one is "
                        + ("ambiguous" if matches else "composed with others"))
        a, b, matrix, c0, c1 = matches[0]
        offset = n if matrix == "w_in" else 0
        covered[a:b, offset + c0:offset + c1] = True
        mapping.append((name, kind, a, b, matrix, c0, c1))
    composed = np.concatenate([full["neurons"], full["w_in"]], 1)
    if (composed[~covered] != 0).any():
        raise Error("finetune needs every connection to be one Linear or Affine "
                    "node; some weights come from composed paths")
    return mapping


def _accuracy(counts, labels):
    return float((counts.argmax(1) == labels).mean())


def _tuned_file(data: bytes, chip, mapping, state, mask_in, mask_rec) -> bytes:
    """The NIR file `data` with the trained weights `state` (w_in, w_rec,
    bias) as the chip deploys them: on each core's grid, zero outside the
    kept fan-in, divided back by the conversion's gain."""
    import torch
    n, nin = chip.neurons, chip.inputs
    w_in, w_rec, bias = state
    with torch.no_grad():
        exc, inh = chip.chip_weights(w_in * mask_in, w_rec * mask_rec, bias)
        signed = (exc - inh).double()
        unit = chip.unit.double()[:, None]
        trained = (signed[:, :n + nin] / unit).numpy()
        tuned_bias = None
        if chip.every_step:
            bias_amps = signed[:, n + nin:].sum(1)
            tuned_bias = torch.where(bias_amps == 0, torch.zeros_like(bias_amps),
                                     (bias_amps - chip.bias_extra.double())
                                     / chip.unit.double()).numpy()
    rec_new, in_new = trained[:, :n], trained[:, n:]
    updates: Dict[str, Dict[str, np.ndarray]] = {}
    for node, kind, a, b, matrix, c0, c1 in mapping:
        block = (in_new if matrix == "w_in" else rec_new)[a:b, c0:c1]
        updates[node] = {"weight": block}
        # The chip holds one bias per neuron; a recurrent Affine's (which
        # snnTorch adds apart) stays as trained, the input's takes the rest.
        if kind == "Affine" and matrix == "w_in" and tuned_bias is not None:
            apart = chip.reference.kept_apart_bias.double().numpy()
            updates[node]["bias"] = tuned_bias[a:b] - apart[a:b]
    return _write_nir(data, updates)


def finetune(network: Any, inputs: Any, labels: Any, *, mismatch: float = 0.3,
             epochs: int = 40, reset: str = "zero", seed: int = 0,
             lr: float = 5e-3, batch_size: int = 128, validation: float = 0.15,
             validation_instances: int = 10, ideal_share: float = 0.0,
             train_mismatch: Optional[float] = None,
             chip_seed: Optional[int] = None,
             slope: float = 25.0,
             count_scale: float = 0.1, threads: int = 1, output: Any = None,
             log: Optional[Callable[[str], None]] = print,
             **options: Any) -> FinetuneResult:
    """Fine-tunes `network` (a NIR file, its bytes or a NIR graph) for chips
    at `mismatch` on `inputs` ((B, T, Nin) spike counts) and `labels` (B
    classes, indices of the output neurons). `reset` is the reference
    model's (as trained); `options` are dynapse-compile's. A held-back
    share `validation` of the samples scores every epoch (ideal chip and
    `validation_instances` chips); the epoch with the best mean over those
    chips is kept. `chip_seed` adapts to one chip instead: the one that
    `dynapse-sim --mismatch M --seed S` simulates trains and validates every
    epoch (a measured chip's parameters, later). Deterministic for a seed.
    Writes `output` (a path) when given; returns a FinetuneResult. Bad input
    raises Error and writes nothing."""
    try:
        import torch
    except ImportError as error:
        raise ImportError("finetune needs torch (Debian: apt install "
                          "python3-torch; pip: dynapse-mlir[chip])") from error

    from .chip import Chip, _Parameters

    if not (isinstance(epochs, int) and epochs >= 0):
        raise Error(f"epochs must be a non-negative integer, not {epochs!r}")
    if not (np.isfinite(mismatch) and mismatch >= 0):
        raise Error(f"mismatch must be finite and >= 0, not {mismatch}")
    if chip_seed is not None and not (isinstance(chip_seed, int) and chip_seed >= 0
                                      and mismatch > 0):
        raise Error(f"chip_seed must be a seed >= 0 of a chip at mismatch > 0, "
                    f"not {chip_seed!r} at {mismatch}")
    if not (0 < validation < 1) or batch_size < 1 or not (lr > 0):
        raise Error("validation must lie in (0, 1), batch_size >= 1 and lr > 0")
    x, y = _check_data(inputs, labels)
    data, name = _source(network)
    if not data.startswith(b"\x89HDF"):
        raise Error(f"{name}: finetune reads and writes NIR (HDF5) networks")
    torch.manual_seed(seed)
    torch.set_num_threads(max(1, int(threads)))
    chip = Chip(data if name == "<bytes>" else network, slope=slope,
                reset=reset, **options)
    classes = len(chip.outputs)
    if x.shape[2] != chip.inputs:
        raise Error(f"inputs have {x.shape[2]} channels; the network has {chip.inputs}")
    if (y < 0).any() or (y >= classes).any():
        raise Error(f"labels must lie in 0..{classes - 1} (the output neurons)")
    nodes = _read_nir(data)
    mapping = _map_nodes(nodes, chip.description["reference"], chip)
    reference = chip.reference
    n = chip.neurons

    # Trainable entries: the mapped nodes' weights the chip keeps.
    kept = chip.kept
    train_mask_in = kept[:, n:].float()
    train_mask_rec = kept[:, :n].float()
    w_in = torch.nn.Parameter(reference.w_in.detach() * train_mask_in)
    w_rec = torch.nn.Parameter((reference.w_same + reference.w_last).detach() * train_mask_rec)
    biased = [m for m in mapping if m[1] == "Affine"]
    bias = torch.nn.Parameter(reference.bias.detach().clone())
    parameters = [w_in, w_rec] + ([bias] if biased else [])
    optimiser = torch.optim.Adam(parameters, lr=lr)
    per_epoch = -(-max(len(y) - max(1, int(round(validation * len(y)))), 1) // batch_size)
    # Cosine decay to 5 % of lr over the run: late epochs refine.
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(
        optimiser, T_max=max(1, epochs * per_epoch), eta_min=0.05 * lr)

    generator = np.random.default_rng(seed)
    order = generator.permutation(len(y))
    held = max(1, int(round(validation * len(y))))
    if held >= len(y):
        raise Error("too few samples to hold some back for validation")
    val_index, train_index = order[:held], order[held:]
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    outputs = chip.outputs
    if chip_seed is not None:
        validation_seeds = [chip_seed]
    elif mismatch > 0:
        validation_seeds = [_VALIDATION_SEEDS + seed * 1000 + k
                            for k in range(validation_instances)]
    else:
        validation_seeds = []
    val_chips = [None] + ([chip.instances(validation_seeds, mismatch)]
                          if validation_seeds else [])

    def weights():
        return chip.chip_weights(w_in * train_mask_in, w_rec * train_mask_rec, bias)

    def validation_tables():
        """The ideal chip and the validation chips, one row per (chip,
        sample): all of them run as one batch."""
        count = len(val_index)
        rows = [chip.nominal.row]
        if len(val_chips) > 1:
            rows += [{key: value[k] for key, value in val_chips[1].row.items()}
                     for k in range(len(validation_seeds))]
        table = _Parameters({})
        table.row = {key: torch.cat([r[key].expand(count, -1) for r in rows])
                     for key in rows[0]}
        return table, len(rows)

    val_table, val_runs = validation_tables()
    xv = xt[val_index].repeat(val_runs, 1, 1)

    def evaluate(exc, inh):
        with torch.no_grad():
            counts = chip(xv, instance=val_table, weights=(exc, inh))
            counts = counts.sum(1)[:, outputs].numpy().reshape(val_runs, len(val_index), -1)
            return [_accuracy(c, y[val_index]) for c in counts]

    def report(epoch, loss, scores, seconds):
        entry = {"epoch": epoch, "loss": loss, "ideal": scores[0],
                 "instances_mean": float(np.mean(scores[1:])) if len(scores) > 1 else scores[0],
                 "instances_worst": float(np.min(scores[1:])) if len(scores) > 1 else scores[0],
                 "seconds": seconds}
        history.append(entry)
        if log:
            log(f"epoch {epoch}: loss {loss:.4f}, held-back accuracy: ideal chip "
                f"{100 * entry['ideal']:.1f} %, {len(scores) - 1} chips mean "
                f"{100 * entry['instances_mean']:.1f} % worst "
                f"{100 * entry['instances_worst']:.1f} % ({seconds:.1f} s)")

    history: List[Dict[str, float]] = []
    start = time.time()
    best = (-1.0, 0, None)

    def snapshot(epoch, scores, state):
        nonlocal best
        score = float(np.mean(scores[1:])) if len(scores) > 1 else scores[0]
        score += 1e-3 * scores[0]  # ties: the better ideal chip
        if score > best[0]:
            best = (score, epoch, state)

    # An epoch's validation and the next epoch's chips run on the second
    # core while the next epoch trains (torch's operations and the library's
    # mismatch draws release the GIL); the numbers are those of running them
    # in line.
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    pending = []

    def validate(epoch, loss):
        with torch.no_grad():
            exc, inh = weights()
        state = (w_in.detach().clone(), w_rec.detach().clone(), bias.detach().clone())
        pending.append((epoch, loss, time.time() - start, state,
                        pool.submit(evaluate, exc, inh)))

    def collect():
        while pending:
            epoch, loss, seconds, state, future = pending.pop(0)
            scores = future.result()
            report(epoch, loss, scores, seconds)
            snapshot(epoch, scores, state)

    # Training chips a third more mismatched than the target's: a margin
    # that held better on held-out chips (docs/finetune.md).
    level = 4 / 3 * mismatch if train_mismatch is None else train_mismatch

    def training_chips(epoch):
        if chip_seed is not None:  # every sample on the one chip
            table = _Parameters({})
            table.row = {key: value.expand(len(train_index), -1).clone()
                         for key, value in val_chips[1].row.items()}
            return table
        seeds = [_TRAINING_SEEDS + seed * 10_000_000 + (epoch - 1) * len(train_index) + k
                 for k in range(len(train_index))]
        return chip.instances(seeds, level) if level > 0 else None

    # The next epoch's chips are drawn on the second core too.
    upcoming = pool.submit(training_chips, 1)
    validate(0, float("nan"))
    for epoch in range(1, epochs + 1):
        permutation = train_index[generator.permutation(len(train_index))]
        tables = upcoming.result()
        if epoch < epochs:
            upcoming = pool.submit(training_chips, epoch + 1)
        if tables is not None and ideal_share > 0:
            # A share of the samples runs on the ideal chip.
            ideal_rows = torch.from_numpy(np.flatnonzero(
                generator.random(len(train_index)) < ideal_share))
            for key, value in tables.row.items():
                value[ideal_rows] = chip.nominal[key]
        total, batches = 0.0, 0
        for first in range(0, len(permutation), batch_size):
            index = permutation[first:first + batch_size]
            instance = None
            if tables is not None:
                instance = _Parameters({})
                rows = torch.arange(first, first + len(index))
                instance.row = {k: v[rows] for k, v in tables.row.items()}
            exc, inh = weights()
            counts = chip(xt[index], instance=instance, weights=(exc, inh)).sum(1)[:, outputs]
            loss = torch.nn.functional.cross_entropy(counts * count_scale, yt[index])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss)
            batches += 1
        collect()
        validate(epoch, total / max(batches, 1))
    collect()
    pool.shutdown()

    tuned = _tuned_file(data, chip, mapping, best[2], train_mask_in, train_mask_rec)
    result = FinetuneResult(tuned, history, best[1])
    if log:
        log(f"kept epoch {best[1]}; {time.time() - start:.1f} s")
    if output is not None:
        result.save(output)
    return result
