// Manifests checked field by field (validateManifest: every problem with its path and place), alias names and
// RFC 3339 date-times; what identifies a manifest (canonical form, digests, label order) is manifest_identity.cpp.
#include "core/manifest.hpp"

#include <cmath>
#include <ctime>
#include <set>

#include "core/text.hpp"

namespace mvr::core {

const char* goalName(Goal g) {
    switch (g) {
    case Goal::Max: return "max";
    case Goal::Min: return "min";
    default: return "";
    }
}

std::string DataRef::digestText() const {
    if (digests.empty()) return "";
    return digests.front().algorithm + ":" + digests.front().value;
}

const Metric* Manifest::metric(const std::string& name) const {
    for (const Metric& m : metrics)
        if (m.name == name) return &m;
    return nullptr;
}

bool isKnownField(std::string_view key) {
    static const char* const kKnown[] = {"model",  "version", "description", "created_on", "author", "params",
                                         "metrics", "datasets", "artifacts",  "parent",     "aliases", "tags"};
    for (const char* k : kKnown)
        if (key == k) return true;
    return false;
}

namespace {

bool digits(const std::string& s, size_t at, size_t n, int& out) {
    if (at + n > s.size()) return false;
    out = 0;
    for (size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}


size_t hexLengthFor(const std::string& algorithm) {
    if (algorithm == "md5") return 32;
    if (algorithm == "sha1") return 40;
    if (algorithm == "sha224") return 56;
    if (algorithm == "sha256") return 64;
    if (algorithm == "sha384") return 96;
    if (algorithm == "sha512") return 128;
    return 0;  // unknown algorithm: any non-empty text
}


// Where a value sits in its manifest ("metrics.auc.value", "datasets[2].digest"): a chain of segments on the
// stack, made into text only when a problem is reported (most manifests have none, and building every
// path as a string cost more than the checks themselves).
class RelPath {
public:
    // A top-level field, or a few written out ("parent.model"); "" is the manifest itself.
    RelPath(const char* text) : m_text(text) {}  // NOLINT: implicit, so that checks read c.error(v, "model", ...)
    RelPath(const RelPath& parent, std::string_view key) : m_parent(&parent), m_text(key) {}
    RelPath(const RelPath& parent, size_t index) : m_parent(&parent), m_index(index), m_isIndex(true) {}

    void appendTo(std::string& out) const {
        if (!m_parent) {
            out.append(m_text);
            return;
        }
        m_parent->appendTo(out);
        if (m_isIndex) appendIndexSegment(out, m_index);
        else appendKeySegment(out, m_text);
    }

private:
    const RelPath* m_parent = nullptr;
    std::string_view m_text;
    size_t m_index = 0;
    bool m_isIndex = false;
};

// The path of a member or an element below base. The result refers to base: a path kept in a variable
// needs its base in a variable too (a temporary base lasts only to the end of its statement).
RelPath child(const RelPath& base, std::string_view key) { return RelPath(base, key); }
RelPath index(const RelPath& base, size_t i) { return RelPath(base, i); }

// Collects problems of one manifest under its path prefix.
struct Checker {
    const std::string& file;
    const std::string& prefix;
    Diagnostics& diags;
    bool ok = true;

    std::string at(const RelPath& rel) const {
        std::string path;
        rel.appendTo(path);
        if (prefix.empty()) return path;
        if (path.empty()) return prefix;
        return path[0] == '[' ? prefix + path : prefix + "." + path;
    }
    void error(const Value& v, const RelPath& rel, const std::string& code, const std::string& msg) {
        ok = false;
        diags.add(Diagnostic{file, at(rel), v.pos.line, v.pos.col, code, msg});
    }
    void typeError(const Value& v, const RelPath& rel, const std::string& expected) {
        error(v, rel, "type", "expected " + expected + ", got " + describe(v));
    }
    bool expectString(const Value& v, const RelPath& rel, std::string& out, bool optionalNull = true) {
        if (v.isNull() && optionalNull) return true;
        if (!v.isString()) {
            typeError(v, rel, "a string");
            return false;
        }
        out = v.text;
        return true;
    }
};

void checkLabel(Checker& c, const Value& v, const RelPath& rel, std::string& label, bool& isInt) {
    if (v.isNumber()) {
        if (!v.isIntegerLexeme() || v.text[0] == '-') {
            c.error(v, rel, "type",
                    "expected a non-negative integer or a string label, got " + describe(v) +
                        " (write \"" + v.text + "\" to use it as a label)");
            return;
        }
        label = v.text;
        isInt = true;
        return;
    }
    if (!v.isString()) {
        c.typeError(v, rel, "a version label (an integer or a string such as \"1.4.0\")");
        return;
    }
    if (v.text.empty() || v.text.size() > 128 || hasControlOrEdgeSpace(v.text) || v.text.find('@') != std::string::npos) {
        c.error(v, rel, "label",
                "invalid version label " + describe(v) +
                    ": it must be 1 to 128 characters, without control or invisible formatting characters (such as bidirectional overrides), '@' or spaces at either end");
        return;
    }
    label = v.text;
    isInt = false;
}

void checkMetric(Checker& c, const std::string& name, const Value& v, const RelPath& rel, Manifest& out) {
    Metric m;
    m.name = name;
    if (name.empty()) c.error(v, rel, "metric", "metric names must not be empty");
    if (v.isNumber()) {
        m.value = v.number;
        m.lexeme = v.text;
    } else if (v.isObject()) {
        const Value* value = v.find("value");
        if (!value) {
            c.error(v, rel, "required", "a metric object needs \"value\" (a number)");
        } else if (!value->isNumber()) {
            c.typeError(*value, child(rel, "value"), "a number");
        } else {
            m.value = value->number;
            m.lexeme = value->text;
        }
        if (const Value* goal = v.find("goal")) {
            if (goal->isString() && goal->text == "max") m.goal = Goal::Max;
            else if (goal->isString() && goal->text == "min") m.goal = Goal::Min;
            else if (!goal->isNull())
                c.error(*goal, child(rel, "goal"), "goal", "expected \"max\" or \"min\", got " + describe(*goal));
        }
        if (const Value* steps = v.find("steps")) {
            if (!steps->isArray()) {
                c.typeError(*steps, child(rel, "steps"), "an array of steps");
            } else {
                m.steps = steps->items.size();
                RelPath stepsPath = child(rel, "steps");
                for (size_t i = 0; i < steps->items.size(); ++i) {
                    const Value& s = steps->items[i];
                    RelPath sp = index(stepsPath, i);
                    if (s.isNumber()) continue;
                    if (!s.isObject()) {
                        c.typeError(s, sp, "a number or an object with \"step\" and \"value\"");
                        continue;
                    }
                    const Value* sv = s.find("value");
                    if (!sv || !sv->isNumber())
                        c.error(sv ? *sv : s, sv ? child(sp, "value") : sp, sv ? "type" : "required",
                                sv ? "expected a number, got " + describe(*sv) : "a step needs \"value\" (a number)");
                    if (const Value* st = s.find("step"); st && !(st->isNumber() && st->isIntegerLexeme()))
                        c.typeError(*st, child(sp, "step"), "an integer step number");
                    if (const Value* ts = s.find("timestamp"); ts && !ts->isNull() && !ts->isNumber() &&
                                                               !(ts->isString() && isRfc3339(ts->text)))
                        c.typeError(*ts, child(sp, "timestamp"), "an RFC 3339 date-time or a number");
                }
            }
        }
    } else {
        c.typeError(v, rel, "a number or an object with \"value\" and \"goal\"");
        return;
    }
    out.metrics.push_back(std::move(m));
}

void checkDigest(Checker& c, const Value& v, const RelPath& rel, DataRef& d) {
    if (v.isNull()) return;
    if (v.isString()) {
        size_t colon = v.text.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == v.text.size()) {
            c.error(v, rel, "digest", "expected \"algorithm:value\" (e.g. \"sha256:9f86...\"), got " + describe(v));
            return;
        }
        Digest dg{v.text.substr(0, colon), v.text.substr(colon + 1)};
        size_t want = hexLengthFor(dg.algorithm);
        if (want && (dg.value.size() != want || !isHexText(dg.value)))
            c.error(v, rel, "digest",
                    "a " + dg.algorithm + " digest is " + std::to_string(want) + " hex digits, got " + describe(v));
        d.digests.push_back(std::move(dg));
        return;
    }
    if (!v.isObject()) {
        c.typeError(v, rel, "an object such as {\"sha256\": \"<hex>\"}");
        return;
    }
    if (v.members.empty()) {
        c.error(v, rel, "digest", "the digest object is empty; give at least one, e.g. {\"sha256\": \"<hex>\"}");
        return;
    }
    for (const Member& m : v.members) {
        RelPath p = child(rel, m.key);
        if (!m.value.isString() || m.value.text.empty()) {
            c.typeError(m.value, p, "a non-empty string");
            continue;
        }
        size_t want = hexLengthFor(m.key);
        if (want && (m.value.text.size() != want || !isHexText(m.value.text))) {
            c.error(m.value, p, "digest",
                    "a " + m.key + " digest is " + std::to_string(want) + " hex digits, got " + describe(m.value));
            continue;
        }
        d.digests.push_back(Digest{m.key, m.value.text});
    }
}

void checkDataList(Checker& c, const Value& v, const RelPath& rel, std::vector<DataRef>& out, const char* what) {
    if (v.isNull()) return;
    if (!v.isArray()) {
        c.typeError(v, rel, std::string("an array of ") + what);
        return;
    }
    std::set<std::string> keys;
    for (size_t i = 0; i < v.items.size(); ++i) {
        const Value& e = v.items[i];
        RelPath p = index(rel, i);
        if (!e.isObject()) {
            c.typeError(e, p, "an object with \"name\" or \"path\"");
            continue;
        }
        DataRef d;
        if (const Value* n = e.find("name")) c.expectString(*n, child(p, "name"), d.name);
        if (const Value* n = e.find("path")) c.expectString(*n, child(p, "path"), d.path);
        if (const Value* n = e.find("uri")) c.expectString(*n, child(p, "uri"), d.uri);
        if (const Value* dg = e.find("digest")) checkDigest(c, *dg, child(p, "digest"), d);
        if (const Value* s = e.find("size"); s && !s->isNull()) {
            int64_t size = 0;
            if (!s->isNumber() || !s->isIntegerLexeme() || s->text[0] == '-')
                c.typeError(*s, child(p, "size"), "a size in bytes (a non-negative integer)");
            else if (!s->toInt64(size))
                c.error(*s, child(p, "size"), "range",
                        "size " + s->text + " is out of range (at most 9223372036854775807 bytes)");
            else {
                d.hasSize = true;
                d.size = size;
            }
        }
        d.key = !d.name.empty() ? d.name : d.path;
        if (d.key.empty()) {
            c.error(e, p, "required", std::string("each of the ") + what + " needs a \"name\" or a \"path\"");
            continue;
        }
        if (!keys.insert(d.key).second) {
            c.error(e, p, "duplicate", std::string("two ") + what + " are both called \"" + d.key + "\"");
            continue;
        }
        out.push_back(std::move(d));
    }
}

}  // namespace

bool isValidAliasName(const std::string& name) {
    if (name.empty() || name.size() > 128 || name == "latest") return false;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                  c == '.' || c == '/';
        if (!ok) return false;
    }
    return true;
}

bool isRfc3339(const std::string& s) {
    int y, mo, d, h, mi, sec;
    if (s.size() < 20) return false;
    if (!digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d)) return false;
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return false;
    if (!digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec))
        return false;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int maxd = mdays[mo - 1] + (mo == 2 && leap ? 1 : 0);
    if (d < 1 || d > maxd || h > 23 || mi > 59 || sec > 60) return false;
    size_t i = 19;
    if (i < s.size() && s[i] == '.') {
        ++i;
        size_t st = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == st) return false;
    }
    if (i >= s.size()) return false;
    if (s[i] == 'Z' || s[i] == 'z') return i + 1 == s.size();
    if (s[i] != '+' && s[i] != '-') return false;
    int oh, om;
    if (!digits(s, i + 1, 2, oh) || i + 3 >= s.size() || s[i + 3] != ':' || !digits(s, i + 4, 2, om)) return false;
    return oh <= 23 && om <= 59 && i + 6 == s.size();
}

std::string nowRfc3339() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
#if defined(_WIN32)
    gmtime_s(&tm, &t);
#else
    gmtime_r(&t, &tm);
#endif
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

bool validateManifest(Value doc, const std::string& file, const std::string& pathPrefix, Diagnostics& diags,
                      Manifest& out, bool identity) {
    Checker c{file, pathPrefix, diags};
    out = Manifest();
    if (!doc.isObject()) {
        c.typeError(doc, "", "a manifest (a JSON object with \"model\" and \"version\")");
        out.doc = std::move(doc);
        return false;
    }
    const Value* model = doc.find("model");
    if (!model) {
        c.error(doc, "", "required", "missing required field \"model\"");
    } else if (!model->isString()) {
        c.typeError(*model, "model", "a string (the model name)");
    } else if (model->text.size() > 256 || hasControlOrEdgeSpace(model->text) || model->text.find('@') != std::string::npos) {
        c.error(*model, "model", "name",
                "invalid model name " + describe(*model) +
                    ": it must be 1 to 256 characters, without control or invisible formatting characters (such as bidirectional overrides), '@' or spaces at either end");
    } else {
        out.model = model->text;
    }
    const Value* version = doc.find("version");
    if (!version) c.error(doc, "", "required", "missing required field \"version\"");
    else checkLabel(c, *version, "version", out.label, out.labelIsInteger);

    if (const Value* v = doc.find("description")) c.expectString(*v, "description", out.description);
    if (const Value* v = doc.find("author")) c.expectString(*v, "author", out.author);
    if (const Value* v = doc.find("created_on"); v && !v->isNull()) {
        if (!v->isString()) c.typeError(*v, "created_on", "an RFC 3339 date-time string");
        else if (!isRfc3339(v->text))
            c.error(*v, "created_on", "date",
                    "invalid date-time " + describe(*v) + ": expected RFC 3339, e.g. \"2024-05-01T12:30:00Z\"");
        else out.createdOn = v->text;
    }
    if (const Value* v = doc.find("params"); v && !v->isNull() && !v->isObject())
        c.typeError(*v, "params", "an object (params may nest to any depth)");
    if (const Value* v = doc.find("metrics"); v && !v->isNull()) {
        if (!v->isObject()) c.typeError(*v, "metrics", "an object of metric name to number");
        else
            for (const Member& m : v->members) checkMetric(c, m.key, m.value, child("metrics", m.key), out);
    }
    if (const Value* v = doc.find("datasets")) checkDataList(c, *v, "datasets", out.datasets, "datasets");
    if (const Value* v = doc.find("artifacts")) checkDataList(c, *v, "artifacts", out.artifacts, "artifacts");
    if (const Value* v = doc.find("parent"); v && !v->isNull()) {
        if (v->isObject()) {
            const Value* pm = v->find("model");
            const Value* pv = v->find("version");
            if (!pm || !pm->isString() || pm->text.empty())
                c.error(pm ? *pm : *v, pm ? "parent.model" : "parent", pm ? "type" : "required",
                        pm ? "expected a model name, got " + describe(*pm) : "a parent object needs \"model\" and \"version\"");
            else out.parent.model = pm->text;
            if (!pv) c.error(*v, "parent", "required", "a parent object needs \"model\" and \"version\"");
            else {
                bool isInt;
                checkLabel(c, *pv, "parent.version", out.parent.label, isInt);
            }
        } else {
            bool isInt;
            checkLabel(c, *v, "parent", out.parent.label, isInt);
            out.parent.model = out.model;
        }
        out.hasParent = !out.parent.label.empty();
        if (out.hasParent && out.parent.model == out.model && out.parent.label == out.label && !out.label.empty())
            c.error(*v, "parent", "lineage", "a version cannot be its own parent");
    }
    if (const Value* v = doc.find("aliases"); v && !v->isNull()) {
        if (!v->isArray()) {
            c.typeError(*v, "aliases", "an array of alias names");
        } else {
            std::set<std::string> seen;
            RelPath aliasesPath("aliases");
            for (size_t i = 0; i < v->items.size(); ++i) {
                const Value& a = v->items[i];
                RelPath p = index(aliasesPath, i);
                if (!a.isString()) c.typeError(a, p, "an alias name (a string)");
                else if (!isValidAliasName(a.text))
                    c.error(a, p, "alias",
                            "invalid alias " + describe(a) +
                                ": use 1 to 128 ASCII letters, digits, '-', '_', '.' or '/' (and not \"latest\")");
                else if (!seen.insert(a.text).second) c.error(a, p, "duplicate", "alias \"" + a.text + "\" is listed twice");
                else out.aliases.push_back(a.text);
            }
        }
    }
    if (const Value* v = doc.find("tags"); v && !v->isNull()) {
        if (v->isObject()) {
            for (const Member& m : v->members) {
                const Value& t = m.value;
                if (t.isString()) out.tags.emplace_back(m.key, t.text);
                else if (t.isNumber()) out.tags.emplace_back(m.key, t.text);
                else if (t.isBool()) out.tags.emplace_back(m.key, t.boolean ? "true" : "false");
                else if (t.isNull()) out.tags.emplace_back(m.key, "");
                else c.typeError(t, child("tags", m.key), "a string, number, boolean or null tag value");
            }
        } else if (v->isArray()) {
            for (size_t i = 0; i < v->items.size(); ++i) {
                const Value& t = v->items[i];
                if (!t.isString() || t.text.empty()) c.typeError(t, index("tags", i), "a tag (a non-empty string)");
                else out.tags.emplace_back(t.text, "");
            }
        } else {
            c.typeError(*v, "tags", "an object of tag to value, or an array of tags");
        }
    }
    if (identity) {
        canonicalForm(doc, out.canonical, out.digestCutFrom, out.digestCutTo, &out.aliasesJson);
        digestWithout(out.canonical, out.digestCutFrom, out.digestCutTo, out.digest);
    }
    out.hasAliasesField = doc.find("aliases") != nullptr;
    out.sourcePath = pathPrefix;
    out.sourcePos = doc.pos;
    out.doc = std::move(doc);
    return c.ok;
}

}  // namespace mvr::core
