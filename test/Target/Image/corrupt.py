"""Writes broken variants of a good image (used by errors.test)."""
import struct
import sys
import zlib

good = open(sys.argv[1], "rb").read()
out = sys.argv[2]

def save(name, data):
    open(f"{out}/{name}.dse2", "wb").write(data)

def sections(data):
    count = struct.unpack_from("<I", data, 16)[0]
    return [struct.unpack_from("<IIQQ", data, 32 + 24 * i) for i in range(count)]

save("magic", b"NOTANIMG" + good[8:])
save("empty", b"")
save("version", good[:8] + struct.pack("<H", 2) + good[10:])
table = {sid: (crc, off, length) for sid, crc, off, length in sections(good)}
crc, off, length = table[3]  # neurons
flipped = bytearray(good)
flipped[off + 10] ^= 0xFF
save("crc", bytes(flipped))
save("truncated", good[: off + length // 2])
# A core placed on chip 9 of a 4-chip board, with a correct CRC.
crc, off, length = table[2]  # cores
broken = bytearray(good)
struct.pack_into("<H", broken, off + 4, 9)
index = [i for i, s in enumerate(sections(good)) if s[0] == 2][0]
struct.pack_into("<I", broken, 32 + 24 * index + 4, zlib.crc32(bytes(broken[off:off + length])))
save("range", bytes(broken))
# Format 1.1's every-step section naming a channel the image does not have.
table = sections(good)
body = good[32 + 24 * len(table):]
extra = struct.pack("<I", 99)
count = len(table) + 1
entries = b"".join(struct.pack("<IIQQ", sid, crc, off + 24, length)
                   for sid, crc, off, length in table)
entries += struct.pack("<IIQQ", 6, zlib.crc32(extra), 32 + 24 * count + len(body), len(extra))
save("every-step", good[:16] + struct.pack("<I", count) + good[20:32] + entries + body + extra)
