#!/usr/bin/env bash
# The main job on bundled examples: a network written in the `snn` dialect and
# a real NIR file (the Braille RNN of the NIR paper) go down the pipeline as far
# as it exists: import, conversion to DYNAP-SE2 currents, merging, Rockpool spec.
set -euo pipefail
build_dir=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$build_dir/bin"
out="$build_dir/demo"
mkdir -p "$out"

echo "== parse and verify examples/two-layer-lif.snn.mlir"
"$bin/dynapse-opt" "$root/examples/two-layer-lif.snn.mlir" -o "$out/two-layer.snn.mlir"

nir="$root/examples/braille.nir"
echo "== import $nir (NIR)"
"$bin/dynapse-translate" --import-nir "$nir" -o "$out/braille.snn.mlir"

echo "== convert to DYNAP-SE2 currents and merge into one population"
"$bin/dynapse-opt" "$out/braille.snn.mlir" --convert-snn-to-dynapse --dynapse-merge \
  -o "$out/braille.dynapse.mlir"
grep -o 'dynapse.population(.*-> !dynapse.spikes<[0-9]*>' "$out/braille.dynapse.mlir" |
  grep -o 'name = "[^"]*".*spikes<[0-9]*>' | sed 's/{.*}//' || true

echo "== export as a Rockpool mapper spec"
"$bin/dynapse-translate" --export-rockpool-spec "$out/braille.dynapse.mlir" -o "$out/braille.spec.json"
python3 - "$out/braille.spec.json" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
print(f"neurons {spec['n_neuron']}, inputs {len(spec['weights_in'])}, "
      f"clusters {spec['n_cluster']}, dt {spec['dt']} s, Iscale {spec['Iscale']} A")
print("mean Itau_mem %.4g A, mean Itau_syn %.4g A" % (spec['Itau_mem'][0], spec['Itau_syn'][0]))
PY
echo "== outputs in $out/"
