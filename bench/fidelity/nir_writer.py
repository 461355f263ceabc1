"""Writes NIR graphs in the HDF5 layout of the `nir` package (nir.write),
with h5py only, as snnTorch's and Norse's exporters would: the benchmark
does not depend on either."""
import h5py
import numpy as np


def _string(group, name, text):
    group.create_dataset(name, data=text, dtype=h5py.string_dtype())


def write(path, nodes, edges, version="1.0.0"):
    """nodes: name -> (type, {parameter: array}); edges: [(source, target)]."""
    with h5py.File(path, "w") as f:
        _string(f, "version", version)
        root = f.create_group("node")
        _string(root, "type", "NIRGraph")
        group = root.create_group("nodes")
        for name, (kind, params) in nodes.items():
            node = group.create_group(name)
            _string(node, "type", kind)
            for key, value in params.items():
                node.create_dataset(key, data=np.asarray(value))
        root.create_dataset("edges", data=np.array(edges, dtype=object),
                            dtype=h5py.string_dtype())


def cuba_lif_snntorch(alpha, beta, threshold, dt):
    """snnTorch's export of Synaptic: tau = dt/(1 - factor), r = tau_mem/dt,
    w_in = tau_syn/dt (snntorch/export_nir.py)."""
    n = len(beta)
    tau_syn = (dt / (1 - alpha)).astype(np.float32)
    tau_mem = (dt / (1 - beta)).astype(np.float32)
    return ("CubaLIF", {
        "tau_syn": tau_syn, "tau_mem": tau_mem,
        "r": (tau_mem / np.float32(dt)).astype(np.float32),
        "w_in": (tau_syn / np.float32(dt)).astype(np.float32),
        "v_leak": np.zeros(n, np.float32),
        "v_threshold": np.full(n, threshold, np.float32),
        "v_reset": np.zeros(n, np.float32)})


def cuba_lif_norse(tau_syn_inv, tau_mem_inv, threshold, n):
    """Norse's export of LIF: tau = 1/tau_inv (s), r = 1, w_in = 1."""
    return ("CubaLIF", {
        "tau_syn": np.full(n, 1 / tau_syn_inv, np.float32),
        "tau_mem": np.full(n, 1 / tau_mem_inv, np.float32),
        "r": np.ones(n, np.float32), "w_in": np.ones(n, np.float32),
        "v_leak": np.zeros(n, np.float32),
        "v_threshold": np.full(n, threshold, np.float32),
        "v_reset": np.zeros(n, np.float32)})
