// Version filters as typed by people: conditions joined by "and", fields, operators, values, and the errors.
#include <catch2/catch.hpp>

#include <string>

#include "core/filter.hpp"

using namespace mvr::core;

namespace {

Filter ok(const std::string& text) {
    Filter f;
    std::string error;
    INFO(text);
    bool parsed = parseFilter(text, f, error);
    INFO(error);
    REQUIRE(parsed);
    CHECK(error.empty());
    return f;
}

std::string bad(const std::string& text) {
    Filter f;
    std::string error;
    INFO(text);
    CHECK_FALSE(parseFilter(text, f, error));
    CHECK_FALSE(error.empty());
    return error;
}

}  // namespace

TEST_CASE("filter: metric conditions") {
    Filter f = ok("metrics.auc > 0.9");
    REQUIRE(f.conditions.size() == 1);
    const Condition& c = f.conditions[0];
    CHECK(c.field == FilterField::Metric);
    CHECK(c.key == "auc");
    CHECK(c.op == FilterOp::Gt);
    CHECK(c.numeric);
    CHECK(c.number == 0.9);
    CHECK(c.value == "0.9");

    struct OpCase {
        const char* text;
        FilterOp op;
    };
    for (const OpCase& o : {OpCase{"metrics.loss>=1", FilterOp::Ge}, OpCase{"metrics.loss <= 1", FilterOp::Le},
                            OpCase{"metrics.loss != 1", FilterOp::Ne}, OpCase{"metrics.loss == 1", FilterOp::Eq},
                            OpCase{"metrics.loss = 1", FilterOp::Eq}, OpCase{"metrics.loss < 1", FilterOp::Lt},
                            OpCase{"metrics.loss>1", FilterOp::Gt}}) {
        Filter g = ok(o.text);
        REQUIRE(g.conditions.size() == 1);
        CHECK(g.conditions[0].op == o.op);
        CHECK(g.conditions[0].key == "loss");
        CHECK(g.conditions[0].number == 1.0);
    }
    CHECK(ok("metrics.val_loss < -1e-3").conditions[0].number == -1e-3);
}

TEST_CASE("filter: several conditions") {
    Filter f = ok("metrics.auc >= 0.9 and tags.team = nlp AND alias = production");
    REQUIRE(f.conditions.size() == 3);
    CHECK(f.conditions[0].field == FilterField::Metric);
    CHECK(f.conditions[0].op == FilterOp::Ge);
    CHECK(f.conditions[1].field == FilterField::Tag);
    CHECK(f.conditions[1].key == "team");
    CHECK(f.conditions[1].value == "nlp");
    CHECK(f.conditions[2].field == FilterField::Alias);
    CHECK(f.conditions[2].value == "production");
    CHECK(f.conditions[2].op == FilterOp::Eq);

    // "and" inside quotes, or inside a word, does not split.
    Filter q = ok("tags.note = \"this and that\"");
    REQUIRE(q.conditions.size() == 1);
    CHECK(q.conditions[0].value == "this and that");
    Filter w = ok("author ~ brandon");
    REQUIRE(w.conditions.size() == 1);
    CHECK(w.conditions[0].value == "brandon");
    Filter band = ok("tags.x = band and tags.y = 1");
    REQUIRE(band.conditions.size() == 2);
    CHECK(band.conditions[0].value == "band");
}

TEST_CASE("filter: fields") {
    Filter p = ok("params.optimizer.lr <= 0.001");
    REQUIRE(p.conditions.size() == 1);
    CHECK(p.conditions[0].field == FilterField::Param);
    CHECK(p.conditions[0].key == "$.params.\"optimizer\".\"lr\"");
    CHECK(p.conditions[0].op == FilterOp::Le);
    CHECK(p.conditions[0].numeric);
    CHECK(ok("params.layers[2] = 64").conditions[0].key == "$.params.\"layers\"[2]");
    CHECK(ok("params.a[\"x.y\"] = 1").conditions[0].key == "$.params.\"a\".\"x.y\"");
    CHECK(ok("params.a[0][1].b = 1").conditions[0].key == "$.params.\"a\"[0][1].\"b\"");
    Filter name = ok("params.optimizer.name = adamw");
    CHECK_FALSE(name.conditions[0].numeric);
    CHECK(name.conditions[0].value == "adamw");

    CHECK(ok("aliases = prod").conditions[0].field == FilterField::Alias);
    Filter a = ok("author ~ ana");
    CHECK(a.conditions[0].field == FilterField::Author);
    CHECK(a.conditions[0].op == FilterOp::Contains);
    Filter d = ok("created_on > 2024-01-01");
    CHECK(d.conditions[0].field == FilterField::CreatedOn);
    CHECK(d.conditions[0].value == "2024-01-01");
    CHECK_FALSE(d.conditions[0].numeric);
    CHECK(ok("version = 3").conditions[0].field == FilterField::Label);
    Filter l = ok("label = \"v3\"");
    CHECK(l.conditions[0].field == FilterField::Label);
    CHECK(l.conditions[0].value == "v3");
    // The first operator wins: a value may contain operator characters.
    Filter t = ok("tags.expr = a<b");
    CHECK(t.conditions[0].op == FilterOp::Eq);
    CHECK(t.conditions[0].value == "a<b");
}

TEST_CASE("filter: plain words") {
    Filter f = ok("  baseline retrain ");
    REQUIRE(f.conditions.size() == 1);
    CHECK(f.conditions[0].field == FilterField::Text);
    CHECK(f.conditions[0].value == "baseline retrain");
    Filter two = ok("nightly and metrics.auc > 0.5");
    REQUIRE(two.conditions.size() == 2);
    CHECK(two.conditions[0].field == FilterField::Text);
    CHECK(two.conditions[1].field == FilterField::Metric);
    CHECK(ok("").conditions.empty());
    CHECK(ok("   ").conditions.empty());
}

TEST_CASE("filter: errors") {
    CHECK_THAT(bad("metrics.auc > high"), Catch::Contains("metric auc compares with a number, got \"high\""));
    CHECK_THAT(bad("metrics.auc ~ 0.9"), Catch::Contains("compares with a number"));
    CHECK_THAT(bad("metrics.auc >"), Catch::Contains("got \"\""));
    CHECK_THAT(bad("= 3"), Catch::Contains("missing a field before '='"));
    CHECK_THAT(bad("colour = red"), Catch::Contains("unknown field \"colour\""));
    CHECK_THAT(bad("colour = red"), Catch::Contains("metrics.NAME, params.PATH, tags.KEY"));
    CHECK_THAT(bad("params.a[x] = 1"), Catch::Contains("expected an index in []"));
    CHECK_THAT(bad("params.a[1 = 1"), Catch::Contains("unclosed '['"));
    // Paths that SQLite could not run are refused with their place (a '"' cannot be quoted in its paths).
    CHECK_THAT(bad("params.[\"a] = 1"), Catch::Contains("a quoted key needs [\"...\"]"));
    CHECK_THAT(bad("params.[\"a] = 1"), Catch::Contains("column 1 of path"));
    CHECK_THAT(bad("params.a[\"b\"c\"] = 1"), Catch::Contains("a quoted key needs"));
    CHECK_THAT(bad("params.a\"b = 1"), Catch::Contains("unexpected '\"' in a key"));
    CHECK_THAT(bad("params.a..b = 1"), Catch::Contains("an empty key"));
    CHECK_THAT(bad("params.a. = 1"), Catch::Contains("must not end with '.'"));
    CHECK_THAT(bad("params.a[0]b = 1"), Catch::Contains("expected '.' or '[' after ']'"));
    CHECK_THAT(bad("params.a[] = 1"), Catch::Contains("expected an index in []"));
    CHECK_THAT(bad("params.a[12345678901] = 1"), Catch::Contains("expected an index in []"));
    CHECK_THAT(bad("params.a\\b = 1"), Catch::Contains("unexpected '\\'"));
    // An error in a later condition fails the whole filter.
    Filter f;
    std::string error;
    CHECK_FALSE(parseFilter("metrics.auc > 0.5 and nope = 1", f, error));
    CHECK_THAT(error, Catch::Contains("\"nope\""));
}

TEST_CASE("filter: SQL operators") {
    CHECK(std::string(opSql(FilterOp::Eq)) == "=");
    CHECK(std::string(opSql(FilterOp::Ne)) == "!=");
    CHECK(std::string(opSql(FilterOp::Lt)) == "<");
    CHECK(std::string(opSql(FilterOp::Le)) == "<=");
    CHECK(std::string(opSql(FilterOp::Gt)) == ">");
    CHECK(std::string(opSql(FilterOp::Ge)) == ">=");
    CHECK(std::string(opSql(FilterOp::Contains)) == "LIKE");
}
