#include "ops/trend.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace mvr::ops {

std::string unknownMetric(storage::Registry& r, const std::string& model, const std::vector<std::string>& metrics) {
    std::vector<std::string> known = r.metricNames(model);
    for (const std::string& m : metrics) {
        if (std::find(known.begin(), known.end(), m) != known.end()) continue;
        std::string has;
        for (const std::string& k : known) has += (has.empty() ? "" : ", ") + k;
        return "no metric \"" + m + "\" in " + model + (known.empty() ? " (its versions have no metrics)" : " (it has " + has + ")");
    }
    return "";
}

std::string loadTrend(storage::Registry& r, const std::string& model, const std::vector<std::string>& metrics, TrendX x,
                      Trend& out) {
    if (std::string error = unknownMetric(r, model, metrics); !error.empty()) return error;
    storage::ModelSeries s = r.modelSeries(model, metrics);
    // Versions in label order (stable: equal labels cannot occur within a model, but keep seq order anyway)...
    std::vector<uint32_t> order(s.ids.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return core::labelLess(s.labels[a], s.labels[b]); });
    std::vector<double> xs(s.ids.size());
    if (x == TrendX::Order) {
        for (size_t k = 0; k < order.size(); ++k) xs[order[k]] = static_cast<double>(k + 1);
    } else {
        // ...or by creation time, equal times in label order.
        for (size_t i = 0; i < xs.size(); ++i) xs[i] = core::secondsSinceEpoch(s.createdOn[i]);
        auto dated = std::stable_partition(order.begin(), order.end(), [&](uint32_t i) { return !std::isnan(xs[i]); });
        out.undated = static_cast<size_t>(order.end() - dated);
        order.erase(dated, order.end());
        std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return xs[a] < xs[b]; });
    }
    out.model = model;
    out.xKind = x;
    std::vector<uint32_t> position(s.ids.size(), UINT32_MAX);
    for (size_t k = 0; k < order.size(); ++k) {
        const uint32_t i = order[k];
        position[i] = static_cast<uint32_t>(k);
        out.x.push_back(xs[i]);
        out.ids.push_back(s.ids[i]);
        out.seq.push_back(s.seq[i]);
        out.labels.push(s.labels[i]);
        out.createdOn.push(s.createdOn[i]);
    }
    for (auto& [i, name] : s.aliases)
        if (position[i] != UINT32_MAX) out.aliases.emplace_back(position[i], std::move(name));
    for (size_t m = 0; m < metrics.size(); ++m) {
        TrendMetric t;
        t.name = metrics[m];
        t.goal = r.metricGoal(model, t.name);
        for (uint32_t i : order) t.values.push_back(s.values[m][i]);
        t.present = static_cast<size_t>(std::count_if(t.values.begin(), t.values.end(), [](double v) { return !std::isnan(v); }));
        t.best = core::bestSoFar(t.values, t.goal);
        out.metrics.push_back(std::move(t));
    }
    return "";
}

std::string rankVersions(storage::Registry& r, const std::string& model, const std::string& metric, core::Goal goal,
                         const core::Filter& filter, size_t top, Leaderboard& out, bool withDeprecated) {
    out = Leaderboard();
    if (goal == core::Goal::None) goal = r.metricGoal(model, metric);
    if (goal == core::Goal::None) return "metric \"" + metric + "\" of " + model + " has no goal";
    out.goal = goal;
    std::vector<storage::VersionSummary> versions = r.versions(model, filter);
    std::unordered_map<int64_t, double> values = r.metricValues(model, metric);
    std::vector<RankedVersion> ranked;
    for (auto& v : versions) {
        if (v.deprecated && !withDeprecated) {
            ++out.deprecated;
            continue;
        }
        auto it = values.find(v.id);
        if (it == values.end() || std::isnan(it->second)) ++out.missing;
        else ranked.push_back({std::move(v), it->second});
    }
    std::stable_sort(ranked.begin(), ranked.end(), [&](const RankedVersion& x, const RankedVersion& y) {
        if (x.value != y.value) return goal == core::Goal::Max ? x.value > y.value : x.value < y.value;
        return core::labelLess(x.version.label, y.version.label);
    });
    out.matched = ranked.size();
    if (ranked.size() > top) ranked.resize(top);
    out.top = std::move(ranked);
    return "";
}

}  // namespace mvr::ops
