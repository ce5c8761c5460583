// Evaluating rules: candidates, each condition's outcome with its values, comparisons by goal and margin,
// guards, the choice, and that one candidate is checked well under a millisecond.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/rule_eval.hpp"
#include "test_support.hpp"

using namespace mvr::core;

namespace {

Rule rule(const std::string& text) {
    Rule r;
    std::vector<Diagnostic> problems;
    REQUIRE(parseRule(text, r, problems));
    return r;
}

VersionFacts facts(const std::string& manifestText, int64_t seq) {
    auto m = std::make_shared<Manifest>(mvr::test::manifest(manifestText));
    return VersionFacts::of(m, seq, seq);
}

Goal goals(const std::string& metric) {
    if (metric == "auc") return Goal::Max;
    if (metric == "latency_ms") return Goal::Min;
    return Goal::None;
}

std::string v(int label, double auc, double latency, const std::string& extra = "") {
    return "{\"model\":\"m\",\"version\":" + std::to_string(label) + ",\"created_on\":\"2024-0" + std::to_string(label) +
           "-01T00:00:00Z\",\"metrics\":{\"auc\":" + std::to_string(auc) + ",\"latency_ms\":" + std::to_string(latency) +
           "},\"datasets\":[{\"name\":\"validation\",\"uri\":\"s3://v\",\"digest\":{\"sha256\":\"" + std::string(64, 'a') +
           "\"}}]" + extra + "}";
}

}  // namespace

TEST_CASE("rule eval: comparisons with the holder by goal and margin") {
    VersionFacts holder = facts(v(1, 0.90, 20), 1);
    auto outcome = [&](const std::string& compare, double auc, double latency) {
        Rule r = rule("rule: r\nalias: production\nmodels: m\ncompare: " + compare);
        VersionFacts c = facts(v(2, auc, latency), 2);
        CandidateVerdict verdict = checkCandidate(r, c, &holder, goals);
        REQUIRE(verdict.outcomes.size() == 1);
        return verdict.outcomes[0];
    };
    CHECK(outcome("metrics.auc better", 0.91, 20).passed);
    CHECK_FALSE(outcome("metrics.auc better", 0.90, 20).passed);
    CHECK(outcome("metrics.auc not worse", 0.90, 20).passed);
    CHECK_FALSE(outcome("metrics.auc not worse", 0.89, 20).passed);
    // Decimal margins hold exactly at the boundary (0.91 - 0.90 is a hair under 0.01 in binary).
    CHECK(outcome("metrics.auc better by 0.01", 0.91, 20).passed);
    CHECK_FALSE(outcome("metrics.auc better by 0.01", 0.905, 20).passed);
    CHECK(outcome("metrics.auc better by 1%", 0.909, 20).passed);
    CHECK_FALSE(outcome("metrics.auc better by 1%", 0.908, 20).passed);
    // Lower is better for latency: 21 is worse, within 10% of 20 is up to 22.
    CHECK_FALSE(outcome("metrics.latency_ms better", 21, 21).passed);
    CHECK(outcome("metrics.latency_ms better", 0.9, 19).passed);
    CHECK(outcome("metrics.latency_ms within 10%", 0.9, 22).passed);
    CHECK_FALSE(outcome("metrics.latency_ms within 10%", 0.9, 22.5).passed);
    CHECK(outcome("metrics.latency_ms within 2", 0.9, 22).passed);
    Outcome o = outcome("metrics.auc better by 0.02", 0.91, 20);
    CHECK(o.value == "0.91");
    CHECK(o.holder == "0.9");
    CHECK(o.note == "+0.01 (higher is better), needs at least +0.02");
    CHECK(o.kind == "compare");
    CHECK(o.condition == "metrics.auc better by 0.02");
}

TEST_CASE("rule eval: a metric without goal, or missing, fails that candidate and says why") {
    VersionFacts holder = facts(v(1, 0.9, 20, ",\"tags\":{\"x\":\"1\"}"), 1);
    Rule r = rule("rule: r\nalias: production\nmodels: m\ncompare: metrics.recall better\nrequire: metrics.f1 > 0.5");
    CandidateVerdict verdict = checkCandidate(r, facts(v(2, 0.95, 20), 2), &holder, goals);
    CHECK_FALSE(verdict.passed);
    REQUIRE(verdict.failed().size() == 2);
    CHECK(verdict.outcomes[0].note == "this version has no metrics.f1");
    CHECK(verdict.outcomes[1].note == "this version has no metrics.recall");
    // Present on both but with no goal.
    auto both = std::string(",\"tags\":{}");
    Rule g = rule("rule: r\nalias: production\nmodels: m\ncompare: metrics.f1 better");
    VersionFacts h2 = facts("{\"model\":\"m\",\"version\":1,\"metrics\":{\"f1\":0.5}}", 1);
    CandidateVerdict v2 = checkCandidate(g, facts("{\"model\":\"m\",\"version\":2,\"metrics\":{\"f1\":0.6}}", 2), &h2, goals);
    CHECK_FALSE(v2.passed);
    CHECK(v2.outcomes[0].note.find("metrics.f1 has no goal") == 0);
}

TEST_CASE("rule eval: absolute conditions on metrics, tags, params, datasets and fields") {
    VersionFacts c = facts(v(3, 0.95, 20, ",\"author\":\"ana\",\"params\":{\"opt\":{\"lr\":0.001,\"name\":\"adam\"},\"layers\":[64,32]},"
                                          "\"tags\":{\"approved\":\"yes\",\"n\":\"10\"},\"aliases\":[\"staging\"]"),
                           3);
    auto passes = [&](const std::string& require) {
        Rule r = rule("rule: r\nalias: production\nmodels: m\nrequire: " + require);
        CandidateVerdict verdict = checkCandidate(r, c, nullptr, goals);
        return verdict.passed;
    };
    CHECK(passes("metrics.auc >= 0.95"));
    CHECK_FALSE(passes("metrics.auc > 0.95"));
    CHECK(passes("tags.approved = yes"));
    CHECK_FALSE(passes("tags.approved = no"));
    CHECK(passes("tags.n > 9"));  // numbers by value: "10" > "9"
    CHECK(passes("params.opt.lr <= 0.001"));
    CHECK(passes("params.opt.name = adam"));
    CHECK(passes("params.layers[1] = 32"));
    CHECK_FALSE(passes("params.opt.momentum = 0.9"));
    CHECK(passes("datasets.validation.uri = s3://v"));
    CHECK(passes("datasets.validation.digest = sha256:" + std::string(64, 'a')));
    CHECK(passes("alias = staging"));
    CHECK(passes("alias != production"));
    CHECK(passes("author ~ AN"));
    CHECK(passes("version > 2"));
    CHECK(passes("created_on >= 2024-03-01"));
    Rule r = rule("rule: r\nalias: production\nmodels: m\nrequire: metrics.auc >= 0.97 and tags.approved = yes");
    CandidateVerdict verdict = checkCandidate(r, c, nullptr, goals);
    CHECK(verdict.outcomes[0].value == "0.95");
    CHECK_FALSE(verdict.outcomes[0].passed);
    CHECK(verdict.outcomes[1].value == "yes");
    CHECK(verdict.outcomes[1].passed);
    // Without its document, a params condition is skipped (not read), never passed.
    VersionFacts light = c;
    light.manifest.reset();
    Rule p = rule("rule: r\nalias: production\nmodels: m\nrequire: params.opt.lr <= 0.001");
    CandidateVerdict lv = checkCandidate(p, light, nullptr, goals);
    CHECK_FALSE(lv.passed);
    CHECK(lv.outcomes[0].skipped);
}

TEST_CASE("rule eval: guards against the holder") {
    VersionFacts holder = facts(v(1, 0.9, 20), 1);
    Rule r = rule("rule: r\nalias: production\nmodels: m\nsame: datasets.validation.digest");
    CHECK(checkCandidate(r, facts(v(2, 0.95, 20), 2), &holder, goals).passed);
    std::string other = v(2, 0.95, 20);
    other.replace(other.find(std::string(64, 'a')), 64, std::string(64, 'b'));
    CandidateVerdict verdict = checkCandidate(r, facts(other, 2), &holder, goals);
    CHECK_FALSE(verdict.passed);
    CHECK(verdict.outcomes[0].note == "differs from 1's");
    CHECK(verdict.outcomes[0].value == "sha256:" + std::string(64, 'b'));
    CHECK(verdict.outcomes[0].holder == "sha256:" + std::string(64, 'a'));
    // No holder yet: nothing to compare with, so comparisons and guards pass and say so.
    CandidateVerdict first = checkCandidate(r, facts(other, 2), nullptr, goals);
    CHECK(first.passed);
    CHECK(first.outcomes[0].note == "no version to compare with");
}

TEST_CASE("rule eval: candidates and the choice") {
    std::vector<VersionFacts> versions;
    versions.push_back(facts(v(1, 0.90, 20, ",\"aliases\":[\"production\"]"), 1));
    versions.push_back(facts(v(2, 0.96, 20), 2));
    versions.push_back(facts(v(3, 0.94, 20, ",\"aliases\":[\"staging\"]"), 3));
    versions.push_back(facts(v(4, 0.80, 20), 4));
    const VersionFacts* holder = &versions[0];
    auto run = [&](const std::string& extra) {
        return evaluateRule(rule("rule: r\nalias: production\nmodels: m\ncompare: metrics.auc better\n" + extra), "m",
                            versions, holder, holder, goals);
    };
    RuleEvaluation newer = run("");
    REQUIRE(newer.candidates.size() == 3);
    CHECK(newer.to() == "3");  // the newest that passes (4 is worse than the holder)
    CHECK(newer.moves());
    CHECK(newer.note == "3 takes production from 1");
    RuleEvaluation best = run("choose: best metrics.auc");
    CHECK(best.to() == "2");
    RuleEvaluation staged = run("candidates: alias staging");
    REQUIRE(staged.candidates.size() == 1);
    CHECK(staged.to() == "3");
    RuleEvaluation none = run("candidates: alias staging\nrequire: metrics.auc > 0.95");
    CHECK_FALSE(none.moves());
    CHECK(none.chosen == -1);
    CHECK(none.note == "no candidate passes");
    // The holder is never its own challenger; with no holder every version is a candidate.
    RuleEvaluation all = evaluateRule(rule("rule: r\nalias: production\nmodels: m\ncandidates: all\nchoose: best metrics.auc"),
                                      "m", versions, nullptr, nullptr, goals);
    CHECK(all.candidates.size() == 4);
    CHECK(all.to() == "2");
    Value json = outcomesToJson(newer.candidates[0].outcomes);
    CHECK(toCanonical(json) ==
          "[{\"kind\":\"compare\",\"condition\":\"metrics.auc better\",\"passed\":true,\"value\":\"0.96\",\"holder\":\"0.9\","
          "\"note\":\"+0.06 (higher is better), needs > 0\"}]");
}

TEST_CASE("rule eval: one candidate against one rule takes well under a millisecond") {
    Rule r = rule(
        "rule: r\nalias: production\nmodels: m\nrequire: metrics.auc >= 0.5 and datasets.validation.uri ~ s3\n"
        "compare: metrics.auc better by 1% and metrics.latency_ms within 10%\nsame: datasets.validation.digest\n");
    VersionFacts holder = facts(v(1, 0.9, 20), 1);
    VersionFacts c = facts(v(2, 0.95, 19), 2);
    const int n = 2000;
    auto t0 = std::chrono::steady_clock::now();
    size_t passed = 0;
    for (int i = 0; i < n; ++i) passed += checkCandidate(r, c, &holder, goals).passed ? 1 : 0;
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / n;
    CHECK(passed == static_cast<size_t>(n));
    INFO("per check: " << ms << " ms");
    CHECK(ms < 1.0);
}
