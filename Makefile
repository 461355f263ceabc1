# The two commands of the README:
#   make check   install dependencies, configure, build, run every test
#   make demo    install dependencies, build, run the main job on a bundled example
BUILD_DIR ?= build
BUILD_TYPE ?= Release
LLVM_PREFIX ?= /usr/lib/llvm-19
JOBS ?= $(shell nproc)

CMAKE_FLAGS := -G Ninja -S . -B $(BUILD_DIR) \
  -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
  -DMLIR_DIR=$(LLVM_PREFIX)/lib/cmake/mlir \
  -DLLVM_EXTERNAL_LIT=$(LLVM_PREFIX)/build/utils/lit/lit.py
ifneq ($(shell command -v ccache 2>/dev/null),)
CMAKE_FLAGS += -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
endif
ifneq ($(shell command -v ld.lld 2>/dev/null),)
CMAKE_FLAGS += -DLLVM_USE_LINKER=lld
endif

.PHONY: all deps configure build check demo docs bench clean

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

# Benchmarks: installs Google Benchmark, SciPy and Brian2 (benchmark-only),
# builds and runs them; results go to build/bench/*.json (see docs/performance.md).
bench: configure
	@for p in libbenchmark-dev python3-numpy python3-scipy python3-brian; do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || \
	  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$p; }; done
	cmake $(BUILD_DIR)
	cmake --build $(BUILD_DIR) -j $(JOBS)
	mkdir -p $(BUILD_DIR)/bench
	$(BUILD_DIR)/bench/dynapse-bench-clustering --benchmark_out=$(BUILD_DIR)/bench/clustering.json --benchmark_out_format=json
	cd $(BUILD_DIR)/bench && ./dynapse-bench-weights --benchmark_out=weights.json --benchmark_out_format=json
	/usr/bin/python3 bench/rockpool_autoencoder.py $(BUILD_DIR)/bench/bench-data/core-weights.npy --time-limit 600
	/usr/bin/python3 bench/sim_bench.py $(BUILD_DIR) | tee $(BUILD_DIR)/bench/simulation.txt

clean:
	rm -rf $(BUILD_DIR)
