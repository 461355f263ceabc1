#!/usr/bin/env bash
# The main job on a bundled example: parse, verify and print a network
# written in the `snn` dialect, then the same network at the `dynapse` level.
set -euo pipefail
build_dir=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
opt="$build_dir/bin/dynapse-opt"

for example in "$root/examples/two-layer-lif.snn.mlir" "$root/examples/two-layer-lif.dynapse.mlir"; do
  echo "== dynapse-opt $(basename "$example") (parsed, verified, printed)"
  "$opt" "$example"
done
