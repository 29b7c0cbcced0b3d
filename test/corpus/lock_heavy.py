"""A counter behind a lock, taken on every item (a shared cache, a metrics counter): in threads the
lock and the GIL serialise everything and the hand-offs cost extra; each process has its own lock,
so processes scale."""
import threading

LOCK = threading.Lock()
COUNTS = {}


def count_words(seed):
    words = ["w%d" % ((seed * 7919 + i) % 500) for i in range(20_000)]
    for word in words:
        with LOCK:
            COUNTS[word] = COUNTS.get(word, 0) + 1
    return len(COUNTS)


PROFILE_INPUTS = list(range(8))

if __name__ == "__main__":
    print([count_words(s) for s in PROFILE_INPUTS])
