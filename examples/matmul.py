"""numpy matrix products: the BLAS library numpy calls already runs on several cores by itself,
so a single call keeps the machine busy and an executor on top only competes with it."""
import numpy as np

_rng = np.random.default_rng(0)
MATRICES = [_rng.random((900, 900)) / 900 for _ in range(4)]  # built once, at import


def matmul(seed):
    a = MATRICES[seed % len(MATRICES)]
    b = MATRICES[(seed + 1) % len(MATRICES)]
    for _ in range(4):
        a = a @ b
    return float(a[0, 0])


PROFILE_INPUTS = range(8)

if __name__ == "__main__":
    print([matmul(s) for s in PROFILE_INPUTS])
