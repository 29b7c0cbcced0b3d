"""Pure-Python simulations whose last input is ten times the others (a long job queued behind short
ones): CPU work under the GIL, so processes; on 2 workers the long call starts once a worker is free
and runs alone, so its order caps the gain near 1.25x (given longest first, near 1.5x)."""


def simulate(steps):
    x = 0.0
    for k in range(steps):
        x = (x * 1.000001 + k) % 1000.0
    return x


PROFILE_INPUTS = [1_000_000] * 5 + [10_000_000]

if __name__ == "__main__":
    print([simulate(n) for n in PROFILE_INPUTS])
