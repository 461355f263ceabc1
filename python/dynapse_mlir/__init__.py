"""dynapse-mlir from Python: compile spiking networks for DYNAP-SE2, simulate
them, check them against the network as trained.

    import dynapse_mlir as d
    deployment = d.compile("examples/braille.nir", chips=1)
    deployment.save("braille.dse2")
    spikes = d.simulate(deployment, inputs)          # (B, T, N) float32

docs/python.md is the reference. Options are dynapse-compile's, with
underscores (``t_ref=2e-3``, ``nir_convention="snntorch"``), from the same
option table.
"""
from __future__ import annotations

import io
import json
import os
from typing import Any, Dict, Iterable, Mapping, Optional, Union

import numpy as np

from . import _dynapse_mlir as _core

__all__ = ["Error", "Deployment", "Simulator", "compile", "simulate", "fidelity",
           "options", "from_nir", "to_nir"]


# The chip's mismatch level (Rockpool's default percent_mismatch: every
# current and capacitance times 1 + 0.1 N(0, 1)) and the chip instances
# fidelity() reports, as dynapse-compile --simulate does.
CHIP_MISMATCH: float = _core.chip_mismatch
DEFAULT_INSTANCES: int = _core.default_instances


class Error(Exception):
    """A network or option the toolchain refuses; the message carries the
    diagnostics (file, op or node, parameter and limit)."""


def options() -> Dict[str, Dict[str, str]]:
    """Every option by its Python name: default, type and help."""
    table = {}
    for row in _core.option_table():
        table.setdefault(row["name"].replace("-", "_"), row)
    return table


def _option_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _options(given: Mapping[str, Any]) -> Dict[str, str]:
    known = options()
    result = {}
    for name, value in given.items():
        if name not in known:
            raise TypeError(f"unknown option '{name}'; dynapse_mlir.options() "
                            "lists them")
        result[name.replace("_", "-")] = _option_text(value)
    return result


def _nir_package():
    """The `nir` package, or None where it is not installed."""
    try:
        import nir
    except ImportError:
        return None
    return nir


def _nir_bytes(graph: Any) -> bytes:
    """A NIR graph object as the bytes of a NIR file (HDF5): written by
    `nir.write` when the graph is one of the installed `nir` package's,
    else by the built-in writer in the same layout. A graph that cannot be
    written is an Error naming the node."""
    nir = _nir_package()
    if nir is not None and isinstance(graph, nir.NIRNode):
        return _nir_write(nir, graph)
    return _builtin_nir_bytes(graph)


def _nir_write(nir: Any, graph: Any) -> bytes:
    """`nir.write` into memory. A copy of nir without installed metadata
    has no `nir.version` (setuptools-scm sets it); 1.0.0 is written then."""
    def write(node):
        buffer = io.BytesIO()
        unversioned = not hasattr(nir, "version")
        if unversioned:
            nir.version = "1.0.0"
        try:
            nir.write(buffer, node)
        finally:
            if unversioned:
                del nir.version
        return buffer.getvalue()

    try:
        return write(graph)
    except Exception as error:  # nir's own failure: find the node it is in
        for name, node in _graph_nodes(graph):
            try:
                write(node)
            except Exception as node_error:
                raise Error(f"NIR graph: node '{name}' ({type(node).__name__}) "
                            f"cannot be written: {_describe(node_error)}"
                            ) from node_error
        raise Error(f"NIR graph: cannot be written: {_describe(error)}") from error


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _nodes_of(graph: Any, prefix: str = "") -> Mapping:
    """`graph.nodes`; an Error where it is not a mapping of names to nodes."""
    nodes = getattr(graph, "nodes", None)
    if not isinstance(nodes, Mapping):
        where = f" '{prefix[:-1]}'" if prefix else ""
        raise Error(f"NIR graph{where}: 'nodes' must map names to nodes, not "
                    f"{type(nodes).__name__}")
    return nodes


def _graph_nodes(graph: Any, prefix: str = ""):
    """(dotted name, node) of every node of `graph`, subgraphs' nodes after
    their subgraph."""
    for name, node in _nodes_of(graph, prefix).items():
        yield prefix + str(name), node
        if type(node).__name__ == "NIRGraph":
            yield from _graph_nodes(node, f"{prefix}{name}.")


def _builtin_nir_bytes(graph: Any) -> bytes:
    """Any object with `nodes` (name -> node whose class name is a NIR
    primitive, its parameters as attributes) and `edges` (pairs of names)
    in nir.write's layout: per node its `type` and parameters, an Input's
    and Output's shape as `shape`, a Flatten's input shape as `input_type`,
    no other input/output types, non-empty `metadata` as a group. Needs
    h5py."""
    try:
        import h5py
    except ImportError as error:  # pragma: no cover - Debian has python3-h5py
        raise ImportError("a NIR graph object needs h5py (apt install "
                          "python3-h5py)") from error
    text = h5py.string_dtype()
    # The one entry nir's to_dict keeps of a node's port types.
    kept_port = {"Input": ("input_type", "input", "shape"),
                 "Output": ("output_type", "output", "shape"),
                 "Flatten": ("input_type", "input", "input_type")}

    def write_value(group, key, value):
        if isinstance(value, str):
            group.create_dataset(key, data=value, dtype=text)
        elif isinstance(value, Mapping):
            sub = group.create_group(str(key))
            for k, v in value.items():
                if v is not None:
                    write_value(sub, str(k), v)
        else:
            group.create_dataset(key, data=np.asarray(value))

    def write_node(group, name, node):
        kind = type(node).__name__
        try:
            group.create_dataset("type", data=kind, dtype=text)
            if kind == "NIRGraph":
                write_graph(group, node, name + ".")
                return
            port = kept_port.get(kind)
            for key, value in getattr(node, "__dict__", {}).items():
                if key.startswith("_") or value is None:
                    continue
                if key in ("input_type", "output_type"):
                    if port is None or key != port[0]:
                        continue
                    if isinstance(value, Mapping):
                        value = value.get(port[1], next(iter(value.values()), None))
                    if value is None:
                        continue
                    key = port[2]
                elif key == "metadata" and (not isinstance(value, Mapping) or not value):
                    continue
                write_value(group, key, value)
        except Error:
            raise
        except Exception as error:
            raise Error(f"NIR graph: node '{name}' ({kind}) cannot be written: "
                        f"{_describe(error)}") from error

    def write_graph(group, graph, prefix=""):
        nodes = group.create_group("nodes")
        for name, node in _nodes_of(graph, prefix).items():
            write_node(nodes.create_group(str(name)), prefix + str(name), node)
        try:
            edges = [[str(a), str(b)] for a, b in graph.edges]
        except (TypeError, ValueError, AttributeError):
            where = f" '{prefix[:-1]}'" if prefix else ""
            raise Error(f"NIR graph{where}: 'edges' must be pairs of node "
                        "names") from None
        group.create_dataset("edges", data=np.array(edges, dtype=object).reshape(-1, 2),
                             dtype=text)
        metadata = getattr(graph, "metadata", None)
        if isinstance(metadata, Mapping) and metadata:
            try:
                write_value(group, "metadata", metadata)
            except Exception as error:
                where = f" '{prefix[:-1]}'" if prefix else ""
                raise Error(f"NIR graph{where}: 'metadata' cannot be written: "
                            f"{_describe(error)}") from error

    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        f.create_dataset("version", data="1.0.0", dtype=text)
        root = f.create_group("node")
        root.create_dataset("type", data="NIRGraph", dtype=text)
        write_graph(root, graph)
    return buffer.getvalue()


def _source(network: Any):
    """(bytes, name) of a network: a path, bytes, a Rockpool spec dict, a NIR
    graph object or a Deployment."""
    if isinstance(network, Deployment):
        return network.image, "deployment.dse2"
    if isinstance(network, (str, os.PathLike)):
        path = os.fspath(network)
        try:
            with open(path, "rb") as f:
                return f.read(), path
        except OSError as error:
            raise Error(f"cannot read {path}: {error.strerror}") from None
    if isinstance(network, (bytes, bytearray, memoryview)):
        return bytes(network), "<bytes>"
    if isinstance(network, Mapping):
        return json.dumps(network).encode(), "<spec>.json"
    if hasattr(network, "nodes") and hasattr(network, "edges"):
        return _nir_bytes(network), "<graph>.nir"
    raise TypeError("network must be a path, bytes, a Rockpool spec dict, a NIR "
                    f"graph or a Deployment, not {type(network).__name__}")


class Deployment:
    """A network deployed to DYNAP-SE2: its image and configuration."""

    def __init__(self, result: Mapping[str, Any]):
        self.image: bytes = result["image"]
        self.samna_json: str = result["samna_json"]
        self.channels: Dict[str, Any] = json.loads(result["channels"])
        self.report: Dict[str, Any] = json.loads(result["report"])
        self.mlir: str = result["mlir"]

    def save(self, path: Union[str, os.PathLike]) -> None:
        """Writes the image (.dse2), samna JSON (.json, plus
        .channels.json) or the allocated IR (.mlir), by the extension."""
        path = os.fspath(path)
        if path.endswith(".dse2"):
            data: Union[bytes, str] = self.image
        elif path.endswith(".mlir"):
            data = self.mlir
        elif path.endswith(".json"):
            data = self.samna_json
            with open(path[:-len(".json")] + ".channels.json", "w") as f:
                f.write(json.dumps(self.channels))
        else:
            raise Error(f"{path}: expected .dse2, .json or .mlir")
        with open(path, "wb" if isinstance(data, bytes) else "w") as f:
            f.write(data)

    def to_samna(self):
        """The configuration as samna.dynapse2.Dynapse2Configuration."""
        try:
            import samna  # noqa: F401
        except ImportError as error:
            raise ImportError("to_samna needs samna (pip install samna); "
                              "Deployment.samna_json holds the same "
                              "configuration as JSON") from error
        configuration = samna.dynapse2.Dynapse2Configuration()
        configuration.from_json(self.samna_json)
        return configuration


def _counts(array: Any, what: str):
    """`array` as numeric spike counts with a batch axis, (B, T, Nin), and
    whether it had one."""
    array = np.asarray(array)
    if array.dtype.kind not in "biuf" or array.ndim not in (2, 3):
        raise TypeError(f"{what} must be numeric spike counts of shape (T, Nin) "
                        f"or (B, T, Nin), not {array.dtype} {array.shape}")
    return (array if array.ndim == 3 else array[None]), array.ndim == 3


def compile(network: Any, *, chips: int = 4, calibrate: Optional[np.ndarray] = None,
            **options: Any) -> Deployment:
    """Compiles `network` to a Deployment with dynapse-compile's pipeline
    and options (by the same names, with underscores). `calibrate` ((T, Nin)
    or (B, T, Nin) spike counts, e.g. training samples) is dynapse-compile's
    --calibrate: a fan-in above 64 keeps the synapses that deliver the most
    charge on it."""
    data, name = _source(network)
    given = _options({"chips": chips, **options})
    if calibrate is not None:
        calibrate, _ = _counts(calibrate, "calibrate")
    try:
        return Deployment(_core.compile(data, name, given, calibrate))
    except ValueError as error:
        raise Error(str(error)) from None


class Simulator:
    """A network compiled for simulation once, to run on many inputs and
    chips: the kernel is JIT-compiled in the constructor, every run() reuses
    it. Options as simulate()'s; with `instances` K the one kernel holds the
    ideal chip (chip 0) and the K chip instances at `mismatch` (chips 1..K,
    seeds `seed`..`seed`+K-1)."""

    def __init__(self, network_or_deployment: Any, *, model: str = "se2",
                 mismatch: float = 0, seed: int = 0, instances: int = 0,
                 **options: Any):
        data, name = _source(network_or_deployment)
        given = _options({"model": model, "mismatch": mismatch,
                          "mismatch_seed": seed, "instances": instances,
                          **options})
        try:
            self._compiled = _core.CompiledNetwork(data, name, given)
        except ValueError as error:
            raise Error(str(error)) from None
        self.neurons: int = self._compiled.neurons
        self.inputs: int = self._compiled.inputs
        self.dt: float = self._compiled.dt
        self.records = list(self._compiled.records)
        #: The chips run() simulates by default: the instances, or chip 0.
        self.chips = list(self._compiled.chips)

    def run(self, spikes: np.ndarray, *, chips: Optional[Iterable[int]] = None,
            record: Iterable[str] = (), threads: int = 0):
        """Simulates `spikes` ((T, Nin) or (B, T, Nin) counts) on `chips`
        (default: self.chips) as simulate() does: float32 output spikes of
        the same rank, with a leading axis of the chips when there are
        several, or with `record` a dict of them and the states."""
        spikes, batched = _counts(spikes, "spikes")
        try:
            out, states = self._compiled.run(
                spikes, [int(c) for c in (chips or [])], list(record),
                int(threads))
        except ValueError as error:
            raise Error(str(error)) from None

        def shaped(array):
            array = array if batched else array[:, 0]
            return array if len(array) > 1 else array[0]
        out = shaped(out)
        states = {key: shaped(value) for key, value in states.items()}
        if record:
            return {"spikes": out, **states}
        return out


def simulate(network_or_deployment: Any, spikes: np.ndarray, *,
             model: str = "se2", record: Iterable[str] = (), mismatch: float = 0,
             seed: int = 0, instances: int = 0, threads: int = 0,
             **options: Any):
    """Simulates the network on `spikes` ((T, Nin) or (B, T, Nin) counts) as
    dynapse-sim does: returns float32 output spikes of the same rank, or with
    `record` a dict of them ("spikes") and the recorded states. With
    `instances` K > 1 (chip instances at `mismatch`, seeds `seed`..
    `seed`+K-1) every array gains a leading axis of the K chips. To run one
    network many times, compile it once with Simulator."""
    _counts(spikes, "spikes")  # a wrong array is a TypeError before compiling
    return Simulator(network_or_deployment, model=model, mismatch=mismatch,
                     seed=seed, instances=instances, **options).run(
                         spikes, record=record, threads=threads)


def fidelity(trained: Any, deployed: Any, spikes: np.ndarray, *,
             labels: Union[np.ndarray, Iterable[int], None] = None,
             model: str = "se2", mismatch: float = CHIP_MISMATCH,
             instances: int = DEFAULT_INSTANCES, seed: int = 0, threads: int = 0,
             **options: Any) -> Dict[str, Any]:
    """How `deployed` (a Deployment or any network, simulated under `model`)
    computes what the reference model of `trained` (NIR or snn MLIR) does on
    `spikes`, as dynapse-compile --simulate reports it: on the ideal chip
    decision_agreement, populations (rate_hz, reference_rate_hz,
    count_correlation) and, with `labels` (one class per batch element),
    accuracy and reference_accuracy; then, unless `instances` is 0, the same
    on that many chip instances at `mismatch` (seeds `seed`...) under
    "instances": seeds, mismatch, decision_agreement and accuracy, each
    {per_instance, mean, worst, spread}."""
    spikes, _ = _counts(spikes, "spikes")
    trained_data, trained_name = _source(trained)
    deployed_data, deployed_name = _source(deployed)
    given = _options({"model": model, "mismatch": mismatch if instances else 0,
                      "instances": instances, "mismatch_seed": seed, **options})
    classes = [] if labels is None else [int(v) for v in np.asarray(labels).ravel()]
    try:
        return json.loads(_core.fidelity(trained_data, trained_name, deployed_data,
                                         deployed_name, spikes, given, classes,
                                         int(threads)))
    except ValueError as error:
        raise Error(str(error)) from None


def from_nir(graph: Any, **options: Any) -> Deployment:
    """The NIR backends' entry point: `graph` (a `nir.NIRGraph`, e.g. from
    `nir.read` or a framework's exporter, or any network `compile` takes)
    deployed to DYNAP-SE2; exactly what `compile(graph, **options)`
    returns."""
    return compile(graph, **options)


def to_nir(network: Any, **options: Any):
    """`network` (anything `compile` takes at the snn level: a NIR file,
    snn MLIR, bytes or a NIR graph) as a `nir.NIRGraph`, written by the
    toolchain's NIR exporter and read with `nir.read`. Options are the
    input options (`nir_convention`, `nir_dt`); the parameters are exported
    as imported. Where nir's type check refuses the shapes (the importer
    accepts equal element counts across an edge), the graph is read without
    it. Needs the `nir` package."""
    nir = _nir_package()
    if nir is None:
        raise ImportError("to_nir needs the nir package (pip install nir)")
    data, name = _source(network)
    given = _options(options)
    try:
        exported = _core.export_nir(data, name, given)
    except ValueError as error:
        raise Error(str(error)) from None
    try:
        return nir.read(io.BytesIO(exported))
    except Exception as error:
        # nir's type check wants shapes equal across an edge where the
        # importer accepts equal element counts (e.g. a Flatten that keeps
        # a channel axis before an Affine): read without it then.
        try:
            return nir.read(io.BytesIO(exported), type_check=False)
        except Exception:
            pass
        raise Error(f"{name}: nir cannot read the exported graph: "
                    f"{_describe(error)}") from error


# Fine-tuning for chip instances (tuning.py; torch is imported when it runs).
from .tuning import FinetuneResult, finetune  # noqa: E402

__all__ += ["finetune", "FinetuneResult"]
