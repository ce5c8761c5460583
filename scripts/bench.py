#!/usr/bin/env python3
"""Benchmark helper for scripts/bench (stdlib only): measures mvr (native and wasm under node) against the
peers of tests/bench/ on the same data (tests/bench/workload.py), writes raw JSON lines and prints a Markdown
report.

usage: scripts/bench.py --repo DIR --bench-dir DIR [--quick] [--repeats N] [--calls N] [--keep]
(normally run through scripts/bench, which builds mvr and generates the data first)

Every figure is measured around a whole process (wall clock from Python's perf_counter; peak RSS, user and
system CPU from /usr/bin/time -v), so every implementation pays its own start-up. Throughputs and times are
medians over the repeats; the implementations are interleaved inside each repeat so drift hits all alike.
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

MED = statistics.median


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def sh(cmd):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, shell=True).stdout.strip()
    except Exception as e:  # noqa: BLE001 - diagnostics only
        return "(%s)" % e


def quote(args):
    return " ".join(a if re.fullmatch(r"[\w@%+=:,./-]+", a) else "'" + a.replace("'", "'\\''") + "'" for a in args)


class Failed(Exception):
    pass


def timed(args, cwd):
    """Runs args under /usr/bin/time -v. Returns dict: wall_s, maxrss_mb, user_s, sys_s, rc, stdout, stderr."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tf.name] + args, cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - t
        tv = tf.read()

    def field(name):
        for line in tv.splitlines():
            if name in line:
                return line.rsplit(":", 1)[-1].strip()
        return "0"

    return {"wall_s": round(wall, 4), "maxrss_mb": round(int(field("Maximum resident set size")) / 1024, 1),
            "user_s": float(field("User time (seconds)")), "sys_s": float(field("System time (seconds)")),
            "rc": p.returncode, "stdout": p.stdout, "stderr": p.stderr}


def wall_only(args, cwd):
    t = time.perf_counter()
    p = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return (time.perf_counter() - t) * 1e3, p


def db_bytes(path):
    return sum(os.path.getsize(p) for p in (path, path + "-wal", path + "-journal") if os.path.exists(p))


def rm_db(path):
    for p in (path, path + "-wal", path + "-shm", path + "-journal"):
        if os.path.exists(p):
            os.remove(p)


def p99(xs):
    s = sorted(xs)
    return s[max(0, math.ceil(0.99 * len(s)) - 1)]


def fmt(x, nd=0):
    if x is None:
        return "—"
    return ("{:,.%df}" % nd).format(x)


class Bench:
    def __init__(self, a):
        self.a = a
        self.repo = os.path.abspath(a.repo)
        self.peers = os.path.join(self.repo, "tests", "bench")  # the peers and the workload generator
        self.B = os.path.abspath(a.bench_dir)
        self.work = os.path.join(self.B, "work-mvr")
        os.makedirs(self.work, exist_ok=True)
        self.run_id = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        self.out = os.path.join(self.B, "results-mvr", self.run_id)
        os.makedirs(self.out, exist_ok=True)
        self.native = os.path.join(self.repo, "build", "native", "mvr")
        self.wasm = os.path.join(self.repo, "build", "web", "mvr.js")
        # the in-process diff timer (tests/bench/diff_timer.cpp), built next to mvr by each preset
        self.native_timer = os.path.join(self.repo, "build", "native", "mvr-bench-diff")
        self.wasm_timer = os.path.join(self.repo, "build", "web", "mvr-bench-diff.js")
        self.sizes = [1000, 10000] if a.quick else [1000, 10000, 100000]
        self.repeats = a.repeats or (2 if a.quick else 3)
        # CLI calls per diff series: native calls cost ~2 ms, wasm ones ~0.4 s (node start-up + wasm compile)
        self.calls = a.calls or (31 if a.quick else 61)
        self.wasm_calls = a.calls or (11 if a.quick else 31)
        self.pyrepeats = 1 if a.quick else 3
        self.commands = {}  # label -> exact command line (first use)
        self.records = []

    # ----------------------------------------------------------------------------------------------------
    def emit(self, kind, rec):
        rec = dict(rec, kind=kind, run_id=self.run_id)
        rec.pop("stdout", None)
        rec.pop("stderr", None)
        self.records.append(rec)
        with open(os.path.join(self.out, kind + ".jsonl"), "a") as f:
            f.write(json.dumps(rec) + "\n")

    def cmd(self, label, args):
        self.commands.setdefault(label, quote(args))
        return args

    def mvr(self, impl):
        return [self.native] if impl == "native" else ["node", self.wasm]

    def timer(self, impl):
        return [self.native_timer] if impl == "native" else ["node", self.wasm_timer]

    def data(self, n):
        return os.path.join(self.B, "reg-%d.json" % n)

    # ----------------------------------------------------------------------------------------------------
    def machine(self):
        cpu = "?"
        try:
            for line in open("/proc/cpuinfo"):
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
        mem = sh("awk '/MemTotal/ {printf \"%.1f GiB\", $2/1048576}' /proc/meminfo")
        git = sh("git -C '%s' rev-parse --short HEAD" % self.repo)
        dirty = sh("git -C '%s' status --porcelain --untracked-files=no -- src CMakeLists.txt | wc -l" % self.repo)

        def mtime(p):
            return datetime.datetime.fromtimestamp(os.path.getmtime(p)).strftime("%Y-%m-%d %H:%M:%S") if os.path.exists(p) else "missing"

        # newest source the CLI is built from, to flag a binary that measures other code than the tree's
        newest = 0.0
        for top in ("src/core", "src/storage", "src/cli", "src/platform", "CMakeLists.txt", "third_party/sqlite"):
            top = os.path.join(self.repo, top)
            for dp, _, fs in os.walk(top) if os.path.isdir(top) else [(os.path.dirname(top), [], [os.path.basename(top)])]:
                for f in fs:
                    try:
                        newest = max(newest, os.path.getmtime(os.path.join(dp, f)))
                    except OSError:
                        pass
        self.bin_mtimes = {p: os.path.getmtime(p) for p in (self.native, self.wasm, self.native_timer, self.wasm_timer)
                           if os.path.exists(p)}
        stale = [os.path.relpath(p, self.repo) for p, t in self.bin_mtimes.items() if t < newest]
        m = {
            "stale_binaries": stale,
            "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %Z"),
            "nproc": sh("nproc"), "cpu": cpu, "mem": mem, "kernel": platform.release(),
            "os": sh(". /etc/os-release 2>/dev/null && echo \"$PRETTY_NAME\""),
            "loadavg_start": open("/proc/loadavg").read().split()[:3],
            "python": platform.python_version(), "node": sh("node --version"),
            "sqlite3_cli": sh("sqlite3 --version").split(" ")[0],
            "python_sqlite": sh("python3 -c 'import sqlite3; print(sqlite3.sqlite_version)'"),
            "mvr": sh("'%s' --version" % self.native), "git": git, "src_files_modified": dirty,
            "native_built": mtime(self.native), "wasm_built": mtime(self.wasm),
            "mode": "quick" if self.a.quick else "full", "repeats": self.repeats, "diff_calls_native": self.calls,
            "diff_calls_wasm": self.wasm_calls,
        }
        self.m = m
        self.emit("machine", m)

    # ----------------------------------------------------------------------------------------------------
    def check(self, label, r, ok):
        if r["rc"] != 0 or not ok:
            raise Failed("%s failed (exit %d):\n%s\n%s" % (label, r["rc"], r["stdout"][-1500:], r["stderr"][-1500:]))

    def import_one(self, impl, n, rep):
        data = self.data(n)
        size = os.path.getsize(data)
        db = os.path.join(self.work, "%s-%d.%s" % (impl, n, "sqlite" if impl in ("A", "B") else "db"))
        rm_db(db)
        if impl in ("native", "wasm"):
            args = self.cmd("import %s" % impl, self.mvr(impl) + ["--db", db, "import", data])
        elif impl == "A":
            args = self.cmd("import A", ["python3", os.path.join(self.peers, "peer_python.py"), data, db])
        else:
            args = self.cmd("import B", ["sh", os.path.join(self.peers, "peer_sqlite3.sh"), data, db])
        r = timed(args, self.work)
        extra = {}
        if impl in ("native", "wasm"):
            self.check("import %s %d" % (impl, n), r, ("imported %d new versions" % n) in r["stdout"])
        elif impl == "A":
            line = [l for l in r["stdout"].splitlines() if l.startswith("{")]
            self.check("import A %d" % n, r, bool(line) and json.loads(line[-1])["n"] == n)
            j = json.loads(line[-1])
            extra = {"inproc_total_s": j["total_s"], "inproc_parse_s": j["parse_s"], "inproc_insert_s": j["insert_s"]}
        else:
            self.check("import B %d" % n, r, True)
            cnt = sh("sqlite3 '%s' 'SELECT count(*) FROM versions'" % db)
            if cnt != str(n):
                raise Failed("import B %d: %s rows in %s" % (n, cnt, db))
        rec = {"impl": impl, "n": n, "rep": rep, "bytes": size, "db": db, "db_bytes": db_bytes(db),
               "versions_per_s": round(n / r["wall_s"], 1), "mb_per_s": round(size / 1e6 / r["wall_s"], 2), **r, **extra}
        self.emit("import", rec)
        log("import %-6s %6d rep %d: %.2f s, %.0f versions/s, %.0f MB RSS" % (impl, n, rep, r["wall_s"], n / r["wall_s"], r["maxrss_mb"]))
        return db

    def export_one(self, impl, n, rep, db):
        out = os.path.join(self.work, "export-%s-%d.json" % (impl, n))
        if os.path.exists(out):
            os.remove(out)
        args = self.cmd("export %s" % impl, self.mvr(impl) + ["--db", db, "export", "-o", out])
        r = timed(args, self.work)
        self.check("export %s %d" % (impl, n), r, ("exported %d versions" % n) in r["stderr"] and os.path.exists(out))
        size = os.path.getsize(out)
        rec = {"impl": impl, "n": n, "rep": rep, "out_bytes": size, "versions_per_s": round(n / r["wall_s"], 1),
               "mb_per_s": round(size / 1e6 / r["wall_s"], 2), **r}
        self.emit("export", rec)
        log("export %-6s %6d rep %d: %.2f s, %.1f MB/s" % (impl, n, rep, r["wall_s"], size / 1e6 / r["wall_s"]))
        if n >= 100000 and not self.a.keep:
            os.remove(out)

    def imports(self):
        for n in self.sizes:
            for rep in range(1, self.repeats + 1):
                for impl in ("native", "wasm", "A", "B"):
                    db = self.import_one(impl, n, rep)
                    if impl in ("native", "wasm"):
                        self.export_one(impl, n, rep, db)
            if n >= 100000 and not self.a.keep:
                for impl, ext in (("native", "db"), ("wasm", "db"), ("A", "sqlite"), ("B", "sqlite")):
                    rm_db(os.path.join(self.work, "%s-%d.%s" % (impl, n, ext)))

    # ----------------------------------------------------------------------------------------------------
    def diff_case(self, case, impl, db, diff_args, trivial_args):
        d_args = self.cmd("diff %s %s" % (case, impl), self.mvr(impl) + ["--db", db] + diff_args)
        t_args = self.cmd("trivial %s %s" % (case, impl), self.mvr(impl) + ["--db", db] + trivial_args)
        wall_only(d_args, self.work)  # warm the page cache and the binary once, not counted
        wall_only(t_args, self.work)
        dt, tt, changes = [], [], None
        calls = self.calls if impl == "native" else self.wasm_calls
        for i in range(calls):  # alternate, so drift hits both series alike
            ms, p = wall_only(d_args, self.work)
            if p.returncode != 0:
                raise Failed("diff %s %s failed: %s" % (case, impl, p.stderr[-800:]))
            if changes is None:
                s = json.loads(p.stdout)["summary"]
                changes = {"added": s.get("added", 0), "removed": s.get("removed", 0), "changed": s.get("changed", 0)}
            dt.append(ms)
            ms, p = wall_only(t_args, self.work)
            if p.returncode != 0:
                raise Failed("trivial call %s %s failed: %s" % (case, impl, p.stderr[-800:]))
            tt.append(ms)
        # In-process: mvr-bench-diff (tests/bench/diff_timer.cpp) times the diff alone, and loading both versions
        # then diffing, N times each in one process, and prints p50/p99 on stdout.
        reps = 201 if impl == "native" else 51
        r_args = self.cmd("diff in-process %s %s" % (case, impl),
                          self.timer(impl) + ["--db", db] + diff_args[1:3] + ["--runs", str(reps)])
        ms, p = wall_only(r_args, self.work)
        m = re.search(r"timing runs=(\d+) changes=\d+ diff_p50_ms=([\d.]+) diff_p99_ms=([\d.]+) "
                      r"load_diff_p50_ms=([\d.]+) load_diff_p99_ms=([\d.]+)", p.stdout)
        if p.returncode != 0 or not m:
            raise Failed("mvr-bench-diff %s %s failed: %s%s" % (case, impl, p.stdout[-400:], p.stderr[-800:]))
        inproc = {"runs": int(m.group(1)), "diff_p50_ms": float(m.group(2)), "diff_p99_ms": float(m.group(3)),
                  "load_diff_p50_ms": float(m.group(4)), "load_diff_p99_ms": float(m.group(5))}
        rec = {"case": case, "impl": impl, "calls": calls, "changes": changes, "changes_total": sum(changes.values()),
               "inproc": inproc,
               "raw_p50_ms": round(MED(dt), 3), "raw_p99_ms": round(p99(dt), 3), "raw_min_ms": round(min(dt), 3),
               "trivial_p50_ms": round(MED(tt), 3), "trivial_p99_ms": round(p99(tt), 3),
               "net_p50_ms": round(MED(dt) - MED(tt), 3), "net_p99_ms": round(p99(dt) - MED(tt), 3),
               "net_min_ms": round(min(dt) - min(tt), 3),
               "raw_ms": [round(x, 3) for x in dt], "trivial_ms": [round(x, 3) for x in tt]}
        self.emit("diff", rec)
        log("diff %-8s %-6s raw p50 %.1f ms, trivial p50 %.1f ms, net p50 %.2f ms; in-process diff p50 %.3f ms, "
            "load+diff p50 %.3f ms" % (case, impl, rec["raw_p50_ms"], rec["trivial_p50_ms"], rec["net_p50_ms"],
                                       inproc["diff_p50_ms"], inproc["load_diff_p50_ms"]))

    def diffs(self):
        # the 10,000-param pair: {"a","b"} -> [a, b], imported into its own registry
        pair = os.path.join(self.B, "pair.json")
        plist = os.path.join(self.work, "pair-list.json")
        with open(pair) as f:
            p = json.load(f)
        with open(plist, "w") as f:
            json.dump([p["a"], p["b"]], f)
        for impl in ("native", "wasm"):
            db10 = os.path.join(self.work, "%s-10000.db" % impl)
            self.diff_case("10k-registry", impl, db10, ["diff", "churn-xgb@3", "churn-xgb@4", "--json"],
                           ["list", "churn-xgb", "--where", "version = 3"])
            pdb = os.path.join(self.work, "pair-%s.db" % impl)
            rm_db(pdb)
            r = timed(self.cmd("import pair %s" % impl, self.mvr(impl) + ["--db", pdb, "import", plist]), self.work)
            self.check("import pair %s" % impl, r, "imported 2 new versions" in r["stdout"])
            self.diff_case("10k-param", impl, pdb, ["diff", "wide-params@1", "wide-params@2", "--json"],
                           ["list", "wide-params"])
        args = self.cmd("diff python", ["python3", os.path.join(self.peers, "diff_python.py"), pair, "201"])
        for rep in range(1, self.pyrepeats + 1):
            r = timed(args, self.work)
            line = [l for l in r["stdout"].splitlines() if l.startswith("{")]
            self.check("diff_python", r, bool(line))
            j = json.loads(line[-1])
            self.emit("diff_python", dict(j, rep=rep, wall_s=r["wall_s"], maxrss_mb=r["maxrss_mb"]))
            log("diff python rep %d: median %.2f ms, p99 %.2f ms" % (rep, j["median_ms"], j["p99_ms"]))

    # ----------------------------------------------------------------------------------------------------
    def report(self):
        R = self.records
        imp = [r for r in R if r["kind"] == "import"]
        exp = [r for r in R if r["kind"] == "export"]
        dif = [r for r in R if r["kind"] == "diff"]
        dpy = [r for r in R if r["kind"] == "diff_python"]
        names = {"native": "mvr native", "wasm": "mvr wasm (node)", "A": "peer A: python json.load + executemany",
                 "B": "peer B: sqlite3 CLI json_each(readfile())"}
        L = []
        m = self.m
        L.append("# mvr benchmark (%s mode), %s" % (m["mode"], m["date"]))
        L.append("")
        L.append("Machine: %s CPUs (nproc), %s, %s RAM, %s, kernel %s; load average at start %s."
                 % (m["nproc"], m["cpu"], m["mem"], m["os"], m["kernel"], " ".join(m["loadavg_start"])))
        L.append("Software: %s (git %s, %s modified tracked files under src/ and CMakeLists.txt), native binary built %s, "
                 "wasm built %s; node %s; sqlite3 CLI %s; Python %s (sqlite3 module %s)."
                 % (m["mvr"], m["git"], m["src_files_modified"], m["native_built"], m["wasm_built"], m["node"],
                    m["sqlite3_cli"], m["python"], m["python_sqlite"]))
        L.append("Data: `%s/reg-N.json` from `tests/bench/workload.py` (used as is: it is mvr's manifest-list format). "
                 "Repeats: %d per import/export figure (median shown); %d (native) and %d (wasm) CLI calls per diff series. "
                 "Raw JSON lines: `%s/`." % (self.B, self.repeats, self.calls, self.wasm_calls, self.out))
        if m["stale_binaries"]:
            L.append("**WARNING: %s %s older than the sources: these figures measure older code (scripts/bench --build).**"
                     % (", ".join(m["stale_binaries"]), "is" if len(m["stale_binaries"]) == 1 else "are"))
        changed = [os.path.relpath(p, self.repo) for p, t in self.bin_mtimes.items()
                   if not os.path.exists(p) or os.path.getmtime(p) != t]
        if changed:
            L.append("**WARNING: %s was rebuilt by someone else during this run: some figures measure another build.**"
                     % ", ".join(changed))
        L.append("All times are process wall clock (start-up included for every implementation); MB = 10^6 bytes; "
                 "peak RSS = /usr/bin/time -v maximum resident set size.")
        L.append("")

        def med(rows, key):
            return MED(r[key] for r in rows) if rows else None

        def sel(rows, **kw):
            return [r for r in rows if all(r.get(k) == v for k, v in kw.items())]

        L.append("## Import (one file, fresh database)")
        L.append("")
        L.append("| versions | implementation | versions/s | MB/s | wall s | CPU s (user+sys) | peak RSS MB | DB bytes/version |")
        L.append("|---:|---|---:|---:|---:|---:|---:|---:|")
        for n in self.sizes:
            for impl in ("native", "wasm", "A", "B"):
                rs = sel(imp, impl=impl, n=n)
                if not rs:
                    continue
                w = med(rs, "wall_s")
                note = ""
                if impl == "A":
                    note = " (in-process %s s)" % fmt(med(rs, "inproc_total_s"), 2)
                L.append("| %s | %s | %s | %s | %s%s | %s | %s | %s |" % (
                    fmt(n), names[impl], fmt(n / w), fmt(rs[0]["bytes"] / 1e6 / w, 1), fmt(w, 2), note,
                    fmt(MED(r["user_s"] + r["sys_s"] for r in rs), 2), fmt(med(rs, "maxrss_mb")),
                    fmt(MED(r["db_bytes"] for r in rs) / n)))
        L.append("")
        L.append("### Import ratios (from the medians above)")
        L.append("")
        L.append("| versions | mvr native vs B (sqlite3 CLI), throughput | mvr native vs A (python), throughput | "
                 "mvr wasm time / mvr native time |")
        L.append("|---:|---:|---:|---:|")
        ratios = {}
        for n in self.sizes:
            w = {impl: med(sel(imp, impl=impl, n=n), "wall_s") for impl in ("native", "wasm", "A", "B")}
            if None in w.values():
                continue
            ratios[n] = {"native_vs_B": w["B"] / w["native"], "native_vs_A": w["A"] / w["native"],
                         "wasm_over_native": w["wasm"] / w["native"]}
            L.append("| %s | %.2fx | %.2fx | %.2fx |" % (fmt(n), ratios[n]["native_vs_B"], ratios[n]["native_vs_A"],
                                                       ratios[n]["wasm_over_native"]))
        L.append("")
        # The same without each process's start-up, estimated by the trivial call of the diff series (node and
        # the module's instantiation weigh on small imports; the worker's own start-up stays in).
        start = {impl: [r["trivial_p50_ms"] / 1000 for r in sel(dif, case="10k-registry", impl=impl)]
                 for impl in ("native", "wasm")}
        if ratios and start["native"] and start["wasm"]:
            parts = []
            for n in ratios:
                wn = med(sel(imp, impl="native", n=n), "wall_s") - start["native"][0]
                ww = med(sel(imp, impl="wasm", n=n), "wall_s") - start["wasm"][0]
                if wn > 0:
                    parts.append("%s: %.2f / %.2f s = %.2fx" % (fmt(n), ww, wn, ww / wn))
            L.append("Import time less the process start-up (the median trivial call of the diff series: %.0f ms "
                     "native, %.0f ms wasm under node), wasm / native: %s." % (
                         start["native"][0] * 1000, start["wasm"][0] * 1000, "; ".join(parts)))
            L.append("")
        L.append("## Export (`mvr export -o FILE` of the imported registry)")
        L.append("")
        L.append("| versions | implementation | versions/s | MB/s (output) | wall s | peak RSS MB | output bytes |")
        L.append("|---:|---|---:|---:|---:|---:|---:|")
        exp_ratio = {}
        for n in self.sizes:
            for impl in ("native", "wasm"):
                rs = sel(exp, impl=impl, n=n)
                if not rs:
                    continue
                w = med(rs, "wall_s")
                L.append("| %s | %s | %s | %s | %s | %s | %s |" % (fmt(n), names[impl], fmt(n / w),
                                                                  fmt(rs[0]["out_bytes"] / 1e6 / w, 1), fmt(w, 2),
                                                                  fmt(med(rs, "maxrss_mb")), fmt(rs[0]["out_bytes"])))
            a, b = med(sel(exp, impl="native", n=n), "wall_s"), med(sel(exp, impl="wasm", n=n), "wall_s")
            if a and b:
                exp_ratio[n] = b / a
        if exp_ratio:
            L.append("")
            L.append("Export, mvr wasm time / mvr native time: " +
                     ", ".join("%s: %.2fx" % (fmt(n), r) for n, r in exp_ratio.items()) + ".")
        L.append("")
        L.append("## Two-version diff latency")
        L.append("")
        L.append("Two ways. **In-process** (`mvr-bench-diff A B --runs N`, the timer of tests/bench/diff_timer.cpp "
                 "built natively and for node next to mvr, N = 201 native, 51 wasm): the diff of "
                 "two loaded versions alone, as the Python peer times its walk over two parsed documents, and "
                 "loading both versions from the registry (SQLite read, JSON parse, validation) then diffing. "
                 "**Per process**: each mvr figure is a whole CLI call (`diff ... --json`, "
                 "output to a pipe), alternated with as many calls of a trivial command on the same database "
                 "(`list` of one model: it opens the registry, reads a row or two and prints a short table). "
                 "**raw** = the diff call's wall time; **net** = raw minus the trivial call's median, an estimate "
                 "of the diff's own cost (loading both versions, diffing, formatting JSON); net p99 = raw p99 minus "
                 "the trivial median; net min = fastest diff call minus fastest trivial call (least disturbed by "
                 "other load). p99 is nearest-rank, i.e. the slowest call when there are fewer than 100. "
                 "Net figures below ~1 ms are within the noise of process start-up.")
        L.append("")
        L.append("| case | implementation | changes found | **in-process diff p50 / p99 ms** | in-process load+diff p50 / p99 ms |")
        L.append("|---|---|---:|---:|---:|")
        for case in ("10k-registry", "10k-param"):
            for impl in ("native", "wasm"):
                for r in sel(dif, case=case, impl=impl):
                    ip = r["inproc"]
                    L.append("| %s | %s | %d | **%.3f** / %.3f | %.3f / %.3f |" % (
                        case, names[impl], r["changes_total"], ip["diff_p50_ms"], ip["diff_p99_ms"],
                        ip["load_diff_p50_ms"], ip["load_diff_p99_ms"]))
        if dpy:
            L.append("| 10k-param | peer A: python recursive walk over the parsed pair, 201 repeats (median of %d runs) | %d | "
                     "**%.3f** / %.3f | — |" % (len(dpy), dpy[0]["changes"], MED(r["median_ms"] for r in dpy),
                                                MED(r["p99_ms"] for r in dpy)))
        L.append("")
        L.append("| case | implementation | calls | changes found | raw p50 ms | raw p99 ms | trivial call p50 ms | "
                 "**net p50 ms** | net p99 ms | net min ms |")
        L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        cases = {"10k-registry": "ordinary versions: churn-xgb@3 vs @4 in the 10k registry",
                 "10k-param": "10,000-param pair: wide-params@1 vs @2"}
        for case in ("10k-registry", "10k-param"):
            for impl in ("native", "wasm"):
                for r in sel(dif, case=case, impl=impl):
                    L.append("| %s | %s | %d | %d | %.2f | %.2f | %.2f | **%.2f** | %.2f | %.2f |" % (
                        cases[case], names[impl], r["calls"], r["changes_total"], r["raw_p50_ms"], r["raw_p99_ms"],
                        r["trivial_p50_ms"], r["net_p50_ms"], r["net_p99_ms"], r["net_min_ms"]))
        if dpy:
            L.append("| 10,000-param pair (`pair.json`) | peer A: python recursive walk, in-process, 201 repeats "
                     "(median of %d runs) | 201 | %d | — | — | — | **%.2f** (median) | %.2f (p99) | %.2f (min) |" % (
                         len(dpy), dpy[0]["changes"], MED(r["median_ms"] for r in dpy), MED(r["p99_ms"] for r in dpy),
                         min(r["min_ms"] for r in dpy)))
        L.append("")
        nat = sel(dif, case="10k-param", impl="native")
        diff_ratio = None  # net (per process)
        diff_goal = None   # (in-process, in-process with loading, net)
        if nat and dpy:
            py = MED(r["median_ms"] for r in dpy)
            n0 = nat[0]
            diff_ratio = py / n0["net_p50_ms"] if n0["net_p50_ms"] > 0 else float("inf")
            L.append("10,000-param diff, Python median / mvr native **net** p50 = %.2f / %.2f = **%.2fx** "
                     "(on raw p50, which includes process start-up: %.2fx; Python min / mvr net min: %.2fx)." %
                     (py, n0["net_p50_ms"], diff_ratio, py / n0["raw_p50_ms"],
                      min(r["min_ms"] for r in dpy) / n0["net_min_ms"] if n0["net_min_ms"] > 0 else float("inf")))
            ip = n0["inproc"]
            inproc_ratio = py / ip["diff_p50_ms"] if ip["diff_p50_ms"] > 0 else float("inf")
            load_ratio = py / ip["load_diff_p50_ms"] if ip["load_diff_p50_ms"] > 0 else float("inf")
            L.append("In-process, like for like: Python median / mvr native diff p50 = %.3f / %.3f = **%.1fx**; "
                     "counting mvr's load of both versions from the registry too (Python's json.load is outside its "
                     "loop): %.3f / %.3f = **%.1fx**." % (py, ip["diff_p50_ms"], inproc_ratio, py,
                                                        ip["load_diff_p50_ms"], load_ratio))
            diff_goal = (inproc_ratio, load_ratio, diff_ratio)
            L.append("")
        L.append("## Database size per version")
        L.append("")
        L.append("| implementation | " + " | ".join("%s versions: bytes/version" % fmt(n) for n in self.sizes) + " |")
        L.append("|---|" + "---:|" * len(self.sizes))
        for impl in ("native", "wasm", "A", "B"):
            cells = []
            for n in self.sizes:
                rs = sel(imp, impl=impl, n=n)
                cells.append(fmt(MED(r["db_bytes"] for r in rs) / n) if rs else "—")
            L.append("| %s | %s |" % (names[impl], " | ".join(cells)))
        L.append("")
        # Goals
        L.append("## Goals")
        L.append("")
        L.append("| goal | measured | met |")
        L.append("|---|---|---|")
        big = max(ratios) if ratios else None

        def yes(c):
            return "yes" if c else "**no**"

        if ratios:
            vals = ", ".join("%s: %.2fx" % (fmt(n), r["native_vs_B"]) for n, r in ratios.items())
            L.append("| native import >= 2x the sqlite3 CLI (peer B) | %s | %s |" % (
                vals, yes(all(r["native_vs_B"] >= 2 for n, r in ratios.items() if n >= 10000))))
            mx = {impl: max(r["maxrss_mb"] for r in imp if r["impl"] == impl) for impl in ("native", "wasm")}
            L.append("| peak memory < 1 GB for every import (%s versions largest) | native max %s MB, wasm (node) max %s MB | %s |"
                     % (fmt(big), fmt(mx["native"]), fmt(mx["wasm"]), yes(max(mx.values()) < 1000)))
            vals = ", ".join("%s: %.2fx" % (fmt(n), r["wasm_over_native"]) for n, r in ratios.items())
            L.append("| wasm under node within 2x of native (import time) | %s | %s |" % (
                vals, yes(all(r["wasm_over_native"] <= 2 for n, r in ratios.items() if n >= 10000))))
        if diff_goal is not None:
            inproc_ratio, load_ratio, net_ratio = diff_goal
            L.append("| 10k-param diff >= 5x faster than the Python walk (in-process p50 vs Python median) | %.1fx "
                     "(with mvr loading both versions: %.1fx; per process, net p50: %.2fx) | %s |"
                     % (inproc_ratio, load_ratio, net_ratio, yes(inproc_ratio >= 5)))
        L.append("")
        L.append("Goals on import count the 10k and larger sizes (at 1k, process start-up dominates).")
        L.append("")
        L.append("## Commands (exact, as run from `%s`)" % self.work)
        L.append("")
        L.append("```")
        for k, v in self.commands.items():
            L.append("# %s" % k)
            L.append(v)
        L.append("```")
        m["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
        L.append("")
        L.append("Load average at the end: %s." % " ".join(m["loadavg_end"]))
        text = "\n".join(L) + "\n"
        with open(os.path.join(self.out, "table.md"), "w") as f:
            f.write(text)
        sys.stdout.write(text)
        sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--bench-dir", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeats", type=int, default=0)
    ap.add_argument("--calls", type=int, default=0)
    ap.add_argument("--keep", action="store_true", help="keep the 100k databases and exports")
    a = ap.parse_args()
    b = Bench(a)
    b.machine()
    log("results -> %s" % b.out)
    try:
        b.imports()
        b.diffs()
    except Failed as e:
        log("FAILED: %s" % e)
        with open(os.path.join(b.out, "failure.txt"), "w") as f:
            f.write(str(e) + "\n")
        b.report()
        print("\n**The run failed before finishing:** %s\n" % str(e).splitlines()[0])
        return 1
    b.report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
