#!/usr/bin/env bash
# Installs every Debian package needed to build, test and run the demo of
# dynapse-mlir. Does nothing when all of them are already installed; runs
# `apt-get update` only when something is missing. Needs root (or sudo).
set -euo pipefail

packages=(
  cmake ninja-build g++ python3 ccache lld
  llvm-19-dev llvm-19-tools libmlir-19-dev mlir-19-tools
  libboost-graph-dev libgtest-dev libhdf5-dev
  pybind11-dev python3-dev python3-numpy python3-h5py
  # Training for the chip (dynapse_mlir.chip, dynapse_mlir.finetune).
  python3-torch
)
# The sanitizer and fuzzing tree (make sanitize, make fuzz) needs clang and
# its runtimes (libclang-rt is only a Recommends of clang).
if [ -n "${DYNAPSE_FUZZ:-}" ]; then
  packages+=(clang-19 libclang-rt-19-dev)
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
