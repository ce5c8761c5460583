// Chart axes: flat and degenerate ranges widened, positions finite for 1e-300 to 1e308, 1-2-5 ticks with short
// labels, powers of ten on log scales, calendar ticks for times.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/axis.hpp"

using namespace mvr;

namespace {
std::vector<std::string> labels(const std::vector<core::Tick>& ts) {
    std::vector<std::string> out;
    for (const auto& t : ts) out.push_back(t.label);
    return out;
}
}  // namespace

TEST_CASE("axis: scales map the range to 0..1, widen flat ranges and never give NaN") {
    core::Scale s(0, 10, false);
    CHECK(s.fraction(0) == 0);
    CHECK(s.fraction(5) == 0.5);
    CHECK(s.value(0.5) == 5);
    core::Scale flat(3, 3, false);
    CHECK(flat.lo() < 3);
    CHECK(flat.hi() > 3);
    CHECK(flat.fraction(3) == Approx(0.5));
    core::Scale zero(0, 0, false);
    CHECK(zero.lo() == -1);
    CHECK(zero.hi() == 1);
    core::Scale wide(-1.7e308, 1.7e308, false);
    CHECK(wide.fraction(0) == 0.5);
    CHECK(std::isfinite(wide.fraction(1.7e308)));
    core::Scale tiny(1e-300, 1e-300, false);
    CHECK(tiny.lo() < 1e-300);
    CHECK(tiny.fraction(1e-300) == Approx(0.5));
    core::Scale log(1, 1000, true);
    CHECK(log.fraction(10) == Approx(1.0 / 3));
    core::Scale logFlat(1e300, 1e300, true);
    CHECK(logFlat.fraction(1e300) == Approx(0.5));
    core::Scale padded = s.padded(0.1);
    CHECK(padded.lo() == Approx(-1));
    CHECK(padded.hi() == Approx(11));
    CHECK(log.padded(0.5).lo() == Approx(std::pow(10, -1.5)));
    CHECK(wide.padded(0.1).hi() == 1.7e308);  // no room left: unchanged
    core::Scale bad(std::numeric_limits<double>::quiet_NaN(), 1, false);
    CHECK(std::isfinite(bad.fraction(0.5)));
    core::Scale badLog(-1, 10, true);
    CHECK(std::isfinite(badLog.fraction(5)));
}

TEST_CASE("axis: ticks at 1-2-5 steps with short labels, powers of ten on log scales") {
    CHECK(labels(core::valueTicks(core::Scale(0, 1, false), 5)) == std::vector<std::string>{"0", "0.2", "0.4", "0.6", "0.8", "1"});
    CHECK(labels(core::valueTicks(core::Scale(0.1, 0.7, false), 6)) ==
          std::vector<std::string>{"0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"});
    CHECK(labels(core::valueTicks(core::Scale(-37, 112, false), 4)) == std::vector<std::string>{"0", "50", "100"});
    CHECK(labels(core::valueTicks(core::Scale(1, 1e6, true), 10)) ==
          std::vector<std::string>{"1", "10", "100", "1000", "10000", "1e5", "1e6"});
    CHECK(labels(core::valueTicks(core::Scale(1e-300, 1e300, true), 4)).size() <= 5);
    CHECK(labels(core::valueTicks(core::Scale(2, 5, true), 4)) == std::vector<std::string>{"2", "3", "4", "5"});
    for (auto range : {std::pair<double, double>{1e-300, 3e-300}, {-1e300, 1e300}, {-1.7e308, 1.7e308}, {5, 5}}) {
        auto ts = core::valueTicks(core::Scale(range.first, range.second, false), 5);
        INFO(range.first << " .. " << range.second);
        CHECK(ts.size() >= 2);
        for (const auto& t : ts) CHECK(std::isfinite(t.value));
    }
}

TEST_CASE("axis: integer ticks for versions in order, calendar ticks for times") {
    CHECK(labels(core::integerTicks(1, 3, 10)) == std::vector<std::string>{"1", "2", "3"});
    CHECK(labels(core::integerTicks(1, 100, 5)) == std::vector<std::string>{"20", "40", "60", "80", "100"});
    CHECK(labels(core::integerTicks(1, 1, 5)) == std::vector<std::string>{"1"});
    // 2026-11-01 to 2026-11-05: a tick a day.
    auto days = core::timeTicks(1793491200, 1793491200 + 4 * 86400, 5);
    CHECK(labels(days) == std::vector<std::string>{"2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"});
    auto hours = core::timeTicks(1793491200, 1793491200 + 3 * 3600, 3);
    CHECK(labels(hours) == std::vector<std::string>{"2026-11-01 00:00", "2026-11-01 01:00", "2026-11-01 02:00", "2026-11-01 03:00"});
    CHECK(core::timeTicks(5, 5, 5).size() == 1);
    // 2023-11-06 to 2024-05-06: months, on the first.
    CHECK(labels(core::timeTicks(1699265643, 1714990328, 5)) ==
          std::vector<std::string>{"2024-01", "2024-03", "2024-05"});
    CHECK(labels(core::timeTicks(1699265643, 1714990328, 8)) ==
          std::vector<std::string>{"2023-12", "2024-01", "2024-02", "2024-03", "2024-04", "2024-05"});
    CHECK(labels(core::timeTicks(0, 1e9, 4)) == std::vector<std::string>{"1970", "1980", "1990", "2000"});
    CHECK(core::timeTicks(0, 100.0 * 31536000, 5).size() <= 6);
}
