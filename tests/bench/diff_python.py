#!/usr/bin/env python3
"""Benchmark peer "python diff": what differs between the two versions of a pair file, path by path (objects
key by key, arrays index by index), timed over REPEATS runs on the already parsed documents (stdlib only).

    python3 tests/bench/diff_python.py PAIR.json [REPEATS=201]

PAIR.json is {"a": manifest, "b": manifest} (tests/bench/workload.py pair). Prints one JSON line:
{"peer", "repeats", "changes", "kinds": {"changed", "added", "removed"}, "median_ms", "p99_ms", "min_ms"}.
"""
import json
import statistics
import sys
import time


def walk(a, b, path, found):
    """Appends (kind, path) for every difference below path."""
    if isinstance(a, dict) and isinstance(b, dict):
        prefix = path + "." if path else ""
        for key, va in a.items():
            if key in b:
                walk(va, b[key], prefix + key, found)
            else:
                found.append(("removed", prefix + key))
        for key in b:
            if key not in a:
                found.append(("added", prefix + key))
    elif isinstance(a, list) and isinstance(b, list):
        for i in range(max(len(a), len(b))):
            if i >= len(b):
                found.append(("removed", "%s[%d]" % (path, i)))
            elif i >= len(a):
                found.append(("added", "%s[%d]" % (path, i)))
            else:
                walk(a[i], b[i], "%s[%d]" % (path, i), found)
    elif type(a) is not type(b) or a != b:  # 1 and True, 1 and 1.0 differ
        found.append(("changed", path))
    return found


def nearest_rank(sorted_ms, q):
    return sorted_ms[min(len(sorted_ms) - 1, int(len(sorted_ms) * q))]


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    repeats = int(argv[2]) if len(argv) == 3 else 201
    with open(argv[1], encoding="utf-8") as f:
        pair = json.load(f)
    a, b = pair["a"], pair["b"]
    times, found = [], []
    for _ in range(repeats):
        t = time.perf_counter()
        found = walk(a, b, "", [])
        times.append((time.perf_counter() - t) * 1e3)
    times.sort()
    kinds = {kind: sum(1 for k, _ in found if k == kind) for kind in ("changed", "added", "removed")}
    print(json.dumps({"peer": "python-diff", "repeats": repeats, "changes": len(found), "kinds": kinds,
                      "median_ms": round(statistics.median(times), 3), "p99_ms": round(nearest_rank(times, 0.99), 3),
                      "min_ms": round(times[0], 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
