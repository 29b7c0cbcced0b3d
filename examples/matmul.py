"""numpy matrix products: the BLAS library numpy calls already runs on several cores by itself,
so a single call keeps the machine busy and an executor on top only competes with it."""
import numpy as np


def matmul(seed):
    rng = np.random.default_rng(seed)
    a = rng.random((700, 700))
    b = rng.random((700, 700))
    for _ in range(6):
        a = a @ b
        a /= np.abs(a).max()
    return float(a.sum())


PROFILE_INPUTS = range(8)

if __name__ == "__main__":
    print([matmul(s) for s in PROFILE_INPUTS])
