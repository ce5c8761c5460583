// Registry::modelSeries: a model's versions in arrival order as columns, each metric's values lined up with them
// (NaN where a version lacks the metric), and the versions holding aliases.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "ops/file_import.hpp"
#include "storage/registry.hpp"
#include "test_support.hpp"

using namespace mvr;

TEST_CASE("modelSeries: versions in arrival order, values lined up, aliases by version") {
    mvr::test::TempPath path("series.db");
    storage::Registry r(path.str());
    auto session = r.beginImport();
    storage::FileReport rep = ops::importText(*session, "in.json", R"([
      {"model": "m", "version": 10, "created_on": "2026-03-01T00:00:00Z", "metrics": {"auc": 0.9, "loss": 0.3}},
      {"model": "m", "version": 2, "metrics": {"auc": 0.8}, "aliases": ["production", "best"]},
      {"model": "n", "version": 1, "metrics": {"auc": 0.1}},
      {"model": "m", "version": "1.0", "metrics": {"loss": 1e-300}, "aliases": ["old"]}])");
    INFO(mvr::test::dump(rep.problems));
    REQUIRE(session->commit());

    storage::ModelSeries s = r.modelSeries("m", {"auc", "loss", "nope"});
    REQUIRE(s.ids.size() == 3);
    CHECK(s.labels[0] == "10");
    CHECK(s.labels[1] == "2");
    CHECK(s.labels[2] == "1.0");
    CHECK(s.seq == std::vector<int64_t>{1, 2, 3});
    CHECK(s.createdOn[0] == "2026-03-01T00:00:00Z");
    CHECK(s.createdOn[1].empty());
    REQUIRE(s.values.size() == 3);
    CHECK(s.values[0][0] == 0.9);
    CHECK(s.values[0][1] == 0.8);
    CHECK(std::isnan(s.values[0][2]));
    CHECK(std::isnan(s.values[1][1]));
    CHECK(s.values[1][2] == 1e-300);
    for (double v : s.values[2]) CHECK(std::isnan(v));  // a metric no version has
    using A = std::pair<uint32_t, std::string>;
    CHECK(s.aliases == std::vector<A>{{1, "best"}, {2, "old"}, {1, "production"}});

    storage::ModelSeries none = r.modelSeries("absent", {"auc"});
    CHECK(none.ids.empty());
    REQUIRE(none.values.size() == 1);
    CHECK(none.values[0].empty());
}

TEST_CASE("headline: the newest version's first metric with a goal, and the version best by it") {
    mvr::test::TempPath path("headline.db");
    storage::Registry r(path.str());
    auto session = r.beginImport();
    storage::FileReport rep = ops::importText(*session, "in.json", R"([
      {"model": "m", "version": 1, "metrics": {"loss": {"value": 0.5, "goal": "min"}, "auc": {"value": 0.7, "goal": "max"}}},
      {"model": "m", "version": 2, "metrics": {"rows": 10, "loss": {"value": 0.2, "goal": "min"}, "auc": {"value": 0.9, "goal": "max"}}},
      {"model": "m", "version": 3, "metrics": {"rows": 12, "loss": {"value": 0.2, "goal": "min"}, "auc": 0.8}},
      {"model": "plain", "version": 1, "metrics": {"rows": 1}}])");
    INFO(mvr::test::dump(rep.problems));
    REQUIRE(session->commit());
    storage::Headline h;
    REQUIRE(r.headline("m", h));
    // rows has no goal; loss comes first among those with one; 2 and 3 tie at 0.2: the newer wins.
    CHECK(h.metric == "loss");
    CHECK(h.goal == core::Goal::Min);
    CHECK(h.label == "3");
    CHECK(h.value == 0.2);
    CHECK_FALSE(r.headline("plain", h));
    CHECK_FALSE(r.headline("nope", h));
}
