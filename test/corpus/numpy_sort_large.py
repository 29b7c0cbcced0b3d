"""numpy sorting large arrays: the sort runs in C on one core with the GIL released, so threads
sort several arrays at once and no array has to be copied to a process."""
import numpy as np

ARRAYS = [np.random.default_rng(seed).random(1_000_000) for seed in range(4)]


def sort_array(index):
    return float(np.sort(ARRAYS[index % len(ARRAYS)])[500_000])


PROFILE_INPUTS = list(range(8))

if __name__ == "__main__":
    print([sort_array(i) for i in PROFILE_INPUTS])
