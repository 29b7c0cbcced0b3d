"""Each task waits (fetches) and then computes in pure Python for about as long: threads overlap
the waits but the computing takes turns on the GIL; processes overlap both."""
import time


def fetch_and_parse(item):
    time.sleep(0.03)
    total = 0
    for i in range(500_000):
        total += (i * item) % 7
    return total


PROFILE_INPUTS = list(range(1, 13))

if __name__ == "__main__":
    print([fetch_and_parse(i) for i in PROFILE_INPUTS])
