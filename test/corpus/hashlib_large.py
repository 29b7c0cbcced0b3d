"""SHA-256 of large buffers: hashlib releases the GIL for data over 2 kB, so threads hash on every
core at once."""
import hashlib

BUFFER = bytes(range(256)) * 32_768  # 8 MB, built once at import


def sha256(seed):
    # The 8 MB buffer is hashed where it lies (no copy: BUFFER + seed would copy 8 MB with the GIL held).
    digest = hashlib.sha256(BUFFER)
    digest.update(seed.to_bytes(4, "little"))
    return digest.hexdigest()


PROFILE_INPUTS = list(range(8))

if __name__ == "__main__":
    print([sha256(seed) for seed in PROFILE_INPUTS])
