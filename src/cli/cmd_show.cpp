// mvr show: one version (by label, alias or "latest"): its fields, params, metrics, datasets and artifacts, or
// its manifest as exported (--json).
#include <functional>
#include <ostream>

#include "cli/context.hpp"
#include "core/diff_format.hpp"
#include "core/json_reader.hpp"
#include "core/registry_format.hpp"

namespace mvr::cli {

int cmdShow(Ctx& c, const Args& a) {
    if (a.positional.size() != 1) return c.usage("show needs one MODEL@VERSION");
    storage::Registry r(c.db);
    core::Manifest m;
    int code = kOk;
    std::string ref = a.positional[0];
    if (a.values.count("--at")) {
        // MODEL@ALIAS --at TIME: the version the alias pointed at then, from the alias history.
        std::string model, alias, at = a.value("--at");
        if (!splitRef(ref, model, alias)) return c.usage("show --at needs MODEL@ALIAS, got \"" + ref + "\"");
        if (!(at.size() == 10 && core::isRfc3339(at + "T00:00:00Z")) && !core::isRfc3339(at))
            return c.usage("--at takes a date (2024-03-01, meaning the end of that day) or an RFC 3339 time, got " + at);
        if (!r.hasModel(model)) return c.fail("no model \"" + model + "\" in " + c.db);
        std::string label = r.aliasAt(model, alias, at);
        if (label.empty()) return c.fail("no version of " + model + " held \"" + alias + "\" at " + at);
        if (!c.json) c.env.out << model << "@" << alias << " at " << at << " was " << model << "@" << label << "\n\n";
        ref = model + "@" + label;
        if (!r.load(model, label, m)) return c.fail(model + "@" + label + " held " + alias + " then but is no longer in the registry");
    } else if (!loadRef(c, r, ref, "", m, code)) {
        return code;
    }
    if (c.json) {
        c.env.out << core::toPretty([&] {
            core::Diagnostics d;
            core::Value v;
            core::parseJson(core::exportedManifest(m.doc, m.aliases), v, d);
            if (m.deprecated || m.curated) {
                // The document is as it arrived (its digest covers it); what curation changed since, beside it.
                core::Value cur = core::Value::makeObject();
                cur.set("deprecated", core::Value::makeBool(m.deprecated));
                cur.set("description", m.description.empty() ? core::Value() : core::Value::makeString(m.description));
                core::Value tags = core::Value::makeObject();
                for (const auto& t : m.tags) tags.set(t.first, core::Value::makeString(t.second));
                cur.set("tags", std::move(tags));
                core::Value log = core::Value::makeArray();
                for (const storage::CurationChange& x : r.curationLog(m.model, m.label)) log.push(curationToJson(x));
                cur.set("log", std::move(log));
                v.set("curation", std::move(cur));
            }
            return v;
        }()) << "\n";
        return kOk;
    }
    std::ostream& o = c.env.out;
    o << m.model << "@" << m.label << (m.deprecated ? "  (deprecated)" : "") << "\n";
    if (!m.description.empty()) o << "  description  " << m.description << "" << "\n";
    if (!m.createdOn.empty()) o << "  created_on   " << m.createdOn << "\n";
    if (!m.author.empty()) o << "  author       " << m.author << "\n";
    if (m.hasParent)
        o << "  parent       " << (m.parent.model == m.model ? m.parent.label : m.parent.model + "@" + m.parent.label)
          << (r.resolveLabel(m.parent.model, m.parent.label) != m.parent.label ? "  (not in the registry: a dangling reference)" : "")
          << "\n";
    auto kids = r.children(m.model, m.label);
    if (!kids.empty()) {
        o << "  children    ";
        for (const auto& k : kids) o << " " << k;
        o << "\n";
    }
    if (!m.aliases.empty()) {
        o << "  aliases     ";
        for (const auto& x : m.aliases) o << " " << x;
        o << "\n";
    }
    for (const auto& t : m.tags) o << "  tag          " << t.first << (t.second.empty() ? "" : " = " + t.second) << "\n";
    o << "  digest       blake2b-256:" << m.digest << "\n";
    if (m.deprecated || m.curated) {
        o << "\nCuration (changed in place; the digest covers the document as it arrived)\n";
        for (const storage::CurationChange& x : r.curationLog(m.model, m.label))
            o << "  " << x.at << "  " << x.field << ": " << (x.before.empty() ? "(none)" : x.before) << " -> "
              << (x.after.empty() ? "(none)" : x.after) << (x.author.empty() ? "" : "  by " + x.author) << "\n";
    }
    if (const core::Value* p = m.params(); p && !p->members.empty()) {
        o << "\nParams\n";
        std::string path;
        std::function<void(const core::Value&)> walk = [&](const core::Value& v) {
            if (v.isObject() && !v.members.empty()) {
                size_t base = path.size();
                for (const auto& mem : v.members) {
                    core::appendKeySegment(path, mem.key);
                    walk(mem.value);
                    path.resize(base);
                }
            } else {
                o << "  " << path << " = " << core::valueText(v, 120) << "\n";
            }
        };
        walk(*p);
    }
    if (!m.metrics.empty()) {
        o << "\nMetrics\n";
        std::vector<std::vector<std::string>> rows;
        for (const auto& x : m.metrics)
            rows.push_back({"  " + x.name, x.lexeme, x.goal == core::Goal::None ? "" : std::string("goal ") + core::goalName(x.goal),
                            x.steps ? std::to_string(x.steps) + " steps" : ""});
        printTable(o, {"  NAME", "VALUE", "GOAL", "HISTORY"}, rows);
    }
    auto data = [&](const char* title, const std::vector<core::DataRef>& list) {
        if (list.empty()) return;
        o << "\n" << title << "\n";
        std::vector<std::vector<std::string>> rows;
        for (const auto& d : list)
            rows.push_back({"  " + d.key, d.digestText(), d.hasSize ? std::to_string(d.size) : "", d.uri});
        printTable(o, {"  NAME", "DIGEST", "SIZE", "URI"}, rows, 80);
    };
    data("Datasets", m.datasets);
    data("Artifacts", m.artifacts);
    return kOk;
}

}  // namespace mvr::cli
