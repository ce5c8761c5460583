// Making a version by hand (ops/create, what `mvr create` and the app's form both call): labels chosen or numbered,
// every problem located and nothing stored while there is one, parents checked (an alias resolved to its label, a
// parent in another model), the copy of an existing version for "New version from this one".
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/json_value.hpp"
#include "ops/create.hpp"
#include "ops_support.hpp"

using namespace mvr;

namespace {

struct Db : mvr::test::OpsDb {
    Db() : OpsDb("ops-create.db") {}
};

void import(storage::Registry& r, const std::string& text) { mvr::test::importJson(r, text); }

const core::Diagnostic* problemAt(const ops::Draft& d, const std::string& path) {
    for (const core::Diagnostic& x : d.problems.items())
        if (x.path == path) return &x;
    return nullptr;
}

}  // namespace

TEST_CASE("ops create: the next number, or a free label that is typed") {
    Db db;
    import(db.r, R"([{"model":"m","version":1},{"model":"m","version":"v2","aliases":["production"]}])");
    ops::NewVersion v;
    v.model = "m";
    ops::Draft d;
    REQUIRE(ops::createVersion(db.r, v, "ana", d));
    CHECK(d.label == "2");
    CHECK(d.doc.find("version")->isNumber());
    CHECK(core::isRfc3339(d.doc.find("created_on")->text));

    v.label = "candidate-7";
    REQUIRE(ops::createVersion(db.r, v, "ana", d));
    core::Manifest m;
    REQUIRE(db.r.load("m", "candidate-7", m));
    CHECK(m.label == "candidate-7");
    CHECK_FALSE(m.labelIsInteger);
    CHECK(db.r.versionCount() == 4);

    // A label in use, an alias's name and "latest" are refused, each at "version".
    for (std::string taken : {"v2", "production", "latest"}) {
        v.label = taken;
        ops::Draft bad = ops::draftVersion(db.r, v);
        INFO(taken << ": " << mvr::test::dump(bad.problems.items()));
        REQUIRE(problemAt(bad, "version"));
    }
    v.label = "v2";
    CHECK_THAT(ops::draftVersion(db.r, v).problems.items()[0].message,
               Catch::Contains("m@v2 exists already") && Catch::Contains("leave it empty for 3"));
    CHECK_FALSE(ops::createVersion(db.r, v, "ana", d));
    CHECK(db.r.versionCount() == 4);
}

TEST_CASE("ops create: every problem at once, located, and nothing stored") {
    Db db;
    import(db.r, R"([{"model":"m","version":1}])");
    ops::NewVersion v;
    v.model = "m";
    v.params = "{\n  \"lr\": 0.1,\n  \"layers\": [64, 32,]\n}";
    v.metrics = {{"auc", "0.9", "max"}, {"loss", "low", ""}, {"f1", "0.5", "up"}, {"auc", "0.8", ""}, {"", "1", ""}};
    v.parent = "7";
    v.tags = {{"team", "a"}, {"", "x"}};
    ops::Draft d = ops::draftVersion(db.r, v, "new version");
    INFO(mvr::test::dump(d.problems.items()));
    const core::Diagnostic* params = nullptr;
    for (const core::Diagnostic& x : d.problems.items())
        if (x.path.rfind("params.layers", 0) == 0) params = &x;
    REQUIRE(params);
    CHECK(params->file == "params");
    CHECK(params->line == 3);
    CHECK(params->col > 0);
    REQUIRE(problemAt(d, "metrics.loss"));
    CHECK_THAT(problemAt(d, "metrics.loss")->message, Catch::Contains("\"low\" is not a number"));
    REQUIRE(problemAt(d, "metrics.f1.goal"));
    REQUIRE(problemAt(d, "metrics.auc"));  // given twice
    REQUIRE(problemAt(d, "metrics.[4]"));
    REQUIRE(problemAt(d, "parent"));
    CHECK_THAT(problemAt(d, "parent")->message, Catch::Contains("no version m@7"));
    REQUIRE(problemAt(d, "tags"));
    ops::Draft stored;
    CHECK_FALSE(ops::createVersion(db.r, v, "ana", stored));
    CHECK(db.r.versionCount() == 1);

    // Params that parse but are not an object.
    ops::NewVersion list;
    list.model = "m";
    list.params = "[1, 2]";
    REQUIRE(problemAt(ops::draftVersion(db.r, list), "params"));
    // No model.
    ops::NewVersion none;
    REQUIRE(problemAt(ops::draftVersion(db.r, none), "model"));
    // An alias that is not a valid name: the manifest's own check, located.
    ops::NewVersion alias;
    alias.model = "m";
    alias.aliases = {"a b"};
    ops::Draft a = ops::draftVersion(db.r, alias);
    REQUIRE_FALSE(a.ok());
    CHECK_THAT(a.problems.items()[0].path, Catch::Contains("aliases[0]"));
}

TEST_CASE("ops create: a parent by alias is stored as its label; a parent in another model as MODEL@LABEL") {
    Db db;
    import(db.r, R"([{"model":"teacher","version":3,"aliases":["production"]},{"model":"m","version":1,"aliases":["staging"]}])");
    ops::NewVersion v;
    v.model = "m";
    v.parent = "staging";
    ops::Draft d;
    REQUIRE(ops::createVersion(db.r, v, "ana", d));
    CHECK(d.parent == "1");
    CHECK(d.doc.find("parent")->isNumber());
    CHECK(db.r.children("m", "1") == std::vector<std::string>{"2"});

    v.parent = "teacher@production";
    bool made = ops::createVersion(db.r, v, "ana", d);
    INFO(mvr::test::dump(d.problems.items()));
    REQUIRE(made);
    CHECK(d.parent == "teacher@3");
    CHECK(core::toCanonical(*d.doc.find("parent")) == R"({"model":"teacher","version":3})");
    CHECK(db.r.children("teacher", "3") == std::vector<std::string>{"m@3"});
    v.parent = "nobody@1";
    ops::Draft bad = ops::draftVersion(db.r, v);
    REQUIRE(problemAt(bad, "parent"));
    CHECK_THAT(problemAt(bad, "parent")->message, Catch::Contains("no model \"nobody\""));
    v.parent = "4";
    v.label = "4";
    ops::Draft self = ops::draftVersion(db.r, v);  // not yet a version, so not a parent either
    REQUIRE(problemAt(self, "parent"));
    CHECK_THAT(problemAt(self, "parent")->message, Catch::Contains("no version m@4"));
}

TEST_CASE("ops create: from an existing version, its fields to edit and itself as the parent") {
    Db db;
    import(db.r, R"([{"model":"m","version":1,"description":"base","params":{"opt":{"lr":0.001}},
        "metrics":{"auc":{"value":0.91,"goal":"max"},"loss":0.2},"tags":{"team":"nlp"},"author":"bo"}])");
    core::Manifest m;
    REQUIRE(db.r.load("m", "1", m));
    ops::NewVersion v = ops::fromVersion(m);
    CHECK(v.model == "m");
    CHECK(v.parent == "1");
    CHECK(v.label.empty());
    CHECK(v.description == "base");
    CHECK(core::toCanonical(mvr::test::json(v.params)) == R"({"opt":{"lr":0.001}})");
    CHECK(v.params.find('\n') != std::string::npos);  // indented, for editing
    REQUIRE(v.metrics.size() == 2);
    CHECK(v.metrics[0].name == "auc");
    CHECK(v.metrics[0].value == "0.91");
    CHECK(v.metrics[0].goal == "max");
    CHECK(v.metrics[1].goal.empty());
    CHECK(v.tags == std::vector<std::pair<std::string, std::string>>{{"team", "nlp"}});
    v.metrics[0].value = "0.93";
    ops::Draft d;
    REQUIRE(ops::createVersion(db.r, v, "ana", d));
    core::Manifest made;
    REQUIRE(db.r.load("m", "2", made));
    CHECK(made.parent.label == "1");
    CHECK(made.metric("auc")->value == Approx(0.93));
    CHECK(made.digest != m.digest);
}
