# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "DYNAPSE"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs", "CMakeLists.txt", "dynapse-capi-test.c", "dynapse-capi-driver-test.c", "same-quantisation.py", "corrupt.py", "check-config.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.dynapse_obj_root, "test")

# Sanitizer trees (make sanitize) reserve terabytes of address space, so
# tests that bound a tool's memory with `ulimit -v` cannot run there.
if config.dynapse_sanitizers:
    config.available_features.add("sanitizer")

# Debian ships FileCheck, not and count only in the LLVM tools directory; a
# RUN line that starts with `not` needs it on PATH.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
# Compiled simulation kernels are cached inside the build tree, never in the
# user's cache directory (docs/simulation.md, "The kernel cache").
config.environment["DYNAPSE_KERNEL_CACHE"] = os.path.join(
    config.dynapse_obj_root, "test", "kernel-cache")
llvm_config.use_default_substitutions()

config.substitutions.append(("%inputs", os.path.join(config.dynapse_src_root, "test", "Inputs")))
import sys
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(("%examples", os.path.join(config.dynapse_src_root, "examples")))

# The Python package (python/), run with Debian's Python and numpy.
python_dir = os.path.join(config.dynapse_obj_root, "python")
if os.path.exists(os.path.join(python_dir, "dynapse_mlir", "__init__.py")):
    config.available_features.add("python-module")
config.substitutions.append(("%package_dir", python_dir))
config.substitutions.append(("%debian_python", "/usr/bin/python3"))
config.excludes.append("api_test.py")
config.excludes.append("chip_test.py")
# The torch model of the chip and finetune need torch (python3-torch), an
# optional dependency: their tests are unsupported without it.
import subprocess
if subprocess.run(["/usr/bin/python3", "-c", "import torch"],
                  capture_output=True).returncode == 0:
    config.available_features.add("torch")

tools = ["dynapse-opt", "dynapse-translate", "dynapse-lsp-server", "dynapse-h5gen", "dynapse-compile", "dynapse-sim", "dynapse-capi-test", "dynapse-capi-driver-test"]
llvm_config.add_tool_substitutions(tools, [config.dynapse_tools_dir, config.llvm_tools_dir])
