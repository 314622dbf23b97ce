"""Pillow's decode-and-resize, the peer of Menagerie's ImageDecoder in `./menagerie bench`.

Usage: /usr/bin/python3 pillow_decode.py FILE WIDTH HEIGHT ITERATIONS
Prints one JSON object: {"pillow": VERSION, "ms": [per-iteration milliseconds]}.

Each iteration decodes FILE from memory and scales it to exactly WIDTH x HEIGHT (aspect not
kept, as ours): JPEG with draft mode (libjpeg-turbo's DCT scaling to the smallest 1/2, 1/4 or
1/8 size that is still at least the target), then a BOX (area-averaging) resize, the filter
our Resizer uses when shrinking.
"""
import io
import json
import sys
import time

import PIL
from PIL import Image


def once(data, width, height):
    image = Image.open(io.BytesIO(data))
    image.draft("RGB", (width, height))
    image = image.convert("RGB")
    return image.resize((width, height), Image.Resampling.BOX)


def main():
    path, width, height, iterations = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    with open(path, "rb") as f:
        data = f.read()
    once(data, width, height)  # warm-up
    times = []
    for _ in range(iterations):
        t0 = time.perf_counter()
        image = once(data, width, height)
        times.append((time.perf_counter() - t0) * 1000.0)
        assert image.size == (width, height)
    print(json.dumps({"pillow": PIL.__version__, "ms": times}))


if __name__ == "__main__":
    main()
