// Rules in the registry and the alias history: rules stored with a record of each change, two rules moving one
// alias on overlapping models refused, every alias move recorded (by hand, by import, by create) with who and
// when, "who held it then", and the facts a rule reads of a model's versions.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ops/file_import.hpp"
#include "storage/registry.hpp"
#include "test_support.hpp"

using namespace mvr;
using namespace mvr::storage;
using mvr::test::TempPath;

namespace {

struct Db {
    TempPath path{"rules.db"};
    Registry r{path.str()};
};

bool import(Registry& r, const std::string& file, const std::string& text, const std::string& author = "") {
    ImportOptions opt;
    opt.author = author;
    auto s = r.beginImport(opt);
    FileReport rep = ops::importText(*s, file, text);
    INFO(mvr::test::dump(rep.problems));
    return rep.ok() && s->commit();
}

const char* kVersions = R"([
{"model":"fraud","version":1,"created_on":"2024-01-01T00:00:00Z","metrics":{"auc":{"value":0.9,"goal":"max"}},"tags":{"team":"risk"},"aliases":["production"]},
{"model":"fraud","version":2,"created_on":"2024-02-01T00:00:00Z","author":"bo","metrics":{"auc":{"value":0.93,"goal":"max"},"note":1},"tags":{"team":"risk"},"aliases":["staging"]},
{"model":"churn","version":1,"created_on":"2024-01-05T00:00:00Z","metrics":{"f1":0.7}}
])";

}  // namespace

TEST_CASE("rules storage: add, change, remove, each change recorded") {
    Db db;
    std::string text = "rule: fraud-prod\nalias: production\nmodels: fraud*\ncompare: metrics.auc better\n";
    CHECK(db.r.saveRule(text, "ana", false) == "fraud-prod");
    CHECK_THROWS_WITH(db.r.saveRule(text + "choose: newest\n", "ana", false), Catch::Contains("exists already"));
    db.r.saveRule(text, "ana", true);  // the same text: no change recorded
    db.r.saveRule(text + "choose: newest\n", "bo", true);
    StoredRule stored;
    REQUIRE(db.r.findRule("fraud-prod", stored));
    CHECK(stored.text == text + "choose: newest\n");
    CHECK(db.r.removeRule("fraud-prod", "cy"));
    CHECK_FALSE(db.r.removeRule("fraud-prod", "cy"));
    CHECK(db.r.rules().empty());
    std::vector<RuleChange> changes = db.r.ruleChanges("fraud-prod");
    REQUIRE(changes.size() == 3);
    CHECK(changes[0].action == "add");
    CHECK(changes[0].author == "ana");
    CHECK(changes[1].action == "change");
    CHECK(changes[1].author == "bo");
    CHECK(changes[2].action == "remove");
    CHECK(changes[2].text.empty());
    CHECK(core::isRfc3339(changes[2].at));
    CHECK_THROWS_WITH(db.r.saveRule("rule: x\nalias: p\n", "ana", false),
                      Catch::Contains("line 3, column 1") && Catch::Contains("a rule needs \"models: fraud-*\""));
}

TEST_CASE("rules storage: two rules moving one alias on overlapping models are refused") {
    Db db;
    db.r.saveRule("rule: a\nalias: production\nmodels: fraud-*\n", "ana", false);
    CHECK_THROWS_WITH(db.r.saveRule("rule: b\nalias: production\nmodels: *-lgbm\n", "ana", false),
                      Catch::Contains("rule b and rule a would both move \"production\""));
    db.r.saveRule("rule: b\nalias: production\nmodels: churn\n", "ana", false);
    db.r.saveRule("rule: c\nalias: staging\nmodels: *\n", "ana", false);
    // Changing a rule is checked too, against the others only.
    db.r.saveRule("rule: a\nalias: production\nmodels: fraud-*, fraud\n", "ana", true);
    CHECK_THROWS(db.r.saveRule("rule: a\nalias: production\nmodels: *\n", "ana", true));
    CHECK(db.r.rules().size() == 3);
}

TEST_CASE("alias history: by hand, by import and by create, with who and when") {
    Db db;
    REQUIRE(import(db.r, "first.json", kVersions));
    std::vector<AliasMove> h = db.r.aliasHistory("fraud");
    REQUIRE(h.size() == 2);
    CHECK(h[0].alias == "production");
    CHECK(h[0].to == "1");
    CHECK(h[0].from.empty());
    CHECK(h[0].source == "import");
    CHECK(h[0].author == "first.json");  // no author given: the file
    CHECK(core::isRfc3339(h[0].at));
    CHECK(h[1].alias == "staging");
    // The same file again moves nothing and records nothing.
    REQUIRE(import(db.r, "first.json", kVersions));
    CHECK(db.r.aliasHistory("fraud").size() == 2);
    // By hand, with an author; removing is recorded too.
    CHECK(db.r.setAlias("fraud", "production", "2", MoveContext{"ana", "hand", "", ""}) == "1");
    CHECK(db.r.setAlias("fraud", "production", "2", MoveContext{"ana", "hand", "", ""}) == "2");  // no move, no record
    CHECK(db.r.removeAlias("fraud", "staging", MoveContext{"bo", "hand", "", ""}));
    h = db.r.aliasHistory("fraud");
    REQUIRE(h.size() == 4);
    CHECK(h[2].from == "1");
    CHECK(h[2].to == "2");
    CHECK(h[2].author == "ana");
    CHECK(h[2].source == "hand");
    CHECK(h[3].alias == "staging");
    CHECK(h[3].from == "2");
    CHECK(h[3].to.empty());
    CHECK(db.r.aliasHistory("fraud", "production").size() == 2);
    // An import that moves an alias, with an author.
    REQUIRE(import(db.r, "second.json", R"({"model":"fraud","version":3,"aliases":["production"]})", "cy"));
    h = db.r.aliasHistory("fraud", "production");
    REQUIRE(h.size() == 3);
    CHECK(h[2].from == "2");
    CHECK(h[2].to == "3");
    CHECK(h[2].author == "cy");
    CHECK(db.r.aliasHistory("churn").empty());
}

TEST_CASE("alias history: who held an alias at a past time") {
    Db db;
    REQUIRE(import(db.r, "first.json", kVersions));
    db.r.addAliasMove(AliasMove{0, "2024-03-01T10:00:00Z", "fraud", "champion", "", "1", "ana", "hand", "", ""});
    db.r.addAliasMove(AliasMove{0, "2024-03-05T00:00:00Z", "fraud", "champion", "1", "2", "ana", "rule", "r", "{}"});
    db.r.addAliasMove(AliasMove{0, "2024-04-01T00:00:00Z", "fraud", "champion", "2", "", "ana", "hand", "", ""});
    CHECK(db.r.aliasAt("fraud", "champion", "2024-02-28").empty());
    CHECK(db.r.aliasAt("fraud", "champion", "2024-03-01") == "1");  // a date: the end of that day
    CHECK(db.r.aliasAt("fraud", "champion", "2024-03-01T09:59:59Z").empty());
    CHECK(db.r.aliasAt("fraud", "champion", "2024-03-05T00:00:00Z") == "2");
    CHECK(db.r.aliasAt("fraud", "champion", "2024-03-31") == "2");
    CHECK(db.r.aliasAt("fraud", "champion", "2024-04-02").empty());
}

TEST_CASE("rule facts: what a rule reads of a model's versions") {
    Db db;
    REQUIRE(import(db.r, "first.json", kVersions));
    core::Rule rule;
    std::vector<core::Diagnostic> problems;
    REQUIRE(core::parseRule("rule: r\nalias: production\nmodels: *\nrequire: tags.team = risk and author = bo\n"
                            "compare: metrics.auc better",
                            rule, problems));
    std::vector<core::VersionFacts> f = db.r.ruleFacts("fraud", rule);
    REQUIRE(f.size() == 2);
    CHECK(f[0].label == "1");
    CHECK(f[0].seq == 1);
    CHECK(f[0].aliases == std::vector<std::string>{"production"});
    CHECK(*f[1].metric("auc") == Approx(0.93));
    CHECK(f[1].metric("note") == nullptr);  // not read: the rule does not name it
    CHECK(*f[1].tag("team") == "risk");
    CHECK(f[1].author == "bo");
    CHECK(f[1].createdOn == "2024-02-01T00:00:00Z");
    CHECK_FALSE(f[1].manifest);
    auto m = db.r.manifestById(f[1].id);
    REQUIRE(m);
    CHECK(m->label == "2");
    std::vector<core::KnownModel> known = db.r.knownModels();
    REQUIRE(known.size() == 2);
    CHECK(known[1].name == "fraud");
    CHECK(known[1].metrics[0] == std::make_pair(std::string("auc"), core::Goal::Max));
    CHECK(known[1].aliases == std::vector<std::string>{"production", "staging"});
}

TEST_CASE("registry format 2: rules and history travel with an export; a bad rule imports nothing, located") {
    Db a;
    REQUIRE(import(a.r, "first.json", kVersions));
    a.r.saveRule("rule: promote\nalias: production\nmodels: fraud\ncandidates: alias staging\n", "ana", false);
    a.r.setAlias("fraud", "production", "2", MoveContext{"ci", "rule", "promote", "{\"compared_with\":\"1\"}"});
    std::string exported;
    a.r.exportTo({}, [&](std::string_view s) { exported.append(s); });
    CHECK(exported.rfind("{\"format\":\"mvr-registry\",\"format_version\":2,\"rules\":[\n{\"name\":\"promote\",", 0) == 0);
    Db b;
    REQUIRE(import(b.r, "export.json", exported));
    std::string again;
    b.r.exportTo({}, [&](std::string_view s) { again.append(s); });
    CHECK(again == exported);
    CHECK(b.r.rules().size() == 1);
    CHECK(b.r.aliasHistory("fraud", "production").back().detail == "{\"compared_with\":\"1\"}");

    std::string bad = exported;
    bad.replace(bad.find("candidates: alias staging"), 25, "candidates: alias staging and more");
    Db c;
    ImportOptions opt;
    auto s = c.r.beginImport(opt);
    FileReport rep = ops::importText(*s, "bad.json", bad);
    CHECK_FALSE(s->commit());
    REQUIRE(rep.problems.size() == 1);
    CHECK(rep.problems[0].path == "rules[0].text");
    CHECK(rep.problems[0].line == 2);
    CHECK(rep.problems[0].message.find("rule line 4, column 13: candidates: expected") == 0);
    CHECK(c.r.versionCount() == 0);
    CHECK(c.r.rules().empty());
}
