#include "core/diff.hpp"

#include "core/compare_build.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <unordered_map>

namespace mvr::core {

const char* changeName(Change c) {
    switch (c) {
    case Change::Same: return "same";
    case Change::Added: return "added";
    case Change::Removed: return "removed";
    case Change::Changed: return "changed";
    }
    return "?";
}

const char* trendName(Trend t) {
    switch (t) {
    case Trend::Better: return "better";
    case Trend::Worse: return "worse";
    case Trend::Equal: return "equal";
    default: return "";
    }
}

const char* sectionName(Section s) {
    switch (s) {
    case Section::Field: return "field";
    case Section::Param: return "param";
    case Section::Metric: return "metric";
    case Section::Dataset: return "dataset";
    case Section::Artifact: return "artifact";
    case Section::Extra: return "extra";
    }
    return "?";
}

size_t VersionDiff::count(Change c) const {
    size_t n = 0;
    for (const DiffEntry& e : entries) n += e.change == c;
    return n;
}

size_t VersionDiff::count(Section s) const {
    size_t n = 0;
    for (const DiffEntry& e : entries) n += e.section == s && e.change != Change::Same;
    return n;
}

namespace {

void add(std::vector<DiffEntry>& out, Section s, const std::string& path, Change c, const Value* a, const Value* b) {
    DiffEntry e;
    e.section = s;
    e.path = path;
    e.change = c;
    if (a) e.before = *a;
    if (b) e.after = *b;
    out.push_back(std::move(e));
}

Value numberValue(const Metric& m) { return Value::makeNumberLexeme(m.lexeme); }

Value stringOrNull(const std::string& s) { return s.empty() ? Value() : Value::makeString(s); }

Value aliasesValue(const std::vector<std::string>& aliases) {
    Value v = Value::makeArray();
    for (const std::string& a : aliases) v.push(Value::makeString(a));
    return v;
}

Value parentValue(const Manifest& m) {
    if (!m.hasParent) return Value();
    if (m.parent.model == m.model) return Value::makeString(m.parent.label);
    return Value::makeString(m.parent.model + "@" + m.parent.label);
}

// What is compared of a dataset or artifact: its path (when it is named, the path is a field of its own),
// uri, digest and size. One digest reads "sha256:9f86..."; several are an object by algorithm, so that a
// change to any of them shows (digest.md5), not only to the first.
Value dataValue(const DataRef& d) {
    Value v = Value::makeObject();
    if (!d.path.empty() && d.path != d.key) v.set("path", Value::makeString(d.path));
    if (!d.uri.empty()) v.set("uri", Value::makeString(d.uri));
    if (d.digests.size() == 1) {
        v.set("digest", Value::makeString(d.digestText()));
    } else if (d.digests.size() > 1) {
        Value all = Value::makeObject();
        for (const Digest& g : d.digests) all.set(g.algorithm, Value::makeString(g.value));
        v.set("digest", std::move(all));
    }
    if (d.hasSize) v.set("size", Value::makeInteger(d.size));
    return v;
}

void diffData(const std::vector<DataRef>& a, const std::vector<DataRef>& b, Section s, bool includeSame,
              std::vector<DiffEntry>& out) {
    std::unordered_map<std::string, const DataRef*> inB;
    for (const DataRef& d : b) inB[d.key] = &d;
    std::unordered_map<std::string, bool> inA;
    for (const DataRef& d : a) {
        inA[d.key] = true;
        auto it = inB.find(d.key);
        Value va = dataValue(d);
        if (it == inB.end()) {
            add(out, s, d.key, Change::Removed, &va, nullptr);
            continue;
        }
        Value vb = dataValue(*it->second);
        // Both sides have it: one entry per field that differs (digest, uri, size).
        std::string path;
        appendKeySegment(path, d.key);
        diffJson(va, vb, path, s, includeSame, out);
    }
    for (const DataRef& d : b) {
        if (inA.count(d.key)) continue;
        Value vb = dataValue(d);
        add(out, s, d.key, Change::Added, nullptr, &vb);
    }
}

// Number text as written in a string ("0.1", "1e-05", "-3"): sign, digits, fraction, exponent, nothing else.
bool numericText(const std::string& s, bool& integer) {
    size_t i = 0, n = s.size();
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    size_t whole = 0, frac = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i, ++whole;
    integer = true;
    if (i < n && s[i] == '.') {
        integer = false;
        ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9') ++i, ++frac;
    }
    if (whole + frac == 0) return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        integer = false;
        ++i;
        if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
        size_t exp = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') ++i, ++exp;
        if (!exp) return false;
    }
    return i == n;
}

// An integer's digits without sign and leading zeros, and its sign ("-0" is 0).
std::string integerKey(const std::string& s) {
    size_t i = s[0] == '+' || s[0] == '-' ? 1 : 0;
    while (i + 1 < s.size() && s[i] == '0') ++i;
    std::string digits = s.substr(i);
    return s[0] == '-' && digits != "0" ? "-" + digits : digits;
}

void fieldEntry(std::vector<DiffEntry>& out, const std::string& name, Value a, Value b, bool includeSame) {
    Change c = a == b ? Change::Same : a.isNull() ? Change::Added : b.isNull() ? Change::Removed : Change::Changed;
    if (c == Change::Same && !includeSame) return;
    add(out, Section::Field, name, c, &a, &b);
}

}  // namespace

Trend trendOf(Goal goal, double before, double after) {
    if (goal == Goal::None) return Trend::None;
    if (after == before) return Trend::Equal;
    bool up = after > before;
    return (goal == Goal::Max) == up ? Trend::Better : Trend::Worse;
}

bool sameValue(const Value& a, const Value& b) {
    if (a == b) return true;
    if (!a.isString() || !b.isString()) return false;
    bool ia, ib;
    if (!numericText(a.text, ia) || !numericText(b.text, ib)) return false;
    if (ia && ib) return integerKey(a.text) == integerKey(b.text);
    return std::strtod(a.text.c_str(), nullptr) == std::strtod(b.text.c_str(), nullptr);
}

namespace {

// Whether a pair of values needs no row and no look inside when only differences are shown: two leaves that
// are the same, or two arrays that are equal JSON (every element then the same). Checked before the pair's
// path is written: most params of two versions are unchanged, and writing each one's path cost more than the
// comparisons. Objects are always walked (two large ones would be compared twice).
bool unchanged(const Value& a, const Value& b) {
    if (a.kind == Kind::Object || b.kind == Kind::Object) return false;
    if (a.kind == Kind::Array || b.kind == Kind::Array) return a == b;
    return sameValue(a, b);
}

}  // namespace

void diffJson(const Value& a, const Value& b, std::string& path, Section section, bool includeSame,
              std::vector<DiffEntry>& out) {
    if (a.kind == Kind::Object && b.kind == Kind::Object) {
        size_t base = path.size();
        // Versions of one model nearly always list the same keys in the same order: pair members in
        // lockstep while the keys agree, and look keys up only in what follows the first disagreement.
        // (Keys are unique in an object, so a key of one tail cannot be in the other's matched head.)
        size_t na = a.members.size(), nb = b.members.size(), head = 0;
        for (; head < na && head < nb && a.members[head].key == b.members[head].key; ++head) {
            if (!includeSame && unchanged(a.members[head].value, b.members[head].value)) continue;
            appendKeySegment(path, a.members[head].key);
            diffJson(a.members[head].value, b.members[head].value, path, section, includeSame, out);
            path.resize(base);
        }
        if (head == na && head == nb) return;
        // Small tails: linear lookups beat hashing; large ones (10,000-key params) get an index each.
        bool big = na - head > 24 || nb - head > 24;
        std::unordered_map<std::string_view, const Value*> ia, ib;
        if (big) {
            ia.reserve(na - head);
            ib.reserve(nb - head);
            for (size_t i = head; i < na; ++i) ia.emplace(a.members[i].key, &a.members[i].value);
            for (size_t i = head; i < nb; ++i) ib.emplace(b.members[i].key, &b.members[i].value);
        }
        auto lookup = [&](const Value& obj, const std::unordered_map<std::string_view, const Value*>& idx,
                          const std::string& key) -> const Value* {
            if (big) {
                auto it = idx.find(key);
                return it == idx.end() ? nullptr : it->second;
            }
            for (size_t i = head; i < obj.members.size(); ++i)
                if (obj.members[i].key == key) return &obj.members[i].value;
            return nullptr;
        };
        for (size_t i = head; i < na; ++i) {
            const Member& m = a.members[i];
            const Value* vb = lookup(b, ib, m.key);
            if (vb && !includeSame && unchanged(m.value, *vb)) continue;
            appendKeySegment(path, m.key);
            if (vb) diffJson(m.value, *vb, path, section, includeSame, out);
            else add(out, section, path, Change::Removed, &m.value, nullptr);
            path.resize(base);
        }
        for (size_t i = head; i < nb; ++i) {
            const Member& m = b.members[i];
            if (lookup(a, ia, m.key)) continue;
            appendKeySegment(path, m.key);
            add(out, section, path, Change::Added, nullptr, &m.value);
            path.resize(base);
        }
        return;
    }
    if (a.kind == Kind::Array && b.kind == Kind::Array) {
        size_t base = path.size();
        size_t n = std::max(a.items.size(), b.items.size());
        for (size_t i = 0; i < n; ++i) {
            if (!includeSame && i < a.items.size() && i < b.items.size() && unchanged(a.items[i], b.items[i])) continue;
            appendIndexSegment(path, i);
            if (i >= b.items.size()) add(out, section, path, Change::Removed, &a.items[i], nullptr);
            else if (i >= a.items.size()) add(out, section, path, Change::Added, nullptr, &b.items[i]);
            else diffJson(a.items[i], b.items[i], path, section, includeSame, out);
            path.resize(base);
        }
        return;
    }
    if (sameValue(a, b)) {
        if (includeSame) add(out, section, path, Change::Same, &a, &b);
        return;
    }
    add(out, section, path, Change::Changed, &a, &b);
}

VersionDiff diffVersions(const Manifest& a, const Manifest& b, const DiffOptions& opt) {
    VersionDiff d;
    d.left = a.id();
    d.right = b.id();
    bool all = opt.includeSame;
    auto& out = d.entries;

    fieldEntry(out, "model", stringOrNull(a.model), stringOrNull(b.model), all);
    fieldEntry(out, "description", stringOrNull(a.description), stringOrNull(b.description), all);
    fieldEntry(out, "author", stringOrNull(a.author), stringOrNull(b.author), all);
    fieldEntry(out, "created_on", stringOrNull(a.createdOn), stringOrNull(b.createdOn), all);
    fieldEntry(out, "parent", parentValue(a), parentValue(b), all);
    fieldEntry(out, "aliases", aliasesValue(a.aliases), aliasesValue(b.aliases), all);

    // Tags by key.
    {
        std::unordered_map<std::string, const std::string*> tb;
        for (const auto& t : b.tags) tb[t.first] = &t.second;
        std::unordered_map<std::string, bool> ta;
        for (const auto& t : a.tags) {
            ta[t.first] = true;
            auto it = tb.find(t.first);
            Value va = Value::makeString(t.second);
            Value vb = it == tb.end() ? Value() : Value::makeString(*it->second);
            std::string path = "tags";
            appendKeySegment(path, t.first);
            if (it == tb.end()) add(out, Section::Field, path, Change::Removed, &va, nullptr);
            else if (va != vb) add(out, Section::Field, path, Change::Changed, &va, &vb);
            else if (all) add(out, Section::Field, path, Change::Same, &va, &vb);
        }
        for (const auto& t : b.tags) {
            if (ta.count(t.first)) continue;
            std::string path = "tags";
            appendKeySegment(path, t.first);
            Value vb = Value::makeString(t.second);
            add(out, Section::Field, path, Change::Added, nullptr, &vb);
        }
    }

    // Params path by path.
    {
        static const Value emptyObject = Value::makeObject();
        const Value* pa = a.params();
        const Value* pb = b.params();
        std::string path;
        diffJson(pa && pa->isObject() ? *pa : emptyObject, pb && pb->isObject() ? *pb : emptyObject, path,
                 Section::Param, all, out);
    }

    // Metrics with deltas and trend by goal.
    {
        std::unordered_map<std::string, const Metric*> mb;
        for (const Metric& m : b.metrics) mb[m.name] = &m;
        std::unordered_map<std::string, bool> ma;
        for (const Metric& m : a.metrics) {
            ma[m.name] = true;
            auto it = mb.find(m.name);
            Value va = numberValue(m);
            if (it == mb.end()) {
                add(out, Section::Metric, m.name, Change::Removed, &va, nullptr);
                out.back().goal = m.goal;
                continue;
            }
            const Metric& n = *it->second;
            Value vb = numberValue(n);
            bool same = m.value == n.value;
            if (same && !all) continue;
            add(out, Section::Metric, m.name, same ? Change::Same : Change::Changed, &va, &vb);
            DiffEntry& e = out.back();
            e.numeric = true;
            e.goal = n.goal != Goal::None ? n.goal : m.goal;
            e.absDelta = n.value - m.value;
            e.relDelta = m.value != 0 ? e.absDelta / std::fabs(m.value) : std::numeric_limits<double>::quiet_NaN();
            e.trend = trendOf(e.goal, m.value, n.value);
        }
        for (const Metric& n : b.metrics) {
            if (ma.count(n.name)) continue;
            Value vb = numberValue(n);
            add(out, Section::Metric, n.name, Change::Added, nullptr, &vb);
            out.back().goal = n.goal;
        }
    }

    diffData(a.datasets, b.datasets, Section::Dataset, all, out);
    diffData(a.artifacts, b.artifacts, Section::Artifact, all, out);

    // Fields mvr does not interpret, compared like params.
    {
        std::string path;
        for (const Member& m : a.doc.members) {
            if (isKnownField(m.key)) continue;
            const Value* vb = b.doc.find(m.key);
            path.clear();
            appendKeySegment(path, m.key);
            if (!vb) add(out, Section::Extra, path, Change::Removed, &m.value, nullptr);
            else diffJson(m.value, *vb, path, Section::Extra, all, out);
        }
        for (const Member& m : b.doc.members) {
            if (isKnownField(m.key) || a.doc.find(m.key)) continue;
            path.clear();
            appendKeySegment(path, m.key);
            add(out, Section::Extra, path, Change::Added, nullptr, &m.value);
        }
    }
    return d;
}

size_t CompareMatrix::differingRows() const {
    size_t n = 0;
    for (const MatrixRow& r : rows) n += r.differs;
    return n;
}

CompareMatrix compareVersions(const std::vector<const Manifest*>& versions, size_t baseline, bool onlyDifferent) {
    CompareBuild build(versions, baseline, onlyDifferent);
    while (!build.step(SIZE_MAX)) {
    }
    return build.take();
}

}  // namespace mvr::core
