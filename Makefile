# The two commands of the README:
#   make check   install dependencies, configure, build, run every test
#   make demo    install dependencies, build, run the main job on a bundled example
BUILD_DIR ?= build
BUILD_TYPE ?= Release
LLVM_PREFIX ?= /usr/lib/llvm-19
JOBS ?= $(shell nproc)

# What every build tree shares: MLIR, lit, and ccache and lld where installed.
SHARED_FLAGS := -DMLIR_DIR=$(LLVM_PREFIX)/lib/cmake/mlir \
  -DLLVM_EXTERNAL_LIT=$(LLVM_PREFIX)/build/utils/lit/lit.py
ifneq ($(shell command -v ccache 2>/dev/null),)
SHARED_FLAGS += -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
endif
ifneq ($(shell command -v ld.lld 2>/dev/null),)
SHARED_FLAGS += -DLLVM_USE_LINKER=lld
endif
CMAKE_FLAGS := -G Ninja -S . -B $(BUILD_DIR) \
  -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(SHARED_FLAGS)

.PHONY: all deps configure build check demo docs bench sanitize fuzz fuzz-smoke clean

all: build

deps:
	./scripts/install-deps.sh

$(BUILD_DIR)/build.ninja:
	cmake $(CMAKE_FLAGS)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

check: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure

demo: build
	./scripts/demo.sh $(BUILD_DIR)

# Regenerates the dialect references in docs/ from the ODS definitions.
docs: configure
	cmake --build $(BUILD_DIR) --target dynapse-docs

# Benchmarks: installs Google Benchmark, SciPy, Brian2, torch and scikit-learn
# (benchmark-only), builds and runs them; results go to build/bench/*.json
# (see docs/performance.md) and build/bench/fidelity (docs/fidelity.md).
bench: configure
	@for p in libbenchmark-dev python3-numpy python3-scipy python3-brian python3-torch python3-sklearn python3-h5py; do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || \
	  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$p; }; done
	cmake $(BUILD_DIR)
	cmake --build $(BUILD_DIR) -j $(JOBS)
	mkdir -p $(BUILD_DIR)/bench
	$(BUILD_DIR)/bench/dynapse-bench-clustering --benchmark_out=$(BUILD_DIR)/bench/clustering.json --benchmark_out_format=json
	cd $(BUILD_DIR)/bench && ./dynapse-bench-weights --benchmark_out=weights.json --benchmark_out_format=json
	/usr/bin/python3 bench/rockpool_autoencoder.py $(BUILD_DIR)/bench/bench-data/core-weights.npy --time-limit 600
	/usr/bin/python3 bench/sim_bench.py $(BUILD_DIR) | tee $(BUILD_DIR)/bench/simulation.txt
	/usr/bin/python3 bench/python_overhead.py $(BUILD_DIR) | tee $(BUILD_DIR)/bench/python.txt
	/usr/bin/python3 bench/fidelity/train.py $(BUILD_DIR)/bench/fidelity
	/usr/bin/python3 bench/fidelity/evaluate.py $(BUILD_DIR) $(BUILD_DIR)/bench/fidelity | tee $(BUILD_DIR)/bench/fidelity.md
	PYTHONPATH=$(BUILD_DIR)/python /usr/bin/python3 bench/fidelity/finetune_chips.py $(BUILD_DIR)/bench/fidelity | tee $(BUILD_DIR)/bench/finetune.md

# Hardening (docs/reliability.md): one clang-19 tree with ASan, UBSan and
# LeakSanitizer plus libFuzzer coverage; `sanitize` runs the whole test
# suite in it, `fuzz` runs every harness for FUZZ_TIME seconds. Debian's
# LLVM CMake leaves LLVM_UBSAN_FLAGS empty; vptr needs RTTI, which LLVM's
# headers are built without, and `function` trips over JIT-compiled calls.
SAN_DIR ?= build-san
FUZZ_TIME ?= 60
SAN_FLAGS := -G Ninja -S . -B $(SAN_DIR) -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
  -DLLVM_USE_SANITIZER="Address;Undefined" -DLLVM_USE_SANITIZE_COVERAGE=ON \
  -DLLVM_UBSAN_FLAGS="-fsanitize=undefined -fno-sanitize=vptr,function -fno-sanitize-recover=undefined" \
  -DDYNAPSE_ENABLE_FUZZERS=ON $(SHARED_FLAGS)
# The uninstrumented MLIR libraries trip ASan's user poisoning (toolchain.md 7).
SAN_ENV := ASAN_OPTIONS=allow_user_poisoning=0:detect_leaks=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

$(SAN_DIR)/build.ninja:
	DYNAPSE_FUZZ=1 ./scripts/install-deps.sh
	cmake $(SAN_FLAGS)

sanitize: $(SAN_DIR)/build.ninja
	cmake --build $(SAN_DIR) -j $(JOBS)
	$(SAN_ENV) ctest --test-dir $(SAN_DIR) --output-on-failure -E embed

fuzz: $(SAN_DIR)/build.ninja
	cmake --build $(SAN_DIR) -j $(JOBS)
	$(SAN_ENV) ./scripts/fuzz.sh $(SAN_DIR) $(FUZZ_TIME)

# CI's short, reproducible fuzz run: FUZZ_RUNS inputs per harness.
FUZZ_RUNS ?= 2000
fuzz-smoke: $(SAN_DIR)/build.ninja
	cmake --build $(SAN_DIR) -j $(JOBS)
	$(SAN_ENV) ./scripts/fuzz.sh $(SAN_DIR) --smoke $(FUZZ_RUNS)

clean:
	rm -rf $(BUILD_DIR)
