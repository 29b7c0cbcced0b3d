"""Waiting work, like the tutorials' `work_func` that sleeps or an API call that waits on the network.

While a task waits it holds no core and no GIL, so threads overlap the waits far beyond the core count.
"""
import time


def fetch(request_id):
    time.sleep(0.1)  # stands in for a network round trip
    return {"id": request_id, "status": 200}


PROFILE_INPUTS = range(16)

if __name__ == "__main__":
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        print(list(pool.map(fetch, PROFILE_INPUTS)))
