// ops::loadTrend: versions in label order (not arrival order) or by creation time (versions without one left out
// and counted), each metric's goal and best so far, aliases moved with their versions, and unknown metrics named.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "ops/file_import.hpp"
#include "ops/trend.hpp"
#include "test_support.hpp"

using namespace mvr;

namespace {
struct Db {
    mvr::test::TempPath path{"trend.db"};
    storage::Registry r{path.str()};
    Db() {
        auto session = r.beginImport();
        storage::FileReport rep = ops::importText(*session, "in.json", R"([
          {"model": "m", "version": "1.10.0", "created_on": "2026-01-03T00:00:00Z", "metrics": {"auc": {"value": 0.7, "goal": "max"}}},
          {"model": "m", "version": "1.2.0", "created_on": "2026-01-01T00:00:00Z", "metrics": {"auc": {"value": 0.9, "goal": "max"}, "n": 5}},
          {"model": "m", "version": "1.9.0", "metrics": {"auc": {"value": 0.8, "goal": "max"}}, "aliases": ["production"]}])");
        INFO(mvr::test::dump(rep.problems));
        REQUIRE(session->commit());
    }
};
}  // namespace

TEST_CASE("trend: label order, goals and best so far") {
    Db db;
    ops::Trend t;
    REQUIRE(ops::loadTrend(db.r, "m", {"auc", "n"}, ops::TrendX::Order, t).empty());
    REQUIRE(t.size() == 3);
    CHECK(t.labels[0] == "1.2.0");
    CHECK(t.labels[1] == "1.9.0");
    CHECK(t.labels[2] == "1.10.0");
    CHECK(t.x == std::vector<double>{1, 2, 3});
    CHECK(t.seq == std::vector<int64_t>{2, 3, 1});
    CHECK(t.metrics[0].goal == core::Goal::Max);
    CHECK(t.metrics[0].values == std::vector<double>{0.9, 0.8, 0.7});
    CHECK(t.metrics[0].best == std::vector<double>{0.9, 0.9, 0.9});
    CHECK(t.metrics[1].goal == core::Goal::None);
    CHECK(t.metrics[1].best.empty());
    CHECK(t.metrics[1].present == 1);
    CHECK(std::isnan(t.metrics[1].values[1]));
    CHECK(t.aliasesOf(1) == std::vector<std::string>{"production"});
}

TEST_CASE("trend: by creation time, undated versions left out") {
    Db db;
    ops::Trend t;
    REQUIRE(ops::loadTrend(db.r, "m", {"auc"}, ops::TrendX::Time, t).empty());
    REQUIRE(t.size() == 2);
    CHECK(t.labels[0] == "1.2.0");
    CHECK(t.labels[1] == "1.10.0");
    CHECK(t.x[1] - t.x[0] == 2 * 86400);
    CHECK(t.undated == 1);
    CHECK(t.aliases.empty());  // production's version has no creation time
}

TEST_CASE("trend: a metric no version has is named with those there are") {
    Db db;
    ops::Trend t;
    CHECK(ops::loadTrend(db.r, "m", {"auc", "f1"}, ops::TrendX::Order, t) == "no metric \"f1\" in m (it has auc, n)");
    CHECK(ops::unknownMetric(db.r, "m", {"n"}).empty());
}
