"""SHA-256 of large buffers: hashlib releases the GIL for data over 2 kB, so threads hash on every
core at once."""
import hashlib

BUFFER = bytes(range(256)) * 32_768  # 8 MB, built once at import


def sha256(seed):
    return hashlib.sha256(BUFFER + seed.to_bytes(4, "little")).hexdigest()


PROFILE_INPUTS = list(range(8))

if __name__ == "__main__":
    print([sha256(seed) for seed in PROFILE_INPUTS])
