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

# The network was trained with snnTorch's subtractive reset, which NIR
# cannot say: --reset subtract makes the reference model the trained one.
echo "== dynapse-compile examples/braille.nir -o $out/braille.dse2 --reset subtract --simulate examples/braille-input.npy"
"$bin/dynapse-compile" "$root/examples/braille.nir" -o "$out/braille.dse2" --reset subtract \
  --report "$out/report.json" --simulate "$root/examples/braille-input.npy"
echo
echo "What the numbers mean: 'decision agreement' is the share of the input samples"
echo "whose winning output neuron (the most spikes) is the one the network as trained"
echo "(the reference model) picks: 1.0 computes what was trained. 'ideal chip' is the"
echo "deployed image on the chip model without device mismatch; the 5 chip instances"
echo "are simulated chips at the chip's mismatch level (--mismatch 0.3), each a"
echo "different real chip. Two samples decide little: docs/fidelity.md has 500-sample"
echo "test sets."
echo
echo "== the image (dynapse-translate --dump-image, first lines)"
"$bin/dynapse-translate" --dump-image "$out/braille.dse2" -o "$out/braille.dump.txt"
head -12 "$out/braille.dump.txt"
echo
echo "== samna configuration for a board"
"$bin/dynapse-compile" "$root/examples/braille.nir" -o "$out/braille.samna.json" --reset subtract --quiet
ls -l "$out/braille.samna.json" "$out/braille.samna.channels.json"
echo
echo "outputs in $out/ (report.json has the summary as JSON)"
