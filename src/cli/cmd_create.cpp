// mvr create: builds the next numbered version of a model from the command line (--params, --metric, --tag,
// --alias, ...), validates it as any manifest and stores it.
#include <ostream>

#include "cli/context.hpp"
#include "cli/io.hpp"
#include "core/json_reader.hpp"

namespace mvr::cli {

int cmdCreate(Ctx& c, const Args& a) {
    if (a.positional.size() != 1) return c.usage("create needs exactly one MODEL");
    const std::string& model = a.positional[0];
    storage::Registry r(c.db);
    core::Value doc = core::Value::makeObject();
    doc.set("model", core::Value::makeString(model));
    std::string label = r.nextIntegerLabel(model);
    doc.set("version", core::Value::makeNumberLexeme(label));
    if (a.values.count("--description")) doc.set("description", core::Value::makeString(a.value("--description")));
    doc.set("created_on", core::Value::makeString(core::nowRfc3339()));
    if (a.values.count("--author")) doc.set("author", core::Value::makeString(a.value("--author")));
    if (a.values.count("--parent")) {
        core::Diagnostics d;
        core::Value p;
        std::string text = a.value("--parent");
        if (core::parseJson(text, p, d) && p.isNumber()) doc.set("parent", p);
        else doc.set("parent", core::Value::makeString(text));
    }
    if (a.values.count("--params")) {
        std::string text = a.value("--params"), file = "--params";
        if (!text.empty() && text[0] == '@') {
            file = text.substr(1);
            std::string err;
            if (!readFile(file, text, err)) return c.fail(err);
        }
        core::Diagnostics d;
        core::Value p;
        if (!core::parseJson(text, p, d, file)) {
            for (const auto& x : d.items()) c.env.err << "  " << core::formatDiagnostic(x) << "\n";
            return c.fail("--params is not valid JSON");
        }
        doc.set("params", std::move(p));
    }
    if (!a.all("--metric").empty()) {
        core::Value metrics = core::Value::makeObject();
        for (const std::string& m : a.all("--metric")) {
            size_t eq = m.find('=');
            if (eq == std::string::npos || eq == 0) return c.usage("--metric takes NAME=VALUE[:max|min], got " + m);
            std::string name = m.substr(0, eq), rest = m.substr(eq + 1), goal;
            size_t colon = rest.find(':');
            if (colon != std::string::npos) {
                goal = rest.substr(colon + 1);
                rest = rest.substr(0, colon);
            }
            core::Diagnostics d;
            core::Value num;
            if (!core::parseJson(rest, num, d) || !num.isNumber()) return c.usage("--metric " + name + ": " + rest + " is not a number");
            if (goal.empty()) {
                metrics.set(name, num);
            } else {
                core::Value o = core::Value::makeObject();
                o.set("value", num);
                o.set("goal", core::Value::makeString(goal));
                metrics.set(name, std::move(o));
            }
        }
        doc.set("metrics", std::move(metrics));
    }
    if (!a.all("--tag").empty()) {
        core::Value tags = core::Value::makeObject();
        for (const std::string& t : a.all("--tag")) {
            size_t eq = t.find('=');
            tags.set(t.substr(0, eq), core::Value::makeString(eq == std::string::npos ? "" : t.substr(eq + 1)));
        }
        doc.set("tags", std::move(tags));
    }
    if (!a.all("--alias").empty()) {
        core::Value al = core::Value::makeArray();
        for (const std::string& x : a.all("--alias")) al.push(core::Value::makeString(x));
        doc.set("aliases", std::move(al));
    }
    core::Diagnostics d;
    core::Manifest m;
    if (!core::validateManifest(std::move(doc), "mvr create", "", d, m)) {
        for (const auto& x : d.items()) c.env.err << "  " << core::formatDiagnostic(x) << "\n";
        return c.fail("the new version is not valid; nothing was created");
    }
    std::string created = m.createdOn;
    std::vector<core::Manifest> list;
    list.push_back(std::move(m));
    storage::ImportOptions so;
    so.author = c.author(a);
    if (so.author.empty()) so.author = "mvr create";
    so.source = "create";
    auto session = r.beginImport(so);
    storage::FileReport rep = session->addManifests("mvr create", list);
    if (!rep.ok() || !session->commit()) {
        for (const auto& x : rep.problems) c.env.err << "  " << core::formatDiagnostic(x) << "\n";
        return c.fail("nothing was created");
    }
    std::vector<core::RuleEvaluation> moved = applyRulesAfter(c, a, r);
    if (c.json) {
        core::Value o = core::Value::makeObject();
        o.set("model", core::Value::makeString(model));
        o.set("version", core::Value::makeNumberLexeme(label));
        o.set("created_on", core::Value::makeString(created));
        o.set("rules_moved", movesToJson(moved));
        c.printJson(o);
    } else {
        c.env.out << "created " << model << "@" << label << " (" << created << ")\n";
        printRulesMoved(c, moved);
    }
    return kOk;
}

}  // namespace mvr::cli
