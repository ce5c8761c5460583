// mvr trend: a model's metrics across its versions as data (a table, CSV or JSON), in version order or by
// creation time, with the best so far of each metric that has a goal. Also the loading mvr plot shares.
#include <ostream>

#include "cli/context.hpp"

namespace mvr::cli {

bool loadTrendArgs(Ctx& c, const Args& a, storage::Registry& r, ops::Trend& t, int& code) {
    if (a.positional.size() < 2) {
        code = c.usage("expected MODEL METRIC...");
        return false;
    }
    std::string x = a.value("--x", "seq");
    if (x != "seq" && x != "time") {
        code = c.usage("--x takes seq (versions in order) or time (creation time), got \"" + x + "\"");
        return false;
    }
    const std::string& model = a.positional[0];
    if (!r.hasModel(model)) {
        code = c.fail("no model \"" + model + "\" in " + c.db);
        return false;
    }
    std::vector<std::string> metrics(a.positional.begin() + 1, a.positional.end());
    std::string error = ops::loadTrend(r, model, metrics, x == "time" ? ops::TrendX::Time : ops::TrendX::Order, t);
    if (!error.empty()) {
        code = c.fail(error);
        return false;
    }
    if (t.undated)
        c.env.err << "note: " << t.undated << " version" << (t.undated == 1 ? "" : "s")
                  << " without a creation time left out (--x time)\n";
    return true;
}

namespace {

std::string joined(const std::vector<std::string>& parts, const char* sep) {
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : sep) + p;
    return out;
}

core::Value trendJson(const ops::Trend& t) {
    core::Value o = core::Value::makeObject();
    o.set("model", core::Value::makeString(t.model));
    o.set("x", core::Value::makeString(t.xKind == ops::TrendX::Time ? "time" : "seq"));
    core::Value metrics = core::Value::makeArray();
    for (const auto& m : t.metrics) {
        core::Value mo = core::Value::makeObject();
        mo.set("name", core::Value::makeString(m.name));
        mo.set("goal", m.goal == core::Goal::None ? core::Value() : core::Value::makeString(core::goalName(m.goal)));
        mo.set("versions_with", core::Value::makeInteger(static_cast<int64_t>(m.present)));
        metrics.push(std::move(mo));
    }
    o.set("metrics", std::move(metrics));
    core::Value versions = core::Value::makeArray();
    for (uint32_t i = 0; i < t.size(); ++i) {
        core::Value v = core::Value::makeObject();
        v.set("version", core::Value::makeString(std::string(t.labels[i])));
        v.set("seq", core::Value::makeInteger(t.seq[i]));
        v.set("created_on", t.createdOn[i].empty() ? core::Value() : core::Value::makeString(std::string(t.createdOn[i])));
        v.set("x", numberJson(t.x[i]));
        core::Value al = core::Value::makeArray();
        for (const std::string& name : t.aliasesOf(i)) al.push(core::Value::makeString(name));
        v.set("aliases", std::move(al));
        core::Value values = core::Value::makeObject(), best = core::Value::makeObject();
        for (const auto& m : t.metrics) {
            values.set(m.name, numberJson(m.values[i]));
            if (!m.best.empty()) best.set(m.name, numberJson(m.best[i]));
        }
        v.set("values", std::move(values));
        v.set("best", std::move(best));
        versions.push(std::move(v));
    }
    o.set("versions", std::move(versions));
    o.set("undated", core::Value::makeInteger(static_cast<int64_t>(t.undated)));
    return o;
}

}  // namespace

int cmdTrend(Ctx& c, const Args& a) {
    if (a.has("--csv") && c.json) return c.usage("trend prints --json or --csv, not both");
    storage::Registry r(c.db);
    ops::Trend t;
    int code = kOk;
    if (!loadTrendArgs(c, a, r, t, code)) return code;
    if (c.json) {
        c.printJson(trendJson(t));
        return kOk;
    }
    std::vector<std::string> head = {"VERSION", "SEQ", "CREATED", "ALIASES"};
    for (const auto& m : t.metrics) {
        head.push_back(m.name);
        if (!m.best.empty()) head.push_back("best(" + m.name + ")");
    }
    std::vector<std::vector<std::string>> rows;
    for (uint32_t i = 0; i < t.size(); ++i) {
        std::vector<std::string> row = {std::string(t.labels[i]), std::to_string(t.seq[i]), std::string(t.createdOn[i]),
                                        joined(t.aliasesOf(i), a.has("--csv") ? " " : ",")};
        for (const auto& m : t.metrics) {
            row.push_back(numberCell(m.values[i]));
            if (!m.best.empty()) row.push_back(numberCell(m.best[i]));
        }
        rows.push_back(std::move(row));
    }
    if (a.has("--csv")) {
        head[0] = "version";
        head[1] = "seq";
        head[2] = "created_on";
        head[3] = "aliases";
        printCsvRow(c.env.out, head);
        for (const auto& row : rows) printCsvRow(c.env.out, row);
        return kOk;
    }
    printTable(c.env.out, head, rows, 40);
    c.env.out << t.size() << " version" << (t.size() == 1 ? "" : "s") << " of " << t.model
              << (t.xKind == ops::TrendX::Time ? " by creation time" : " in version order");
    for (const auto& m : t.metrics)
        c.env.out << "; " << m.name << ": " << m.present << " value" << (m.present == 1 ? "" : "s")
                  << (m.goal == core::Goal::None ? " (no goal)" : std::string(" (") + core::goalName(m.goal) + ")");
    c.env.out << "\n";
    return kOk;
}

}  // namespace mvr::cli
