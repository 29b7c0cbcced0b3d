"""Tasks that wait (a rate-limited API, a database round trip): no core and no GIL are held while
waiting, so threads overlap the waits far beyond the core count."""
import time


def wait_for_reply(request):
    time.sleep(0.02)
    return request


PROFILE_INPUTS = list(range(12))

if __name__ == "__main__":
    print([wait_for_reply(r) for r in PROFILE_INPUTS])
