"""Waiting work as a user reported it: 16 calls that each sleep 0.2 s (3.2 s serial)."""
import time


def wait(seconds):
    time.sleep(seconds)
    return seconds


PROFILE_INPUTS = [0.2] * 16
