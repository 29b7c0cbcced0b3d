"""Large numpy matrix products, a second or more: OpenBLAS threads use every core inside each call,
so the serial loop is already parallel."""
import numpy as np

_rng = np.random.default_rng(1)
MATRICES = [_rng.random((1400, 1400)) / 1400 for _ in range(4)]


def product(seed):
    a = MATRICES[seed % 4]
    b = MATRICES[(seed + 1) % 4]
    for _ in range(2):
        a = a @ b
    return float(a[0, 0])


PROFILE_INPUTS = list(range(8))

if __name__ == "__main__":
    print([product(s) for s in PROFILE_INPUTS])
