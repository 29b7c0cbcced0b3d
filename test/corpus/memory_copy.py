"""Copying large arrays (a memory-bound step): numpy copies with the GIL released, but the limit is
memory bandwidth, which two cores share — threads gain only what the bandwidth allows, and
processes add nothing on top of that."""
import numpy as np

SOURCE = np.arange(4_000_000, dtype=np.float64)  # 32 MB


def copy_scaled(factor):
    target = np.empty_like(SOURCE)
    np.multiply(SOURCE, factor, out=target)
    return float(target[-1])


PROFILE_INPUTS = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]

if __name__ == "__main__":
    print([copy_scaled(f) for f in PROFILE_INPUTS])
