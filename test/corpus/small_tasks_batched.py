"""Many small pure-Python tasks (a fraction of a millisecond each): CPU work under the GIL, so
processes; but one message per task eats the gain — Pool.map's default chunking (or a chunksize)
is what makes processes pay."""


def score(word_id):
    word = "w%07d" % word_id
    total = 0
    for char in word * 20:
        total = (total * 131 + ord(char)) & 0xFFFFFFFF
    return total


PROFILE_INPUTS = list(range(2_000))

if __name__ == "__main__":
    print(sum(score(w) for w in PROFILE_INPUTS))
