#!/usr/bin/env python3
"""ctest test_cli_plot_svg: mvr plot's SVG parses as XML (Python's xml.etree, which shares nothing with mvr) and
holds what was asked for: a panel per metric, a point marker per version that has the metric, the aliases
marked with their names, a dashed best-so-far line for metrics with a goal, finite coordinates inside the image,
escaped names (& < > " in model, metric and label), and for a long series a line of at most 4 points a pixel
column (M4). Also 1e-300 and 1e300 values, a flat metric, a single version and --x time with --log.

usage: plot_svg.test.py WORK_DIR MVR [ARGS...]   (e.g. build/native/mvr, or node build/web/mvr.js)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
work, mvr = sys.argv[1], [a for a in sys.argv[2:] if a]  # ctest passes an empty RUN natively
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
db = os.path.join(work, "r.db")
failed = 0


def run(*args, ok=True):
    r = subprocess.run(mvr + ["--db", db] + list(args), capture_output=True, text=True)
    if ok and r.returncode != 0:
        raise AssertionError("mvr %s failed (%d): %s%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
    return r


def plot(name, *args):
    path = os.path.join(work, name)
    run("plot", *args, "-o", path)
    tree = ET.parse(path)  # raises on anything that is not well-formed XML
    root = tree.getroot()
    assert root.tag == SVG + "svg", root.tag
    return root


def of_class(root, cls, tag=None):
    return [e for e in root.iter() if cls in (e.get("class") or "").split() and (tag is None or e.tag == SVG + tag)]


def numbers(root):
    """Every coordinate of the drawing, which must be finite and inside the image (with a little slack)."""
    w, h = float(root.get("width")), float(root.get("height"))
    for e in root.iter():
        for a in ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy"):
            if e.get(a) is not None and not e.get(a).endswith("%"):
                v = float(e.get(a))
                assert -1 <= v <= max(w, h) + 1, (e.tag, a, v)
        if e.tag == SVG + "path":
            for v in re.findall(r"[-0-9.eE+naif]+", e.get("d")):
                f = float(v)
                assert f == f and abs(f) != float("inf"), (e.get("d")[:80], v)


def check(name, fn):
    global failed
    try:
        fn()
        print("ok    " + name)
    except Exception as e:  # noqa: BLE001 - report every failure and go on
        failed += 1
        print("FAIL  %s: %r" % (name, e))


versions = []
model = 'a&b <"x">'
for i in range(1, 13):
    m = {"model": model, "version": "v%d" % i, "created_on": "2026-%02d-01T00:00:00Z" % i,
         "metrics": {"auc & co": {"value": 0.8 + i / 100, "goal": "max"}, "tiny": 1e-300 * i, "huge": {"value": 1e300 * (-1) ** i, "goal": "min"}}}
    if i % 3 == 0:
        m["metrics"]["flat<1>"] = 5
    if i == 4:
        m["aliases"] = ["production"]
    if i == 9:
        m["aliases"] = ["staging", "candidate"]
    versions.append(m)
versions.append({"model": "single", "version": 1, "metrics": {"loss": {"value": 0.25, "goal": "min"}}})
versions += [{"model": "long", "version": i, "metrics": {"loss": {"value": ((i * 7919) % 1000) / 1000 + 0.001, "goal": "min"}}}
             for i in range(1, 5001)]
src = os.path.join(work, "versions.json")
with open(src, "w") as f:
    json.dump(versions, f)
run("import", src)


def small_multiples():
    root = plot("a.svg", model, "auc & co", "tiny", "huge", "flat<1>")
    numbers(root)
    panels = of_class(root, "panel", "g")
    assert [p.get("data-metric") for p in panels] == ["auc & co", "tiny", "huge", "flat<1>"], panels
    points = [len(of_class(p, "point", "circle")) for p in panels]
    assert points == [12, 12, 12, 4], points
    best = [len(of_class(p, "best", "path")) for p in panels]
    assert best == [1, 0, 1, 0], best
    labels = [t.text for t in of_class(root, "alias-label", "text")]
    assert labels == ["production", "candidate, staging"] * 4, labels
    assert len(of_class(root, "alias", "line")) == 8
    title = of_class(root, "title", "text")[0].text
    assert title.startswith('a&b <"x">: auc & co, tiny'), title
    ticks = [t.text for t in of_class(root, "x-tick", "text")]
    assert ticks and all(re.fullmatch(r"v\d+", t) for t in ticks), ticks
    tips = [c.find(SVG + "title").text for c in of_class(panels[0], "point", "circle")]
    assert tips[0] == 'a&b <"x">@v1: auc & co = 0.81', tips[0]
    # Tiny and huge values get ticks of their own magnitude.
    ys = [t.text for t in of_class(panels[1], "y-tick", "text")]
    assert any("e-300" in y for y in ys), ys
    assert any("e+300" in y for y in [t.text for t in of_class(panels[2], "y-tick", "text")])


def by_time_on_a_log_scale():
    root = plot("t.svg", model, "auc & co", "tiny", "--x", "time", "--log", "--width", "640", "--height", "400")
    numbers(root)
    assert root.get("width") == "640" and root.get("height") == "400"
    ticks = [t.text for t in of_class(root, "x-tick", "text")]
    assert ticks and all(re.fullmatch(r"2026-\d\d", t) for t in ticks), ticks


def single_version():
    root = plot("s.svg", "single", "loss")
    numbers(root)
    assert len(of_class(root, "point", "circle")) == 1
    assert len(of_class(root, "y-tick", "text")) >= 2


def long_series():
    root = plot("l.svg", "long", "loss", "--width", "500")
    numbers(root)
    d = of_class(root, "line", "path")[0].get("d")
    vertices = len(re.findall(r"[ML]", d))
    plot_width = 500 - 100
    assert plot_width <= vertices <= 4 * plot_width, vertices
    assert not of_class(root, "point", "circle")


def refused():
    path = os.path.join(work, "bad.svg")
    r = run("plot", model, "huge", "--log", "-o", path, ok=False)
    assert r.returncode == 1 and "--log: huge of" in r.stderr, (r.returncode, r.stderr)
    assert not os.path.exists(path)
    r = run("plot", "long", "nope", "-o", path, ok=False)
    assert r.returncode == 1 and 'no metric "nope"' in r.stderr, r.stderr
    assert not os.path.exists(path)


check("small multiples: panels, points, aliases, best so far, escaped names", small_multiples)
check("--x time and --log", by_time_on_a_log_scale)
check("a single version", single_version)
check("5000 versions drawn from the M4 reduction", long_series)
check("bad input writes nothing", refused)
shutil.rmtree(work, ignore_errors=True)
print("%d failed" % failed if failed else "all passed")
sys.exit(1 if failed else 0)
