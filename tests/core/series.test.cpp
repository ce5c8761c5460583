// Series for monitoring: best so far by goal (gaps carried over), the Pareto front of two metrics by their goals
// (ties, NaN, infinities), packed text columns and creation times as seconds.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "core/json_reader.hpp"
#include "core/series.hpp"

using namespace mvr;
using core::Goal;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Equal, with NaN equal to NaN.
bool same(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
    return true;
}

std::vector<uint32_t> front(const std::vector<double>& a, Goal ga, const std::vector<double>& b, Goal gb) {
    REQUIRE(a.size() == b.size());
    return core::paretoFront(a.data(), ga, b.data(), gb, a.size());
}
}  // namespace

TEST_CASE("series: best so far runs by the goal, skipping missing values") {
    std::vector<double> y = {kNaN, 0.5, 0.4, kNaN, 0.7, 0.7, 0.6, kInf, 0.1};
    CHECK(same(core::bestSoFar(y, Goal::Max), {kNaN, 0.5, 0.5, 0.5, 0.7, 0.7, 0.7, 0.7, 0.7}));
    CHECK(same(core::bestSoFar(y, Goal::Min), {kNaN, 0.5, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.1}));
    CHECK(core::bestSoFar(y, Goal::None).empty());
    CHECK(core::bestSoFar(std::vector<double>{}, Goal::Max).empty());
    CHECK(same(core::bestSoFar(std::vector<double>{1e-300, 1e300, -1e300}, Goal::Max), {1e-300, 1e300, 1e300}));
    CHECK(same(core::bestSoFar(std::vector<double>{kNaN, kNaN}, Goal::Min), {kNaN, kNaN}));
}

TEST_CASE("series: the Pareto front of two metrics by their goals") {
    // auc (max) against latency (min).
    std::vector<double> auc = {0.90, 0.95, 0.85, 0.95, 0.80, kNaN, 0.97, 0.90};
    std::vector<double> lat = {10, 20, 5, 25, 5, 1, 40, 10};
    // 6 (best auc), 1 (0.95 at 20 beats 3: same auc, slower), 0 and 7 (equal: both), 2 (fastest with 0.85);
    // 4 is beaten by 2 (same latency, better auc); 5 has no auc.
    CHECK(front(auc, Goal::Max, lat, Goal::Min) == std::vector<uint32_t>{6, 1, 0, 7, 2});
    // Both maximised: only the points no other is above and to the right of.
    CHECK(front(auc, Goal::Max, lat, Goal::Max) == std::vector<uint32_t>{6});
    CHECK(front(auc, Goal::Min, lat, Goal::Min) == std::vector<uint32_t>{4});
    CHECK(front(auc, Goal::None, lat, Goal::Min).empty());
    CHECK(front({}, Goal::Max, {}, Goal::Max).empty());
    CHECK(front({1}, Goal::Max, {2}, Goal::Max) == std::vector<uint32_t>{0});
    // Equal points are all on the front; infinities compare as themselves.
    CHECK(front({1, 1, 1}, Goal::Max, {2, 2, 2}, Goal::Min) == std::vector<uint32_t>{0, 1, 2});
    CHECK(front({kInf, 1, -kInf}, Goal::Max, {5, 1, -kInf}, Goal::Min) == std::vector<uint32_t>{0, 1, 2});
    CHECK(front({1e300, 1e-300}, Goal::Max, {1e300, 1e-300}, Goal::Max) == std::vector<uint32_t>{0});
}

TEST_CASE("series: a text column holds strings one after another") {
    core::TextColumn t;
    t.push("1");
    t.push("");
    t.push("1.10.0");
    REQUIRE(t.size() == 3);
    CHECK(t[0] == "1");
    CHECK(t[1].empty());
    CHECK(t[2] == "1.10.0");
}

TEST_CASE("series: creation times as seconds since 1970 (UTC)") {
    CHECK(core::secondsSinceEpoch("1970-01-01T00:00:00Z") == 0);
    CHECK(core::secondsSinceEpoch("2026-11-02T09:30:00Z") == 1793611800);
    CHECK(core::secondsSinceEpoch("2026-11-02T10:30:00+01:00") == 1793611800);
    CHECK(core::secondsSinceEpoch("2026-11-02T09:30:00.25Z") == 1793611800.25);
    CHECK(core::secondsSinceEpoch("1969-12-31T23:59:59Z") == -1);
    CHECK(core::secondsSinceEpoch("2024-02-29T00:00:00Z") == 1709164800);
    CHECK(std::isnan(core::secondsSinceEpoch("")));
    CHECK(std::isnan(core::secondsSinceEpoch("2026-11-02")));
    CHECK(std::isnan(core::secondsSinceEpoch("2026-02-30T00:00:00Z")));
}

namespace {
core::Value metricJson(const char* text) {
    core::Value v;
    core::Diagnostics d;
    REQUIRE(core::parseJson(text, v, d));
    return v;
}
}  // namespace

TEST_CASE("a step history as a line: step numbers, implied steps, timestamps, values that are not numbers") {
    core::Value m = metricJson(R"({"value": 1, "steps": [0.5, {"step": 5, "value": 0.7}, {"value": 0.8},
        {"step": 2, "value": "x", "timestamp": 1700000000000}, {"step": 3, "value": 0.6, "timestamp": "2024-03-18T01:14:00Z"}]})");
    core::Series s = core::stepSeries(m, false);
    // Implied: 0, then 5, then 6; explicit 2 and 3; sorted by step.
    CHECK(s.x == std::vector<double>{0, 2, 3, 5, 6});
    CHECK(same(s.y, {0.5, kNaN, 0.6, 0.7, 0.8}));
    core::Series t = core::stepSeries(m, true);
    // Only the two steps with a timestamp; the number is milliseconds (above 1e11).
    REQUIRE(t.size() == 2);
    CHECK(t.x[0] == 1700000000.0);
    CHECK(t.x[1] == core::secondsSinceEpoch("2024-03-18T01:14:00Z"));
    CHECK(std::isnan(t.y[0]));
    CHECK(t.y[1] == 0.6);
    CHECK(core::stepSeries(metricJson("0.5"), false).size() == 0);
    CHECK(core::stepSeries(metricJson(R"({"value": 1})"), false).size() == 0);
}

TEST_CASE("EMA smoothing starts at the first value, skips gaps, and weight 0 is the line itself") {
    const std::vector<double> y = {1, 3, kNaN, 3, 3};
    CHECK(same(core::ema(y.data(), y.size(), 0), y));
    std::vector<double> s = core::ema(y.data(), y.size(), 0.5);
    CHECK(s[0] == 1);
    // (0.5 * 0.5 * 1 + 0.5 * 3) / (1 - 0.25) = 1.75 / 0.75
    CHECK(s[1] == Approx(1.75 / 0.75));
    CHECK(std::isnan(s[2]));
    CHECK(s[4] > s[3]);
    CHECK(s[4] < 3);
    // Out-of-range weights are brought into [0, 1).
    std::vector<double> big = core::ema(y.data(), y.size(), 5);
    CHECK(std::isfinite(big[4]));
}
