"""Thousands of microsecond tasks (formatting one value each): handing a task to a worker costs
more than the task, so serial is best; batching is the only way to use workers."""


def label(value):
    return "%05d-%s" % (value, "even" if value % 2 == 0 else "odd")


PROFILE_INPUTS = list(range(10_000))

if __name__ == "__main__":
    print(len([label(v) for v in PROFILE_INPUTS]))
