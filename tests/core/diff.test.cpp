// Diffs between versions: params by path, arrays element by element, metrics with deltas and trends by goal,
// datasets/artifacts per field, version fields, unknown fields; a 10,000-param pair; the compare matrix.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/diff.hpp"
#include "test_support.hpp"

using namespace mvr::core;
using mvr::test::manifest;

namespace {

const DiffEntry* find(const VersionDiff& d, Section s, const std::string& path) {
    const DiffEntry* found = nullptr;
    for (const DiffEntry& e : d.entries)
        if (e.section == s && e.path == path) {
            REQUIRE(found == nullptr);  // one entry per path
            found = &e;
        }
    return found;
}

std::string with(const std::string& label, const std::string& extra) {
    return "{\"model\":\"m\",\"version\":" + label + (extra.empty() ? "" : "," + extra) + "}";
}

std::vector<std::string> paths(const VersionDiff& d, Section s) {
    std::vector<std::string> out;
    for (const DiffEntry& e : d.entries)
        if (e.section == s) out.push_back(std::string(changeName(e.change)) + " " + e.path);
    return out;
}

}  // namespace

TEST_CASE("diff: params by path") {
    Manifest a = manifest(with("1", "\"params\":{\"opt\":{\"lr\":0.1,\"name\":\"adam\",\"betas\":[0.9,0.999]},\"epochs\":10,\"old\":true}"));
    Manifest b = manifest(with("2", "\"params\":{\"opt\":{\"lr\":0.2,\"name\":\"adam\",\"betas\":[0.9,0.98]},\"epochs\":10,\"new\":{\"x\":1}}"));
    VersionDiff d = diffVersions(a, b);
    CHECK(d.left == "m@1");
    CHECK(d.right == "m@2");
    CHECK(paths(d, Section::Param) == std::vector<std::string>{"changed opt.lr", "changed opt.betas[1]", "removed old", "added new"});
    const DiffEntry* lr = find(d, Section::Param, "opt.lr");
    REQUIRE(lr);
    CHECK(lr->before.text == "0.1");
    CHECK(lr->after.text == "0.2");
    CHECK_FALSE(lr->numeric);  // deltas are for metrics
    const DiffEntry* added = find(d, Section::Param, "new");
    REQUIRE(added);
    CHECK(added->before.isNull());
    CHECK(toCanonical(added->after) == "{\"x\":1}");
    const DiffEntry* removed = find(d, Section::Param, "old");
    REQUIRE(removed);
    CHECK(removed->after.isNull());
    CHECK(removed->before.boolean);
    CHECK(d.count(Section::Param) == 4);
    CHECK(d.count(Change::Changed) == 2);
    CHECK(d.count(Change::Added) == 1);
    CHECK(d.count(Change::Removed) == 1);
}

TEST_CASE("diff: arrays element by element, type changes, odd keys") {
    Manifest a = manifest(with("1", "\"params\":{\"x\":[1,2,3],\"y\":[1,2],\"z\":[1,2,3],\"t\":0.1,\"o\":{\"k\":1},"
                                   "\"n\":1,\"w\":[{\"a\":1},{\"a\":2}],\"odd key\":{\"a.b\":1}}"));
    Manifest b = manifest(with("2", "\"params\":{\"x\":[1,5,3],\"y\":[1,2,3],\"z\":[1],\"t\":\"0.1\",\"o\":5,"
                                   "\"n\":1.0,\"w\":[{\"a\":1},{\"a\":3}],\"odd key\":{\"a.b\":2}}"));
    VersionDiff d = diffVersions(a, b);
    CHECK(paths(d, Section::Param) == std::vector<std::string>{"changed x[1]", "added y[2]", "removed z[1]", "removed z[2]",
                                                               "changed t", "changed o", "changed n", "changed w[1].a",
                                                               "changed [\"odd key\"][\"a.b\"]"});
    const DiffEntry* o = find(d, Section::Param, "o");
    REQUIRE(o);
    CHECK(toCanonical(o->before) == "{\"k\":1}");
    CHECK(o->after.text == "5");
    const DiffEntry* t = find(d, Section::Param, "t");
    REQUIRE(t);
    CHECK(t->before.isNumber());
    CHECK(t->after.isString());
}

TEST_CASE("diff: params missing on one side") {
    Manifest a = manifest(with("1", ""));
    Manifest b = manifest(with("2", "\"params\":{\"a\":1}"));
    CHECK(paths(diffVersions(a, b), Section::Param) == std::vector<std::string>{"added a"});
    CHECK(paths(diffVersions(b, a), Section::Param) == std::vector<std::string>{"removed a"});
}

TEST_CASE("diff: metrics, deltas and trends by goal") {
    Manifest a = manifest(with("1", "\"metrics\":{\"auc\":{\"value\":0.8,\"goal\":\"max\"},\"loss\":{\"value\":0.5,\"goal\":\"min\"},"
                                   "\"acc\":0.7,\"zero\":0,\"gone\":1,\"same\":{\"value\":0.5,\"goal\":\"max\"},\"lat\":{\"value\":10,\"goal\":\"min\"}}"));
    Manifest b = manifest(with("2", "\"metrics\":{\"auc\":{\"value\":0.9,\"goal\":\"max\"},\"loss\":{\"value\":0.6,\"goal\":\"min\"},"
                                   "\"acc\":0.6,\"zero\":0.5,\"same\":{\"value\":0.50,\"goal\":\"max\"},\"lat\":8,\"fresh\":{\"value\":3,\"goal\":\"max\"}}"));
    VersionDiff d = diffVersions(a, b);

    const DiffEntry* auc = find(d, Section::Metric, "auc");
    REQUIRE(auc);
    CHECK(auc->change == Change::Changed);
    CHECK(auc->numeric);
    CHECK(auc->absDelta == Approx(0.1));
    CHECK(auc->relDelta == Approx(0.125));
    CHECK(auc->goal == Goal::Max);
    CHECK(auc->trend == Trend::Better);

    const DiffEntry* loss = find(d, Section::Metric, "loss");
    REQUIRE(loss);
    CHECK(loss->absDelta == Approx(0.1));
    CHECK(loss->relDelta == Approx(0.2));
    CHECK(loss->trend == Trend::Worse);  // up is worse for a "min" metric

    // Without a goal there is no trend, only the delta.
    const DiffEntry* acc = find(d, Section::Metric, "acc");
    REQUIRE(acc);
    CHECK(acc->absDelta == Approx(-0.1));
    CHECK(acc->relDelta == Approx(-0.1 / 0.7));
    CHECK(acc->trend == Trend::None);

    // From zero the relative delta is undefined.
    const DiffEntry* zero = find(d, Section::Metric, "zero");
    REQUIRE(zero);
    CHECK(zero->absDelta == 0.5);
    CHECK(std::isnan(zero->relDelta));

    // The goal stated on one side only still decides (down is better for latency).
    const DiffEntry* lat = find(d, Section::Metric, "lat");
    REQUIRE(lat);
    CHECK(lat->goal == Goal::Min);
    CHECK(lat->trend == Trend::Better);
    CHECK(lat->relDelta == Approx(-0.2));

    // 0.5 and 0.50 are the same quantity: not a change.
    CHECK(find(d, Section::Metric, "same") == nullptr);

    const DiffEntry* gone = find(d, Section::Metric, "gone");
    REQUIRE(gone);
    CHECK(gone->change == Change::Removed);
    CHECK(gone->before.text == "1");
    const DiffEntry* fresh = find(d, Section::Metric, "fresh");
    REQUIRE(fresh);
    CHECK(fresh->change == Change::Added);
    CHECK(fresh->goal == Goal::Max);
    CHECK(fresh->after.text == "3");
    CHECK(d.count(Section::Metric) == 7);

    // includeSame lists it, with trend Equal.
    DiffOptions all;
    all.includeSame = true;
    VersionDiff full = diffVersions(a, b, all);
    const DiffEntry* same = find(full, Section::Metric, "same");
    REQUIRE(same);
    CHECK(same->change == Change::Same);
    CHECK(same->trend == Trend::Equal);
    CHECK(same->absDelta == 0);
    CHECK(full.count(Section::Metric) == 7);  // Same rows are not counted as differences
}

TEST_CASE("diff: datasets and artifacts per field") {
    const std::string h1(64, '1'), h2(64, '2');
    Manifest a = manifest(with("1", "\"datasets\":[{\"name\":\"train\",\"uri\":\"s3://a\",\"digest\":{\"sha256\":\"" + h1 +
                                        "\"},\"size\":10},{\"name\":\"val\",\"digest\":\"sha256:" + h1 + "\"},"
                                        "{\"path\":\"data/test.csv\",\"digest\":\"sha256:" + h1 + "\"}],"
                                        "\"artifacts\":[{\"path\":\"model.bin\",\"digest\":\"sha256:" + h1 + "\"}]"));
    Manifest b = manifest(with("2", "\"datasets\":[{\"name\":\"train\",\"uri\":\"s3://b\",\"digest\":{\"sha256\":\"" + h2 +
                                        "\"},\"size\":10},{\"path\":\"data/test.csv\",\"digest\":\"sha256:" + h2 + "\"},"
                                        "{\"name\":\"extra\"}],"
                                        "\"artifacts\":[{\"path\":\"model.bin\",\"digest\":\"sha256:" + h1 + "\",\"size\":5}]"));
    VersionDiff d = diffVersions(a, b);
    CHECK(paths(d, Section::Dataset) == std::vector<std::string>{"changed train.uri", "changed train.digest", "removed val",
                                                                 "changed [\"data/test.csv\"].digest", "added extra"});
    const DiffEntry* dg = find(d, Section::Dataset, "train.digest");
    REQUIRE(dg);
    CHECK(dg->before.text == "sha256:" + h1);
    CHECK(dg->after.text == "sha256:" + h2);
    CHECK(paths(d, Section::Artifact) == std::vector<std::string>{"added [\"model.bin\"].size"});
    CHECK(d.count(Section::Dataset) == 5);
    CHECK(d.count(Section::Artifact) == 1);
}

TEST_CASE("diff: a dataset's path and every one of its digests are compared") {
    const std::string h1(64, '1'), m1(32, 'a'), m2(32, 'b');
    auto version = [&](const char* label, const std::string& path, const std::string& md5) {
        return manifest(with(label, "\"datasets\":[{\"name\":\"train\",\"path\":\"" + path +
                                        "\",\"digest\":{\"sha256\":\"" + h1 + "\",\"md5\":\"" + md5 + "\"}},"
                                        "{\"name\":\"one\",\"digest\":{\"sha256\":\"" + h1 + "\"}}]"));
    };
    VersionDiff d = diffVersions(version("1", "data/train.csv", m1), version("2", "data/train-v2.csv", m2));
    CHECK(paths(d, Section::Dataset) == std::vector<std::string>{"changed train.path", "changed train.digest.md5"});
    const DiffEntry* md5 = find(d, Section::Dataset, "train.digest.md5");
    REQUIRE(md5);
    CHECK(md5->before.text == m1);
    CHECK(md5->after.text == m2);
    // The same versions: nothing differs; a second digest added: the digest changes as a whole.
    CHECK(diffVersions(version("1", "p", m1), version("2", "p", m1)).count(Section::Dataset) == 0);
    Manifest single = manifest(with("3", "\"datasets\":[{\"name\":\"train\",\"path\":\"p\",\"digest\":\"sha256:" + h1 +
                                             "\"},{\"name\":\"one\",\"digest\":{\"sha256\":\"" + h1 + "\"}}]"));
    CHECK(paths(diffVersions(single, version("2", "p", m1)), Section::Dataset) ==
          std::vector<std::string>{"changed train.digest"});
}

TEST_CASE("diff: version fields, aliases, tags, parent") {
    Manifest a = manifest("{\"model\":\"m\",\"version\":2,\"description\":\"first\",\"author\":\"ana\",\"parent\":1,"
                          "\"aliases\":[\"prod\"],\"tags\":{\"team\":\"nlp\",\"gone\":\"x\",\"keep\":\"k\"}}");
    Manifest b = manifest("{\"model\":\"m\",\"version\":3,\"description\":\"second\",\"created_on\":\"2024-01-01T00:00:00Z\","
                          "\"parent\":{\"model\":\"base\",\"version\":7},\"aliases\":[\"prod\",\"staging\"],"
                          "\"tags\":{\"team\":\"vision\",\"keep\":\"k\",\"new\":\"y\"}}");
    VersionDiff d = diffVersions(a, b);
    CHECK(paths(d, Section::Field) == std::vector<std::string>{"changed description", "removed author", "added created_on",
                                                               "changed parent", "changed aliases", "changed tags.team",
                                                               "removed tags.gone", "added tags.new"});
    const DiffEntry* parent = find(d, Section::Field, "parent");
    REQUIRE(parent);
    CHECK(parent->before.text == "1");
    CHECK(parent->after.text == "base@7");
    const DiffEntry* aliases = find(d, Section::Field, "aliases");
    REQUIRE(aliases);
    CHECK(toCanonical(aliases->before) == "[\"prod\"]");
    CHECK(toCanonical(aliases->after) == "[\"prod\",\"staging\"]");

    // Aliases are taken as they are on the manifests (a registry puts the live ones there).
    Manifest a2 = a;
    a2.aliases = {"prod", "staging"};
    CHECK(find(diffVersions(a2, b), Section::Field, "aliases") == nullptr);

    // A parent appearing.
    Manifest root = manifest(with("1", ""));
    Manifest child = manifest(with("2", "\"parent\":1"));
    VersionDiff grown = diffVersions(root, child);
    const DiffEntry* p = find(grown, Section::Field, "parent");
    REQUIRE(p);
    CHECK(p->change == Change::Added);
    CHECK(p->after.text == "1");
}

TEST_CASE("diff: unknown fields are compared like params") {
    Manifest a = manifest(with("1", "\"notes\":{\"a\":1,\"b\":[1]},\"x-old\":true"));
    Manifest b = manifest(with("2", "\"notes\":{\"a\":2,\"b\":[1]},\"x-new\":\"n\""));
    VersionDiff d = diffVersions(a, b);
    CHECK(paths(d, Section::Extra) == std::vector<std::string>{"changed notes.a", "removed x-old", "added x-new"});
    CHECK(paths(d, Section::Field).empty());
}

TEST_CASE("diff: identical versions, and includeSame") {
    const std::string body = "\"description\":\"d\",\"params\":{\"a\":{\"b\":1},\"c\":[1,2]},\"metrics\":{\"m\":1},"
                             "\"tags\":{\"t\":\"v\"},\"datasets\":[{\"name\":\"d\",\"size\":1}],\"other\":3";
    Manifest a = manifest(with("1", body));
    Manifest b = manifest(with("2", body));
    VersionDiff d = diffVersions(a, b);
    CHECK(d.entries.empty());

    DiffOptions all;
    all.includeSame = true;
    VersionDiff full = diffVersions(a, b, all);
    CHECK(full.count(Change::Changed) + full.count(Change::Added) + full.count(Change::Removed) == 0);
    std::set<std::string> same;
    for (const DiffEntry& e : full.entries) {
        CHECK(e.change == Change::Same);
        same.insert(std::string(sectionName(e.section)) + " " + e.path);
    }
    for (const char* want : {"field model", "field description", "field tags.t", "param a.b", "param c[0]", "param c[1]",
                             "metric m", "dataset d.size", "extra other"}) {
        INFO(want);
        CHECK(same.count(want) == 1);
    }
}

namespace {

// A pair in the shape of tests/bench/workload.py "pair": 20 groups x 20 sections x 25 leaves = 10,000 param
// leaves, about 1% different (5 removed, 5 added siblings, 90 changed), generated here deterministically.
struct Pair {
    std::string a, b;
    std::set<std::string> changed, added, removed;
    size_t matrixParamRows = 0;  // rows of the compare matrix that differ (arrays are one row per element)
};

struct Rng {
    uint64_t s = 20261126;
    uint64_t next() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
    size_t below(size_t n) { return static_cast<size_t>(next() % n); }
};

struct Leaf {
    std::string g, s, k;
    int kind;
    std::vector<int> ints;  // kind 0: one value; kind 4: the array
    std::string text;       // kinds 1 and 2
    bool flag = false;      // kind 3
    std::string json() const {
        switch (kind) {
        case 0: return std::to_string(ints[0]);
        case 1: return text;
        case 2: return "\"" + text + "\"";
        case 3: return flag ? "true" : "false";
        default: {
            std::string out = "[";
            for (size_t i = 0; i < ints.size(); ++i) out += (i ? "," : "") + std::to_string(ints[i]);
            return out + "]";
        }
        }
    }
    std::string path() const { return g + "." + s + "." + k; }
    size_t rows() const { return kind == 4 ? ints.size() : 1; }
};

Leaf makeLeaf(Rng& rng, int kind) {
    static const char* words[] = {"adamw", "sgd", "cosine", "linear", "gelu", "relu", "mean", "cls", "bf16", "fp32"};
    Leaf l;
    l.kind = kind;
    switch (kind) {
    case 0: l.ints = {1 + static_cast<int>(rng.below(99999))}; break;
    case 1: {
        char buf[16];
        std::snprintf(buf, sizeof buf, "0.%06d", static_cast<int>(rng.below(1000000)));
        l.text = buf;
        break;
    }
    case 2: l.text = words[rng.below(10)]; break;
    case 3: l.flag = rng.below(2) == 1; break;
    default:
        for (size_t i = 0, n = 2 + rng.below(3); i < n; ++i) l.ints.push_back(1 + static_cast<int>(rng.below(1023)));
    }
    return l;
}

std::string version(int num, const std::vector<Leaf>& leaves) {
    std::string params = "{";
    for (size_t i = 0; i < leaves.size();) {
        const std::string& g = leaves[i].g;
        params += (i ? "," : "") + std::string("\"") + g + "\":{";
        bool firstS = true;
        while (i < leaves.size() && leaves[i].g == g) {
            const std::string& s = leaves[i].s;
            params += (firstS ? "" : ",") + std::string("\"") + s + "\":{";
            firstS = false;
            bool firstK = true;
            while (i < leaves.size() && leaves[i].g == g && leaves[i].s == s) {
                params += (firstK ? "" : ",") + std::string("\"") + leaves[i].k + "\":" + leaves[i].json();
                firstK = false;
                ++i;
            }
            params += "}";
        }
        params += "}";
    }
    params += "}";
    std::string n = std::to_string(num);
    return "{\"model\":\"wide-params\",\"version\":" + n + ",\"description\":\"wide params version " + n +
           "\",\"created_on\":\"2024-01-01T0" + n + ":00:00Z\",\"author\":\"ana@example.org\",\"parent\":" +
           (num == 1 ? "null" : "1") + ",\"params\":" + params + ",\"metrics\":{\"accuracy\":0.90" + n +
           "},\"datasets\":[],\"artifacts\":[],\"tags\":{},\"aliases\":[]}";
}

Pair makePair() {
    Rng rng;
    std::vector<Leaf> a;
    char g[8], s[8], k[8];
    for (int gi = 0; gi < 20; ++gi)
        for (int si = 0; si < 20; ++si)
            for (int ki = 0; ki < 25; ++ki) {
                std::snprintf(g, sizeof g, "g%02d", gi);
                std::snprintf(s, sizeof s, "s%02d", si);
                std::snprintf(k, sizeof k, "k%02d", ki);
                Leaf l = makeLeaf(rng, static_cast<int>(a.size() % 5));
                l.g = g;
                l.s = s;
                l.k = k;
                a.push_back(l);
            }
    std::set<size_t> pickSet;
    std::vector<size_t> picks;
    while (picks.size() < 100) {
        size_t j = rng.below(a.size());
        if (pickSet.insert(j).second) picks.push_back(j);
    }
    Pair p;
    std::vector<Leaf> b = a;
    std::vector<bool> removed(a.size(), false);
    std::map<size_t, Leaf> addedAfter;
    for (size_t c = 0; c < picks.size(); ++c) {
        size_t j = picks[c];
        Leaf& l = b[j];
        if (c % 20 == 0) {
            removed[j] = true;
            p.removed.insert(l.path());
            p.matrixParamRows += l.rows();
        } else if (c % 20 == 1) {
            Leaf n = makeLeaf(rng, static_cast<int>(j % 5));
            n.g = l.g;
            n.s = l.s;
            n.k = l.k + "_new";
            p.added.insert(n.path());
            p.matrixParamRows += n.rows();
            addedAfter[j] = n;
        } else {
            switch (l.kind) {
            case 0: l.ints[0] += 1; break;
            case 1: l.text = l.text == "0.500000" ? "0.250000" : "0.500000"; break;
            case 2: l.text = l.text == "onnx" ? "safetensors" : "onnx"; break;
            case 3: l.flag = !l.flag; break;
            default: l.ints[0] += 1;
            }
            p.changed.insert(l.path() + (l.kind == 4 ? "[0]" : ""));
            p.matrixParamRows += 1;
        }
    }
    std::vector<Leaf> bOut;
    for (size_t j = 0; j < b.size(); ++j) {
        if (!removed[j]) bOut.push_back(b[j]);
        auto it = addedAfter.find(j);
        if (it != addedAfter.end()) bOut.push_back(it->second);
    }
    p.a = version(1, a);
    p.b = version(2, bOut);
    return p;
}

}  // namespace

TEST_CASE("diff: two versions of 10,000 params with 1% changes") {
    Pair p = makePair();
    REQUIRE(p.changed.size() == 90);
    REQUIRE(p.added.size() == 5);
    REQUIRE(p.removed.size() == 5);
    Manifest a = manifest(p.a);
    Manifest b = manifest(p.b);
    VersionDiff d = diffVersions(a, b);

    std::set<std::string> changed, added, removed;
    for (const DiffEntry& e : d.entries) {
        if (e.section != Section::Param) continue;
        if (e.change == Change::Changed) CHECK(changed.insert(e.path).second);
        if (e.change == Change::Added) CHECK(added.insert(e.path).second);
        if (e.change == Change::Removed) CHECK(removed.insert(e.path).second);
    }
    CHECK(changed == p.changed);
    CHECK(added == p.added);
    CHECK(removed == p.removed);
    CHECK(d.count(Section::Param) == 100);
    // Besides params: description, created_on and the metric changed, the parent appeared.
    CHECK(d.count(Change::Changed) == 93);
    CHECK(d.count(Change::Added) == 6);
    CHECK(d.count(Change::Removed) == 5);
    CHECK(d.count(Section::Metric) == 1);
    CHECK(paths(d, Section::Field) == std::vector<std::string>{"changed description", "changed created_on", "added parent"});

    // The other way round, added and removed swap.
    VersionDiff back = diffVersions(b, a);
    CHECK(back.count(Change::Added) == 5);
    CHECK(back.count(Change::Removed) == 6);
    CHECK(back.count(Change::Changed) == 93);

    // The compare matrix finds the same differences (arrays count one row per element).
    CompareMatrix mx = compareVersions({&a, &b}, 0, true);
    size_t paramRows = 0;
    for (const MatrixRow& r : mx.rows) paramRows += r.section == Section::Param;
    CHECK(paramRows == p.matrixParamRows);
    CHECK(mx.differingRows() == p.matrixParamRows + 4);  // + description, created_on, parent, accuracy
}

TEST_CASE("diff: the compare matrix against a baseline") {
    Manifest v1 = manifest(with("1", "\"description\":\"base\",\"params\":{\"lr\":0.1,\"only1\":1},"
                                     "\"metrics\":{\"auc\":{\"value\":0.8,\"goal\":\"max\"},\"loss\":{\"value\":0.5,\"goal\":\"min\"},\"raw\":1}"));
    Manifest v2 = manifest(with("2", "\"description\":\"base\",\"params\":{\"lr\":0.1,\"only2\":2},\"parent\":1,"
                                     "\"metrics\":{\"auc\":{\"value\":0.85,\"goal\":\"max\"},\"loss\":{\"value\":0.4,\"goal\":\"min\"},\"raw\":2}"));
    Manifest v3 = manifest(with("3", "\"description\":\"base\",\"params\":{\"lr\":0.2,\"only1\":1},\"parent\":1,"
                                     "\"metrics\":{\"auc\":{\"value\":0.75,\"goal\":\"max\"},\"loss\":{\"value\":0.6,\"goal\":\"min\"},\"raw\":1}"));
    std::vector<const Manifest*> vs = {&v1, &v2, &v3};

    auto rowOf = [](const CompareMatrix& m, Section s, const std::string& key) -> const MatrixRow* {
        for (const MatrixRow& r : m.rows)
            if (r.section == s && r.key == key) return &r;
        return nullptr;
    };

    CompareMatrix all = compareVersions(vs, 0, false);
    CHECK(all.columns == std::vector<std::string>{"m@1", "m@2", "m@3"});
    CHECK(all.baseline == 0);
    const MatrixRow* auc = rowOf(all, Section::Metric, "auc");
    REQUIRE(auc);
    CHECK(auc->goal == Goal::Max);
    CHECK(auc->differs);
    CHECK(auc->cells[1].change == Change::Changed);
    CHECK(auc->cells[1].trend == Trend::Better);
    CHECK(auc->cells[2].trend == Trend::Worse);
    CHECK(auc->cells[0].trend == Trend::None);  // the baseline is not compared with itself
    const MatrixRow* loss = rowOf(all, Section::Metric, "loss");
    REQUIRE(loss);
    CHECK(loss->cells[1].trend == Trend::Better);  // lower loss
    CHECK(loss->cells[2].trend == Trend::Worse);
    const MatrixRow* raw = rowOf(all, Section::Metric, "raw");
    REQUIRE(raw);
    CHECK(raw->cells[1].trend == Trend::None);  // no goal, no trend
    CHECK(raw->cells[1].change == Change::Changed);
    CHECK(raw->cells[2].change == Change::Same);

    const MatrixRow* lr = rowOf(all, Section::Param, "lr");
    REQUIRE(lr);
    CHECK(lr->cells[1].change == Change::Same);
    CHECK(lr->cells[2].change == Change::Changed);
    REQUIRE(lr->cells[2].value);
    CHECK(lr->cells[2].value->text == "0.2");
    const MatrixRow* only2 = rowOf(all, Section::Param, "only2");
    REQUIRE(only2);
    CHECK_FALSE(only2->cells[0].present);
    CHECK(only2->cells[1].change == Change::Added);
    CHECK(only2->cells[2].change == Change::Same);  // absent in both it and the baseline
    const MatrixRow* only1 = rowOf(all, Section::Param, "only1");
    REQUIRE(only1);
    CHECK(only1->cells[1].change == Change::Removed);
    CHECK(only1->cells[2].change == Change::Same);

    const MatrixRow* desc = rowOf(all, Section::Field, "description");
    REQUIRE(desc);
    CHECK_FALSE(desc->differs);
    const MatrixRow* parent = rowOf(all, Section::Field, "parent");
    REQUIRE(parent);
    CHECK(parent->differs);
    CHECK(parent->cells[1].text == "1");

    // Only the differing rows.
    CompareMatrix diff = compareVersions(vs, 0, true);
    CHECK(diff.rows.size() == all.differingRows());
    CHECK(diff.differingRows() == diff.rows.size());
    CHECK(rowOf(diff, Section::Field, "description") == nullptr);
    CHECK(rowOf(diff, Section::Param, "lr") != nullptr);
    std::set<std::string> keys;
    for (const MatrixRow& r : diff.rows) keys.insert(std::string(sectionName(r.section)) + " " + r.key);
    CHECK(keys == std::set<std::string>{"field parent", "metric auc", "metric loss", "metric raw", "param lr", "param only1",
                                        "param only2"});

    // Another baseline: markers are relative to it, and its rows come first.
    CompareMatrix b2 = compareVersions(vs, 1, false);
    CHECK(b2.baseline == 1);
    const MatrixRow* auc2 = rowOf(b2, Section::Metric, "auc");
    REQUIRE(auc2);
    CHECK(auc2->cells[0].trend == Trend::Worse);  // 0.8 against 0.85
    CHECK(auc2->cells[2].trend == Trend::Worse);
    CHECK(auc2->cells[1].trend == Trend::None);
    size_t posOnly2 = 0, posOnly1 = 0;
    for (size_t i = 0; i < b2.rows.size(); ++i) {
        if (b2.rows[i].key == "only2") posOnly2 = i;
        if (b2.rows[i].key == "only1") posOnly1 = i;
    }
    CHECK(posOnly2 < posOnly1);
    const MatrixRow* o1 = rowOf(b2, Section::Param, "only1");
    REQUIRE(o1);
    CHECK(o1->cells[0].change == Change::Added);

    // A baseline out of range falls back to the first version.
    CHECK(compareVersions(vs, 7, false).baseline == 0);
}

TEST_CASE("diff: strings that both read fully as numbers compare by value (MLflow keeps params as strings)") {
    CHECK(sameValue(Value::makeString("0.1"), Value::makeString("0.10")));
    CHECK(sameValue(Value::makeString("1e-05"), Value::makeString("0.00001")));
    CHECK(sameValue(Value::makeString("5"), Value::makeString("05")));
    CHECK(sameValue(Value::makeString("-0"), Value::makeString("0")));
    CHECK(sameValue(Value::makeString("+3"), Value::makeString("3")));
    CHECK_FALSE(sameValue(Value::makeString("0.1"), Value::makeString("0.2")));
    // Integers compare exactly, beyond what a double can tell apart.
    CHECK_FALSE(sameValue(Value::makeString("12345678901234567890"), Value::makeString("12345678901234567891")));
    CHECK_FALSE(sameValue(Value::makeString("None"), Value::makeString("none")));
    CHECK_FALSE(sameValue(Value::makeString("0.1 "), Value::makeString("0.1")));
    CHECK_FALSE(sameValue(Value::makeString("inf"), Value::makeString("inf ")));
    CHECK_FALSE(sameValue(Value::makeString("0x10"), Value::makeString("16")));
    // A number and a string, and numbers written differently, are still what they were.
    CHECK_FALSE(sameValue(Value::makeString("1"), Value::makeNumberLexeme("1")));
    CHECK_FALSE(sameValue(Value::makeNumberLexeme("1.0"), Value::makeNumberLexeme("1")));

    Manifest a = manifest(with("1", "\"params\":{\"lr\":\"0.1\",\"depth\":\"4\",\"name\":\"a\",\"n\":\"10\"}"));
    Manifest b = manifest(with("2", "\"params\":{\"lr\":\"0.10\",\"depth\":\"5\",\"name\":\"a\",\"n\":\"1e1\"}"));
    VersionDiff d = diffVersions(a, b);
    CHECK(paths(d, Section::Param) == std::vector<std::string>{"changed depth"});
    DiffOptions all;
    all.includeSame = true;
    VersionDiff withSame = diffVersions(a, b, all);
    const DiffEntry* lr = find(withSame, Section::Param, "lr");
    REQUIRE(lr);
    CHECK(lr->change == Change::Same);

    // The compare matrix agrees.
    CompareMatrix mx = compareVersions({&a, &b}, 0, true);
    std::vector<std::string> keys;
    for (const MatrixRow& r : mx.rows)
        if (r.section == Section::Param) keys.push_back(r.key);
    CHECK(keys == std::vector<std::string>{"depth"});
}
