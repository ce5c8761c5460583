#!/usr/bin/env python3
"""Writes public/icons/icon-192.png and icon-512.png: the same drawing as icon.svg (three bars, versions
stacked), rasterised with the standard library only (zlib + struct), so no image tool is needed."""
import os, struct, zlib

def png(size, path):
    bg, bars = (0x17, 0x19, 0x1e), [((12, 14, 40), (0x8c, 0xc8, 0xff)), ((12, 28, 30), (0x5a, 0x93, 0xc8)), ((12, 42, 20), (0x3b, 0x66, 0x90))]
    s = size / 64.0
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            u, v = x / s, y / s
            px = bg + (255,)
            # rounded outer square: transparent corners
            r = 12
            cx, cy = min(max(u, r), 64 - r), min(max(v, r), 64 - r)
            if (u - cx) ** 2 + (v - cy) ** 2 > r * r:
                px = (0, 0, 0, 0)
            for (bx, by, bw), col in bars:
                if bx <= u < bx + bw and by <= v < by + 8:
                    px = col + (255,)
            row.extend(px)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "public", "icons")
for n in (192, 512):
    png(n, os.path.join(here, "icon-%d.png" % n))
