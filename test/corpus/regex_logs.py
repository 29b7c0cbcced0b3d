"""Parsing log lines with regular expressions: the re engine is C code that keeps the GIL while it
matches, so threads take turns and processes are needed for more than one core."""
import re

LINE = re.compile(r"(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) \[(\w+)\] (\S+): (.*?) in (\d+) ms")
LOG = "\n".join(
    "2026-12-%02d 10:%02d:%02d [%s] service.%d: request /api/item/%d done in %d ms"
    % (i % 28 + 1, i % 60, i % 60, ("INFO", "WARN", "ERROR")[i % 3], i % 7, i, i % 997)
    for i in range(12_000)
)


def slow_requests(threshold):
    return sum(1 for match in LINE.finditer(LOG) if int(match.group(6)) > threshold)


PROFILE_INPUTS = [100 * i for i in range(8)]

if __name__ == "__main__":
    print([slow_requests(t) for t in PROFILE_INPUTS])
