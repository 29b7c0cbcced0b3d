"""One task much longer than the rest (one huge file among small ones): the run can never finish
before that task does, so two processes save only the small tasks' share — 1.4× at best here."""


def checksum(size):
    total = 0
    for i in range(size):
        total = (total * 31 + i) % 1_000_003
    return total


PROFILE_INPUTS = [1_600_000] + [100_000] * 7

if __name__ == "__main__":
    print([checksum(n) for n in PROFILE_INPUTS])
