#!/usr/bin/env python3
"""mvr's own benchmark workload: synthetic model-version registries, deterministic (Python stdlib only).

    python3 tests/bench/workload.py [--seed S] registry N OUT.json
    python3 tests/bench/workload.py [--seed S] pair OUT.json

`registry N` writes a JSON list of N mvr manifests (one per line) over the 20 models of MODELS. Each version's
model is drawn pseudo-randomly; versions are numbered 1, 2, ... per model, and `parent` is the model's
previous version (null for its first). Every manifest has, in this order:

  model, version        the model's name and its integer label
  description           a sentence of 6 to 15 words
  created_on            RFC 3339 UTC ("...Z"), strictly increasing through the file (30 s to 10 min apart)
  author                one of AUTHORS
  parent                the previous label of the same model, or null
  params                50 leaves, 3 levels deep (5 groups x 2 sections x 5 leaves of PARAM_TREE): the leaf
                        types cycle int, float, string, bool, small int list; a child version changes 3
                        leaves of its parent's params
  metrics               the 20 metrics of METRICS: even positions are bare numbers, odd positions objects
                        {"value": x, "goal": "max"|"min"} (min where lower is better: losses, errors,
                        latency, memory); about one version in 8 also carries step histories ("steps",
                        docs/manifest.md) on two of its object metrics: plain numbers on one,
                        {"step": i, "value": x} objects on the other
  datasets              3 entries (train, val, test): name, uri, digest {"sha256": 64 hex}, size
  artifacts             5 entries: path (a file name), digest "sha256:<64 hex>", size
  tags                  {"team", "framework", "run_id" (32 hex)}
  aliases               ["production"] on the last version of each model in the file, else []

That is about 3.6 KB of JSON per version (10,000 versions: about 36 MB); the size is printed with the digest.

`pair` writes {"a": A, "b": B}, versions 1 and 2 of model "wide-params" (B's parent is 1), each with 10,000
param leaves, 3 levels deep (20 groups g00.. x 20 sections s00.. x 25 leaves k00..). B differs from A in 100
leaves (1%): 5 removed, 5 added (a sibling "<leaf>_new" beside an existing leaf) and 90 changed (a list
changes one element and keeps its length), so a diff by path finds exactly 100 differences.

The same arguments and seed give byte-identical output on every platform and Python 3 version: the numbers
come from the SplitMix64 generator below, not from the `random` module. The sha256 of the output and its size
are printed on stderr.
"""
import argparse
import hashlib
import json
import sys
import time

DEFAULT_SEED = 11_2026

MODELS = (
    "churn-xgb", "fraud-lgbm", "credit-risk-gbm", "ltv-regressor", "demand-forecast-tft", "price-elasticity",
    "search-ranker", "ads-ctr-dcn", "recsys-two-tower", "news-embed-minilm", "support-intent-bert",
    "ner-deberta", "summarizer-t5", "toxicity-roberta", "speech-whisper-ft", "tts-fastspeech",
    "product-vit", "defect-yolo", "ocr-donut", "satellite-unet",
)
AUTHORS = ("ana@example.org", "bruno@example.org", "chloe@example.org", "dmitri@example.org",
           "esra@example.org", "farid@example.org", "grace@example.org", "hiro@example.org",
           "ines@example.org", "jakob@example.org")
TEAMS = ("growth", "risk", "search", "ads", "nlp", "speech", "vision")
FRAMEWORKS = ("pytorch", "jax", "tensorflow", "xgboost", "lightgbm", "sklearn")
WORDS = ("retrained", "on", "fresh", "data", "with", "longer", "warmup", "new", "features", "from", "the",
         "feature", "store", "lower", "learning", "rate", "after", "drift", "alert", "deduplicated", "labels",
         "balanced", "classes", "quantized", "for", "serving", "larger", "batch", "size", "early", "stopping",
         "fixed", "leakage", "in", "validation", "split", "candidate", "release", "shadow", "traffic")
CHOICES = ("adamw", "sgd", "lion", "cosine", "step", "onecycle", "gelu", "silu", "relu", "mean", "max",
           "cls", "bf16", "fp16", "fp32", "safetensors", "onnx", "torchscript", "zstd", "none")

# 5 groups x 2 sections x 5 leaves = 50 param leaves; the leaf types cycle int, float, string, bool, int list.
PARAM_TREE = (
    ("optimizer", (("adamw", ("warmup_steps", "lr", "name", "fused", "betas_milli")),
                   ("schedule", ("total_steps", "min_lr_ratio", "kind", "restart", "milestones")))),
    ("model", (("backbone", ("depth", "dropout", "activation", "pretrained", "widths")),
               ("head", ("num_classes", "label_smoothing", "pooling", "use_bias", "hidden")))),
    ("data", (("loader", ("batch_size", "sample_fraction", "sampler", "shuffle", "crop")),
              ("features", ("max_len", "min_freq_ratio", "encoding", "lowercase", "buckets")))),
    ("trainer", (("loop", ("epochs", "grad_clip", "precision", "compile", "devices")),
                 ("checkpoint", ("every_steps", "ema_decay", "format", "keep_best", "keep_last")))),
    ("serving", (("batching", ("max_batch", "timeout_s", "queue", "dynamic", "shapes")),
                 ("export", ("opset", "tolerance", "compression", "strip_debug", "input_dims")))),
)
PARAM_PATHS = tuple((group, section, leaf) for group, sections in PARAM_TREE
                    for section, leaves in sections for leaf in leaves)

# The 20 metrics: (name, goal, scale). Even positions are written as bare numbers, odd ones as objects.
METRICS = (
    ("accuracy", "max", 1), ("loss", "min", 1), ("f1", "max", 1), ("val_loss", "min", 1),
    ("precision", "max", 1), ("recall", "max", 1), ("auc", "max", 1), ("log_loss", "min", 1),
    ("map", "max", 1), ("latency_p50_ms", "min", 50), ("ndcg_10", "max", 1), ("latency_p99_ms", "min", 200),
    ("throughput_rps", "max", 5000), ("error_rate", "min", 1), ("calibration_ece", "min", 1), ("rmse", "min", 10),
    ("coverage", "max", 1), ("memory_mb", "min", 4000), ("bleu", "max", 100), ("brier", "min", 1),
)
HISTORY_EVERY = 8  # about one version in HISTORY_EVERY has step histories
DATASET_PARTS = ("train", "val", "test")
ARTIFACT_FILES = ("model.safetensors", "config.json", "tokenizer.json", "metrics.json", "MODEL_CARD.md")
START = 1_767_225_600  # 2026-01-01T00:00:00Z


class SplitMix64:
    """A small, fully specified pseudo-random generator, so that the output never depends on Python's."""

    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self.MASK

    def bits64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def below(self, n):
        """An integer in [0, n) (the modulo bias is irrelevant here)."""
        return self.bits64() % n

    def between(self, lo, hi):
        """An integer in [lo, hi]."""
        return lo + self.below(hi - lo + 1)

    def unit(self, digits=5):
        """A float in [0, 1), rounded to `digits` decimals."""
        return round((self.bits64() >> 11) / float(1 << 53), digits)

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def hex(self, nbits):
        out = 0
        for _ in range(0, nbits, 64):
            out = (out << 64) | self.bits64()
        return "%0*x" % (nbits // 4, out >> (-nbits % 64))


def leaf_value(rng, kind):
    """A param leaf of one of 5 kinds: 0 int, 1 float, 2 string, 3 bool, 4 list of 2 to 4 small ints."""
    if kind == 0:
        return rng.between(1, 99_999)
    if kind == 1:
        return rng.unit(6)
    if kind == 2:
        return rng.pick(CHOICES)
    if kind == 3:
        return rng.below(2) == 1
    return [rng.between(1, 1023) for _ in range(rng.between(2, 4))]


def different_value(rng, kind, old):
    """A leaf value of the same kind that differs from old (a list changes one element, same length)."""
    if kind == 4:
        new = list(old)
        i = rng.below(len(new))
        new[i] = (new[i] + rng.between(1, 1022)) % 1023 + 1
        return new
    while True:
        new = leaf_value(rng, kind)
        if new != old:
            return new


def nest(flat):
    """{(group, section, leaf): value} -> {group: {section: {leaf: value}}}, in insertion order."""
    tree = {}
    for (group, section, leaf), value in flat.items():
        tree.setdefault(group, {}).setdefault(section, {})[leaf] = value
    return tree


def rfc3339(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def metric_value(rng, scale):
    return round(rng.unit() * scale, 4) if scale > 1 else rng.unit()


def history(rng, final, goal, as_objects):
    """A training curve of 5 to 9 steps ending at the metric's value; as numbers or {"step", "value"}."""
    n = rng.between(5, 9)
    sign = 1 if goal == "min" else -1  # loss-like curves come down to the value, score-like ones go up
    points = [round(final + sign * (n - 1 - i) * rng.unit(3) * 0.05, 5) for i in range(n - 1)] + [final]
    if as_objects:
        return [{"step": (i + 1) * 100, "value": v} for i, v in enumerate(points)]
    return points


def metrics_for(rng, with_history):
    out = {}
    curves = {}  # metric position -> steps written as objects?
    if with_history:
        first = 2 * rng.below(len(METRICS) // 2) + 1  # an odd position: written as an object
        second = (first + 2 * rng.between(1, len(METRICS) // 2 - 1)) % len(METRICS)
        curves = {first: False, second: True}
    for i, (name, goal, scale) in enumerate(METRICS):
        value = metric_value(rng, scale)
        if i % 2 == 0:
            out[name] = value
            continue
        metric = {"value": value, "goal": goal}
        if i in curves:
            metric["steps"] = history(rng, value, goal, curves[i])
        out[name] = metric
    return out


def sentence(rng):
    words = [rng.pick(WORDS) for _ in range(rng.between(6, 15))]
    return " ".join(words).capitalize() + "."


def registry_versions(n, seed=DEFAULT_SEED):
    """Yields the n manifests of `registry` as dicts, in file order."""
    rng = SplitMix64(seed)
    models = [rng.below(len(MODELS)) for _ in range(n)]
    last_of = {m: i for i, m in enumerate(models)}
    latest = {}  # model index -> (label, flat params)
    clock = START
    for i, m in enumerate(models):
        name = MODELS[m]
        if m in latest:
            parent, flat = latest[m]
            flat = dict(flat)
            for _ in range(3):
                j = rng.below(len(PARAM_PATHS))
                flat[PARAM_PATHS[j]] = different_value(rng, j % 5, flat[PARAM_PATHS[j]])
        else:
            parent, flat = None, {path: leaf_value(rng, j % 5) for j, path in enumerate(PARAM_PATHS)}
        label = 1 if parent is None else parent + 1
        latest[m] = (label, flat)
        clock += rng.between(30, 600)
        yield {
            "model": name,
            "version": label,
            "description": sentence(rng),
            "created_on": rfc3339(clock),
            "author": rng.pick(AUTHORS),
            "parent": parent,
            "params": nest(flat),
            "metrics": metrics_for(rng, rng.below(HISTORY_EVERY) == 0),
            "datasets": [{"name": part, "uri": "s3://ml-data/%s/%s-%03d.parquet" % (name, part, rng.below(400)),
                          "digest": {"sha256": rng.hex(256)}, "size": rng.between(10**6, 5 * 10**10)}
                         for part in DATASET_PARTS],
            "artifacts": [{"path": f, "digest": "sha256:" + rng.hex(256), "size": rng.between(200, 4 * 10**9)}
                          for f in ARTIFACT_FILES],
            "tags": {"team": rng.pick(TEAMS), "framework": rng.pick(FRAMEWORKS), "run_id": rng.hex(128)},
            "aliases": ["production"] if last_of[m] == i else [],
        }


def wide_pair(seed=DEFAULT_SEED):
    """The two versions of `pair`: (a, b) as dicts."""
    rng = SplitMix64(seed ^ 0x5EED_0F_9A12)
    paths = [("g%02d" % g, "s%02d" % s, "k%02d" % k) for g in range(20) for s in range(20) for k in range(25)]
    kinds = {path: j % 5 for j, path in enumerate(paths)}
    a = {path: leaf_value(rng, kinds[path]) for path in paths}
    # 100 distinct leaves, in a pseudo-random order: the first 5 removed, the next 5 get a sibling, 90 change.
    chosen = []
    taken = set()
    while len(chosen) < len(paths) // 100:
        j = rng.below(len(paths))
        if j not in taken:
            taken.add(j)
            chosen.append(paths[j])
    b = dict(a)
    for path in chosen[:5]:
        del b[path]
    for path in chosen[5:10]:
        b[path[:2] + (path[2] + "_new",)] = leaf_value(rng, kinds[path])
    for path in chosen[10:]:
        b[path] = different_value(rng, kinds[path], a[path])
    # Added leaves go last within their section in b: re-nest in a's order, with each sibling after its leaf.
    ordered = {}
    for path in paths:
        if path in b:
            ordered[path] = b[path]
        sibling = path[:2] + (path[2] + "_new",)
        if sibling in b:
            ordered[sibling] = b[sibling]

    def manifest(label, flat, parent):
        return {"model": "wide-params", "version": label, "description": "10,000 params, version %d" % label,
                "created_on": rfc3339(START + label * 3600), "author": AUTHORS[0], "parent": parent,
                "params": nest(flat), "metrics": {"accuracy": {"value": 0.9 + label / 100, "goal": "max"}},
                "datasets": [], "artifacts": [], "tags": {}, "aliases": []}

    return manifest(1, a, None), manifest(2, ordered, 1)


class DigestWriter:
    """Writes text to a file while counting its bytes and hashing them."""

    def __init__(self, path):
        self.file = open(path, "w", encoding="utf-8", newline="\n")
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, text):
        data = text.encode("utf-8")
        self.sha.update(data)
        self.size += len(data)
        self.file.write(text)

    def close(self):
        self.file.close()
        return self.sha.hexdigest(), self.size


def dump(value):
    return json.dumps(value, ensure_ascii=True, separators=(", ", ": "))


def write_registry(path, n, seed=DEFAULT_SEED):
    out = DigestWriter(path)
    out.write("[")
    for i, manifest in enumerate(registry_versions(n, seed)):
        out.write(("\n" if i == 0 else ",\n") + dump(manifest))
    out.write("\n]\n" if n else "]\n")
    return out.close()


def write_pair(path, seed=DEFAULT_SEED):
    a, b = wide_pair(seed)
    out = DigestWriter(path)
    out.write('{"a": %s,\n "b": %s}\n' % (dump(a), dump(b)))
    return out.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="default %(default)s")
    commands = parser.add_subparsers(dest="command", required=True)
    reg = commands.add_parser("registry", help="N versions over 20 models, as a JSON list")
    reg.add_argument("n", type=int)
    reg.add_argument("out")
    pair = commands.add_parser("pair", help='{"a", "b"}: two versions with 10,000 param leaves, 1%% differing')
    pair.add_argument("out")
    args = parser.parse_args(argv)
    if args.command == "registry":
        if args.n < 0:
            parser.error("N must not be negative")
        digest, size = write_registry(args.out, args.n, args.seed)
        per = " (%s bytes/version)" % format(round(size / args.n), ",") if args.n else ""
        print("workload: %s versions, %s bytes%s" % (format(args.n, ","), format(size, ","), per), file=sys.stderr)
    else:
        digest, size = write_pair(args.out, args.seed)
        print("workload: pair, %s bytes" % format(size, ","), file=sys.stderr)
    print("sha256 %s  %s" % (digest, args.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
