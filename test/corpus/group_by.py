"""A pure-Python group-by over records (the pandas-less aggregation every script has): dict and
attribute work under the GIL, so only processes add cores."""
import random

_rng = random.Random(3)
CITIES = ["Oslo", "Lima", "Pune", "Kyiv", "Accra", "Quito", "Hanoi", "Perth"]
SALES = [(CITIES[_rng.randrange(8)], _rng.randrange(1, 500), _rng.random()) for _ in range(100_000)]


def totals_by_city(minimum):
    groups = {}
    for city, amount, discount in SALES:
        if amount >= minimum:
            entry = groups.setdefault(city, [0, 0.0])
            entry[0] += 1
            entry[1] += amount * (1 - discount)
    return {city: round(total / count, 2) for city, (count, total) in groups.items()}


PROFILE_INPUTS = [1, 50, 100, 150, 200, 250, 300, 350, 1, 50, 100, 150, 200, 250, 300, 350]

if __name__ == "__main__":
    print([totals_by_city(m) for m in PROFILE_INPUTS])
