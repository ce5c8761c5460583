// Making a new version by hand: the texts a person gave, checked and located, then stored as any manifest.
#include "ops/create.hpp"

#include <algorithm>

#include "core/json_reader.hpp"
#include "core/manifest.hpp"
#include "core/text.hpp"

namespace mvr::ops {

namespace {

bool allDigits(const std::string& s) {
    return !s.empty() && s.size() < 19 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
           (s.size() == 1 || s[0] != '0');
}

// A label as the manifest holds it: a number when it is a plain integer (as `mvr create` numbers them), else text.
core::Value labelValue(const std::string& label) {
    return allDigits(label) ? core::Value::makeNumberLexeme(label) : core::Value::makeString(label);
}

void problem(Draft& d, const std::string& where, const std::string& path, const std::string& code, const std::string& message) {
    core::Diagnostic x;
    x.file = where;
    x.path = path;
    x.code = code;
    x.message = message;
    d.problems.add(std::move(x));
}

std::string trimmed(const std::string& s) {
    size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

}  // namespace

Draft draftVersion(storage::Registry& r, const NewVersion& v, const std::string& where) {
    Draft d;
    d.doc = core::Value::makeObject();
    std::string model = trimmed(v.model);
    if (model.empty()) problem(d, where, "model", "missing", "a new version needs a model");
    d.doc.set("model", core::Value::makeString(model));

    // The label: the next number, or one that names nothing in the model yet.
    std::string label = trimmed(v.label);
    if (label.empty() && !model.empty()) label = r.nextIntegerLabel(model);
    d.label = label;
    if (!model.empty() && !label.empty()) {
        std::string held = r.resolveLabel(model, label);
        if (held == label)
            problem(d, where, "version", "exists",
                    model + "@" + label + " exists already; a version's label is never reused (leave it empty for " +
                        r.nextIntegerLabel(model) + ")");
        else if (!held.empty() && label != "latest")
            problem(d, where, "version", "alias", storage::labelIsAliasMessage(model, label, held));
        else if (label == "latest")
            problem(d, where, "version", "reserved", "\"latest\" names a model's newest version; it cannot be a label");
        else if (std::string at = r.deletedAt(model, label); !at.empty())
            problem(d, where, "version", "deleted",
                    model + "@" + label + " was deleted (" + at + "); a label is not given to another version (leave it empty for " +
                        r.nextIntegerLabel(model) + ")");
    }
    d.doc.set("version", labelValue(label));
    if (!v.description.empty()) d.doc.set("description", core::Value::makeString(v.description));
    d.doc.set("created_on", core::Value::makeString(v.createdOn.empty() ? core::nowRfc3339() : v.createdOn));
    if (!trimmed(v.author).empty()) d.doc.set("author", core::Value::makeString(trimmed(v.author)));

    // The parent must be a version that exists: a label or alias of this model, or MODEL@LABEL.
    std::string parent = trimmed(v.parent);
    if (!parent.empty()) {
        std::string pm = model, pl = parent;
        if (size_t at = parent.rfind('@'); at != std::string::npos) pm = parent.substr(0, at), pl = parent.substr(at + 1);
        std::string label2 = pm.empty() || pl.empty() ? "" : r.resolveLabel(pm, pl);
        if (label2.empty()) {
            problem(d, where, "parent", "unknown",
                    (r.hasModel(pm) ? "no version " + pm + "@" + pl : "no model \"" + pm + "\"") +
                        ": a parent must be a version in the registry");
        } else if (pm == model && label2 == label) {
            problem(d, where, "parent", "self", "a version cannot be its own parent");
        } else {
            d.parent = pm == model ? label2 : pm + "@" + label2;
            if (pm == model) {
                d.doc.set("parent", labelValue(label2));
            } else {
                // Another model's version: {"model", "version"} (docs/manifest.md, parent).
                core::Value p = core::Value::makeObject();
                p.set("model", core::Value::makeString(pm));
                p.set("version", labelValue(label2));
                d.doc.set("parent", std::move(p));
            }
        }
    }

    if (!trimmed(v.params).empty()) {
        core::Diagnostics pd;
        core::Value p;
        if (!core::parseJson(v.params, p, pd, v.paramsName)) {
            for (core::Diagnostic x : pd.items()) {
                x.path = x.path.empty() ? "params" : x.path[0] == '[' ? "params" + x.path : "params." + x.path;
                d.problems.add(std::move(x));
            }
        } else if (!p.isObject()) {
            problem(d, v.paramsName, "params", "type", "params must be a JSON object ({\"name\": value, ...})");
        } else {
            d.doc.set("params", std::move(p));
        }
    }

    if (!v.metrics.empty()) {
        core::Value metrics = core::Value::makeObject();
        std::vector<std::string> seen;
        for (size_t i = 0; i < v.metrics.size(); ++i) {
            const NewMetric& m = v.metrics[i];
            std::string name = trimmed(m.name), path = "metrics." + (name.empty() ? "[" + std::to_string(i) + "]" : name);
            if (name.empty()) {
                problem(d, where, path, "missing", "a metric needs a name");
                continue;
            }
            if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
                problem(d, where, path, "duplicate-key", "metric " + name + " is given twice");
                continue;
            }
            seen.push_back(name);
            core::Diagnostics nd;
            core::Value num;
            if (!core::parseJson(trimmed(m.value), num, nd) || !num.isNumber()) {
                problem(d, where, path, "type", "\"" + m.value + "\" is not a number");
                continue;
            }
            if (!m.goal.empty() && m.goal != "max" && m.goal != "min") {
                problem(d, where, path + ".goal", "value", "a goal is max or min, not \"" + m.goal + "\"");
                continue;
            }
            if (m.goal.empty()) {
                metrics.set(name, std::move(num));
            } else {
                core::Value o = core::Value::makeObject();
                o.set("value", std::move(num));
                o.set("goal", core::Value::makeString(m.goal));
                metrics.set(name, std::move(o));
            }
        }
        d.doc.set("metrics", std::move(metrics));
    }

    if (!v.tags.empty()) {
        core::Value tags = core::Value::makeObject();
        for (const auto& [key, value] : v.tags) {
            if (trimmed(key).empty()) {
                problem(d, where, "tags", "missing", "a tag needs a name (NAME=VALUE)");
                continue;
            }
            if (tags.find(trimmed(key))) {
                problem(d, where, "tags." + trimmed(key), "duplicate-key", "tag " + trimmed(key) + " is given twice");
                continue;
            }
            tags.set(trimmed(key), core::Value::makeString(value));
        }
        d.doc.set("tags", std::move(tags));
    }
    if (!v.aliases.empty()) {
        core::Value al = core::Value::makeArray();
        for (const std::string& x : v.aliases) al.push(core::Value::makeString(x));
        d.doc.set("aliases", std::move(al));
    }

    // The manifest's own rules (names, alias syntax, ...) where the checks above left the fields well formed.
    if (d.ok()) core::validateManifest(d.doc, where, "", d.problems, d.manifest);
    return d;
}

bool createVersion(storage::Registry& r, const NewVersion& v, const std::string& recordedBy, Draft& out,
                   const std::string& where) {
    out = draftVersion(r, v, where);
    if (!out.ok()) return false;
    std::vector<core::Manifest> list;
    list.push_back(out.manifest);
    storage::ImportOptions so;
    so.author = recordedBy;
    so.source = "create";
    auto session = r.beginImport(so);
    storage::FileReport rep = session->addManifests(where, list);
    if (!rep.ok()) {
        for (const core::Diagnostic& x : rep.problems) out.problems.add(x);
        session->rollback();
        return false;
    }
    if (!session->commit()) {
        problem(out, where, "", "storage", "the new version could not be stored");
        return false;
    }
    return true;
}

NewVersion fromVersion(const core::Manifest& m) {
    NewVersion v;
    v.model = m.model;
    v.description = m.description;
    if (const core::Value* p = m.params()) v.params = core::toPretty(*p);
    for (const core::Metric& x : m.metrics)
        v.metrics.push_back(NewMetric{x.name, x.lexeme, x.goal == core::Goal::None ? "" : core::goalName(x.goal)});
    v.tags = m.tags;
    v.parent = m.label;
    v.author = m.author;
    return v;
}

}  // namespace mvr::ops
