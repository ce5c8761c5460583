#!/usr/bin/env python3
"""Benchmark peer "python": the registry file read with json.load, then one sqlite3 executemany into the
one-table schema of schema.sql, all in one transaction (Python stdlib only).

    python3 tests/bench/peer_python.py DATA.json DB.sqlite

DATA.json is a list of manifests (tests/bench/workload.py registry). DB.sqlite is replaced. Prints one JSON
line: {"peer", "n", "bytes", "parse_s", "insert_s", "total_s", "versions_per_s", "mb_per_s"} (times measured
inside the process, so without the interpreter's start-up).
"""
import json
import os
import sqlite3
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCALARS = ("model", "version", "description", "created_on", "author", "parent")
NESTED = ("params", "metrics", "datasets", "artifacts", "tags", "aliases")  # stored as JSON text
COLUMNS = SCALARS + NESTED
INSERT = "INSERT INTO versions (%s) VALUES (%s)" % (", ".join(COLUMNS), ", ".join("?" * len(COLUMNS)))


def as_row(manifest):
    get = manifest.get
    return tuple(get(c) for c in SCALARS) + tuple(json.dumps(get(c)) for c in NESTED)


def fresh(path):
    for suffix in ("", "-journal", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def load(data, db):
    fresh(db)
    started = time.perf_counter()
    with open(data, "rb") as f:
        manifests = json.load(f)
    parsed = time.perf_counter()
    con = sqlite3.connect(db)
    try:
        with open(os.path.join(HERE, "schema.sql"), encoding="utf-8") as f:
            con.executescript(f.read())
        with con:  # one transaction, committed on leaving the block
            con.executemany(INSERT, map(as_row, manifests))
    finally:
        con.close()
    done = time.perf_counter()
    return len(manifests), started, parsed, done


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    data, db = argv[1], argv[2]
    n, started, parsed, done = load(data, db)
    size = os.path.getsize(data)
    total = done - started
    print(json.dumps({"peer": "python", "n": n, "bytes": size, "parse_s": round(parsed - started, 4),
                      "insert_s": round(done - parsed, 4), "total_s": round(total, 4),
                      "versions_per_s": round(n / total), "mb_per_s": round(size / 1e6 / total, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
