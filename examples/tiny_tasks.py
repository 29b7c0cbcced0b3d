"""Tasks far too small to be worth sending anywhere: the cost of handing each one to a worker
(locking, queueing, pickling) is larger than the work itself."""


def square(x):
    return x * x


PROFILE_INPUTS = range(20_000)

if __name__ == "__main__":
    print(sum(map(square, PROFILE_INPUTS)))
