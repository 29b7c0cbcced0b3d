"""Compressing large buffers with zlib: deflate runs in C with the GIL released, so threads use
every core and nothing has to be copied to another process."""
import random
import zlib

_rng = random.Random(1)
# About 1.2 MB of text-like data (compresses like logs), built once at import.
_WORDS = [bytes(_rng.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(_rng.randint(2, 9))) for _ in range(2000)]
BUFFER = b" ".join(_rng.choice(_WORDS) for _ in range(200_000))


def compress(level):
    return len(zlib.compress(BUFFER, level))


PROFILE_INPUTS = [6] * 8

if __name__ == "__main__":
    print([compress(level) for level in PROFILE_INPUTS])
