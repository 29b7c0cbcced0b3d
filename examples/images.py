"""Image conversion, as in the tutorials: read each PNG file, convert it, write the result.

Decoding and encoding run in C (zlib, numpy, or Pillow when it is installed) with the GIL
released, and the files are read and written by the OS, so threads overlap the work.
"""
import os
import struct
import tempfile
import zlib

import numpy as np

try:
    from PIL import Image
except ImportError:  # Pillow is optional: a small PNG codec on zlib and numpy stands in for it
    Image = None

FOLDER = os.path.join(tempfile.gettempdir(), "parallel-profiler-images")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def convert(path):
    """PNG to JPEG with Pillow (as the tutorial does), else to a grey half-size PNG."""
    if Image is not None:
        target = path[:-4] + ".jpg"
        with Image.open(path) as image:
            image.save(target, "JPEG", quality=20)
        return target
    pixels = read_png(path).astype(np.float32)
    grey = pixels @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    height, width = (grey.shape[0] // 2) * 2, (grey.shape[1] // 2) * 2
    half = grey[:height, :width].reshape(height // 2, 2, width // 2, 2).mean(axis=(1, 3))
    target = path[:-4] + "-grey.png"
    write_png(target, half.astype(np.uint8))
    return target


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def write_png(path, pixels):
    """Writes an 8-bit RGB (h, w, 3) or grey (h, w) array as a PNG file (filter type 0)."""
    height, width = pixels.shape[:2]
    colour = 2 if pixels.ndim == 3 else 0
    rows = np.zeros((height, 1 + pixels[0].size), dtype=np.uint8)
    rows[:, 1:] = pixels.reshape(height, -1)
    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    with open(path, "wb") as out:
        out.write(PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows.tobytes(), 6)) + _chunk(b"IEND", b""))


def read_png(path):
    """Reads a PNG written by write_png back into an array."""
    with open(path, "rb") as source:
        data = source.read()
    width, height, _, colour = struct.unpack(">IIBB", data[16:26])
    position, compressed = 8, []
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        if kind == b"IDAT":
            compressed.append(data[position + 8:position + 8 + length])
        position += 12 + length
    channels = 3 if colour == 2 else 1
    rows = np.frombuffer(zlib.decompress(b"".join(compressed)), dtype=np.uint8).reshape(height, 1 + width * channels)
    return rows[:, 1:].reshape(height, width, channels).squeeze()


def make_random_pngs(count=24):
    """Random images of 500 to 1000 pixels a side, made once and kept for later runs."""
    os.makedirs(FOLDER, exist_ok=True)
    generator = np.random.default_rng(42)
    paths = []
    for index in range(count):
        width, height = generator.integers(500, 1000, size=2)
        path = os.path.join(FOLDER, "%d.png" % index)
        if not os.path.exists(path):
            # Smooth gradients plus noise: compresses like a photo, not like pure noise.
            y, x = np.mgrid[0:height, 0:width]
            base = np.stack([x * 255 // width, y * 255 // height, (x + y) * 127 // (width + height)], axis=-1)
            noise = generator.integers(0, 32, size=(height, width, 3))
            part = "%s.%d.part" % (path, os.getpid())  # spawned workers import this file too
            write_png(part, (base + noise).clip(0, 255).astype(np.uint8))
            os.replace(part, path)
        paths.append(path)
    return paths


PROFILE_INPUTS = make_random_pngs()

if __name__ == "__main__":
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        print(list(pool.map(convert, PROFILE_INPUTS)))
