"""pyproject.toml's build backend (python/build_backend.py) without
building: its metadata, and a wheel of stand-in files that pip's own rules
accept (run by build-backend.test; the real `pip install .` builds the whole
package and is documented in docs/python.md, "Installing").

  build_backend_test.py SOURCE_ROOT
"""
import base64
import csv
import hashlib
import io
import os
import re
import sys
import tempfile
import zipfile

sys.dont_write_bytecode = True
from checks import check, finish  # noqa: E402

root = sys.argv[1]
sys.path.insert(0, os.path.join(root, "python"))
import build_backend as backend  # noqa: E402


import tomllib  # noqa: E402

with open(os.path.join(root, "pyproject.toml"), "rb") as f:
    system = tomllib.load(f)["build-system"]
check(system["build-backend"] == "build_backend" and system["backend-path"] == ["python"]
      and system["requires"] == [], "pyproject: the in-tree backend, nothing to download")

with open(os.path.join(root, "CMakeLists.txt")) as f:
    version = re.search(r"project\(dynapse-mlir VERSION ([0-9.]+)", f.read()).group(1)
check(backend.get_requires_for_build_wheel() == [], "no build requirements")

with tempfile.TemporaryDirectory() as folder:
    name = backend.prepare_metadata_for_build_wheel(folder)
    check(name == f"dynapse_mlir-{version}.dist-info", f"metadata folder {name}")
    with open(os.path.join(folder, name, "METADATA")) as f:
        metadata = f.read()
    check(f"Name: dynapse-mlir\nVersion: {version}\n" in metadata
          and "Requires-Dist: numpy\n" in metadata, "METADATA: name, CMake's version, numpy")

    files = [("dynapse_mlir/__init__.py", b"# stand-in\n"),
             ("dynapse_mlir/_dynapse_mlir.so", b"\x7fELF stand-in")]
    wheel = backend._write_wheel(folder, backend._project(), files)
    tag = backend._tag()
    check(wheel == f"dynapse_mlir-{version}-{tag}.whl", f"wheel name {wheel}")
    try:  # the tag is one this interpreter installs
        from pip._vendor.packaging.tags import sys_tags
        check(tag in {str(t) for t in sys_tags()}, f"pip accepts the tag {tag}")
    except ImportError:
        print("ok pip's packaging is not importable; tag not checked")
    with zipfile.ZipFile(os.path.join(folder, wheel)) as archive:
        names = archive.namelist()
        record = list(csv.reader(io.StringIO(
            archive.read(f"{name}/RECORD").decode())))
        hashed = {row[0]: row[1:] for row in record}
        good = set(hashed) == set(names)
        for entry in names:
            if entry.endswith("RECORD"):
                continue
            data = archive.read(entry)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest())
            good &= hashed[entry] == [f"sha256={digest.rstrip(b'=').decode()}",
                                      str(len(data))]
        wheel_file = archive.read(f"{name}/WHEEL").decode()
    check(good, "RECORD lists every file with its sha256 and size")
    check("Root-Is-Purelib: false" in wheel_file and f"Tag: {tag}" in wheel_file,
          "WHEEL: platform wheel with the tag")
    check({"dynapse_mlir/__init__.py", "dynapse_mlir/_dynapse_mlir.so"} <= set(names),
          "the package's files in the wheel")

finish()
