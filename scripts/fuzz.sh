#!/usr/bin/env bash
# Runs every libFuzzer harness of a sanitizer tree for SECONDS each, seeded
# with the test inputs, growing the corpora in BUILD/fuzz/corpus/. Statistics
# go to BUILD/fuzz/stats.txt; a crash leaves its input in BUILD/fuzz/crashes/
# and fails the script.
# FUZZ_HARNESSES="nir_fuzzer ..." runs only those harnesses.
# Usage: scripts/fuzz.sh BUILD_DIR SECONDS
#        scripts/fuzz.sh BUILD_DIR --smoke RUNS   (CI: RUNS inputs per harness
#        from the seeds only, fixed random seed, so the run is reproducible)
set -euo pipefail
build=${1:?build directory}
seconds=${2:?seconds per harness}
limit=(-max_total_time="$seconds")
if [ "$seconds" = "--smoke" ]; then
  limit=(-runs="${3:?runs per harness}" -seed=1)
  smoke_root=$(mktemp -d)
  trap 'rm -rf "$smoke_root"' EXIT
fi
root=$(cd "$(dirname "$0")/.." && pwd)
work="$build/fuzz"
rm -rf "$work/seeds"
mkdir -p "$work/seeds" "$work/crashes"

seed() { # seed HARNESS FILES...
  local harness=$1 dir="$work/seeds/$1"; shift
  mkdir -p "$dir" "$work/corpus/$harness"
  for f in "$@"; do
    [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 200000 ] && cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-12)"
  done
  return 0
}
shopt -s globstar nullglob
seed ir_pipeline_fuzzer "$root"/test/**/*.mlir "$root"/examples/*.mlir
seed nir_fuzzer "$root"/examples/*.nir "$root"/test/**/*.nir
seed spec_fuzzer "$root"/test/**/*.json
seed npy_fuzzer "$root"/test/**/*.npy "$root"/examples/*.npy
# Images: the bundled network and the quantised Rockpool spec, compiled.
mkdir -p "$work/seeds/image_fuzzer" "$work/corpus/image_fuzzer"
"$build/bin/dynapse-compile" "$root/examples/braille.nir" -o "$work/seeds/image_fuzzer/braille.dse2" --quiet ||
  { echo "fuzz.sh: cannot compile the image seeds"; exit 1; }
"$build/bin/dynapse-compile" "$root/test/Target/RockpoolSpec/Inputs/c1-quantised.json" \
  -o "$work/seeds/image_fuzzer/c1.dse2" --quiet ||
  { echo "fuzz.sh: cannot compile the image seeds"; exit 1; }

: > "$work/stats.txt"
status=0
harnesses=${FUZZ_HARNESSES:-ir_pipeline_fuzzer nir_fuzzer spec_fuzzer image_fuzzer npy_fuzzer}
for harness in $harnesses; do
  echo "== $harness"
  log="$work/$harness.log"
  corpus="$work/corpus/$harness"
  if [ "$seconds" = "--smoke" ]; then
    corpus="$smoke_root/$harness"; mkdir -p "$corpus"
  fi
  options=${ASAN_OPTIONS:-}
  run_limit=("${limit[@]}")
  # The NIR harness forks a child per input (HDF5 runs isolated, as in the
  # tools): about 50 inputs a second under ASan, so the smoke run takes 500.
  if [ "$seconds" = "--smoke" ] && [ "$harness" = nir_fuzzer ] &&
     [ "$3" -gt 500 ]; then
    run_limit=(-runs=500 -seed=1)
  fi
  # A corrupt size makes HDF5 allocate gigabytes for a metadata block that
  # it then fails to read (past the end of the file), or exabytes, where
  # malloc returns null and HDF5 reports an error. Neither is touched, but
  # ASan would commit shadow memory for it: above 2 GB, return null instead.
  # HDF5 leaks on its error paths, which matters only in process
  # (DYNAPSE_FUZZ_IN_PROCESS=1): a child's memory goes with it.
  if [ "$harness" = nir_fuzzer ]; then
    options="$options:allocator_may_return_null=1:max_allocation_size_mb=2048"
    [ -n "${DYNAPSE_FUZZ_IN_PROCESS:-}" ] && options="$options:detect_leaks=0"
  fi
  if ! ASAN_OPTIONS="$options" "$build/bin/$harness" "$corpus" "$work/seeds/$harness" \
      "${run_limit[@]}" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
      -print_final_stats=1 -artifact_prefix="$work/crashes/$harness-" > "$log" 2>&1; then
    echo "$harness FAILED (see $log)"; status=1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)
  echo "$harness executions $execs coverage $cov" | tee -a "$work/stats.txt"
done
exit $status
