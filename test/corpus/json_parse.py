"""Parsing JSON documents: json's C decoder keeps the GIL while it builds Python objects, so it is
CPU work for processes, not threads. The document stays in the module: only its index travels."""
import json

DOCUMENTS = [
    json.dumps([{"id": i, "name": "item %d" % i, "tags": ["a", "b", str(i % 13)], "price": i * 0.5, "ok": i % 2 == 0}
                for i in range(seed * 1000, seed * 1000 + 8_000)])
    for seed in range(4)
]


def parse(index):
    records = json.loads(DOCUMENTS[index % len(DOCUMENTS)])
    return sum(record["price"] for record in records if record["ok"])


PROFILE_INPUTS = list(range(8))

if __name__ == "__main__":
    print([parse(i) for i in PROFILE_INPUTS])
