// Running rules on a registry: the dry run, one named version as a CI gate, applying (each move recorded with
// the rule and the values it compared), rules that chain (staging then production), documents read when needed.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ops/rules.hpp"
#include "ops_support.hpp"

using namespace mvr;

namespace {

struct Db : mvr::test::OpsDb {
    Db() : OpsDb("ops-rules.db") {}
};

void import(storage::Registry& r, const std::string& text) { mvr::test::importJson(r, text); }

std::string version(int label, double auc, const std::string& digest, const std::string& extra = "") {
    return "{\"model\":\"fraud\",\"version\":" + std::to_string(label) + ",\"created_on\":\"2024-0" + std::to_string(label) +
           "-01T00:00:00Z\",\"metrics\":{\"auc\":{\"value\":" + std::to_string(auc) +
           ",\"goal\":\"max\"}},\"datasets\":[{\"name\":\"validation\",\"digest\":{\"sha256\":\"" + std::string(64, digest[0]) +
           "\"}}]" + extra + "}";
}

const char* kProduction =
    "rule: promote\nalias: production\nmodels: fraud\ncandidates: alias staging\ncompare: metrics.auc better by 0.01\n"
    "same: datasets.validation.digest\n";

}  // namespace

TEST_CASE("ops rules: dry run, then apply, recorded with the rule and its values") {
    Db db;
    import(db.r, "[" + version(1, 0.90, "a", ",\"aliases\":[\"production\"]") + "," +
                     version(2, 0.95, "a", ",\"aliases\":[\"staging\"]") + "]");
    db.r.saveRule(kProduction, "ana", false);
    std::vector<core::RuleEvaluation> dry = ops::checkRules(db.r);
    REQUIRE(dry.size() == 1);
    CHECK(dry[0].holder == "1");
    REQUIRE(dry[0].candidates.size() == 1);
    CHECK(dry[0].candidates[0].passed);
    CHECK(dry[0].moves());
    CHECK(dry[0].to() == "2");
    CHECK(db.r.resolveLabel("fraud", "production") == "1");  // a dry run moves nothing

    std::vector<core::RuleEvaluation> moved = ops::applyRules(db.r, "ci");
    REQUIRE(moved.size() == 1);
    CHECK(db.r.resolveLabel("fraud", "production") == "2");
    std::vector<storage::AliasMove> h = db.r.aliasHistory("fraud", "production");
    REQUIRE(h.size() == 2);
    CHECK(h[1].source == "rule");
    CHECK(h[1].rule == "promote");
    CHECK(h[1].author == "ci");
    CHECK(h[1].from == "1");
    CHECK(h[1].to == "2");
    core::Value detail = mvr::test::json(h[1].detail);
    CHECK(mvr::test::at(detail, "compared_with").text == "1");
    const core::Value& outcomes = mvr::test::at(detail, "outcomes");
    REQUIRE(outcomes.items.size() == 2);
    CHECK(mvr::test::at(outcomes.items[0], "value").text == "0.95");
    CHECK(mvr::test::at(outcomes.items[0], "holder").text == "0.9");
    // Applying again moves nothing.
    CHECK(ops::applyRules(db.r, "ci").empty());
}

TEST_CASE("ops rules: a challenger refused, with its reasons") {
    Db db;
    import(db.r, "[" + version(1, 0.90, "a", ",\"aliases\":[\"production\"]") + "," +
                     version(2, 0.905, "b", ",\"aliases\":[\"staging\"]") + "]");
    db.r.saveRule(kProduction, "ana", false);
    std::vector<core::RuleEvaluation> dry = ops::checkRules(db.r);
    REQUIRE(dry.size() == 1);
    CHECK_FALSE(dry[0].moves());
    CHECK(dry[0].note == "no candidate passes");
    std::vector<const core::Outcome*> failed = dry[0].candidates[0].failed();
    REQUIRE(failed.size() == 2);
    CHECK(failed[0]->kind == "compare");
    CHECK(failed[1]->kind == "same");
    CHECK(failed[1]->note == "differs from 1's");
    CHECK(ops::applyRules(db.r, "ci").empty());
}

TEST_CASE("ops rules: a named version as a CI gate, candidate or not") {
    Db db;
    import(db.r, "[" + version(1, 0.90, "a", ",\"aliases\":[\"production\"]") + "," + version(2, 0.95, "a") + "," +
                     version(3, 0.80, "a") + "]");
    db.r.saveRule(kProduction, "ana", false);
    ops::RuleScope scope{"promote", "fraud", "2"};
    std::vector<core::RuleEvaluation> e = ops::checkRules(db.r, scope);
    REQUIRE(e.size() == 1);
    REQUIRE(e[0].candidates.size() == 1);
    CHECK_FALSE(e[0].candidates[0].passed);
    CHECK(e[0].candidates[0].outcomes[0].kind == "candidate");
    CHECK(e[0].candidates[0].outcomes[0].note == "2 does not hold staging");
    CHECK(e[0].candidates[0].outcomes[1].passed);  // its conditions are still shown
    db.r.setAlias("fraud", "staging", "2");
    CHECK(ops::checkRules(db.r, scope)[0].candidates[0].passed);
    scope.label = "3";
    db.r.setAlias("fraud", "staging", "3");
    CHECK_FALSE(ops::checkRules(db.r, scope)[0].candidates[0].passed);
    CHECK_THROWS_WITH(ops::checkRules(db.r, ops::RuleScope{"nope", "", ""}), Catch::Contains("no rule named nope"));
}

TEST_CASE("ops rules: rules chain within one apply, and many candidates read only the documents they need") {
    Db db;
    std::string list = "[" + version(1, 0.90, "a", ",\"aliases\":[\"production\"]");
    for (int i = 2; i <= 9; ++i) list += "," + version(i, 0.85 + 0.01 * i, i == 8 ? "a" : "c");
    import(db.r, list + "]");
    db.r.saveRule("rule: stage\nalias: staging\nmodels: fraud\ncandidates: newer\nrequire: metrics.auc >= 0.9\n"
                  "choose: best metrics.auc\n", "ana", false);
    db.r.saveRule(kProduction, "ana", false);
    std::vector<core::RuleEvaluation> moved = ops::applyRules(db.r, "ci");
    // stage picks 9 (best auc); 9 was measured on other data, so production stays; then nothing else moves.
    REQUIRE(moved.size() == 1);
    CHECK(moved[0].rule == "stage");
    CHECK(db.r.resolveLabel("fraud", "staging") == "9");
    CHECK(db.r.resolveLabel("fraud", "production") == "1");
    // Staged only when measured on production's data: newer than production's holder, compared with it.
    db.r.saveRule("rule: stage\nalias: staging\nagainst: production\nmodels: fraud\ncandidates: newer\n"
                  "require: metrics.auc >= 0.9\nsame: datasets.validation.digest\nchoose: best metrics.auc\n", "ana", true);
    moved = ops::applyRules(db.r, "ci");
    REQUIRE(moved.size() == 2);  // staging -> 8 (same data), then production -> 8 in the next pass
    CHECK(moved[0].rule == "stage");
    CHECK(moved[1].rule == "promote");
    CHECK(db.r.resolveLabel("fraud", "production") == "8");
}
