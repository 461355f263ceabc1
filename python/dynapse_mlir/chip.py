"""A differentiable model of DYNAP-SE2 in torch (docs/finetune.md).

    import dynapse_mlir as d
    from dynapse_mlir.chip import Chip
    chip = Chip("net.nir", reset="subtract")
    out = chip.reference(x)              # the network as trained, (B, T, N)
    out = chip(x)                        # the deployed image on the ideal chip
    out = chip(x, instance=chip.instance(seed=3, mismatch=0.3))

Everything the model steps comes from the library (`_core.describe`): the
reference model's terms and composed fan-in, the deployed network's
currents and capacitances, nominal and after the simulator's own mismatch
draw (`applyMismatch`, the same numbers as `dynapse-sim --mismatch M
--seed S`), its kept synapses and each core's four base weight currents.
torch is imported here only: the rest of the package does not need it.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Sequence

import numpy as np
import torch

from . import Error, _core, _options, _source

__all__ = ["Chip", "describe", "chip_terms", "SpikeFn"]

_SYNAPSES = ("ampa", "gaba", "nmda", "shunt")


def describe(network: Any, *, mismatch: float = 0.0, seeds: Sequence[int] = (),
             **options: Any) -> Dict[str, Any]:
    """The library's description of `network` (see _core.describe): dicts
    "reference", "unquantised", "deployed" and the deployed "image"."""
    data, name = _source(network)
    try:
        return _core.describe(data, name, _options(options), float(mismatch),
                              [int(s) for s in seeds])
    except ValueError as error:
        raise Error(str(error)) from None


class SpikeFn(torch.autograd.Function):
    """Heaviside of (value - threshold) (`>` or, for the chip, `>=`) with
    snnTorch's fast-sigmoid surrogate, 1 / (slope |x| + 1)^2, in units of
    the threshold: x = value / threshold - 1."""

    @staticmethod
    def forward(ctx, value, threshold, slope, inclusive):
        ctx.save_for_backward(value, threshold)
        ctx.slope = slope
        fired = value >= threshold if inclusive else value > threshold
        return fired.to(value.dtype)

    @staticmethod
    def backward(ctx, grad):
        value, threshold = ctx.saved_tensors
        x = value / threshold - 1
        return grad / (ctx.slope * x.abs() + 1) ** 2 / threshold, None, None, None


def _dense(description, rows, columns, groups, dtype=torch.float32):
    """Per group g of `groups`, the (rows, columns) matrix of weights."""
    target = description["target"]
    source = description["source"]
    group = description["group"]
    weight = description["weight"]
    result = []
    for g in groups:
        m = np.zeros((rows, columns))
        keep = group == g
        np.add.at(m, (target[keep], source[keep]), weight[keep])
        result.append(torch.tensor(m, dtype=dtype))
    return result


class ReferenceModel(torch.nn.Module):
    """The reference model (dynapse-sim --model reference) in torch, float32,
    op for op as ReferenceModel.cpp steps it; the weights are parameters."""

    def __init__(self, reference: Dict[str, Any], slope: float = 25.0):
        super().__init__()
        self.neurons, self.inputs = int(reference["neurons"]), int(reference["inputs"])
        self.variant = reference["discretisation"]
        self.slope = slope
        n = self.neurons
        same, last = _dense(reference, n, n + self.inputs, (0, 1))
        self.w_in = torch.nn.Parameter(same[:, n:].clone())
        self.w_same = torch.nn.Parameter(same[:, :n].clone())
        self.w_last = torch.nn.Parameter(last[:, :n].clone())
        terms = reference["parameters"]
        for key in ("alpha", "beta", "input_gain", "memory_gain", "leak",
                    "threshold", "reset", "subtract", "reset_delay",
                    "clears_current",
                    "delayed_current", "memory_rate",
                    "synapse_rate", "v_leak", "r", "norse_kind"):
            self.register_buffer(key, torch.tensor(terms[key], dtype=torch.float32))
        # snnTorch adds a recurrent Affine's bias with the recurrent spikes;
        # the other discretisations take one bias.
        bias = np.asarray(terms["bias"], np.float64)
        recurrent = np.asarray(terms["recurrent_bias"], np.float64)
        if self.variant != "snntorch":
            bias, recurrent = bias + recurrent, np.zeros_like(recurrent)
        self.bias = torch.nn.Parameter(torch.tensor(bias, dtype=torch.float32))
        self.register_buffer("kept_apart_bias",
                             torch.tensor(recurrent, dtype=torch.float32))
        ends = [int(e) for e in reference["stage_ends"]] or [n]
        self.stages = list(zip([0] + ends[:-1], ends))
        self.outputs = torch.tensor(reference["outputs"], dtype=torch.long)

    def forward(self, x: torch.Tensor, weights: Optional[Dict[str, torch.Tensor]] = None):
        """x: (B, T, Nin) counts; returns (B, T, N) spikes."""
        w = weights or {"w_in": self.w_in, "w_same": self.w_same,
                        "w_last": self.w_last, "bias": self.bias}
        batch, steps = x.shape[0], x.shape[1]
        n = self.neurons
        v = x.new_zeros(batch, n)
        isyn = x.new_zeros(batch, n)
        spikes = x.new_zeros(batch, n)
        out = []
        for t in range(steps):
            drive_in = x[:, t] @ w["w_in"].T
            drive_last = spikes @ w["w_last"].T
            new_spikes = []
            new_v, new_i = [], []
            for a, b in self.stages:
                same = drive_in[:, a:b]
                if a > 0:
                    earlier = torch.cat(new_spikes, 1)
                    same = same + earlier @ w["w_same"][a:b, :a].T
                fed = same + w["bias"][a:b]
                s, vv, ii = self._step(fed, drive_last[:, a:b], v[:, a:b],
                                       isyn[:, a:b], a, b)
                new_spikes.append(s)
                new_v.append(vv)
                new_i.append(ii)
            spikes = torch.cat(new_spikes, 1)
            v, isyn = torch.cat(new_v, 1), torch.cat(new_i, 1)
            out.append(spikes)
        return torch.stack(out, 1)

    def _step(self, fed, last, v, isyn, a, b):
        """One step of neurons a..b: `fed` is the step's input with its bias,
        `last` the last step's spikes through their weights."""
        alpha, beta = self.alpha[a:b], self.beta[a:b]
        threshold = self.threshold[a:b]
        subtract = self.subtract[a:b] != 0
        if self.variant == "snntorch":
            isyn = (alpha * isyn + fed) + (last + self.kept_apart_bias[a:b])
            last_reset = (v - threshold > 0).to(v.dtype)
            integrated = beta * v + isyn
            v = torch.where(subtract, integrated - last_reset * threshold,
                            integrated * (1 - last_reset))
            spikes = SpikeFn.apply(v, threshold, self.slope, False)
            change = torch.where(self.reset_delay[a:b] != 0,
                                 torch.zeros_like(spikes), spikes - last_reset)
            v = torch.where(subtract, v - change * threshold, v * (1 - change))
            cleared = isyn - last_reset * isyn
            return spikes, v, torch.where(self.clears_current[a:b] != 0, cleared, isyn)
        step_input = fed + last
        if self.variant.startswith("norse"):
            return self._norse_step(step_input, v, isyn, a, b)
        current_new = alpha * isyn + self.input_gain[a:b] * step_input
        current = torch.where(self.delayed_current[a:b] != 0, isyn, current_new)
        v = (beta * v + self.memory_gain[a:b] * current) + self.leak[a:b]
        spikes = SpikeFn.apply(v, threshold, self.slope, False)
        after = torch.where(subtract, v - threshold, self.reset[a:b].expand_as(v))
        v = torch.where(spikes > 0, after, v)
        return spikes, v, current_new

    def _norse_step(self, x, v, isyn, a, b):
        """Norse's LIFCell / LIFBoxCell / IAFCell (ReferenceModel.cpp's
        emitNorseStep): kind 2, 1, 0."""
        kind, r, v_leak = self.norse_kind[a:b], self.r[a:b], self.v_leak[a:b]
        threshold = self.threshold[a:b]
        delayed = self.delayed_current[a:b] != 0
        input_current = torch.where(kind == 2, self.input_gain[a:b],
                                    torch.zeros_like(kind)) * x
        current = torch.where(delayed, isyn, isyn + input_current)
        synapse_drive = (v_leak - v) + r * current
        direct = r * x
        box_drive = (direct + v_leak) - v
        drive = torch.where(kind == 2, synapse_drive, box_drive)
        membrane = torch.where(kind == 0, v + direct,
                               v + self.memory_rate[a:b] * drive)
        decayed = current - self.synapse_rate[a:b] * current
        isyn = torch.where(delayed, decayed + input_current, decayed)
        spikes = SpikeFn.apply(membrane, threshold, self.slope, False)
        after = torch.where(self.subtract[a:b] != 0, membrane - threshold,
                            self.reset[a:b].expand_as(membrane))
        return spikes, torch.where(spikes > 0, after, membrane), isyn


# --------------------------------------------------------------------------
# The chip: the se2 model's equations (docs/simulation.md, SE2Model.cpp).


def _floored(p, name):
    return np.maximum(p[name], p["Io"])


def _table(p: Dict[str, np.ndarray]) -> Dict[str, np.ndarray]:
    """The se2 kernel's parameter row (SE2Model::parameterRow), computed in
    double and stored as float32, per neuron."""
    kappa = (p["kappa_n"] + p["kappa_p"]) / 2
    ut_over_kappa = p["Ut"] / kappa
    row = {}
    for s in _SYNAPSES:
        igain, itau = _floored(p, "Igain_" + s), _floored(p, "Itau_" + s)
        row["gain_" + s] = igain / itau
        row["igain_" + s] = igain
        row["tau_" + s] = ut_over_kappa * p["C_" + s] / itau
        row["pulse_" + s] = p["Vth"] * p["C_pulse"] / p["Ipulse"]
    igain, itau = _floored(p, "Igain_ahp"), _floored(p, "Itau_ahp")
    row["gain_ahp"], row["igain_ahp"] = igain / itau, igain
    row["tau_ahp"] = ut_over_kappa * p["C_ahp"] / itau
    row["pulse_ahp"] = p["Vth"] * p["C_pulse_ahp"] / p["Ipulse_ahp"]
    itau_mem, igain_mem = _floored(p, "Itau_mem"), _floored(p, "Igain_mem")
    row.update(Io=p["Io"], Ut=p["Ut"], ut_over_kappa=ut_over_kappa,
               kappa_prime=kappa * kappa / (kappa + 1), Iw_ahp=p["Iw_ahp"],
               If_nmda=p["If_nmda"], Idc=p["Idc"], Itau_mem=itau_mem,
               Igain_mem=igain_mem, gain_mem=igain_mem / itau_mem,
               C_mem=p["C_mem"], Ispkthr=p["Ispkthr"],
               t_ref=p["Vth"] * p["C_ref"] / p["Iref"])
    return {k: np.asarray(v, np.float32) for k, v in row.items()}


def chip_terms(parameters: Dict[str, np.ndarray], dt: float) -> Dict[str, np.ndarray]:
    """Each neuron's trained terms as the se2 model realises them in its
    linear range (the DPIs' currents large against their gains, the
    membrane far above rest, no positive feedback), from its currents and
    capacitances (conversion=fidelity, docs/conversion.md, read backwards):
    alpha_exc / alpha_inh (synaptic decay per step, AMPA / GABA), beta
    (membrane decay), gain_exc / gain_inh (a unit of weight current's
    charge on the membrane, in thresholds per ampere), threshold (A),
    bias (the constant membrane drive Idc - Itau_mem, in thresholds per
    step). The ratio of an instance's terms to the nominal ones is what
    mismatch does to the trained neuron."""
    p = {k: np.asarray(v, np.float64) for k, v in parameters.items()}
    kappa = (p["kappa_n"] + p["kappa_p"]) / 2
    io = p["Io"]
    itau_mem = np.maximum(p["Itau_mem"], io)
    leak_share = dt * kappa * itau_mem / (p["Ut"] * p["C_mem"])  # 1 - beta
    membrane = dt * kappa * np.maximum(p["Igain_mem"], io) / (p["Ut"] * p["C_mem"])
    terms = {"beta": 1 - leak_share, "threshold": p["Ispkthr"],
             "bias": membrane * (p["Idc"] - itau_mem) / p["Ispkthr"]}
    pulse = p["Vth"] * p["C_pulse"] / p["Ipulse"]
    for kind, s in (("exc", "ampa"), ("inh", "gaba")):
        itau = np.maximum(p["Itau_" + s], io)
        tau = p["Ut"] / kappa * p["C_" + s] / itau
        charge = 1 - np.exp(-pulse / tau)
        terms["alpha_" + kind] = np.exp(-dt / tau)
        terms["gain_" + kind] = (charge * np.maximum(p["Igain_" + s], io) / itau
                                 * membrane / p["Ispkthr"])
    return terms


def _linear(a: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """a @ w.T, through oneDNN's 1x1 convolution: several times faster than
    the reference BLAS Debian's torch falls back to without OpenBLAS."""
    return torch.nn.functional.conv1d(a[:, :, None], w[:, :, None])[:, :, 0]


class _Parameters:
    """One chip's se2 table as float32 tensors of shape (N,) or (B, N)."""

    def __init__(self, row: Dict[str, np.ndarray]):
        self.row = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in row.items()}

    def __getitem__(self, key):
        return self.row[key]

    @staticmethod
    def stack(rows):
        out = _Parameters({})
        out.row = {k: torch.stack([r.row[k] for r in rows]) for k in rows[0].row}
        return out


class Chip(torch.nn.Module):
    """A network deployed as dynapse-compile deploys it (the same options),
    as torch modules: `reference` (the network as trained) and the chip
    (the se2 model on the deployed image, nominal or a mismatch instance).

    The chip's weights are either the deployed image's (the default of
    `forward`) or computed from trained weights as deployment does
    (`chip_weights`, `trained_weights`):
    per neuron the conversion's gain (amperes per unit of trained weight),
    the kept fan-in (at most 64 CAM entries, the synapses dynapse-allocate
    kept), and each core's four base currents and 4-bit masks (the nearest
    subset sum, straight-through in the backward pass)."""

    def __init__(self, network: Any, *, slope: float = 25.0, **options: Any):
        super().__init__()
        self.options = dict(options)
        self.slope = slope
        described = describe(network, **options)
        if "reference" not in described:
            raise Error("the torch model needs the network as trained (NIR or "
                        "snn MLIR), not a deployed network")
        self.description = described
        self.reference = ReferenceModel(described["reference"], slope)
        deployed = described["deployed"]
        self.dt = float(deployed["dt"])
        n = self.neurons = int(deployed["neurons"])
        self.inputs = int(deployed["inputs"])
        self.every_step = int(deployed["every_step_inputs"])
        if n != self.reference.neurons or self.inputs != self.reference.inputs:
            raise Error("the deployed network differs from the trained one in "
                        "neurons or inputs")
        self.image = described["image"]
        self.outputs = torch.tensor(deployed["outputs"], dtype=torch.long)
        self.nominal = _Parameters(_table(deployed["parameters"]))
        columns = n + self.inputs + self.every_step
        self.deployed_weights = _dense(deployed, n, columns, range(4))
        if any(bool((w != 0).any()) for w in self.deployed_weights[2:]):
            raise Error("the torch model of the chip covers AMPA and GABA "
                        "synapses; this network uses NMDA or SHUNT ones")
        self._gains(described)

    # -- deployment of trained weights --------------------------------------

    def _gains(self, described):
        """Per neuron the conversion's amperes per unit of trained weight
        (`unit`), what its bias-source weight adds beyond `unit * bias`
        (`bias_extra`), the kept fan-in and the quantisation levels."""
        n, nin = self.neurons, self.inputs
        reference, unquantised = described["reference"], described["unquantised"]
        columns = n + nin + self.every_step
        (ref_same, ref_last) = _dense(reference, n, n + nin, (0, 1), torch.float64)
        ref = (ref_same + ref_last).numpy()
        amps = sum(m.double() for m in _dense(unquantised, n, columns, range(4))).numpy()
        ratio = np.zeros(n)
        for j in range(n):
            nz = ref[j] != 0
            if nz.any():
                ratio[j] = np.median(amps[j, :n + nin][nz] / np.abs(ref[j][nz]))
        if (ratio <= 0).any():
            missing = int(np.argmin(ratio))
            raise Error(f"neuron {missing} has no input the chip model can "
                        "relate to the trained weights")
        self.register_buffer("unit", torch.tensor(ratio, dtype=torch.float32))
        bias_amps = np.zeros(n)
        if self.every_step:
            signed = (_dense(unquantised, n, columns, (0,), torch.float64)[0]
                      - _dense(unquantised, n, columns, (1,), torch.float64)[0]).numpy()
            bias_amps = signed[:, n + nin:].sum(1)
        terms = reference["parameters"]
        bias = np.asarray(terms["bias"]) + np.asarray(terms["recurrent_bias"])
        # What the bias-source weight holds beyond the trained bias (the
        # leak's share); below rounding it is none.
        extra = bias_amps - ratio * bias
        extra[np.abs(extra) <= 1e-5 * max(np.abs(bias_amps).max(), 1e-30)] = 0
        self.register_buffer("bias_extra", torch.tensor(extra, dtype=torch.float32))
        deployed_amps = sum(self.deployed_weights)
        kept = (deployed_amps[:, :n + nin] != 0).numpy()
        nonzero = ref != 0
        budget = 64 - (np.abs(bias_amps) > 0)
        small = nonzero.sum(1) <= budget
        kept = kept | (nonzero & small[:, None])
        self.register_buffer("kept", torch.tensor(kept))
        base = np.asarray(described["deployed"]["base_weights"], np.float64)
        masks = np.array([[(m >> k) & 1 for k in range(4)] for m in range(16)], np.float64)
        levels = base @ masks.T  # (N, 16)
        self.quantised = bool((base > 0).any())
        self.register_buffer("levels", torch.tensor(np.sort(levels, 1), dtype=torch.float32))

    def quantise(self, amps: torch.Tensor) -> torch.Tensor:
        """|amps| (N, S) to the nearest subset sum of its core's base currents
        (ties to the smaller), sign kept, straight-through gradient."""
        if not self.quantised:
            return amps
        magnitude = amps.detach().abs()
        distance = (magnitude[..., None] - self.levels[:, None, :]).abs()
        nearest = torch.gather(self.levels[:, None, :].expand_as(distance), 2,
                               distance.argmin(-1, keepdim=True))[..., 0]
        snapped = torch.sign(amps.detach()) * nearest
        return amps + (snapped - amps).detach()

    def chip_weights(self, w_in: torch.Tensor, w_rec: torch.Tensor,
                     bias: torch.Tensor):
        """The deployed weight currents (A) per synapse type (AMPA, GABA) of
        trained weights: w_in (N, Nin), w_rec (N, N) (same- and last-step
        connections alike: the chip has one), bias (N,): the reference
        model's, without the recurrent part snnTorch keeps apart, which the
        chip adds to it."""
        trained = torch.cat([w_rec, w_in], 1) * self.kept
        amps = trained * self.unit[:, None]
        columns = [amps]
        if self.every_step:
            total = bias + self.reference.kept_apart_bias
            columns.append((self.unit * total + self.bias_extra)[:, None])
        amps = self.quantise(torch.cat(columns, 1))
        return torch.relu(amps), torch.relu(-amps)

    def trained_weights(self):
        """The reference model's weights as chip weights."""
        r = self.reference
        return self.chip_weights(r.w_in, r.w_same + r.w_last, r.bias)

    # -- chip instances -----------------------------------------------------

    def instances(self, seeds: Sequence[int], mismatch: float):
        """The parameter tables of chips `seeds` at `mismatch`, as the
        simulator draws them (applyMismatch), stacked: (len(seeds), N)."""
        if mismatch == 0:
            return _Parameters.stack([self.nominal] * len(seeds))
        columns = _core.describe(self.image, "chip.dse2", _options(
            {k: v for k, v in self.options.items() if k == "dt"}),
            float(mismatch), [int(s) for s in seeds])["deployed"]["instances"]
        # _table is element-wise: one call on the (S, N) columns.
        return _Parameters(_table(columns))

    def instance(self, seed: int, mismatch: float):
        """One chip: its table, (N,)."""
        stacked = self.instances([seed], mismatch)
        return _Parameters({k: v[0].numpy() for k, v in stacked.row.items()})

    # -- the se2 step -------------------------------------------------------

    def forward(self, x: torch.Tensor, instance: Optional[_Parameters] = None,
                weights=None, record: bool = False):
        """The se2 model on x ((B, T, Nin) counts): (B, T, N) spikes.
        `instance`: a chip's table ((N,) or (B, N)), else the nominal one;
        `weights`: (AMPA, GABA) currents (N, N + Nin + every-step), else the
        deployed image's."""
        p = instance or self.nominal
        if weights is None:
            weights = (self.deployed_weights[0], self.deployed_weights[1])
        n = self.neurons
        batch, steps = x.shape[0], x.shape[1]
        f32 = lambda key: p[key].to(x.dtype)
        io = f32("Io")
        dt = torch.tensor(self.dt, dtype=torch.float32)
        one = torch.tensor(1.0)
        zero = torch.tensor(0.0)
        iahp = io.expand(batch, n).clone()
        imem = io.expand(batch, n).clone()
        vmem = x.new_zeros(batch, n)
        timer = x.new_zeros(batch, n)
        spikes = x.new_zeros(batch, n)
        w_exc, w_inh = weights
        # Per DPI: gain, Igain, tau and the pulse's width negated, as
        # factors() needs it (the step's values, computed once).
        dpis = {s: (f32("gain_" + s), f32("igain_" + s), f32("tau_" + s),
                    zero - f32("pulse_" + s)) for s in _SYNAPSES + ("ahp",)}
        minus_dt = zero - dt

        def factors(dpi, current):
            gain, igain, tau, minus_pulse = dpi
            tau = tau * (one + igain / current)
            return torch.exp(minus_dt / tau), one - torch.exp(minus_pulse / tau)

        def dpi_step(dpi, current, iw, decay, charge):
            gain, igain = dpi[0], dpi[1]
            target = torch.relu(gain * iw - igain)
            return torch.maximum(decay * current + charge * target, io)

        # A DPI without input stays at Io (its target is 0 and its decay at
        # most 1): NMDA and SHUNT without synapses, the AHP without Iw_ahp.
        # The live synapses (AMPA, GABA) step as one stacked tensor
        # (live, B, N): the same float32 operations, half the calls.
        w_by = {"ampa": w_exc, "gaba": w_inh}
        live = [s for s in ("ampa", "gaba") if bool((w_by[s] != 0).any())]
        stacked = tuple(torch.stack([dpis[s][k].expand(batch, n) for s in live])
                        for k in range(4)) if live else ()
        # This step's input (and the every-step channels) for all steps at
        # once; per step only the neurons' spikes of the last step, through
        # the block of neurons that have recurrent synapses.
        sources_in = torch.cat([x, x.new_ones(batch, steps, self.every_step)], 2)
        flat = sources_in.reshape(batch * steps, -1)
        # (unbind: slicing step by step would cost a full-size gradient each)
        drive_in = (torch.stack([_linear(flat, w_by[s][:, n:]) for s in live])
                    .reshape(len(live), batch, steps, n).unbind(2) if live else ())
        rec = (w_exc[:, :n] != 0) | (w_inh[:, :n] != 0)
        rec_sources = torch.nonzero(rec.any(0)).flatten()
        rec_targets = torch.nonzero(rec.any(1)).flatten()
        rec_w = (torch.cat([w_by[s][rec_targets][:, rec_sources] for s in live])
                 if live else None)
        has_rec = len(rec_sources) > 0
        ahp_live = bool((p["Iw_ahp"] != 0).any())
        nmda_gate = bool((p["If_nmda"] != 0).any())
        threshold, t_ref = f32("Ispkthr"), f32("t_ref")
        idc, itau_mem, igain_mem = f32("Idc"), f32("Itau_mem"), f32("Igain_mem")
        gain_mem, kappa_prime, ut = f32("gain_mem"), f32("kappa_prime"), f32("Ut")
        tau_rest = (f32("ut_over_kappa") * f32("C_mem")) / (itau_mem + io)
        ut_over_kappa = f32("ut_over_kappa")
        io_b = io.expand(batch, n)
        synapses = io.expand(len(live), batch, n).clone() if live else None
        # The SHUNT synapse has no input here (the model refuses networks
        # with NMDA or SHUNT weights), so the leak is constant, and so is
        # the AHP's share of it while the AHP has none.
        leak = itau_mem + io_b
        ahp_share = None if ahp_live else one + iahp / leak
        out, records = [], []
        for t in range(steps):
            feedback_exp = torch.exp(kappa_prime * vmem / ut)
            new = {s: io_b for s in _SYNAPSES}
            if live:
                pre = factors(stacked, synapses.detach())
                iw = drive_in[t]
                if has_rec:
                    recurrent = _linear(spikes[:, rec_sources], rec_w).reshape(
                        batch, len(live), -1).transpose(0, 1)
                    iw = iw.index_add(2, rec_targets, recurrent)
                synapses = dpi_step(stacked, synapses, iw, *pre)
                new.update(zip(live, synapses.unbind(0)))
            if ahp_live:
                iahp = dpi_step(dpis["ahp"], iahp, f32("Iw_ahp") * spikes,
                                *factors(dpis["ahp"], iahp))
            gated = new["nmda"] / (one + f32("If_nmda") / imem) if nmda_gate else new["nmda"]
            isyn = (gated + new["ampa"]) - new["gaba"]
            blocked = torch.minimum(timer, dt) / dt
            iin = torch.maximum((isyn + idc) * (one - blocked), io)
            target = gain_mem * ((iin - iahp) - leak)
            held = imem.detach()
            positive = (io * feedback_exp) / leak * (held + igain_mem)
            share = ahp_share if ahp_share is not None else one + iahp / leak
            drive = (target + positive) - imem * share
            linear = (dt * drive) / tau_rest
            with torch.no_grad():
                predicted = torch.maximum(held + linear, io)
                slow = predicted / (predicted + igain_mem)
            imem = torch.maximum(imem + linear * slow, io)
            vmem = ut_over_kappa * torch.log(imem.detach() / io)
            spikes = SpikeFn.apply(imem, threshold, self.slope, True)
            fired = spikes.detach() > 0
            # (a product, not torch.where: the same values, a cheaper backward)
            imem = imem * (~fired).to(imem.dtype) + io_b * spikes.detach()
            timer = torch.where(fired, t_ref.expand_as(timer), torch.relu(timer - dt))
            out.append(spikes)
            if record:
                records.append(isyn)
        result = torch.stack(out, 1)
        if record:
            return result, torch.stack(records, 1)
        return result
