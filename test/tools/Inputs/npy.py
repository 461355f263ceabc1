"""Reads float32 .npy files written by dynapse-sim (pure Python, for lit).

  npy.py shape FILE                       the shape
  npy.py spikes FILE                      per neuron: steps with a spike, total
  npy.py close FILE INDEX EXPECTED RTOL   value at flat INDEX within RTOL
  npy.py compare FILE OTHER OP [NEURON]   every element (of NEURON) FILE OP OTHER
                                          (<, <=, ==); `some<` also needs one <
  npy.py range FILE NEURON                min and max of one neuron over time
  npy.py counts FILE                      per neuron: step:count where non-zero,
                                          and how many values carry a minus sign
  npy.py head FILE STEPS OUT              the first STEPS rows of FILE to OUT
  npy.py ones STEPS WIDTH OUT             a STEPS x WIDTH array of ones to OUT
  npy.py vector OUT V...                  the values V as a 1-D array to OUT
  npy.py total FILE                       the sum of all values
"""
import ast
import math
import struct
import sys


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    assert data[:6] == b"\x93NUMPY", "not a .npy file"
    length = struct.unpack("<H", data[8:10])[0]
    header = ast.literal_eval(data[10:10 + length].decode("latin1"))
    assert header["descr"] == "<f4", header
    shape = header["shape"]
    count = 1
    for n in shape:
        count *= n
    values = struct.unpack("<%df" % count, data[10 + length:10 + length + 4 * count])
    return shape, list(values)


def save(path, shape, values):
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': %r, }" % (tuple(shape),)
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode("latin1"))
        f.write(struct.pack("<%df" % len(values), *values))


def main(argv):
    command, path = argv[1], argv[2]
    if command == "vector":
        save(argv[2], [len(argv) - 3], [float(v) for v in argv[3:]])
        return 0
    if command in ("ones", "zeros"):
        steps, width = int(argv[2]), int(argv[3])
        value = 1.0 if command == "ones" else 0.0
        save(argv[4], [steps, width], [value] * (steps * width))
        return 0
    shape, values = load(path)
    if command == "total":
        print("total %g" % sum(values))
        return 0
    neurons = shape[-1]
    steps = len(values) // neurons
    if command == "shape":
        print("shape", tuple(shape))
    elif command == "spikes":
        total = 0
        for n in range(neurons):
            times = [t for t in range(steps) if values[t * neurons + n] != 0]
            total += sum(values[t * neurons + n] for t in range(steps))
            print("neuron %d: %s" % (n, times))
        print("total %g" % total)
    elif command == "counts":
        for n in range(neurons):
            counts = ["%d:%g" % (t, values[t * neurons + n])
                      for t in range(steps) if values[t * neurons + n] != 0]
            print("neuron %d: %s" % (n, " ".join(counts)))
        negative = sum(1 for v in values if math.copysign(1.0, v) < 0)
        print("negative values or zeros %d" % negative)
    elif command == "close":
        index, expected, rtol = int(argv[3]), float(argv[4]), float(argv[5])
        got = values[index]
        ok = abs(got - expected) <= rtol * abs(expected)
        print("%s %r expected %r" % ("ok" if ok else "FAIL", got, expected))
        return 0 if ok else 1
    elif command == "compare":
        _, other = load(argv[3])
        op = argv[4]
        pairs = list(zip(values, other))
        if len(argv) > 5:
            n = int(argv[5])
            pairs = pairs[n::neurons]
        test = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
                "==": lambda a, b: a == b}[op]
        bad = [i for i, (a, b) in enumerate(pairs) if not test(a, b)]
        print("compare %s: %d of %d differ" % (op, len(bad), len(pairs)))
        return 0 if not bad else 1
    elif command == "head":
        rows = int(argv[3])
        save(argv[4], [rows] + list(shape[1:]), values[:rows * neurons])
    elif command == "range":
        n = int(argv[3])
        column = values[n::neurons]
        print("min %.7g max %.7g" % (min(column), max(column)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
