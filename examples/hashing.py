"""CPU work inside C code that releases the GIL: hashlib hashes large buffers without holding it,
so threads run on every core at once, with no pickling of the data to other processes."""
import hashlib

BLOCK = b"parallel-profiler" * 4_000_000  # about 68 MB, built once at import


def digest(rounds):
    h = hashlib.sha256()
    for _ in range(rounds):
        h.update(BLOCK)
    return h.hexdigest()


PROFILE_INPUTS = [2] * 8

if __name__ == "__main__":
    print([digest(r) for r in PROFILE_INPUTS])
