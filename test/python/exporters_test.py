"""The reference model against snnTorch's and Norse's own forward passes
(run by exporters.test with Debian's /usr/bin/python3 and numpy; torch for
the torch mirror of the reference model when it is there).

  exporters_test.py FIXTURES_DIR

FIXTURES_DIR is Inputs/exporters: NIR files written by the libraries' own
exporters and the spikes of their own runs (its README says which commits
and how). Every case must match spike for spike, read with the options a
user of that library gives: snnTorch's reset_mechanism and reset_delay
(which no NIR file records), Norse 1.0's step by name; everything else is
detected. Each option must also matter: the wrong one changes the spikes.
"""
import json
import os
import sys

import numpy as np

import dynapse_mlir as d

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from checks import check, finish  # noqa: E402


def options_for(case):
    """What the case's user tells the toolchain (docs/python.md)."""
    if case["framework"] == "norse":
        return {"nir_convention": "norse-1.0"} if case["version"] == "1.0.0" else {}
    options = {"reset": case["reset"], "reset_delay": case["reset_delay"]}
    # snnTorch 0.7's RSynaptic with init_hidden=True also clears the
    # current on a zero reset.
    if (case["version"].startswith("0.7") and case["neuron"] == "RSynaptic"
            and case["reset"] == "zero" and case.get("init_hidden")):
        options["reset_clears_current"] = True
    return options


def reference(folder, case, options):
    x = np.load(os.path.join(folder, case["input"])).astype(np.float32)
    want = np.load(os.path.join(folder, case["spikes"]))
    got = d.simulate(os.path.join(folder, case["nir"]), x, model="reference",
                     **options)
    return got[..., -want.shape[-1]:], want


def torch_reference(folder, case, options):
    """The torch mirror (dynapse_mlir.chip.ReferenceModel) of the same."""
    import torch
    from dynapse_mlir import chip
    described = chip.describe(os.path.join(folder, case["nir"]), **options)
    model = chip.ReferenceModel(described["reference"])
    x = torch.from_numpy(np.load(os.path.join(folder, case["input"])).astype(np.float32))
    with torch.no_grad():
        spikes = model(x)[:, :, model.outputs].numpy()
    return spikes


def main():
    folder = sys.argv[1]
    cases = json.load(open(os.path.join(folder, "manifest.json")))
    try:
        import torch  # noqa: F401
        have_torch = True
    except ImportError:
        have_torch = False
    for case in cases:
        options = options_for(case)
        got, want = reference(folder, case, options)
        differing = int((got != want).sum())
        check(differing == 0, f"{case['name']}: reference equals "
              f"{case['framework']} {case['version']} spike for spike "
              f"({int(want.sum())} spikes, {differing} differ)")
        if have_torch and case["framework"] == "snntorch":
            mirrored = torch_reference(folder, case, options)
            check(np.array_equal(mirrored, want),
                  f"{case['name']}: the torch reference model too")
    # Each option matters on these fixtures: without it, spikes differ.
    by_name = {case["name"]: case for case in cases}
    for name, wrong in (
            ("snntorch_0.9.4_synaptic_zero_delay", {"reset_delay": False}),
            ("snntorch_0.9.4_rsynaptic_subtract_delay", {"reset": "zero"}),
            ("snntorch_0.7.0-40ad1360_rsynaptic_zero_delay",
             {"reset_clears_current": False}),
            ("norse_1.0.0_lifcell", {"nir_convention": "norse"}),
            ("norse_1.1.0_lifcell", {"nir_convention": "norse-1.0"})):
        case = by_name[name]
        got, want = reference(folder, case, {**options_for(case), **wrong})
        check((got != want).any(), f"{name}: with {wrong} the spikes differ")
    finish()


if __name__ == "__main__":
    main()
