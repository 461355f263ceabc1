"""The PEP 517 build backend of `pip install .` (pyproject.toml names it,
with backend-path = ["python"]): plain Python, nothing to download.

It configures the project as `make` does (CMake, Ninja, Release, Debian's
LLVM/MLIR 19, ccache and lld where installed) into build/, builds only the
Python package's targets (DynapsePythonModule, DynapsePythonSources: the
libraries they link, no tools or tests) and packs build/python/dynapse_mlir
into a wheel for this interpreter. An existing build/ is reused as it is.

config settings (`pip install --config-settings KEY=VALUE`):
  build-dir    the CMake build tree (default: build/ in the source tree)
  jobs         parallel jobs (default: CMake's, i.e. Ninja's)
  llvm-prefix  where LLVM/MLIR 19 lives (default: /usr/lib/llvm-19)
"""
from __future__ import annotations

import base64
import hashlib
import importlib.machinery
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "dynapse_mlir"
TARGETS = ("DynapsePythonModule", "DynapsePythonSources")

__all__ = ["get_requires_for_build_wheel", "prepare_metadata_for_build_wheel",
           "build_wheel", "get_requires_for_build_editable",
           "prepare_metadata_for_build_editable", "build_editable"]


# --- metadata -------------------------------------------------------------

def _project():
    with open(os.path.join(SOURCE, "pyproject.toml"), "rb") as f:
        project = dict(tomllib.load(f)["project"])
    with open(os.path.join(SOURCE, "CMakeLists.txt")) as f:
        found = re.search(r"project\(\s*[\w-]+\s+VERSION\s+([0-9][0-9.]*)", f.read())
    if not found:
        raise RuntimeError("CMakeLists.txt: no project(... VERSION ...)")
    project["version"] = found.group(1)
    return project


def _distribution(project):
    """The wheel's name for the project (PEP 427: runs of -_. become _)."""
    return re.sub(r"[-_.]+", "_", project["name"]).lower()


def _metadata(project) -> str:
    lines = ["Metadata-Version: 2.1",
             f"Name: {project['name']}",
             f"Version: {project['version']}"]
    if "description" in project:
        lines.append(f"Summary: {project['description']}")
    if "requires-python" in project:
        lines.append(f"Requires-Python: {project['requires-python']}")
    for requirement in project.get("dependencies", []):
        lines.append(f"Requires-Dist: {requirement}")
    for extra, requirements in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        for requirement in requirements:
            lines.append(f'Requires-Dist: {requirement}; extra == "{extra}"')
    text = "\n".join(lines) + "\n"
    readme = project.get("readme")
    if isinstance(readme, str) and os.path.exists(os.path.join(SOURCE, readme)):
        with open(os.path.join(SOURCE, readme), encoding="utf-8") as f:
            text += ("Description-Content-Type: text/markdown\n\n" + f.read())
    return text


def _tag() -> str:
    """This interpreter's wheel tag: the extension is built for its ABI."""
    if sys.implementation.name != "cpython":
        raise RuntimeError("dynapse_mlir's extension needs CPython")
    version = f"cp{sys.version_info.major}{sys.version_info.minor}"
    platform = re.sub(r"[-.]", "_", sysconfig.get_platform())
    return f"{version}-{version}-{platform}"


def _dist_info_files(project, tag):
    """(name, bytes) of the .dist-info folder, without RECORD."""
    wheel = ("Wheel-Version: 1.0\n"
             "Generator: dynapse-mlir build_backend\n"
             "Root-Is-Purelib: false\n"
             f"Tag: {tag}\n")
    return [("METADATA", _metadata(project).encode()), ("WHEEL", wheel.encode()),
            ("top_level.txt", f"{PACKAGE}\n".encode())]


def _dist_info_name(project):
    return f"{_distribution(project)}-{project['version']}.dist-info"


def get_requires_for_build_wheel(config_settings=None):
    return []  # CMake, Ninja, pybind11 and MLIR come from Debian


get_requires_for_build_editable = get_requires_for_build_wheel


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    project = _project()
    name = _dist_info_name(project)
    folder = os.path.join(metadata_directory, name)
    os.makedirs(folder, exist_ok=True)
    for file, data in _dist_info_files(project, _tag()):
        with open(os.path.join(folder, file), "wb") as f:
            f.write(data)
    return name


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


# --- the CMake build ------------------------------------------------------

def _setting(config_settings, key, default=None):
    value = (config_settings or {}).get(key, default)
    return value[-1] if isinstance(value, list) else value


def _run(command, **kwargs):
    print("+", " ".join(command), file=sys.stderr, flush=True)
    subprocess.run(command, check=True, **kwargs)


def _build(config_settings) -> str:
    """Configures (once) and builds the package's targets; returns the
    built package folder."""
    build_dir = os.path.abspath(os.path.join(
        SOURCE, _setting(config_settings, "build-dir", "build")))
    llvm = _setting(config_settings, "llvm-prefix", "/usr/lib/llvm-19")
    for tool in ("cmake", "ninja"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} is missing: run scripts/install-deps.sh "
                               "(or apt install cmake ninja-build)")
    if not os.path.exists(os.path.join(build_dir, "build.ninja")):
        command = ["cmake", "-G", "Ninja", "-S", SOURCE, "-B", build_dir,
                   "-DCMAKE_BUILD_TYPE=Release",
                   f"-DMLIR_DIR={llvm}/lib/cmake/mlir",
                   f"-DLLVM_EXTERNAL_LIT={llvm}/build/utils/lit/lit.py"]
        if shutil.which("ccache"):
            command += ["-DCMAKE_C_COMPILER_LAUNCHER=ccache",
                        "-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"]
        if shutil.which("ld.lld"):
            command += ["-DLLVM_USE_LINKER=lld"]
        _run(command)
    command = ["cmake", "--build", build_dir, "--target", *TARGETS]
    jobs = _setting(config_settings, "jobs")
    if jobs:
        command += ["-j", str(int(jobs))]
    try:
        _run(command)
    except subprocess.CalledProcessError as error:
        raise RuntimeError(
            "building the Python package failed (see above); without "
            "pybind11-dev and python3-dev CMake skips it: run "
            "scripts/install-deps.sh") from error
    package = os.path.join(build_dir, "python", PACKAGE)
    suffixes = importlib.machinery.EXTENSION_SUFFIXES
    if not any(os.path.exists(os.path.join(package, "_dynapse_mlir" + suffix))
               for suffix in suffixes):
        raise RuntimeError(f"{package} has no extension module for this "
                           f"interpreter ({sys.executable}, {suffixes[0]}); the "
                           "build's Python is /usr/bin/python3")
    return package


# --- wheels ---------------------------------------------------------------

def _write_wheel(wheel_directory, project, files):
    """Writes the wheel of `files` ((archive name, bytes)) plus .dist-info;
    returns its file name."""
    tag = _tag()
    dist_info = _dist_info_name(project)
    files = list(files) + [(f"{dist_info}/{name}", data)
                           for name, data in _dist_info_files(project, tag)]
    record = []
    for name, data in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest())
        record.append(f"{name},sha256={digest.rstrip(b'=').decode()},{len(data)}")
    record.append(f"{dist_info}/RECORD,,")
    files.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode()))
    filename = f"{_distribution(project)}-{project['version']}-{tag}.whl"
    os.makedirs(wheel_directory, exist_ok=True)
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w",
                         zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, data)
    return filename


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    """The package (its Python sources and the extension module) as a
    wheel."""
    package = _build(config_settings)
    files = []
    for name in sorted(os.listdir(package)):
        if name.endswith(".py") or name.startswith("_dynapse_mlir."):
            with open(os.path.join(package, name), "rb") as f:
                files.append((f"{PACKAGE}/{name}", f.read()))
    return _write_wheel(wheel_directory, _project(), files)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """`pip install -e .`: a .pth file that puts the build tree's package
    on the path (rebuild with cmake --build to update it)."""
    package = _build(config_settings)
    pth = (os.path.dirname(package) + "\n").encode()
    return _write_wheel(wheel_directory, _project(), [(f"{PACKAGE}.pth", pth)])
