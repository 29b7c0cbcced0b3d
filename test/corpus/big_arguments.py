"""Large arguments with little work on each (a big array or blob per call): pickling each argument
to a process costs far more than the work, and threads have no work to overlap — serial is best."""
import os

BLOBS = [os.urandom(1 << 20) * 6 for _ in range(2)]  # 6 MB each
PROFILE_INPUTS = [BLOBS[i % 2] for i in range(12)]


def zero_bytes(blob):
    return blob.count(b"\x00")


if __name__ == "__main__":
    print([zero_bytes(b) for b in PROFILE_INPUTS])
