"""dynapse_mlir with the real `nir` package (run by nir-api.test with
Debian's /usr/bin/python3): graphs from nir.read, NIRGraph.from_list,
subgraphs and every node type, serialised by nir.write and by the built-in
writer (checked against each other), from_nir, to_nir, errors that name the
node, and the snippets of docs/python.md's "From your framework to the
chip".

  nir_test.py EXAMPLES DOCS_PYTHON_MD ROCKPOOL_SPEC_JSON NIR_FIXTURES

The nir package is the copy in Inputs/nir-python (neuromorphs/NIR 1.0.x,
BSD-3); nothing outside the repository is read.
"""
import contextlib
import glob
import io
import os
import re
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from checks import check, finish  # noqa: E402
VENDORED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Inputs",
                        "nir-python")
sys.path.insert(0, VENDORED)

import h5py  # noqa: E402
import nir  # noqa: E402
import numpy as np  # noqa: E402

import dynapse_mlir as d  # noqa: E402

examples, docs, spec, fixtures = sys.argv[1:5]
braille = os.path.join(examples, "braille.nir")
inputs = np.load(os.path.join(examples, "braille-input.npy"))

def outcome(call):
    """("ok", value), ("Error", message) or ("bare", "Kind: message")."""
    try:
        return "ok", call()
    except d.Error as error:
        return "Error", str(error)
    except Exception as error:  # what must never escape
        return "bare", f"{type(error).__name__}: {error}"


@contextlib.contextmanager
def without_nir():
    """As if nir were not installed."""
    saved = sys.modules.get("nir")
    sys.modules["nir"] = None  # `import nir` raises ImportError
    try:
        yield
    finally:
        sys.modules["nir"] = saved


def datasets(data):
    """Every dataset of an HDF5 file's bytes: path -> numpy value."""
    found = {}
    with h5py.File(io.BytesIO(data), "r") as f:
        f.visititems(lambda name, item: found.__setitem__(name, np.asarray(item[()]))
                     if isinstance(item, h5py.Dataset) else None)
    return found


def same_datasets(a, b, any_edge_order=False):
    """The same datasets, dtypes, shapes and values (compression aside;
    the edges in any order if `any_edge_order`)."""
    x, y = datasets(a), datasets(b)
    if any_edge_order:
        for found in (x, y):
            for key in found:
                if key.endswith("edges"):
                    found[key] = np.array(sorted(map(tuple, found[key])))
    return x.keys() == y.keys() and all(
        x[k].dtype == y[k].dtype and x[k].shape == y[k].shape
        and np.array_equal(x[k], y[k]) for k in x)


def image(network):
    """The one-chip image (a quarter of the default four chips' time)."""
    return d.compile(network, chips=1).image


def deployed(network):
    """The one-chip image, or the Error's message without the file name."""
    try:
        return image(network)
    except d.Error as error:
        return str(error).replace(str(network), "<graph>.nir")


check(nir.__file__.startswith(VENDORED) and not hasattr(nir, "version"),
      "the vendored nir package (no installed version)")

# --- nir.read: the ValueError ------------------------------------
graph = nir.read(braille)
reference = d.compile(braille)
small = image(braille)
result = outcome(lambda: d.compile(graph))
check(result[0] == "ok" and result[1].image == reference.image,
      "compile: nir.read graph, image identical to the file's")
check(not hasattr(nir, "version"), "compile: nir.version left as it was")
out = d.simulate(braille, inputs)
check(d.simulate(graph, inputs).tobytes() == out.tobytes(),
      "simulate: nir.read graph, identical to the file's")
agreement = d.fidelity(graph, graph, inputs, model="reference")
check(agreement["decision_agreement"] == 1.0, "fidelity: nir graphs as both networks")
check(d.fidelity(graph, d.compile(graph), inputs) == d.fidelity(braille, reference, inputs),
      "fidelity: a nir graph as trained network")
check(same_datasets(d._nir_bytes(graph), d._builtin_nir_bytes(graph)),
      "built-in writer: the datasets nir.write writes (braille)")
with without_nir():
    check(d.compile(graph).image == reference.image,
          "compile: without nir, the built-in writer, identical image")

# The NIR paper's fixtures (test/Inputs/nir) as nir.read gives them: the
# file's image, or the file's Error. (nir.read itself refuses Rockpool's
# [1] -> [1, 1, 1] Output and the subgraph files' edges, which name 'lif'
# for 'lif1'; the importer repairs both.)
for path in sorted(glob.glob(os.path.join(fixtures, "*.nir"))):
    try:
        read = nir.read(path)
    except (ValueError, KeyError):
        continue
    check(deployed(read) == deployed(path),
          f"compile: nir.read of {os.path.basename(path)} as the file")

# --- from_nir ------------------------------------------------------------
options = {"chips": 1, "t_ref": 3e-3, "reset": "subtract"}
a, b = d.from_nir(graph, **options), d.compile(graph, **options)
check(type(a) is d.Deployment and a.image == b.image and a.report == b.report
      and a.mlir == b.mlir and a.samna_json == b.samna_json and a.channels == b.channels,
      "from_nir: exactly what compile returns")
check(d.from_nir(braille).image == reference.image, "from_nir: a path, as compile")


# --- every node type -----------------------------------------------------
def lif(n, **kw):
    return nir.LIF(tau=np.full(n, 0.02), r=np.ones(n), v_leak=np.zeros(n),
                   v_threshold=np.ones(n), **kw)


def cuba_lif(n):
    return nir.CubaLIF(tau_mem=np.full(n, 0.02), tau_syn=np.full(n, 0.005),
                       r=np.ones(n), v_leak=np.zeros(n), v_threshold=np.ones(n),
                       w_in=np.ones(n))


rng = np.random.default_rng(1)
weight = rng.uniform(0.5, 2.0, (4, 3))
conv2d = nir.Conv2d(input_shape=(4, 4), weight=np.ones((2, 1, 3, 3)), stride=1,
                    padding=0, dilation=1, groups=1, bias=np.zeros(2))
conv1d = nir.Conv1d(input_shape=5, weight=np.ones((2, 1, 3)), stride=1, padding=0,
                    dilation=1, groups=1, bias=np.zeros(2))


def pooled(pool):
    return nir.NIRGraph.from_list(
        nir.Conv2d(input_shape=(4, 4), weight=np.ones((2, 1, 3, 3)), stride=1,
                   padding=0, dilation=1, groups=1, bias=np.zeros(2)),
        nir.IF(r=np.ones((2, 2, 2)), v_threshold=np.ones((2, 2, 2)),
               v_reset=np.zeros((2, 2, 2))),
        pool(kernel_size=np.array([2, 2]), stride=np.array([2, 2]), padding=np.array([0, 0])),
        nir.Flatten(input_type={"input": np.array([2, 1, 1])}, start_dim=0),
        nir.Linear(weight=np.ones((3, 2))), lif(3))


# A subgraph: braille's recurrent layer as a NIRGraph node.
nodes = graph.nodes
layer = nir.NIRGraph(
    nodes={"input": nir.Input(np.array([40])), "lif": nodes["lif1.lif"],
           "w_rec": nodes["lif1.w_rec"], "output": nir.Output(np.array([40]))},
    edges=[("input", "lif"), ("lif", "w_rec"), ("w_rec", "lif"), ("lif", "output")],
    type_check=False)
nested = nir.NIRGraph(
    nodes={"input": nodes["input"], "fc1": nodes["fc1"], "lif1": layer,
           "fc2": nodes["fc2"], "lif2": nodes["lif2"], "output": nodes["output"]},
    edges=[("input", "fc1"), ("fc1", "lif1"), ("lif1", "fc2"), ("fc2", "lif2"),
           ("lif2", "output")], type_check=False)

zoo = {
    "Linear+LIF": nir.NIRGraph.from_list(nir.Linear(weight=weight), lif(4)),
    "Affine+CubaLIF": nir.NIRGraph.from_list(
        nir.Affine(weight=weight, bias=np.full(4, 0.5)), cuba_lif(4)),
    "Scale+IF": nir.NIRGraph.from_list(
        nir.Linear(weight=weight), nir.Scale(scale=np.full(4, 2.0)),
        nir.IF(r=np.ones(4), v_threshold=np.ones(4), v_reset=np.zeros(4))),
    "LI": nir.NIRGraph.from_list(
        nir.Linear(weight=weight), nir.LI(tau=np.full(4, 0.02), r=np.ones(4),
                                          v_leak=np.zeros(4))),
    "CubaLI": nir.NIRGraph.from_list(
        nir.Linear(weight=weight),
        nir.CubaLI(tau_mem=np.full(4, 0.02), tau_syn=np.full(4, 0.005),
                   r=np.ones(4), v_leak=np.zeros(4), w_in=np.ones(4))),
    "I": nir.NIRGraph.from_list(nir.Linear(weight=weight), nir.I(r=np.ones(4))),
    "Delay": nir.NIRGraph.from_list(nir.Linear(weight=weight),
                                    nir.Delay(delay=np.full(4, 0.002)), lif(4)),
    "Threshold": nir.NIRGraph.from_list(nir.Linear(weight=weight),
                                        nir.Threshold(threshold=np.ones(4))),
    "Conv1d+Flatten": nir.NIRGraph.from_list(
        conv1d, nir.IF(r=np.ones((2, 3)), v_threshold=np.ones((2, 3)),
                       v_reset=np.zeros((2, 3))),
        nir.Flatten(input_type={"input": np.array([2, 3])}, start_dim=0),
        nir.Linear(weight=np.ones((2, 6))), lif(2)),
    "Conv2d+SumPool2d": pooled(nir.SumPool2d),
    "Conv2d+AvgPool2d": pooled(nir.AvgPool2d),
    "subgraph": nested,
    "metadata": nir.NIRGraph.from_list(
        nir.Linear(weight=weight, metadata={"source": "test", "step": 3}), lif(4)),
}
zoo["metadata"].metadata = {"framework": "test", "dt": 1e-3}  # the graph's own
# What the chip runs; the others are an Error that names the node.
runs = {"Linear+LIF", "Affine+CubaLIF", "Scale+IF", "Conv1d+Flatten",
        "Conv2d+SumPool2d", "Conv2d+AvgPool2d", "subgraph", "metadata"}
refused = {"LI": "li", "CubaLI": "cubali", "I": "i", "Threshold": "threshold",
           "Delay": "delay"}

for name, g in zoo.items():
    ours, theirs = d._builtin_nir_bytes(g), d._nir_bytes(g)
    check(same_datasets(ours, theirs), f"built-in writer = nir.write: {name}")
    back = outcome(lambda: nir.read(io.BytesIO(ours), type_check=False))
    check(back[0] == "ok" and back[1].nodes.keys() == g.nodes.keys(),
          f"built-in writer: nir.read reads it back: {name}")
    result = outcome(lambda: d.compile(g, chips=1))
    if name in runs:
        same = result[0] == "ok" and image(ours) == result[1].image
        check(same, f"compile: {name} (the built-in writer's bytes: same image)"
              + ("" if same else f" -> {result}"))
    else:
        node = refused[name]
        check(result[0] == "Error" and f"'{node}'" in result[1],
              f"compile: {name} is an Error naming node '{node}' -> {result[1]!r}")

check(image(nested) == small,
      "compile: braille with its recurrent layer as a subgraph, same image")

# --- bad graphs: dynapse_mlir.Error naming the node, never a bare error --
bad_weight = nir.NIRGraph.from_list(nir.Linear(weight=np.array([["a", "b"]], object)),
                                    lif(1), type_check=False)
bad = {
    "object parameter": (bad_weight, "linear"),
    "unknown node type": (nir.NIRGraph(
        nodes={"input": nir.Input(np.array([3])), "odd": nir.ir.graph.Identity(
            input_type={"input": np.array([3])}), "output": nir.Output(np.array([3]))},
        edges=[("input", "odd"), ("odd", "output")], type_check=False), "odd"),
    "edge to a missing node": (nir.NIRGraph(
        nodes={"input": nir.Input(np.array([3])), "fc": nir.Linear(weight=weight),
               "output": nir.Output(np.array([4]))},
        edges=[("input", "fc"), ("fc", "nowhere"), ("fc", "output")],
        type_check=False), "nowhere"),
    "width mismatch": (nir.NIRGraph(
        nodes={"input": nir.Input(np.array([5])), "fc": nir.Linear(weight=weight),
               "lif": lif(4), "output": nir.Output(np.array([4]))},
        edges=[("input", "fc"), ("fc", "lif"), ("lif", "output")],
        type_check=False), "fc"),
    "negative tau": (nir.NIRGraph.from_list(
        nir.Linear(weight=weight), nir.LIF(tau=np.full(4, -0.02), r=np.ones(4),
                                           v_leak=np.zeros(4), v_threshold=np.ones(4))),
        "lif"),
}
for name, (g, node) in bad.items():
    for what, call in (("compile", lambda: d.compile(g, chips=1)),
                       ("simulate", lambda: d.simulate(g, np.ones((5, 3)))),
                       ("fidelity", lambda: d.fidelity(g, g, np.ones((5, 3)))),
                       ("without nir", lambda: d.compile(g, chips=1))):
        if what == "without nir":
            with without_nir():
                result = outcome(call)
        else:
            result = outcome(call)
        check(result[0] == "Error" and f"'{node}'" in result[1],
              f"{what}: {name} is an Error naming '{node}' -> {result[1]!r}")
stand_in = type("NIRGraph", (), {"nodes": [1, 2], "edges": []})()
result = outcome(lambda: d.compile(stand_in))
check(result[0] == "Error" and "nodes" in result[1], "compile: 'nodes' not a mapping")

# --- to_nir --------------------------------------------------------------
nir.version = "1.0.0"  # what an installed nir has; this copy has none


def written(graph):
    buffer = io.BytesIO()
    nir.write(buffer, graph)
    return buffer.getvalue()


def round_trip(network, expected, what, type_check=True):
    """to_nir(network) is a NIRGraph; nir.write of it reads back with
    nir.read and compiles to `expected` (an image; None: a network the
    chip cannot run), and to_nir of that gives the same file again."""
    result = outcome(lambda: d.to_nir(network))
    if result[0] != "ok" or not isinstance(result[1], nir.NIRGraph):
        check(False, f"to_nir: {what} -> {result}")
        return None
    data = written(result[1])
    again = outcome(lambda: nir.read(io.BytesIO(data), type_check=type_check))
    if expected is not None:
        check(again[0] == "ok" and image(again[1]) == expected
              and image(data) == expected,
              f"to_nir: {what}: nir.write, nir.read, compile: the same image")
    twice = outcome(lambda: written(d.to_nir(again[1])))
    check(again[0] == "ok" and twice[0] == "ok" and same_datasets(data, twice[1], True),
          f"to_nir: {what}: nir.read, to_nir again: the same file")
    return result[1]


exported = round_trip(braille, small, "a .nir path")
check(exported is not None and set(exported.nodes) == set(graph.nodes)
      and type(exported.nodes["lif1.lif"]).__name__ == "CubaLIF"
      and np.array_equal(exported.nodes["fc1"].weight, graph.nodes["fc1"].weight),
      "to_nir: the nodes, their types and weights as in the file")
round_trip(open(braille, "rb").read(), small, "bytes")
round_trip(graph, small, "a nir graph")
round_trip(nested, small, "a nir graph with a subgraph")
snn_mlir = os.path.join(examples, "two-layer-lif.snn.mlir")
round_trip(snn_mlir, image(snn_mlir), "snn MLIR")
for name, g in zoo.items():
    if name == "I":  # the importer has no I (integrator)
        result = outcome(lambda: d.to_nir(g))
        check(result[0] == "Error" and "'i'" in result[1], "to_nir: I is an Error naming it")
        continue
    round_trip(g, image(g) if name in runs else None, f"nir graph {name}")
for what, network in (("a Rockpool spec", spec), ("a Deployment", reference),
                      ("dynapse MLIR", os.path.join(examples, "two-layer-lif.dynapse.mlir"))):
    result = outcome(lambda: d.to_nir(network))
    check(result[0] == "Error" and "snn level" in result[1],
          f"to_nir: {what} is an Error (snn level only) -> {result[1]!r}")
# The corpus: snnTorch's CubaLIF without w_in (nir.read fills w_in = 1 in;
# the snntorch convention stays), parameters with a leading batch axis
# (1, C, H, W) and a Flatten that keeps a channel axis before an Affine of
# the same element count (nir's type check refuses it; to_nir reads without).
corpus = os.path.join(os.path.dirname(fixtures), "nir-corpus")
v2 = os.path.join(corpus, "neuromorphs__NIR__paper__03_rnn__braille_v2__at_c89e29c2.nir")
check(deployed(nir.read(v2)) == deployed(v2),
      "compile: nir.read of a CubaLIF without w_in (nir fills 1 in) as the file")
round_trip(v2, image(v2), "snnTorch's CubaLIF without w_in")
round_trip(os.path.join(corpus, "neuromorphs__NIR__paper__02_cnn__scnn_mnist__at_225c9ee1.nir"),
           None, "parameters with a batch axis, such a Flatten", type_check=False)
round_trip(os.path.join(corpus, "neuromorphs__NIR__paper__02_cnn__scnn_mnist__at_82712494.nir"),
           None, "a Flatten nir's type check refuses", type_check=False)
result = outcome(lambda: d.to_nir(b"not a network"))
check(result[0] == "Error", "to_nir: garbage bytes are an Error")
with without_nir():
    try:
        d.to_nir(braille)
        check(False, "to_nir without nir: ImportError")
    except ImportError as error:
        check("nir" in str(error), "to_nir without nir: ImportError")


# --- docs/python.md, "From your framework to the chip" -------------------
def snippets(path, title):
    text = open(path).read()
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return re.findall(r"```python\n(.*?)```", text[start:end if end > 0 else None], re.S)


blocks = snippets(docs, "From your framework to the chip")
check(len(blocks) >= 4, f"docs: {len(blocks)} snippets")
with tempfile.TemporaryDirectory() as folder:
    shutil.copytree(examples, os.path.join(folder, "examples"))
    here = os.getcwd()
    os.chdir(folder)
    scope = {}
    try:
        for index, block in enumerate(blocks):
            result = outcome(lambda: exec(compile(block, f"snippet {index + 1}", "exec"),
                                          scope))
            check(result[0] == "ok", f"docs: snippet {index + 1} runs"
                  + ("" if result[0] == "ok" else f" -> {result[1]}"))
    finally:
        os.chdir(here)

finish()
