"""Pure-Python CPU work: count the primes below n by trial division.

The GIL lets only one thread run Python bytecode at a time, so threads cannot speed this up;
processes can, up to the number of physical cores.
"""


def count_primes(n):
    count = 0
    for candidate in range(2, n):
        is_prime = True
        divisor = 2
        while divisor * divisor <= candidate:
            if candidate % divisor == 0:
                is_prime = False
                break
            divisor += 1
        if is_prime:
            count += 1
    return count


PROFILE_INPUTS = [60_000] * 8

if __name__ == "__main__":
    print([count_primes(n) for n in PROFILE_INPUTS])
