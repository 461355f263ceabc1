#!/usr/bin/env bash
# Installs the build into a temporary prefix, builds examples/embed against it
# with find_package(DynapseMLIR), and compiles a bundled network with it.
# usage: test-embed.sh BUILD_DIR SOURCE_DIR MLIR_DIR
set -euo pipefail
build=$(realpath "$1") source=$(realpath "$2") mlir_dir=$3
prefix="$build/embed-prefix"
work="$build/embed-build"
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" > /dev/null
launcher=()
if command -v ccache > /dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -G Ninja -S "$source/examples/embed" -B "$work" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" -DMLIR_DIR="$mlir_dir" "${launcher[@]}" > /dev/null
cmake --build "$work" > /dev/null
"$work/embed" "$source/examples/braille.nir" "$work/braille.dse2"
# (into a file: `| head` could end the dump with SIGPIPE under pipefail)
"$build/bin/dynapse-translate" --dump-image "$work/braille.dse2" -o "$work/braille.txt"
head -3 "$work/braille.txt"
