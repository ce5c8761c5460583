// mvr create: a new version of a model from the command line (--label, else the next number; --params, --metric,
// --tag, --parent, --alias, ...), checked and stored by ops::createVersion as the app's form is.
#include <algorithm>
#include <ostream>

#include "cli/context.hpp"
#include "cli/io.hpp"
#include "core/json_reader.hpp"
#include "ops/create.hpp"

namespace mvr::cli {

int cmdCreate(Ctx& c, const Args& a) {
    if (a.positional.size() != 1) return c.usage("create needs exactly one MODEL");
    storage::Registry r(c.db);
    ops::NewVersion v;
    v.model = a.positional[0];
    if (a.values.count("--label")) {
        v.label = a.value("--label");
        if (v.label.empty()) return c.usage("--label needs a label (leave it out for the next number)");
    }
    if (a.values.count("--description")) v.description = a.value("--description");
    if (a.values.count("--author")) v.author = a.value("--author");
    if (a.values.count("--parent")) v.parent = a.value("--parent");
    if (a.values.count("--params")) {
        v.params = a.value("--params");
        v.paramsName = "--params";
        if (!v.params.empty() && v.params[0] == '@') {
            v.paramsName = v.params.substr(1);
            std::string err, text;
            if (!readFile(v.paramsName, text, err)) return c.fail(err);
            v.params = std::move(text);
        }
    }
    for (const std::string& m : a.all("--metric")) {
        size_t eq = m.find('=');
        if (eq == std::string::npos || eq == 0) return c.usage("--metric takes NAME=VALUE[:max|min], got " + m);
        ops::NewMetric x{m.substr(0, eq), m.substr(eq + 1), ""};
        if (size_t colon = x.value.find(':'); colon != std::string::npos) {
            x.goal = x.value.substr(colon + 1);
            x.value = x.value.substr(0, colon);
        }
        core::Diagnostics d;
        core::Value num;
        if (!core::parseJson(x.value, num, d) || !num.isNumber()) return c.usage("--metric " + x.name + ": " + x.value + " is not a number");
        v.metrics.push_back(std::move(x));
    }
    for (const std::string& t : a.all("--tag")) {
        size_t eq = t.find('=');
        v.tags.emplace_back(t.substr(0, eq), eq == std::string::npos ? "" : t.substr(eq + 1));
    }
    v.aliases = a.all("--alias");
    std::string recordedBy = c.author(a);
    ops::Draft d;
    if (!ops::createVersion(r, v, recordedBy.empty() ? "mvr create" : recordedBy, d, "mvr create")) {
        for (const auto& x : d.problems.items()) c.env.err << "  " << core::formatDiagnostic(x) << "\n";
        bool params = std::any_of(d.problems.items().begin(), d.problems.items().end(),
                                  [&](const core::Diagnostic& x) { return x.file == v.paramsName && x.line > 0; });
        return c.fail(params ? "--params is not valid JSON; nothing was created" : "the new version is not valid; nothing was created");
    }
    const std::string& model = v.model;
    const std::string& label = d.label;
    std::string created = d.doc.find("created_on")->text;
    std::vector<core::RuleEvaluation> moved = applyRulesAfter(c, a, r);
    if (c.json) {
        core::Value o = core::Value::makeObject();
        o.set("model", core::Value::makeString(model));
        o.set("version", *d.doc.find("version"));
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
