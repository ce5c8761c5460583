// mvr best: the leaderboard of a model's versions by one metric and its goal (or --max/--min), among the versions
// a --where filter keeps, top N; versions without the metric are left out and counted.
#include <cstdlib>
#include <ostream>

#include "cli/context.hpp"
#include "core/filter.hpp"
#include "ops/trend.hpp"

namespace mvr::cli {

int cmdBest(Ctx& c, const Args& a) {
    if (a.positional.size() != 1) return c.usage("best takes one MODEL (and --metric M)");
    const std::string& model = a.positional[0];
    const std::string metric = a.value("--metric");
    if (metric.empty()) return c.usage("best needs --metric M: the metric to rank by");
    if (a.has("--max") && a.has("--min")) return c.usage("best ranks by --max or by --min, not both");
    long top = 10;
    if (a.values.count("--top")) {
        const std::string text = a.value("--top");  // kept: end points into it
        char* end = nullptr;
        top = std::strtol(text.c_str(), &end, 10);
        if (text.empty() || *end || top < 1) return c.usage("--top takes a count of 1 or more, got \"" + text + "\"");
    }
    core::Filter filter;
    std::string err;
    if (a.values.count("--where") && !core::parseFilter(a.value("--where"), filter, err)) return c.usage("--where: " + err);
    storage::Registry r(c.db);
    if (!r.hasModel(model)) return c.fail("no model \"" + model + "\" in " + c.db);
    if (std::string error = ops::unknownMetric(r, model, {metric}); !error.empty()) return c.fail(error);
    core::Goal goal = a.has("--max") ? core::Goal::Max : a.has("--min") ? core::Goal::Min : r.metricGoal(model, metric);
    if (goal == core::Goal::None)
        return c.usage("metric \"" + metric + "\" of " + model + " has no goal: say --max or --min to rank by it");

    ops::Leaderboard board;
    if (std::string e = ops::rankVersions(r, model, metric, goal, filter, static_cast<size_t>(top), board,
                                                 a.has("--deprecated")); !e.empty())
        return c.fail(e);
    const auto& ranked = board.top;
    const size_t matched = board.matched, missing = board.missing;

    if (c.json) {
        core::Value o = core::Value::makeObject();
        o.set("model", core::Value::makeString(model));
        o.set("metric", core::Value::makeString(metric));
        o.set("goal", core::Value::makeString(core::goalName(goal)));
        core::Value list = core::Value::makeArray();
        for (size_t i = 0; i < ranked.size(); ++i) {
            core::Value e = core::Value::makeObject();
            e.set("rank", core::Value::makeInteger(static_cast<int64_t>(i + 1)));
            e.set("version", core::Value::makeString(ranked[i].version.label));
            e.set("value", numberJson(ranked[i].value));
            e.set("created_on", ranked[i].version.createdOn.empty() ? core::Value() : core::Value::makeString(ranked[i].version.createdOn));
            core::Value al = core::Value::makeArray();
            for (const auto& x : ranked[i].version.aliases) al.push(core::Value::makeString(x));
            e.set("aliases", std::move(al));
            list.push(std::move(e));
        }
        o.set("versions", std::move(list));
        o.set("matched", core::Value::makeInteger(static_cast<int64_t>(matched)));
        o.set("without_metric", core::Value::makeInteger(static_cast<int64_t>(missing)));
        o.set("deprecated_left_out", core::Value::makeInteger(static_cast<int64_t>(board.deprecated)));
        c.printJson(o);
        return kOk;
    }
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < ranked.size(); ++i) {
        std::string al;
        for (const auto& x : ranked[i].version.aliases) al += (al.empty() ? "" : ",") + x;
        rows.push_back({std::to_string(i + 1), ranked[i].version.label, numberCell(ranked[i].value), ranked[i].version.createdOn, al});
    }
    printTable(c.env.out, {"RANK", "VERSION", metric, "CREATED", "ALIASES"}, rows);
    c.env.out << "top " << ranked.size() << " of " << matched << " version" << (matched == 1 ? "" : "s") << " by " << metric << " ("
              << core::goalName(goal) << ")";
    if (missing) c.env.out << "; " << missing << " version" << (missing == 1 ? "" : "s") << " without " << metric << " left out";
    if (board.deprecated)
        c.env.out << "; " << board.deprecated << " deprecated left out (--deprecated includes them)";
    c.env.out << "\n";
    return kOk;
}

}  // namespace mvr::cli
