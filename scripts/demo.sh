#!/usr/bin/env bash
# The main job on a bundled example: the Braille RNN of the NIR paper
# (examples/braille.nir, exported by snnTorch) compiled to a DYNAP-SE2 device
# image and a samna configuration, with the compile report, simulated before
# and after quantisation on a bundled Poisson input.
set -euo pipefail
build_dir=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$build_dir/bin"
out="$build_dir/demo"
mkdir -p "$out"

echo "== dynapse-compile examples/braille.nir -o $out/braille.dse2 --simulate examples/braille-input.npy"
"$bin/dynapse-compile" "$root/examples/braille.nir" -o "$out/braille.dse2" \
  --report "$out/report.json" --simulate "$root/examples/braille-input.npy"
echo
echo "== the image (dynapse-translate --dump-image, first lines)"
"$bin/dynapse-translate" --dump-image "$out/braille.dse2" -o "$out/braille.dump.txt"
head -12 "$out/braille.dump.txt"
echo
echo "== samna configuration for a board"
"$bin/dynapse-compile" "$root/examples/braille.nir" -o "$out/braille.samna.json" --quiet
ls -l "$out/braille.samna.json" "$out/braille.samna.channels.json"
echo
echo "outputs in $out/ (report.json has the summary as JSON)"
