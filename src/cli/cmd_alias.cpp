// mvr alias: points an alias at a version (moving it from where it was), removes it (--delete), or lists every move
// of a model's aliases (--history). Moves are recorded in the alias history as by hand, with --author or $MVR_AUTHOR.
#include <ostream>

#include "cli/context.hpp"
#include "core/json_reader.hpp"

namespace mvr::cli {

namespace {

int history(Ctx& c, const Args& a, storage::Registry& r) {
    if (a.positional.empty() || a.positional.size() > 2) return c.usage("alias --history needs MODEL [NAME]");
    const std::string& model = a.positional[0];
    if (!r.hasModel(model)) return c.fail("no model \"" + model + "\" in " + c.db);
    std::vector<storage::AliasMove> moves = r.aliasHistory(model, a.positional.size() == 2 ? a.positional[1] : "");
    auto textOrNull = [](const std::string& s) { return s.empty() ? core::Value() : core::Value::makeString(s); };
    if (c.json) {
        core::Value list = core::Value::makeArray();
        for (const storage::AliasMove& m : moves) {
            core::Value o = core::Value::makeObject();
            o.set("at", textOrNull(m.at));
            o.set("alias", core::Value::makeString(m.alias));
            o.set("from", textOrNull(m.from));
            o.set("to", textOrNull(m.to));
            o.set("author", core::Value::makeString(m.author));
            o.set("source", core::Value::makeString(m.source));
            o.set("rule", textOrNull(m.rule));
            core::Diagnostics d;
            core::Value detail;
            if (!m.detail.empty() && core::parseJson(m.detail, detail, d)) o.set("detail", std::move(detail));
            list.push(std::move(o));
        }
        c.printJson(list);
        return kOk;
    }
    if (moves.empty()) {
        c.env.out << "no alias of " << model << " has moved\n";
        return kOk;
    }
    std::vector<std::vector<std::string>> rows;
    for (const storage::AliasMove& m : moves)
        rows.push_back({m.at.empty() ? "(before history)" : m.at, m.alias, m.from.empty() ? "-" : m.from,
                        m.to.empty() ? "(removed)" : m.to, m.author.empty() ? "-" : m.author,
                        m.source == "rule" ? "rule " + m.rule : m.source});
    printTable(c.env.out, {"WHEN", "ALIAS", "FROM", "TO", "BY", "HOW"}, rows);
    return kOk;
}

}  // namespace

int cmdAlias(Ctx& c, const Args& a) {
    storage::Registry r(c.db);
    storage::MoveContext why{c.author(a), "hand", "", ""};
    if (a.has("--history")) return history(c, a, r);
    if (a.has("--delete")) {
        if (a.positional.size() != 2) return c.usage("alias --delete needs MODEL NAME");
        if (!r.removeAlias(a.positional[0], a.positional[1], why))
            return c.fail("no alias \"" + a.positional[1] + "\" on " + a.positional[0]);
        c.env.out << "removed alias " << a.positional[1] << " from " << a.positional[0] << "\n";
        return kOk;
    }
    if (a.positional.size() != 2) return c.usage("alias needs MODEL@VERSION NAME");
    std::string model, label;
    if (!splitRef(a.positional[0], model, label)) return c.usage("expected MODEL@VERSION, got \"" + a.positional[0] + "\"");
    std::string resolved = r.resolveLabel(model, label);
    if (resolved.empty()) return c.fail("no version " + model + "@" + label);
    std::string before = r.setAlias(model, a.positional[1], resolved, why);
    if (c.json) {
        core::Value o = core::Value::makeObject();
        o.set("model", core::Value::makeString(model));
        o.set("alias", core::Value::makeString(a.positional[1]));
        o.set("version", core::Value::makeString(resolved));
        o.set("previous", before.empty() ? core::Value() : core::Value::makeString(before));
        c.printJson(o);
    } else {
        c.env.out << a.positional[1] << " → " << model << "@" << resolved;
        if (!before.empty() && before != resolved) c.env.out << " (was " << before << ")";
        c.env.out << "\n";
    }
    return kOk;
}

}  // namespace mvr::cli
