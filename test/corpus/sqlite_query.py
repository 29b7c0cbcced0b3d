"""Aggregate queries on a SQLite file: sqlite3 releases the GIL while SQLite steps through the
query, so threads (each with its own connection) query on every core at once."""
import contextlib
import os
import random
import sqlite3
import tempfile

DATABASE = os.path.join(tempfile.gettempdir(), "pp-corpus-sales-v1.sqlite")


def _build():
    if os.path.exists(DATABASE):
        return
    rng = random.Random(5)
    part = "%s.%d.part" % (DATABASE, os.getpid())  # spawned workers import this file too
    with contextlib.closing(sqlite3.connect(part)) as db, db:
        db.execute("CREATE TABLE sales (city INTEGER, amount INTEGER, day INTEGER)")
        db.executemany("INSERT INTO sales VALUES (?, ?, ?)", ((rng.randrange(50), rng.randrange(1000), rng.randrange(365)) for _ in range(300_000)))
    os.replace(part, DATABASE)


_build()


def busiest_days(city):
    with contextlib.closing(sqlite3.connect("file:%s?mode=ro" % DATABASE, uri=True)) as db:
        rows = db.execute(
            "SELECT day, SUM(amount) AS total FROM sales WHERE city != ? GROUP BY day ORDER BY total DESC LIMIT 3", (city,)
        ).fetchall()
    return rows


PROFILE_INPUTS = list(range(8))

if __name__ == "__main__":
    print([busiest_days(c) for c in PROFILE_INPUTS])
