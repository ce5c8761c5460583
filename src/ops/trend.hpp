// A model's metrics across its versions, for every front end (mvr trend, best and plot; the app's charts): the
// versions in the x order asked for, as columns, each metric's values, goal and best so far, and which versions
// hold which aliases.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/filter.hpp"
#include "core/manifest.hpp"
#include "core/series.hpp"
#include "storage/registry.hpp"

namespace mvr::ops {

// Version order: the labels as people read them (1, 2, 10; 1.4.0, 1.10.0), x = 1, 2, 3, ...; or creation time,
// x = seconds since 1970 (versions without a creation time are left out).
enum class TrendX { Order, Time };

struct TrendMetric {
    std::string name;
    core::Goal goal = core::Goal::None;  // as the model's latest version with the metric states it
    std::vector<double> values;          // per version; NaN where it lacks the metric
    std::vector<double> best;            // best so far by goal (empty without a goal)
    size_t present = 0;                  // versions that have it
};

struct Trend {
    std::string model;
    TrendX xKind = TrendX::Order;
    // The versions in x order.
    std::vector<double> x;
    std::vector<int64_t> ids, seq;
    core::TextColumn labels, createdOn;
    std::vector<std::pair<uint32_t, std::string>> aliases;  // (version, alias), by alias name
    std::vector<TrendMetric> metrics;
    size_t undated = 0;  // versions left out for want of a creation time (TrendX::Time)
    size_t size() const { return x.size(); }
    // The aliases version v holds, by name.
    std::vector<std::string> aliasesOf(uint32_t v) const {
        std::vector<std::string> out;
        for (const auto& [i, name] : aliases)
            if (i == v) out.push_back(name);
        return out;
    }
};

// "" when every one of metrics is held by some version of model, else a message naming the first that is not and
// the metrics there are.
std::string unknownMetric(storage::Registry& r, const std::string& model, const std::vector<std::string>& metrics);

// The trend of these metrics of model (which must exist). Returns "" when loaded, else what is wrong: a metric
// none of the model's versions has (the message names it and the metrics there are).
std::string loadTrend(storage::Registry& r, const std::string& model, const std::vector<std::string>& metrics, TrendX x,
                      Trend& out);

// A leaderboard: a model's versions (those a filter keeps) ranked by one metric by its goal, best first; equal
// values in version order. Versions without the metric (or with NaN) are left out and counted.
struct RankedVersion {
    storage::VersionSummary version;
    double value = 0;
};
struct Leaderboard {
    core::Goal goal = core::Goal::None;
    std::vector<RankedVersion> top;  // at most the top asked for
    size_t matched = 0;              // versions the filter kept that have the metric
    size_t missing = 0;              // versions the filter kept without it
    size_t deprecated = 0;           // versions left out as deprecated
};
// goal None: the metric's own goal (as the model's versions state it); an error message when it has none.
// Deprecated versions are left out (counted) unless withDeprecated.
std::string rankVersions(storage::Registry& r, const std::string& model, const std::string& metric, core::Goal goal,
                         const core::Filter& filter, size_t top, Leaderboard& out, bool withDeprecated = false);

}  // namespace mvr::ops
