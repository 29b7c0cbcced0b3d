"""A C extension that keeps the GIL: big-integer arithmetic (math.factorial's products of huge
ints) runs in C but never releases the GIL, so threads run one at a time and processes scale."""
import math


def factorial_bits(n):
    return math.factorial(n).bit_length()


PROFILE_INPUTS = [22_000 + i for i in range(8)]

if __name__ == "__main__":
    print([factorial_bits(e) for e in PROFILE_INPUTS])
