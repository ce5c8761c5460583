// mvr trend, best and plot run in-process: versions in label order (not arrival order) or by creation time,
// missing values, best so far, the leaderboard by goal with --where, --top and --max/--min, and the errors (exit
// codes 1 and 2, messages naming what is wrong, no file written). tests/cli/plot_svg.test.py parses the SVG as XML.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "run_cli.hpp"
#include "test_support.hpp"

using namespace mvr;
using nlohmann::json;

namespace {

using Ran = mvr::test::CliResult;

// A registry of its own holding kVersions; mvr runs on it with --db.
class Registry {
public:
    explicit Registry(const std::string& manifests) {
        REQUIRE(mvr::test::writeText(m_file.str(), manifests));
        Ran r = mvr({"import", m_file.str()});
        REQUIRE(r.code == 0);
    }
    Ran mvr(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", m_db.str()});
        return mvr::test::runCli(args);
    }
    json mvrJson(std::vector<std::string> args) {
        args.push_back("--json");
        Ran r = mvr(args);
        INFO(r.err);
        REQUIRE(r.code == 0);
        return json::parse(r.out);
    }

private:
    mvr::test::TempPath m_db{"monitoring.db"}, m_file{"monitoring.json"};
};

// Labels 10, 1, 2 arrive in that order; version 2 has no latency and no creation time; 1 holds production.
const char* const kVersions = R"([
 {"model": "m", "version": 10, "created_on": "2026-03-01T00:00:00Z",
  "metrics": {"auc": {"value": 0.93, "goal": "max"}, "latency": {"value": 12, "goal": "min"}, "rows": 300}},
 {"model": "m", "version": 1, "created_on": "2026-01-01T00:00:00Z", "aliases": ["production"],
  "metrics": {"auc": {"value": 0.9, "goal": "max"}, "latency": {"value": 10, "goal": "min"}, "rows": 100}, "tags": {"team": "a"}},
 {"model": "m", "version": 2, "metrics": {"auc": {"value": 0.88, "goal": "max"}, "rows": 200}, "tags": {"team": "b"}},
 {"model": "other", "version": 1}
])";

std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream is(s);
    for (std::string l; std::getline(is, l);) out.push_back(l);
    return out;
}

size_t count(const std::string& s, const std::string& what) {
    size_t n = 0;
    for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("trend: versions in label order with missing values and the best so far") {
    Registry r(kVersions);
    json t = r.mvrJson({"trend", "m", "auc", "latency", "rows"});
    CHECK(t["x"] == "seq");
    REQUIRE(t["versions"].size() == 3);
    std::vector<std::string> order;
    for (const auto& v : t["versions"]) order.push_back(v["version"]);
    CHECK(order == std::vector<std::string>{"1", "2", "10"});
    const json& v2 = t["versions"][1];
    CHECK(v2["x"] == 2);
    CHECK(v2["seq"] == 3);
    CHECK(v2["created_on"].is_null());
    CHECK(v2["values"]["latency"].is_null());
    CHECK(v2["values"]["auc"] == 0.88);
    CHECK(v2["best"]["auc"] == 0.9);       // running max
    CHECK(v2["best"]["latency"] == 10);    // carried over the missing value
    CHECK(!v2["best"].contains("rows"));   // no goal, no best
    CHECK(t["versions"][2]["best"]["auc"] == 0.93);
    CHECK(t["versions"][0]["aliases"] == json::array({"production"}));
    CHECK(t["metrics"][1] == json({{"name", "latency"}, {"goal", "min"}, {"versions_with", 2}}));
    CHECK(t["metrics"][2]["goal"].is_null());

    Ran csv = r.mvr({"trend", "m", "auc", "latency", "--csv"});
    REQUIRE(csv.code == 0);
    CHECK(lines(csv.out) == std::vector<std::string>{
                                "version,seq,created_on,aliases,auc,best(auc),latency,best(latency)",
                                "1,2,2026-01-01T00:00:00Z,production,0.9,0.9,10,10",
                                "2,3,,,0.88,0.9,,10",
                                "10,1,2026-03-01T00:00:00Z,,0.93,0.93,12,10",
                            });
    Ran table = r.mvr({"trend", "m", "rows"});
    REQUIRE(table.code == 0);
    CHECK(table.out.find("3 versions of m in version order; rows: 3 values (no goal)") != std::string::npos);
}

TEST_CASE("trend: by creation time, versions without one are left out and counted") {
    Registry r(kVersions);
    Ran t = r.mvr({"trend", "m", "auc", "--x", "time", "--json"});
    REQUIRE(t.code == 0);
    json j = json::parse(t.out);
    REQUIRE(j["versions"].size() == 2);
    CHECK(j["versions"][0]["version"] == "1");
    CHECK(j["versions"][1]["version"] == "10");
    CHECK(j["versions"][1]["x"] == 1772323200);
    CHECK(j["undated"] == 1);
    CHECK(t.err.find("1 version without a creation time left out") != std::string::npos);
}

TEST_CASE("trend: errors name what is wrong") {
    Registry r(kVersions);
    Ran noModel = r.mvr({"trend", "nope", "auc"});
    CHECK(noModel.code == 1);
    CHECK(noModel.err.find("no model \"nope\"") != std::string::npos);
    Ran noMetric = r.mvr({"trend", "m", "auc", "f1"});
    CHECK(noMetric.code == 1);
    CHECK(noMetric.err.find("no metric \"f1\" in m (it has auc, latency, rows)") != std::string::npos);
    Ran none = r.mvr({"trend", "other", "auc"});
    CHECK(none.code == 1);
    CHECK(none.err.find("its versions have no metrics") != std::string::npos);
    CHECK(r.mvr({"trend", "m"}).code == 2);
    CHECK(r.mvr({"trend", "m", "auc", "--x", "steps"}).code == 2);
    CHECK(r.mvr({"trend", "m", "auc", "--csv", "--json"}).code == 2);
}

TEST_CASE("best: the leaderboard by the metric's goal, --where, --top, and versions without it counted") {
    Registry r(kVersions);
    json b = r.mvrJson({"best", "m", "--metric", "latency"});
    CHECK(b["goal"] == "min");
    REQUIRE(b["versions"].size() == 2);
    CHECK(b["versions"][0]["version"] == "1");
    CHECK(b["versions"][0]["rank"] == 1);
    CHECK(b["versions"][0]["aliases"] == json::array({"production"}));
    CHECK(b["versions"][1]["version"] == "10");
    CHECK(b["without_metric"] == 1);
    json auc = r.mvrJson({"best", "m", "--metric", "auc", "--top", "2"});
    CHECK(auc["versions"].size() == 2);
    CHECK(auc["versions"][0]["version"] == "10");
    CHECK(auc["versions"][1]["version"] == "1");
    CHECK(auc["matched"] == 3);
    json one = r.mvrJson({"best", "m", "--metric", "auc", "--where", "tags.team = b"});
    REQUIRE(one["versions"].size() == 1);
    CHECK(one["versions"][0]["version"] == "2");
    json rows = r.mvrJson({"best", "m", "--metric", "rows", "--min"});
    CHECK(rows["versions"][0]["version"] == "1");
    json rowsMax = r.mvrJson({"best", "m", "--metric", "auc", "--min"});  // --min overrides the goal
    CHECK(rowsMax["versions"][0]["version"] == "2");

    Ran text = r.mvr({"best", "m", "--metric", "latency"});
    REQUIRE(text.code == 0);
    CHECK(text.out.find("top 2 of 2 versions by latency (min); 1 version without latency left out") != std::string::npos);
}

TEST_CASE("best: usage errors and failures") {
    Registry r(kVersions);
    Ran noGoal = r.mvr({"best", "m", "--metric", "rows"});
    CHECK(noGoal.code == 2);
    CHECK(noGoal.err.find("\"rows\" of m has no goal: say --max or --min") != std::string::npos);
    CHECK(r.mvr({"best", "m"}).code == 2);
    CHECK(r.mvr({"best", "m", "--metric", "auc", "--max", "--min"}).code == 2);
    CHECK(r.mvr({"best", "m", "--metric", "auc", "--top", "0"}).code == 2);
    CHECK(r.mvr({"best", "m", "--metric", "auc", "--top", "3x"}).code == 2);
    CHECK(r.mvr({"best", "m", "--metric", "auc", "--where", "metrics.auc >"}).code == 2);
    Ran noMetric = r.mvr({"best", "m", "--metric", "f1"});
    CHECK(noMetric.code == 1);
    CHECK(noMetric.err.find("no metric \"f1\" in m") != std::string::npos);
    CHECK(r.mvr({"best", "nope", "--metric", "auc"}).code == 1);
}

TEST_CASE("plot: an SVG with a panel per metric, markers, aliases and best so far; bad input writes nothing") {
    Registry r(kVersions);
    mvr::test::TempPath svg("trend.svg");
    Ran ok = r.mvr({"plot", "m", "auc", "latency", "rows", "-o", svg.str()});
    REQUIRE(ok.code == 0);
    CHECK(ok.err == "wrote " + svg.str() + " (3 panels, 3 versions)\n");
    std::string text;
    REQUIRE(mvr::test::readText(svg.str(), text));
    CHECK(text.rfind("<?xml", 0) == 0);
    CHECK(count(text, "<g class=\"panel\"") == 3);
    CHECK(count(text, "class=\"point\"") == 3 + 2 + 3);      // the versions that have each metric
    CHECK(count(text, "class=\"best\"") == 2);               // auc and latency have goals
    CHECK(count(text, "class=\"alias-label\"") == 3);
    CHECK(count(text, ">production</text>") == 3);
    CHECK(count(text, "class=\"alias-point\"") == 3);        // version 1 has all three
    CHECK(count(text, "<path class=\"line\"") == 3);
    CHECK(text.find("m@2: auc = 0.88") != std::string::npos);
    CHECK(text.find(">10</text>") != std::string::npos);      // x ticks name the versions

    // Errors: nothing written, an existing file left as it was.
    REQUIRE(mvr::test::writeText(svg.str(), "before"));
    Ran noMetric = r.mvr({"plot", "m", "auc", "f1", "-o", svg.str()});
    CHECK(noMetric.code == 1);
    CHECK(noMetric.err.find("no metric \"f1\"") != std::string::npos);
    CHECK(r.mvr({"plot", "m", "auc"}).code == 2);                                       // no -o
    CHECK(r.mvr({"plot", "m", "auc", "-o", svg.str(), "--width", "10"}).code == 2);
    CHECK(r.mvr({"plot", "m", "auc", "latency", "-o", svg.str(), "--height", "150"}).code == 2);
    CHECK(r.mvr({"plot", "nope", "auc", "-o", svg.str()}).code == 1);
    std::string after;
    REQUIRE(mvr::test::readText(svg.str(), after));
    CHECK(after == "before");
    // -o - prints the SVG.
    Ran out = r.mvr({"plot", "m", "auc", "-o", "-"});
    CHECK(out.code == 0);
    CHECK(count(out.out, "class=\"point\"") == 3);
}

TEST_CASE("plot: a log scale refuses values of 0 or less, naming the version") {
    Registry r(R"([{"model": "z", "version": 1, "metrics": {"loss": 0.5}}, {"model": "z", "version": 2, "metrics": {"loss": 0}}])");
    mvr::test::TempPath svg("log.svg");
    Ran bad = r.mvr({"plot", "z", "loss", "--log", "-o", svg.str()});
    CHECK(bad.code == 1);
    CHECK(bad.err.find("--log: loss of z@2 is 0") != std::string::npos);
    CHECK(!mvr::test::fileExists(svg.str()));
    CHECK(r.mvr({"plot", "z", "loss", "-o", svg.str()}).code == 0);
}

TEST_CASE("plot: a long series is drawn from its M4 reduction, without markers") {
    std::string manifests = "[";
    for (int i = 1; i <= 3000; ++i)
        manifests += std::string(i > 1 ? "," : "") + "{\"model\": \"long\", \"version\": " + std::to_string(i) +
                     ", \"metrics\": {\"loss\": {\"value\": " + std::to_string((i * 7919) % 1000 / 1000.0) + ", \"goal\": \"min\"}}}";
    Registry r(manifests + "]");
    Ran out = r.mvr({"plot", "long", "loss", "-o", "-", "--width", "300"});
    REQUIRE(out.code == 0);
    size_t at = out.out.find("<path class=\"line\"");
    REQUIRE(at != std::string::npos);
    std::string d = out.out.substr(at, out.out.find("/>", at) - at);
    size_t vertices = count(d, " L") + count(d, "M");
    INFO(vertices << " vertices");
    CHECK(vertices >= 2 * 200);
    CHECK(vertices <= 4 * (300 - 100));  // 4 a column of the 200-pixel plot area at most
    CHECK(count(out.out, "class=\"point\"") == 0);
}
