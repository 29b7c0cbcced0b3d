"""Sorting Python objects: list.sort compares Python objects while holding the GIL."""
import random

_rng = random.Random(7)
RECORDS = [(_rng.random(), "name%d" % i) for i in range(60_000)]


def sort_by_score(reverse):
    return sorted(RECORDS, key=lambda record: record[0], reverse=bool(reverse % 2))[0][1]


PROFILE_INPUTS = list(range(8))

if __name__ == "__main__":
    print([sort_by_score(r) for r in PROFILE_INPUTS])
