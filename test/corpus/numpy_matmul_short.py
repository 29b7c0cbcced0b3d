"""A short numpy matrix product: OpenBLAS already runs it on every core, so the serial run keeps
the machine busy and an executor on top can only compete with it — even though it lasts a
fraction of a second (issue 13: this used to be called "mixed")."""
import numpy as np

_rng = np.random.default_rng(0)
MATRICES = [_rng.random((800, 800)) / 800 for _ in range(4)]


def product(seed):
    a = MATRICES[seed % 4]
    b = MATRICES[(seed + 1) % 4]
    return float((a @ b)[0, 0])


PROFILE_INPUTS = list(range(8))

if __name__ == "__main__":
    print([product(s) for s in PROFILE_INPUTS])
