"""The tutorial's "very inefficient x²": a Python loop that adds x to itself x times."""


def f2(x):
    s = 0
    for _ in range(x):
        s += x
    return s


PROFILE_INPUTS = [2_000_000 + i for i in range(8)]

if __name__ == "__main__":
    from multiprocessing import Pool

    with Pool(2) as pool:
        print(pool.map(f2, PROFILE_INPUTS))
