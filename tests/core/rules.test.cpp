// The rule language: every keyword, the errors people make (located line:column, in words), globs and
// conflicts between rules, and the checks against what the registry knows.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/rules.hpp"

using namespace mvr::core;

namespace {

Rule ok(const std::string& text) {
    Rule r;
    std::vector<Diagnostic> problems;
    INFO(text);
    bool parsed = parseRule(text, r, problems);
    for (const Diagnostic& d : problems) INFO(d.line << ":" << d.col << " " << d.message);
    REQUIRE(parsed);
    REQUIRE(problems.empty());
    return r;
}

// The one problem of text, as "line:col message".
std::string bad(const std::string& text) {
    Rule r;
    std::vector<Diagnostic> problems;
    INFO(text);
    CHECK_FALSE(parseRule(text, r, problems));
    REQUIRE(!problems.empty());
    return std::to_string(problems[0].line) + ":" + std::to_string(problems[0].col) + " " + problems[0].message;
}

const char* kFull = R"(# Promote the fraud model when it beats production on the same data.
rule: fraud-production
alias: production
models: fraud-*, churn-xgb
candidates: alias staging
require: metrics.auc >= 0.93 and tags.approved = yes
require: datasets.validation.size > 1000
compare: metrics.auc better by 0.005 and metrics.latency_ms within 10%
compare: metrics.f1 not worse
same: datasets.validation.digest, params.features.set
choose: best metrics.auc
)";

}  // namespace

TEST_CASE("rules: a rule with every keyword") {
    Rule r = ok(kFull);
    CHECK(r.name == "fraud-production");
    CHECK(r.alias == "production");
    CHECK(r.holderAlias() == "production");
    CHECK(r.models == std::vector<std::string>{"fraud-*", "churn-xgb"});
    CHECK(r.candidates == CandidateKind::Alias);
    CHECK(r.candidateAlias == "staging");
    REQUIRE(r.requires.size() == 3);
    CHECK(r.requires[0].cond.field == FilterField::Metric);
    CHECK(r.requires[0].cond.key == "auc");
    CHECK(r.requires[0].cond.op == FilterOp::Ge);
    CHECK(r.requires[0].place.line == 6);
    CHECK(r.requires[0].place.col == 10);
    CHECK(r.requires[1].cond.field == FilterField::Tag);
    CHECK(r.requires[1].place.text == "tags.approved = yes");
    CHECK(r.requires[1].place.col == 34);
    CHECK(r.requires[2].cond.field == FilterField::Dataset);
    CHECK(r.requires[2].cond.key == "validation");
    CHECK(r.requires[2].cond.sub == "size");
    REQUIRE(r.compares.size() == 3);
    CHECK(r.compares[0].metric == "auc");
    CHECK(r.compares[0].kind == CompareKind::Better);
    CHECK(r.compares[0].margin == Approx(0.005));
    CHECK_FALSE(r.compares[0].relative);
    CHECK(r.compares[1].kind == CompareKind::Within);
    CHECK(r.compares[1].relative);
    CHECK(r.compares[1].margin == Approx(0.1));
    CHECK(r.compares[2].kind == CompareKind::NotWorse);
    REQUIRE(r.guards.size() == 2);
    CHECK(r.guards[0].field.field == FilterField::Dataset);
    CHECK(r.guards[0].field.sub == "digest");
    CHECK(r.guards[1].field.field == FilterField::Param);
    CHECK(r.choose == ChooseKind::Best);
    CHECK(r.chooseMetric == "auc");
    CHECK(r.readsDocuments());
    CHECK(r.metrics() == std::vector<std::string>{"auc", "latency_ms", "f1"});
    CHECK(r.tags() == std::vector<std::string>{"approved"});
    CHECK(r.appliesTo("fraud-lgbm"));
    CHECK(r.appliesTo("churn-xgb"));
    CHECK_FALSE(r.appliesTo("churn-xgb2"));
}

TEST_CASE("rules: defaults and the small forms") {
    Rule r = ok("rule: r\nalias: staging\nmodels: *\n");
    CHECK(r.candidates == CandidateKind::Newer);
    CHECK(r.choose == ChooseKind::Newest);
    CHECK_FALSE(r.readsDocuments());
    Rule a = ok("rule: r\r\nalias: champion\r\nagainst: production\r\nmodels: m\r\ncandidates: all\r\nchoose: newest  # comment\r\n");
    CHECK(a.holderAlias() == "production");
    CHECK(a.candidates == CandidateKind::All);
    Rule b = ok("  rule :  x  \nalias: p\nmodels: m\ncompare: metrics.loss better\nchoose: best loss");
    CHECK(b.name == "x");
    CHECK(b.compares[0].margin == 0);
    CHECK(b.chooseMetric == "loss");
}

TEST_CASE("rules: errors are located and say what to write") {
    CHECK(bad("rule: r\nalias: p\nmodels: m\nrequires: metrics.auc > 1") ==
          "4:1 unknown keyword \"requires\" (did you mean \"require\"?) (keywords: rule, alias, models, candidates, against, "
          "require, compare, same, choose)");
    CHECK(bad("rule: r\nalias p\nmodels: m") == "2:1 \"alias\" needs a ':' after it (alias: ...)");
    CHECK(bad("rule: r\nalias: p\nmodels: m\nrequire: metrics.auc > high") ==
          "4:10 require: metric auc compares with a number, got \"high\"");
    CHECK(bad("rule: r\nalias: p\nmodels: m\nrequire: metrics.auc > 0.9 and bogus.x = 1").find(
              "4:32 require: unknown field \"bogus.x\"") == 0);
    CHECK(bad("rule: r\nalias: p\nmodels: m\nrequire: fast") .find("4:10 require: \"fast\" is not a condition") == 0);
    CHECK(bad("rule: r\nalias: p\nmodels: m\ncompare: metrics.auc bigger") .find("4:22 compare: cannot read \"bigger\"") == 0);
    CHECK(bad("rule: r\nalias: p\nmodels: m\ncompare: metrics.auc better by lots") ==
          "4:32 compare: the margin \"lots\" is not a number >= 0 (0.01, or 2%)");
    CHECK(bad("rule: r\nalias: p\nmodels: m\ncompare: auc better").find("4:10 compare: expected a metric") == 0);
    CHECK(bad("rule: r\nalias: p\nmodels: m\nsame: datasets.val.hash").find("4:7 same: \"datasets.val.hash\": write") == 0);
    CHECK(bad("rule: r\nalias: p\nmodels: m\nsame: created_on").find("4:7 same: created_on always differs") == 0);
    CHECK(bad("rule: r\nalias: p\nmodels: m\ncandidates: some").find("4:13 candidates: expected") == 0);
    CHECK(bad("rule: r\nalias: p\nmodels: m\ncandidates: alias p").find("candidates: alias p names the alias") != std::string::npos);
    CHECK(bad("rule: r\nalias: p\nmodels: m\nchoose: fastest").find("4:9 choose: expected") == 0);
    CHECK(bad("rule: r\nalias: latest\nmodels: m").find("2:8 alias: \"latest\" is not an alias name") == 0);
    CHECK(bad("rule: r s\nalias: p\nmodels: m").find("1:8 a rule's name is letters") == 0);
    CHECK(bad("rule: r\nalias: p\nalias: q\nmodels: m") == "3:1 alias: is given twice (first on line 2)");
    CHECK(bad("rule: r\nalias: p\nmodels:") == "3:8 models: needs a value");
    CHECK(bad("rule: r\nmodels: m\n").find("3:1 a rule needs \"alias: production\"") == 0);
    CHECK(bad("rule: r\nalias: p\nmodels: m@1").find("3:10 models: a model name or glob cannot hold '@'") == 0);
    CHECK(bad("rule: r\nalias: p\nmodels: m\nrequire: metrics.auc > 1 and").find("4:10 require:") == 0);
    CHECK(bad("").find("1:1 a rule needs \"rule:") == 0);
    // Every problem is reported, not only the first.
    Rule r;
    std::vector<Diagnostic> problems;
    CHECK_FALSE(parseRule("rule: r\nalias: p\nmodels: m\nbogus: 1\nchoose: x\n", r, problems));
    CHECK(problems.size() == 2);
}

TEST_CASE("rules: globs and when two rules conflict") {
    CHECK(globMatch("fraud-*", "fraud-lgbm"));
    CHECK(globMatch("*", ""));
    CHECK(globMatch("a?c*", "abcdef"));
    CHECK_FALSE(globMatch("a?c", "ac"));
    CHECK(globMatch("*-gbm", "credit-risk-gbm"));
    CHECK_FALSE(globMatch("*-gbm", "credit-risk-gbm2"));
    CHECK(globsOverlap("fraud-*", "*-lgbm"));
    CHECK(globsOverlap("*x", "y*"));
    CHECK(globsOverlap("a*", "a"));
    CHECK_FALSE(globsOverlap("a*", "b*"));
    CHECK_FALSE(globsOverlap("*a", "*b"));
    CHECK_FALSE(globsOverlap("a?", "abc"));
    CHECK(globsOverlap("a??", "*c"));
    CHECK(globsOverlap("m", "m"));
    Rule a = ok("rule: a\nalias: production\nmodels: fraud-*");
    Rule b = ok("rule: b\nalias: production\nmodels: churn, *-lgbm");
    Rule c = ok("rule: c\nalias: staging\nmodels: fraud-*");
    Rule d = ok("rule: d\nalias: production\nmodels: churn");
    CHECK(rulesConflict(a, b).find("rule a and rule b would both move \"production\" on models matching both fraud-* and *-lgbm") == 0);
    CHECK(rulesConflict(a, c).empty());
    CHECK(rulesConflict(a, d).empty());
    CHECK(rulesConflict(b, d).find("on models churn") != std::string::npos);
}

TEST_CASE("rules: checked against what the registry knows") {
    std::vector<KnownModel> known = {
        {"fraud-lgbm", {{"auc", Goal::Max}, {"latency_ms", Goal::Min}, {"note", Goal::None}}, {"production", "staging"}},
        {"churn", {{"auc", Goal::None}}, {}}};
    std::vector<Diagnostic> problems;
    CHECK(checkRuleAgainst(ok("rule: r\nalias: production\nmodels: fraud-*\ncandidates: alias staging\n"
                              "compare: metrics.auc better\nrequire: metrics.recall > 0.5"),
                           known, problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == "rule-warning");
    CHECK(problems[0].line == 6);
    CHECK(problems[0].message.find("metrics.recall") != std::string::npos);

    problems.clear();
    CHECK_FALSE(checkRuleAgainst(ok("rule: r\nalias: production\nmodels: *\ncompare: metrics.note not worse"), known, problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == "rule");
    CHECK(problems[0].line == 4);
    CHECK(problems[0].message.find("metrics.note has no goal") == 0);
    CHECK(problems[0].message.find("\"goal\": \"max\"") != std::string::npos);

    // A goal stated by some version of some matched model is enough.
    problems.clear();
    CHECK(checkRuleAgainst(ok("rule: r\nalias: production\nmodels: *\nchoose: best metrics.auc"), known, problems));
    CHECK(problems.empty());

    problems.clear();
    CHECK(checkRuleAgainst(ok("rule: r\nalias: production\nmodels: churn\ncandidates: alias qa"), known, problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message.find("the alias \"qa\"") != std::string::npos);

    problems.clear();
    CHECK(checkRuleAgainst(ok("rule: r\nalias: production\nmodels: nope-*"), known, problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message.find("no model in the registry matches nope-*") == 0);
}
