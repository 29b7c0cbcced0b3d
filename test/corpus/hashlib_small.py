"""SHA-256 of many short strings (passwords, cache keys): under 2 kB hashlib keeps the GIL, and the
Python loop around it holds it too, so only processes run it on several cores."""
import hashlib


def hash_keys(start):
    digest = b""
    for key in range(start, start + 20_000):
        digest = hashlib.sha256(b"user:%d:" % key + digest[:8]).digest()
    return digest.hex()


PROFILE_INPUTS = [i * 20_000 for i in range(8)]

if __name__ == "__main__":
    print([hash_keys(s) for s in PROFILE_INPUTS])
