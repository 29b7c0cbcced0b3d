"""Pure-Python tasks of very different sizes (files of different lengths): CPU work under the GIL,
so processes; the uneven sizes leave one worker idle at the end, which costs some of the speedup."""


def collatz_steps(limit):
    longest = 0
    for start in range(1, limit):
        n, steps = start, 0
        while n != 1:
            n = n // 2 if n % 2 == 0 else 3 * n + 1
            steps += 1
        longest = max(longest, steps)
    return longest


PROFILE_INPUTS = [4500, 400, 2200, 800, 6000, 500, 1500, 3000, 250, 3800]

if __name__ == "__main__":
    print([collatz_steps(n) for n in PROFILE_INPUTS])
