"""numpy on small arrays in a Python loop: each call is microseconds of C and more of Python around
it, all under the GIL, so this behaves like pure Python: processes, not threads."""
import numpy as np


def smooth(seed):
    rng = np.random.default_rng(seed)
    signal = rng.random(64)
    total = 0.0
    for _ in range(2_500):
        signal = np.convolve(signal, [0.25, 0.5, 0.25], mode="same")
        total += float(signal.max())
    return total


PROFILE_INPUTS = list(range(8))

if __name__ == "__main__":
    print([smooth(s) for s in PROFILE_INPUTS])
