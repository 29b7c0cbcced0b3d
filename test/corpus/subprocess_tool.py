"""Calling an external program (a compressor, a converter, git): the work happens in the child
process and the caller only waits for it, without the GIL — so threads are enough to keep
several children running, one per core."""
import subprocess
import sys

CHILD = "import zlib; zlib.compress(bytes(range(256)) * 40000, 9)"


def run_tool(index):
    finished = subprocess.run([sys.executable, "-S", "-c", CHILD], capture_output=True, check=True)
    return index, finished.returncode


PROFILE_INPUTS = list(range(8))

if __name__ == "__main__":
    print([run_tool(i) for i in PROFILE_INPUTS])
