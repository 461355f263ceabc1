"""Checks that two Rockpool spec files hold the same quantised network:
masks, signs and bias codes equal, entry for entry (used by round-trip.test)."""
import json
import sys

before, after = (json.load(open(path)) for path in sys.argv[1:3])
for key in ("weights_in", "weights_rec", "sign_in", "sign_rec", "n_neuron", "core_map"):
    if before[key] != after[key]:
        sys.exit(f"{key} differs: {before[key]} != {after[key]}")
codes = lambda spec: [{name: (c["coarse"], c["fine"], c["type"]) for name, c in core.items()}
                      for core in spec["biases"]]
if codes(before) != codes(after):
    sys.exit("bias codes differ")
print("same quantisation")
