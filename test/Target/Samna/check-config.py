"""Checks a samna configuration against reference run E1/E2 (used by emit.test)."""
import json
import sys

config = json.load(open(sys.argv[1]))
channels = json.load(open(sys.argv[2]))
chips = config["value0"]["chips"]
assert len(chips) == 1, len(chips)
core = chips[0]["cores"]["value0"]
assert list(core) == ["neurons", "neuronMonitoringOn", "monitoredNeuron", "parameters",
                      "sadcEnables", "enableSyawStdbufAn", "enablePulseExtenderMonitor1",
                      "enablePulseExtenderMonitor2", "_id", "_cookie"], list(core)
assert len(core["neurons"]) == 256 and len(core["neurons"]["value0"]["synapses"]) == 64
neuron0 = core["neurons"]["value0"]
# E1: the monitor destination and neuron 0's used CAM entries.
assert neuron0["destinations"]["value0"] == {"core": {"value0": True, "value1": True, "value2": True, "value3": True}, "xHop": -7, "yHop": -7, "tag": 0}
used = [(s["dendrite"], [s["weight"][f"value{k}"] for k in range(4)], s["tag"])
        for s in neuron0["synapses"].values() if s["dendrite"]]
assert used == [(1024, [True] * 4, 0), (1024, [True, True, False, False], 2), (1024, [False, True, False, False], 4)], used
assert neuron0["latchSoDc"] is True and list(neuron0)[2] == "latchSoDc"
# E2: core parameters as (coarse, fine).
codes = {p["key"]: (p["value"]["coarseValue"], p["value"]["fineValue"]) for p in core["parameters"]}
expected = {"SOIF_DC_P": (2, 45), "DEAM_EGAIN_P": (3, 104), "SOIF_GAIN_N": (0, 72), "SYPD_EXT_N": (4, 32),
            "SOIF_REFR_N": (2, 53), "SOIF_SPKTHR_P": (3, 209), "DEAM_ETAU_P": (1, 233), "SOIF_LEAK_N": (0, 30),
            "SYAM_W0_P": (4, 65), "SYAM_W1_P": (4, 70), "SYAM_W2_P": (4, 76), "SYAM_W3_P": (4, 67)}
for name, code in expected.items():
    assert codes[name] == code, (name, codes[name], code)
parameter = core["parameters"][0]["value"]
assert parameter == {"type": 80, "coarseValue": 2, "fineValue": 45, "_address": 0, "_cookie": 0, "_initialType": "P", "_switchableType": False}, parameter
assert channels["0"] == [{"core": {"value0": True, "value1": False, "value2": False, "value3": False}, "xHop": 0, "yHop": 0, "tag": 0}], channels
print("configuration matches E1/E2")
