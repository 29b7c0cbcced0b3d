"""Writing a file and reading it back (exports, caches): write and read run in the kernel with the
GIL released, so threads overlap them; the data is in memory, not waiting on a disk."""
import os
import tempfile

FOLDER = os.path.join(tempfile.gettempdir(), "pp-corpus-files")  # not mkdtemp: every spawned worker imports this
os.makedirs(FOLDER, exist_ok=True)
PAYLOAD = os.urandom(1 << 20) * 8  # 8 MB


def roundtrip(index):
    path = os.path.join(FOLDER, "%d-%d.bin" % (os.getpid(), index))
    with open(path, "wb") as out:
        out.write(PAYLOAD)
    with open(path, "rb") as source:
        size = len(source.read())
    os.remove(path)
    return size


PROFILE_INPUTS = list(range(8))

if __name__ == "__main__":
    print([roundtrip(i) for i in PROFILE_INPUTS])
