// The SQLite registry: all-or-nothing imports, identity by content digest, conflicts and --replace, aliases
// that move, byte-identical export/import round trips, and the queries (filters, lineage, labels, models).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "core/manifest_pack.hpp"
#include "ops/file_import.hpp"
#include "storage/registry.hpp"
#include "storage/schema.hpp"
#include "test_support.hpp"

using namespace mvr;
using namespace mvr::storage;
using mvr::test::dump;
using mvr::test::TempPath;

namespace {

// An export's versions under format 1's header: what is left once its rules and alias history are cut.
std::string versionsOnly(const std::string& text) {
    size_t at = text.find("\"versions\":[");
    return at == std::string::npos ? text : "{\"format\":\"mvr-registry\",\"format_version\":1," + text.substr(at);
}

// A registry in a fresh file, removed afterwards.
struct Db {
    TempPath path{"registry.db"};
    Registry r{path.str()};
};

struct Imported {
    std::vector<FileReport> reports;
    bool committed = false;
};

// One import session over several (file, text) pairs.
Imported importFiles(Registry& r, const std::vector<std::pair<std::string, std::string>>& files, bool replace = false) {
    ImportOptions opt;
    opt.replace = replace;
    auto session = r.beginImport(opt);
    Imported out;
    for (const auto& f : files) out.reports.push_back(mvr::ops::importText(*session, f.first, f.second));
    out.committed = session->commit();
    return out;
}

FileReport importOne(Registry& r, const std::string& text, bool replace = false, bool* committed = nullptr) {
    Imported i = importFiles(r, {{"in.json", text}}, replace);
    if (committed) *committed = i.committed;
    INFO(dump(i.reports[0].problems));
    return i.reports[0];
}

std::string exportAll(Registry& r, const ExportSelection& sel = {}) {
    std::string out;
    r.exportTo(sel, [&](std::string_view s) { out.append(s); });
    return out;
}

std::vector<std::string> labels(const std::vector<VersionSummary>& vs) {
    std::vector<std::string> out;
    for (const auto& v : vs) out.push_back(v.label);
    return out;
}

std::vector<std::string> where(Registry& r, const std::string& model, const std::string& filterText) {
    core::Filter f;
    std::string error;
    INFO(filterText);
    REQUIRE(core::parseFilter(filterText, f, error));
    return labels(r.versions(model, f));
}

core::Manifest load(Registry& r, const std::string& model, const std::string& label) {
    core::Manifest m;
    INFO(model << "@" << label);
    REQUIRE(r.load(model, label, m));
    return m;
}

}  // namespace

TEST_CASE("registry: a new registry is empty and at the current schema") {
    Db db;
    CHECK(db.r.versionCount() == 0);
    CHECK(db.r.modelCount() == 0);
    CHECK(db.r.models().empty());
    CHECK(db.r.schemaVersion() == kSchemaVersion);
    CHECK(db.r.sizeBytes() > 0);
    CHECK(exportAll(db.r) == "{\"format\":\"mvr-registry\",\"format_version\":1,\"versions\":[]}\n");
}

TEST_CASE("registry: an import is all or nothing across its files") {
    Db db;
    const std::string good = "[{\"model\":\"m\",\"version\":1},{\"model\":\"n\",\"version\":1}]";
    const std::string bad = "[{\"model\":\"m\",\"version\":2},{\"model\":\"m\",\"version\":3,\"metrics\":{\"auc\":\"x\"}}]";
    Imported i = importFiles(db.r, {{"good.json", good}, {"bad.json", bad}});
    REQUIRE(i.reports.size() == 2);
    CHECK(i.reports[0].ok());
    CHECK(i.reports[0].imported == 2);
    CHECK_FALSE(i.reports[1].ok());
    REQUIRE(i.reports[1].problems.size() == 1);
    CHECK(i.reports[1].problems[0].path == "[1].metrics.auc");
    CHECK(i.reports[1].problems[0].file == "bad.json");
    CHECK_FALSE(i.committed);
    CHECK(db.r.versionCount() == 0);
    CHECK(db.r.modelCount() == 0);
    CHECK_FALSE(db.r.hasModel("m"));

    // The registry is still usable, and the good file alone goes in.
    Imported again = importFiles(db.r, {{"good.json", good}});
    CHECK(again.committed);
    CHECK(db.r.versionCount() == 2);

    // A session that is dropped without commit stores nothing.
    {
        auto s = db.r.beginImport();
        FileReport rep = mvr::ops::importText(*s, "more.json", "{\"model\":\"m\",\"version\":9}");
        CHECK(rep.imported == 1);
    }
    CHECK(db.r.versionCount() == 2);

    // A syntax error anywhere, or an unsupported registry format, stores nothing either.
    bool committed = true;
    importOne(db.r, "[{\"model\":\"m\",\"version\":5},{\"model\":\"m\",\"version\":6", false, &committed);
    CHECK_FALSE(committed);
    importOne(db.r, "{\"format\":\"mvr-registry\",\"format_version\":3,\"versions\":[{\"model\":\"m\",\"version\":7}]}", false,
              &committed);
    CHECK_FALSE(committed);
    CHECK(db.r.versionCount() == 2);
}

TEST_CASE("registry: importing the same content again changes nothing") {
    Db db;
    const std::string text = "[{\"model\":\"m\",\"version\":1,\"params\":{\"lr\":0.1}},{\"model\":\"m\",\"version\":2}]";
    FileReport first = importOne(db.r, text);
    CHECK(first.imported == 2);
    const std::string before = exportAll(db.r);

    bool committed = false;
    FileReport again = importOne(db.r, text, false, &committed);
    CHECK(committed);
    CHECK(again.ok());
    CHECK(again.imported == 0);
    CHECK(again.unchanged == 2);
    // Formatting does not matter, only content.
    FileReport reformatted = importOne(db.r, "[\n  {\"model\": \"m\", \"version\": 1, \"params\": {\"lr\": 0.1}}\n]");
    CHECK(reformatted.unchanged == 1);
    CHECK(db.r.versionCount() == 2);
    CHECK(exportAll(db.r) == before);

    // The same label twice in one file: identical is fine, different is a conflict.
    Db db2;
    FileReport twice = importOne(db2.r, "[{\"model\":\"m\",\"version\":1},{\"model\":\"m\",\"version\":1}]");
    CHECK(twice.imported == 1);
    CHECK(twice.unchanged == 1);
    FileReport clash = importOne(db2.r, "[{\"model\":\"m\",\"version\":2},{\"model\":\"m\",\"version\":2,\"x\":1}]");
    CHECK(clash.conflicts == 1);
}

TEST_CASE("registry: the same label with other content is a conflict") {
    Db db;
    importOne(db.r, "{\"model\":\"m\",\"version\":1,\"params\":{\"lr\":0.1}}");
    const std::string text =
        "[{\"model\":\"m\",\"version\":2},\n"
        " {\"model\":\"m\",\"version\":1,\"params\":{\"lr\":0.2}}]";
    bool committed = true;
    FileReport rep = importOne(db.r, text, false, &committed);
    CHECK_FALSE(committed);
    CHECK_FALSE(rep.ok());
    CHECK(rep.conflicts == 1);
    REQUIRE(rep.problems.size() == 1);
    const core::Diagnostic& d = rep.problems[0];
    CHECK(d.code == "conflict");
    CHECK(d.path == "[1]");
    CHECK(d.line == 2);
    CHECK(d.col == 2);
    CHECK(d.file == "in.json");
    CHECK_THAT(d.message, Catch::StartsWith("m@1 is already in the registry with different content"));
    CHECK_THAT(d.message, Catch::EndsWith("give it a new version label, or replace the stored version with it"));
    // Nothing changed: not the conflicting version, not the new one next to it.
    CHECK(db.r.versionCount() == 1);
    CHECK(load(db.r, "m", "1").params()->find("lr")->text == "0.1");

    // Aliases alone do not make other content (they are not part of the digest).
    FileReport alias = importOne(db.r, "{\"model\":\"m\",\"version\":1,\"params\":{\"lr\":0.1},\"aliases\":[\"prod\"]}");
    CHECK(alias.ok());
    CHECK(alias.unchanged == 1);
    CHECK(alias.aliasesMoved == 1);
    CHECK(db.r.resolveLabel("m", "prod") == "1");
}

TEST_CASE("registry: --replace overwrites a version in place") {
    Db db;
    importOne(db.r, "[{\"model\":\"m\",\"version\":1,\"metrics\":{\"auc\":0.5},\"tags\":{\"team\":\"a\"},\"params\":{\"lr\":0.1}},"
                    "{\"model\":\"m\",\"version\":2}]");
    bool committed = false;
    FileReport rep = importOne(db.r, "{\"model\":\"m\",\"version\":1,\"metrics\":{\"auc\":0.9},\"tags\":{\"team\":\"b\"},\"params\":{\"lr\":0.2}}",
                               true, &committed);
    CHECK(committed);
    CHECK(rep.ok());
    CHECK(rep.replaced == 1);
    CHECK(rep.imported == 0);
    CHECK(db.r.versionCount() == 2);
    CHECK(load(db.r, "m", "1").params()->find("lr")->text == "0.2");
    // Its place in the order is kept; the rows used by filters follow the new content.
    CHECK(labels(db.r.versions("m")) == std::vector<std::string>{"1", "2"});
    CHECK(where(db.r, "m", "metrics.auc > 0.8") == std::vector<std::string>{"1"});
    CHECK(where(db.r, "m", "metrics.auc < 0.6").empty());
    CHECK(where(db.r, "m", "tags.team = b") == std::vector<std::string>{"1"});
    CHECK(where(db.r, "m", "tags.team = a").empty());
    // Replacing with identical content is just "unchanged".
    FileReport same = importOne(db.r, "{\"model\":\"m\",\"version\":2}", true);
    CHECK(same.unchanged == 1);
    CHECK(same.replaced == 0);
}

TEST_CASE("registry: aliases move between versions and are exported as they are now") {
    Db db;
    FileReport a = importOne(db.r, "{\"model\":\"m\",\"version\":1,\"aliases\":[\"prod\"]}");
    CHECK(a.aliasesMoved == 1);
    FileReport b = importOne(db.r, "{\"model\":\"m\",\"version\":2,\"aliases\":[\"prod\",\"canary\"]}");
    CHECK(b.aliasesMoved == 2);
    CHECK(db.r.resolveLabel("m", "prod") == "2");
    CHECK(load(db.r, "m", "1").aliases.empty());
    CHECK(load(db.r, "m", "2").aliases == std::vector<std::string>{"canary", "prod"});
    CHECK(versionsOnly(exportAll(db.r)) ==
          "{\"format\":\"mvr-registry\",\"format_version\":1,\"versions\":[\n"
          "{\"model\":\"m\",\"version\":1,\"aliases\":[]},\n"
          "{\"model\":\"m\",\"version\":2,\"aliases\":[\"canary\",\"prod\"]}\n"
          "]}\n");

    // Moved by hand: the previous label comes back, the export follows.
    CHECK(db.r.setAlias("m", "prod", "1") == "2");
    CHECK(db.r.setAlias("m", "fresh", "1") == "");
    CHECK(versionsOnly(exportAll(db.r)) ==
          "{\"format\":\"mvr-registry\",\"format_version\":1,\"versions\":[\n"
          "{\"model\":\"m\",\"version\":1,\"aliases\":[\"fresh\",\"prod\"]},\n"
          "{\"model\":\"m\",\"version\":2,\"aliases\":[\"canary\"]}\n"
          "]}\n");
    // All of a model's aliases at once, by name, with the version each points at (the app's table
    // updates its alias column from this after an alias moves).
    {
        std::vector<VersionSummary> vs = db.r.versions("m");
        REQUIRE(vs.size() == 2);
        using P = std::pair<int64_t, std::string>;
        CHECK(db.r.modelAliases("m") == std::vector<P>{P{vs[1].id, "canary"}, P{vs[0].id, "fresh"}, P{vs[0].id, "prod"}});
        CHECK(db.r.modelAliases("nope").empty());
    }
    CHECK(db.r.removeAlias("m", "fresh"));
    CHECK_FALSE(db.r.removeAlias("m", "fresh"));
    CHECK_FALSE(db.r.removeAlias("nope", "prod"));
    CHECK(db.r.resolveLabel("m", "fresh") == "");

    CHECK_THROWS_AS(db.r.setAlias("m", "a b", "1"), StorageError);
    CHECK_THROWS_AS(db.r.setAlias("m", "", "1"), StorageError);
    CHECK_THROWS_AS(db.r.setAlias("m", "latest", "1"), StorageError);
    CHECK_THROWS_WITH(db.r.setAlias("m", "x", "9"), Catch::Contains("no version m@9"));
    CHECK_THROWS_AS(db.r.setAlias("nope", "x", "1"), StorageError);

    // A version without an "aliases" field gets one in the export only when it has live aliases.
    Db db2;
    importOne(db2.r, "[{\"model\":\"m\",\"version\":1},{\"model\":\"m\",\"version\":2}]");
    db2.r.setAlias("m", "prod", "2");
    CHECK(versionsOnly(exportAll(db2.r)) ==
          "{\"format\":\"mvr-registry\",\"format_version\":1,\"versions\":[\n"
          "{\"model\":\"m\",\"version\":1},\n"
          "{\"model\":\"m\",\"version\":2,\"aliases\":[\"prod\"]}\n"
          "]}\n");
}

TEST_CASE("registry: an alias is never another version's label") {
    Db db;
    importOne(db.r, "[{\"model\":\"m\",\"version\":3},{\"model\":\"m\",\"version\":7},{\"model\":\"n\",\"version\":1}]");
    // By hand (mvr alias, the app): refused, naming model, alias and the version it collides with.
    CHECK(db.r.aliasProblem("m", "3", "7") ==
          "alias \"3\" on m@7 is the label of version m@3 (m@3 would mean either): choose a name that is not a version label");
    CHECK_THROWS_WITH(db.r.setAlias("m", "3", "7"), Catch::Contains("alias \"3\" on m@7 is the label of version m@3"));
    CHECK(db.r.resolveLabel("m", "3") == "3");
    CHECK(db.r.modelAliases("m").empty());
    // Its own label, another model's label, and a name that is no label are fine.
    CHECK(db.r.aliasProblem("m", "7", "7") == "");
    CHECK(db.r.aliasProblem("m", "1", "7") == "");
    CHECK(db.r.aliasProblem("m", "production", "7") == "");
    // What setAlias refuses otherwise, asked without trying.
    CHECK(db.r.aliasProblem("m", "a b", "7").find("invalid alias") == 0);
    CHECK(db.r.aliasProblem("m", "x", "9") == "no version m@9");
    CHECK(db.r.aliasProblem("nope", "x", "1") == "no version nope@1");

    // Imports: an alias that is a stored version's label, in the registry or earlier in the same import.
    bool committed = true;
    FileReport a = importOne(db.r, "{\"model\":\"m\",\"version\":8,\"aliases\":[\"3\"]}", false, &committed);
    CHECK_FALSE(committed);
    REQUIRE(a.problems.size() == 1);
    CHECK(a.problems[0].code == "alias");
    CHECK(a.problems[0].message.find("alias \"3\" on m@8 is the label of version m@3") == 0);
    CHECK(db.r.resolveLabel("m", "8") == "");
    // ... and a version whose label is an alias already pointing elsewhere (either order in one file).
    db.r.setAlias("m", "9", "7");
    FileReport b = importOne(db.r, "{\"model\":\"m\",\"version\":9}", false, &committed);
    CHECK_FALSE(committed);
    REQUIRE(b.problems.size() == 1);
    CHECK(b.problems[0].message == "version m@9 has the name of the alias \"9\" on m@7 (m@9 would mean either): remove or rename that alias first");
    FileReport c = importOne(db.r, "[{\"model\":\"m\",\"version\":20,\"aliases\":[\"21\"]},{\"model\":\"m\",\"version\":21}]", false, &committed);
    CHECK_FALSE(committed);
    REQUIRE(c.problems.size() == 1);
    CHECK(c.problems[0].message.find("version m@21 has the name of the alias \"21\" on m@20") == 0);
    FileReport d = importOne(db.r, "[{\"model\":\"m\",\"version\":30},{\"model\":\"m\",\"version\":31,\"aliases\":[\"30\"]}]", false, &committed);
    CHECK_FALSE(committed);
    REQUIRE(d.problems.size() == 1);
    CHECK(d.problems[0].message.find("alias \"30\" on m@31 is the label of version m@30") == 0);
    CHECK(db.r.versionCount() == 3);
    // An alias named as the version it is on is no ambiguity.
    FileReport e = importOne(db.r, "{\"model\":\"m\",\"version\":40,\"aliases\":[\"40\"]}", false, &committed);
    CHECK(committed);
    CHECK(e.problems.empty());
    // mvr create's path (addNumbered) follows the same rule.
    {
        auto session = db.r.beginImport();
        FileReport rep;
        rep.file = "create";
        core::Value doc = core::Value::makeObject();
        doc.set("model", core::Value::makeString("m"));
        core::Value aliases = core::Value::makeArray();
        aliases.push(core::Value::makeString("7"));
        doc.set("aliases", std::move(aliases));
        doc.set("description", core::Value::makeString("new state"));
        doc.set("version", core::Value::makeInteger(0));
        doc.set("created_on", core::Value::makeString("2026-01-01T00:00:00Z"));
        session->addNumbered(std::move(doc), rep);
        CHECK_FALSE(session->commit());
        REQUIRE(rep.problems.size() == 1);
        CHECK(rep.problems[0].message.find("alias \"7\" on m@41 is the label of version m@7") == 0);
    }
    CHECK(Registry::isProtectedAlias("production"));
    CHECK_FALSE(Registry::isProtectedAlias("staging"));
}

TEST_CASE("registry: export, import into an empty registry, export again: the same bytes") {
    const std::string source =
        "[\n"
        "{\"version\":1,\"model\":\"zeta\",\"x-unknown\":{\"kept\":[1.0,1e-7,-0,12345678901234567890.5]},"
        "\"params\":{\"lr\":1.0,\"tiny\":1e-7,\"big\":1E300,\"text\":\"tab\\there \\u00e9 \\\"q\\\" \\\\ \\u0001\",\"list\":[{},[],null,true]}},\n"
        "{\"model\":\"zeta\",\"version\":\"v2\",\"parent\":1,\"aliases\":[\"prod\",\"beta\"],\"metrics\":{\"auc\":{\"value\":0.90,\"goal\":\"max\"}},"
        "\"datasets\":[{\"name\":\"train\",\"digest\":{\"sha256\":\"" + std::string(64, 'a') + "\"},\"size\":10}]},\n"
        "{\"model\":\"alpha\",\"version\":\"1.4.0\",\"parent\":{\"model\":\"zeta\",\"version\":\"v2\"},\"tags\":[\"t\"],\"aliases\":[]},\n"
        "{\"model\":\"alpha\",\"version\":\"1.10.0\",\"description\":\"\\u2713 done\",\"created_on\":\"2024-05-01T12:00:00.5+02:00\"},\n"
        "{\"model\":\"zeta\",\"version\":3,\"aliases\":[\"prod\"],\"notes\":\"moved prod here\"}\n"
        "]";
    Db one;
    FileReport rep = importOne(one.r, source);
    REQUIRE(rep.ok());
    REQUIRE(rep.imported == 5);
    const std::string first = exportAll(one.r);

    // Models by name, versions in arrival order, one per line, numbers and key order as written, live aliases.
    std::vector<std::string> lines;
    size_t start = 0;
    const std::string versions = versionsOnly(first);
    for (size_t nl; (nl = versions.find('\n', start)) != std::string::npos; start = nl + 1)
        lines.push_back(versions.substr(start, nl - start));
    REQUIRE(lines.size() == 7);
    CHECK(lines[0] == "{\"format\":\"mvr-registry\",\"format_version\":1,\"versions\":[");
    CHECK_THAT(lines[1], Catch::StartsWith("{\"model\":\"alpha\",\"version\":\"1.4.0\""));
    CHECK_THAT(lines[2], Catch::StartsWith("{\"model\":\"alpha\",\"version\":\"1.10.0\""));
    CHECK(lines[3] ==
          "{\"version\":1,\"model\":\"zeta\",\"x-unknown\":{\"kept\":[1.0,1e-7,-0,12345678901234567890.5]},"
          "\"params\":{\"lr\":1.0,\"tiny\":1e-7,\"big\":1E300,\"text\":\"tab\\there \xC3\xA9 \\\"q\\\" \\\\ \\u0001\",\"list\":[{},[],null,true]}},");
    CHECK_THAT(lines[4], Catch::Contains("\"aliases\":[\"beta\"]"));
    CHECK_THAT(lines[4], Catch::Contains("\"value\":0.90"));
    CHECK_THAT(lines[5], Catch::Contains("\"aliases\":[\"prod\"],\"notes\":\"moved prod here\"}"));
    CHECK(lines[6] == "]}");

    Db two;
    FileReport back = importOne(two.r, first);
    REQUIRE(back.ok());
    CHECK(back.imported == 5);
    const std::string second = exportAll(two.r);
    CHECK(second == first);
    CHECK(two.r.resolveLabel("zeta", "prod") == "3");
    CHECK(two.r.resolveLabel("zeta", "beta") == "v2");
    CHECK(two.r.children("zeta", "v2") == std::vector<std::string>{"alpha@1.4.0"});
    CHECK(load(two.r, "zeta", "1").digest == load(one.r, "zeta", "1").digest);

    // After moving an alias the round trip still holds.
    two.r.setAlias("zeta", "prod", "1");
    const std::string third = exportAll(two.r);
    CHECK(third != second);
    Db three;
    REQUIRE(importOne(three.r, third).ok());
    CHECK(exportAll(three.r) == third);
    CHECK(three.r.resolveLabel("zeta", "prod") == "1");

    // And importing an export back into the registry it came from changes nothing.
    FileReport self = importOne(one.r, first);
    CHECK(self.unchanged == 5);
    CHECK(exportAll(one.r) == first);
}

TEST_CASE("registry: export a selection") {
    Db db;
    importOne(db.r, "[{\"model\":\"a\",\"version\":1},{\"model\":\"a\",\"version\":2},{\"model\":\"b\",\"version\":1}]");
    ExportSelection models;
    models.models = {"b"};
    CHECK(exportAll(db.r, models) == "{\"format\":\"mvr-registry\",\"format_version\":1,\"versions\":[\n{\"model\":\"b\",\"version\":1}\n]}\n");
    ExportSelection versions;
    versions.versions = {{"a", "2"}, {"b", "1"}, {"a", "2"}};
    size_t n = db.r.exportTo(versions, [](std::string_view) {});
    CHECK(n == 2);
    CHECK(exportAll(db.r, versions) ==
          "{\"format\":\"mvr-registry\",\"format_version\":1,\"versions\":[\n{\"model\":\"a\",\"version\":2},\n{\"model\":\"b\",\"version\":1}\n]}\n");
    ExportSelection missingModel;
    missingModel.models = {"zzz"};
    CHECK_THROWS_WITH(exportAll(db.r, missingModel), Catch::Contains("no model \"zzz\""));
    ExportSelection missingVersion;
    missingVersion.versions = {{"a", "9"}};
    CHECK_THROWS_WITH(exportAll(db.r, missingVersion), Catch::Contains("no version a@9"));
}

TEST_CASE("registry: filtering versions") {
    Db db;
    importOne(db.r,
              "[{\"model\":\"m\",\"version\":1,\"author\":\"ana_b\",\"description\":\"baseline run\",\"created_on\":\"2024-01-01T00:00:00Z\","
              "\"metrics\":{\"auc\":0.8},\"tags\":{\"team\":\"nlp\"},\"params\":{\"opt\":{\"lr\":0.1,\"name\":\"adam\"},\"flag\":true,\"layers\":[64,32]}},"
              "{\"model\":\"m\",\"version\":2,\"author\":\"bo\",\"description\":\"retrain 100%\",\"created_on\":\"2024-03-01T00:00:00Z\","
              "\"metrics\":{\"auc\":{\"value\":0.92,\"goal\":\"max\"}},\"tags\":{\"team\":\"vision\"},\"aliases\":[\"prod\"],"
              "\"params\":{\"opt\":{\"lr\":0.01,\"name\":\"adam\"},\"flag\":false,\"layers\":[128,32]}},"
              "{\"model\":\"m\",\"version\":\"v3\",\"author\":\"anaXb\",\"parent\":2,\"created_on\":\"2024-06-01T00:00:00Z\","
              "\"metrics\":{\"auc\":0.95},\"tags\":{\"team\":\"nlp\"},\"params\":{\"opt\":{\"lr\":0.001,\"name\":\"sgd\"}}},"
              "{\"model\":\"other\",\"version\":1,\"metrics\":{\"auc\":0.99},\"tags\":{\"team\":\"nlp\"}}]");
    CHECK(labels(db.r.versions("m")) == std::vector<std::string>{"1", "2", "v3"});
    CHECK(where(db.r, "m", "metrics.auc > 0.9") == std::vector<std::string>{"2", "v3"});
    CHECK(where(db.r, "m", "metrics.auc <= 0.92") == std::vector<std::string>{"1", "2"});
    CHECK(where(db.r, "m", "metrics.loss > 0").empty());
    CHECK(where(db.r, "m", "tags.team = nlp") == std::vector<std::string>{"1", "v3"});
    CHECK(where(db.r, "m", "tags.team != nlp") == std::vector<std::string>{"2"});
    CHECK(where(db.r, "m", "tags.team ~ isi") == std::vector<std::string>{"2"});
    CHECK(where(db.r, "m", "alias = prod") == std::vector<std::string>{"2"});
    CHECK(where(db.r, "m", "params.opt.lr <= 0.01") == std::vector<std::string>{"2", "v3"});
    CHECK(where(db.r, "m", "params.opt.name = sgd") == std::vector<std::string>{"v3"});
    CHECK(where(db.r, "m", "params.flag = true") == std::vector<std::string>{"1"});
    CHECK(where(db.r, "m", "params.flag = false") == std::vector<std::string>{"2"});
    CHECK(where(db.r, "m", "params.layers[0] > 100") == std::vector<std::string>{"2"});
    CHECK(where(db.r, "m", "retrain") == std::vector<std::string>{"2"});
    CHECK(where(db.r, "m", "100%") == std::vector<std::string>{"2"});  // % is a character here, not a wildcard
    CHECK(where(db.r, "m", "v3") == std::vector<std::string>{"v3"});
    CHECK(where(db.r, "m", "author = bo") == std::vector<std::string>{"2"});
    CHECK(where(db.r, "m", "author ~ ana_b") == std::vector<std::string>{"1"});  // _ is a character too
    CHECK(where(db.r, "m", "author ~ ana") == std::vector<std::string>{"1", "v3"});
    CHECK(where(db.r, "m", "tags.team ~ n_p").empty());
    CHECK(where(db.r, "m", "params.opt.name ~ a%m").empty());
    CHECK(where(db.r, "m", "params.opt.name ~ dam") == std::vector<std::string>{"1", "2"});
    CHECK(where(db.r, "m", "alias ~ ro") == std::vector<std::string>{"2"});
    CHECK(where(db.r, "m", "created_on >= 2024-03-01") == std::vector<std::string>{"2", "v3"});
    CHECK(where(db.r, "m", "version = v3") == std::vector<std::string>{"v3"});
    CHECK(where(db.r, "m", "metrics.auc > 0.9 and tags.team = nlp") == std::vector<std::string>{"v3"});
    CHECK(where(db.r, "m", "metrics.auc > 0.9 and tags.team = nlp and author ~ zzz").empty());
    CHECK(where(db.r, "nope", "").empty());

    auto all = db.r.versions("m");
    REQUIRE(all.size() == 3);
    CHECK(all[1].aliases == std::vector<std::string>{"prod"});
    CHECK(all[2].parent == "2");
    CHECK(all[0].author == "ana_b");
    CHECK(all[0].createdOn == "2024-01-01T00:00:00Z");
    CHECK(all[0].model == "m");
    CHECK(all[0].seq == 1);
    CHECK(all[2].seq == 3);

    CHECK(db.r.metricNames("m") == std::vector<std::string>{"auc"});
    auto values = db.r.metricValues("m", "auc");
    CHECK(values.size() == 3);
    CHECK(values.at(all[2].id) == 0.95);
    CHECK(db.r.metricGoal("m", "auc") == core::Goal::None);  // the latest version with auc states none
    importOne(db.r, "{\"model\":\"m\",\"version\":4,\"metrics\":{\"auc\":{\"value\":0.5,\"goal\":\"max\"}}}");
    CHECK(db.r.metricGoal("m", "auc") == core::Goal::Max);
}

TEST_CASE("metricNames: in the order of the first version that has each, a version's own by name") {
    Db db;
    // Another model's versions interleave (their ids come between), and a name of theirs is not this model's.
    importOne(db.r, R"([
      {"model": "m", "version": 1, "metrics": {"zeta": 1, "beta": 2}},
      {"model": "o", "version": 1, "metrics": {"alpha": 1, "beta": 1}},
      {"model": "m", "version": 2, "metrics": {"beta": 3, "gamma": 1, "aardvark": 5}},
      {"model": "m", "version": 3, "metrics": {}},
      {"model": "m", "version": 4, "metrics": {"zeta": 2, "delta": 4}}])");
    CHECK(db.r.metricNames("m") == std::vector<std::string>{"beta", "zeta", "aardvark", "gamma", "delta"});
    CHECK(db.r.metricNames("o") == std::vector<std::string>{"alpha", "beta"});
    CHECK(db.r.metricNames("absent").empty());
}

// The filter parser accepts exactly what the query can run: every text it accepts runs without throwing
// (random texts built from the characters that matter in paths, quotes and operators).
TEST_CASE("registry: every filter that parses runs") {
    Db db;
    importOne(db.r, "{\"model\":\"m\",\"version\":1,\"metrics\":{\"auc\":0.8},\"tags\":{\"t\":\"x\"},"
                    "\"params\":{\"a\":{\"b\":[1,2],\"x.y\":\"z\"}}}");
    const std::string alphabet = "ab.[]\"\\0 9=<>!~$'-";
    const std::vector<std::string> heads = {"params.", "params.a", "params.a[", "params.[\"", "metrics.", "tags.", "", "version "};
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    auto next = [&] { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed; };
    size_t parsed = 0;
    for (int i = 0; i < 4000; ++i) {
        std::string text = heads[next() % heads.size()];
        size_t n = next() % 12;
        for (size_t k = 0; k < n; ++k) text.push_back(alphabet[next() % alphabet.size()]);
        if (next() % 2) text += " = 1";
        core::Filter f;
        std::string error;
        if (!core::parseFilter(text, f, error)) {
            CHECK_FALSE(error.empty());
            continue;
        }
        ++parsed;
        INFO(text);
        CHECK_NOTHROW(db.r.versions("m", f));
    }
    CHECK(parsed > 500);
    // The crafted link's filter of the report: refused at parse time now.
    core::Filter f;
    std::string error;
    CHECK_FALSE(core::parseFilter("params.[\"a] = 1", f, error));
}

TEST_CASE("registry: version labels compare in filters as people read them") {
    Db db;
    std::string list = "[";
    for (const char* l : {"9", "10", "11", "2", "1.4.0", "1.10.0", "v2", "v10"})
        list += std::string(list.size() > 1 ? "," : "") + "{\"model\":\"m\",\"version\":\"" + l + "\"}";
    importOne(db.r, list + "]");
    // Digits before letters, as everywhere labels are sorted (core::labelLess).
    CHECK(where(db.r, "m", "version > 9") == std::vector<std::string>{"10", "11", "v2", "v10"});
    CHECK(where(db.r, "m", "version <= 9") == std::vector<std::string>{"9", "2", "1.4.0", "1.10.0"});
    CHECK(where(db.r, "m", "version < 2") == std::vector<std::string>{"1.4.0", "1.10.0"});
    CHECK(where(db.r, "m", "version > 1.4.0 and version < 2") == std::vector<std::string>{"1.10.0"});
    CHECK(where(db.r, "m", "version >= v2") == std::vector<std::string>{"v2", "v10"});
    CHECK(where(db.r, "m", "version < v10 and version > v1") == std::vector<std::string>{"v2"});
    CHECK(where(db.r, "m", "version = 10") == std::vector<std::string>{"10"});
    CHECK(where(db.r, "m", "version != 10").size() == 7);
    CHECK(where(db.r, "m", "version ~ 1.") == std::vector<std::string>{"1.4.0", "1.10.0"});
}

TEST_CASE("registry: lineage, labels and models") {
    Db db;
    importOne(db.r,
              "[{\"model\":\"m\",\"version\":1},{\"model\":\"m\",\"version\":3,\"parent\":1},{\"model\":\"m\",\"version\":2,\"parent\":1},"
              "{\"model\":\"n\",\"version\":\"v1\",\"parent\":{\"model\":\"m\",\"version\":1},\"aliases\":[\"prod\"]},"
              "{\"model\":\"m\",\"version\":\"v10\"},{\"model\":\"m\",\"version\":\"1.4.0\"},{\"model\":\"m\",\"version\":7},"
              "{\"model\":\"m\",\"version\":\"10a\"},{\"model\":\"m\",\"version\":\"12\",\"aliases\":[\"prod\",\"old\"]}]");
    CHECK(db.r.children("m", "1") == std::vector<std::string>{"3", "2", "n@v1"});
    CHECK(db.r.children("m", "2").empty());
    CHECK(db.r.children("x", "1").empty());

    // The next integer label ignores labels that are not plain integers.
    CHECK(db.r.nextIntegerLabel("m") == "13");
    CHECK(db.r.nextIntegerLabel("n") == "1");
    CHECK(db.r.nextIntegerLabel("new-model") == "1");

    CHECK(db.r.resolveLabel("m", "3") == "3");
    CHECK(db.r.resolveLabel("m", "prod") == "12");
    CHECK(db.r.resolveLabel("n", "prod") == "v1");  // aliases belong to one model
    CHECK(db.r.resolveLabel("m", "latest") == "12");  // the most recently added, not the largest label
    CHECK(db.r.resolveLabel("n", "latest") == "v1");
    CHECK(db.r.resolveLabel("m", "nope") == "");
    CHECK(db.r.resolveLabel("zzz", "latest") == "");

    core::Manifest m;
    CHECK(db.r.load("m", "old", m));
    CHECK(m.label == "12");
    CHECK(m.aliases == std::vector<std::string>{"old", "prod"});
    CHECK_FALSE(db.r.load("m", "99", m));
    CHECK_FALSE(db.r.load("zzz", "1", m));

    auto models = db.r.models();
    REQUIRE(models.size() == 2);
    CHECK(models[0].name == "m");
    CHECK(models[0].versions == 8);
    CHECK(models[0].latest == "12");
    CHECK(models[0].aliases == std::vector<std::pair<std::string, std::string>>{{"old", "12"}, {"prod", "12"}});
    CHECK(models[1].name == "n");
    CHECK(models[1].versions == 1);
    CHECK(models[1].aliases == std::vector<std::pair<std::string, std::string>>{{"prod", "v1"}});
    CHECK(db.r.modelCount() == 2);
    CHECK(db.r.versionCount() == 9);
    CHECK(db.r.hasModel("n"));
    CHECK_FALSE(db.r.hasModel("N"));
}

TEST_CASE("registry: step-by-step file import and validated manifests") {
    Db db;
    std::string text = "[";
    for (int i = 1; i <= 10; ++i) text += std::string(i > 1 ? "," : "") + "{\"model\":\"m\",\"version\":" + std::to_string(i) + "}";
    text += "]";
    auto session = db.r.beginImport();
    auto file = std::make_unique<mvr::ops::FileImport>(*session, "steps.json", text);
    double last = 0;
    int steps = 0;
    while (file->step(3)) {
        CHECK(file->progress() >= last);
        last = file->progress();
        ++steps;
    }
    CHECK(steps == 3);
    FileReport rep = file->finish();
    CHECK(rep.ok());
    CHECK(rep.imported == 10);
    CHECK(file->progress() == 1.0);

    std::vector<core::Manifest> list;
    list.push_back(mvr::test::manifest("{\"model\":\"m\",\"version\":11}"));
    list.push_back(mvr::test::manifest("{\"model\":\"m\",\"version\":1,\"x\":1}"));  // conflicts with the file's m@1
    FileReport created = session->addManifests("mvr create", list);
    CHECK(created.imported == 1);
    CHECK(created.conflicts == 1);
    CHECK(session->hasProblems());
    CHECK_FALSE(session->commit());
    CHECK(db.r.versionCount() == 0);
}

TEST_CASE("registry: a registry survives being closed and opened again") {
    TempPath path("reopen.db");
    {
        Registry r(path.str());
        importOne(r, "{\"model\":\"m\",\"version\":1,\"aliases\":[\"prod\"]}");
    }
    Registry r(path.str());
    CHECK(r.versionCount() == 1);
    CHECK(r.resolveLabel("m", "prod") == "1");
    CHECK(r.schemaVersion() == kSchemaVersion);
}

TEST_CASE("registry: the reference example registry round-trips byte for byte") {
    std::string example, manifest;
    REQUIRE(mvr::test::readText(std::string(MVR_SOURCE_DIR) + "/docs/examples/registry.json", example));
    REQUIRE(mvr::test::readText(std::string(MVR_SOURCE_DIR) + "/docs/examples/manifest.json", manifest));
    Db db;
    FileReport rep = importOne(db.r, example);
    INFO(dump(rep.problems));
    REQUIRE(rep.ok());
    CHECK(rep.imported == static_cast<size_t>(db.r.versionCount()));
    CHECK(rep.imported >= 10);
    CHECK(exportAll(db.r) == example);
    // Its curation (issue 17): v5 deprecated, v8's description edited in place (the document keeps the first one).
    core::Manifest v5, v8;
    REQUIRE(db.r.load("product-image-classifier", "v5", v5));
    CHECK(v5.deprecated);
    REQUIRE(db.r.load("product-image-classifier", "v8", v8));
    CHECK(v8.curated);
    CHECK_THAT(v8.description, Catch::Contains("Refused for production by image-production"));
    CHECK(v8.doc.find("description")->text == "Longer schedule (60 epochs) on the spring catalogue refresh.");
    // The pretty-printed single manifest is one of those versions: unchanged.
    FileReport one = importOne(db.r, manifest);
    CHECK(one.ok());
    CHECK(one.unchanged == 1);
    CHECK(one.imported == 0);
    CHECK(exportAll(db.r) == example);
}

TEST_CASE("registry: labelWithState finds the newest version with a state, whatever its label and date") {
    Db db;
    core::Value a = mvr::test::json(R"({"model":"m","version":9,"created_on":"2030-01-01T00:00:00Z","params":{"a":2}})");
    CHECK(db.r.labelWithState("m", core::stateDigest(a)) == "");
    importOne(db.r, R"([{"model":"m","version":1,"created_on":"2024-01-01T00:00:00Z","params":{"a":2}},
                       {"model":"m","version":"v2","created_on":"2024-02-01T00:00:00Z","params":{"a":3},"aliases":["prod"]},
                       {"model":"m","version":"v3","params":{"a":2}}])");
    CHECK(db.r.labelWithState("m", core::stateDigest(a)) == "v3");  // the newest of 1 and v3
    core::Value b = mvr::test::json(R"({"model":"m","version":0,"params":{"a":3},"aliases":["x"]})");
    CHECK(db.r.labelWithState("m", core::stateDigest(b)) == "v2");  // aliases are no part of it
    core::Value c = mvr::test::json(R"({"model":"m","version":0,"params":{"a":4}})");
    CHECK(db.r.labelWithState("m", core::stateDigest(c)) == "");
    CHECK(db.r.labelWithState("other", core::stateDigest(a)) == "");
}

TEST_CASE("registry: addNumbered adds the next integer version, or nothing when the state is the latest's") {
    Db db;
    auto numbered = [&](const std::string& text, FileReport& rep) {
        auto session = db.r.beginImport();
        rep.file = "project";
        session->addNumbered(mvr::test::json(text), rep);
        INFO(dump(rep.problems));
        return session->commit();
    };
    const std::string a = R"({"model":"proj","version":0,"created_on":null,"params":{"lr":0.1},"aliases":["dev"]})";
    const std::string b = R"({"model":"proj","version":0,"created_on":null,"params":{"lr":0.2}})";
    FileReport r1, r2, r3, r4;
    REQUIRE(numbered(a, r1));
    CHECK(r1.imported == 1);
    REQUIRE(numbered(a, r2));  // unchanged files: nothing added
    CHECK(r2.imported == 0);
    CHECK(r2.unchanged == 1);
    REQUIRE(numbered(b, r3));  // changed: the next number
    CHECK(r3.imported == 1);
    std::vector<VersionSummary> vs = db.r.versions("proj");
    REQUIRE(labels(vs) == std::vector<std::string>{"1", "2"});
    CHECK(core::isRfc3339(vs[1].createdOn));
    core::Manifest m;
    REQUIRE(db.r.load("proj", "1", m));
    CHECK(m.aliases == std::vector<std::string>{"dev"});
    CHECK(m.doc.find("version")->isNumber());
    // Back to a's state: that is version 1 already, so nothing is added (importing twice is idempotent even
    // when two different states alternate).
    REQUIRE(numbered(a, r4));
    CHECK(r4.imported == 0);
    CHECK(r4.unchanged == 1);
    CHECK(labels(db.r.versions("proj")) == std::vector<std::string>{"1", "2"});
    // Numbering follows mvr create's: the highest all-digits label plus one.
    importOne(db.r, R"({"model":"proj","version":"10"})");
    FileReport r5;
    REQUIRE(numbered(R"({"model":"proj","version":0,"created_on":null,"params":{"lr":0.3}})", r5));
    CHECK(labels(db.r.versions("proj")).back() == "11");
}

TEST_CASE("registry: an unchanged numbered import still sets the aliases it brings on the latest version") {
    Db db;
    auto session = db.r.beginImport();
    FileReport rep;
    session->addNumbered(mvr::test::json(R"({"model":"p","version":0,"created_on":null,"params":{"x":1}})"), rep);
    REQUIRE(session->commit());
    session = db.r.beginImport();
    FileReport again;
    session->addNumbered(mvr::test::json(R"({"model":"p","version":0,"created_on":null,"params":{"x":1},"aliases":["prod"]})"), again);
    REQUIRE(session->commit());
    CHECK(again.unchanged == 1);
    CHECK(again.aliasesMoved == 1);
    CHECK(db.r.resolveLabel("p", "prod") == "1");
}

TEST_CASE("registry: addDocument validates and stores, reporting problems and conflicts") {
    Db db;
    auto session = db.r.beginImport();
    FileReport ok, bad, clash;
    ok.file = bad.file = clash.file = "imported";
    session->addDocument(mvr::test::json(R"({"model":"d","version":1,"params":{"a":"1"}})"), ok);
    session->addDocument(mvr::test::json(R"({"model":"d","version":1,"params":{"a":"2"}})"), clash);
    CHECK(ok.imported == 1);
    CHECK(clash.conflicts == 1);
    CHECK_FALSE(session->commit());  // a conflict: nothing is stored
    CHECK(db.r.versionCount() == 0);
    session = db.r.beginImport();
    session->addDocument(mvr::test::json(R"({"model":"d","version":1.5})"), bad);
    REQUIRE(bad.problems.size() == 1);
    CHECK(bad.problems[0].path == "version");
    CHECK_FALSE(session->commit());
}

namespace {
// What the page's parse worker does with a file (core::FilePacker, packs of `per` manifests), then what the
// main thread does: each pack into a PreparedFile of the session.
// digests = false: the packs leave each digest to storing (as the wasm CLI's worker does).
FileReport importPrepared(ImportSession& session, const std::string& file, const std::string& text, size_t per,
                          bool digests = true) {
    core::FilePacker packer(text, file, digests);
    auto prepared = std::make_unique<mvr::ops::PreparedFile>(session, file, text.size());
    std::string pack;
    bool more = true;
    while (more) {
        more = packer.next(per, pack);
        REQUIRE(prepared->addPack(pack));
    }
    CHECK_FALSE(prepared->addPack(std::string("\x01garbage")));  // a damaged pack is refused
    CHECK_THAT(prepared->packError(), Catch::Contains("damaged pack (item 1 of the pack: unknown item tag)"));
    return prepared->finish(packer.clean(), packer.dropped());
}
}  // namespace

TEST_CASE("registry: a file read elsewhere and handed over in packs imports exactly as its text does") {
    std::string text;
    REQUIRE(mvr::test::readText(std::string(MVR_SOURCE_DIR) + "/docs/examples/registry.json", text));
    bool digests = GENERATE(true, false);
    INFO("digests made by the packing side: " << digests);
    Db direct, packed;
    FileReport a = importOne(direct.r, text);
    REQUIRE(a.problems.empty());
    auto session = packed.r.beginImport();
    FileReport b = importPrepared(*session, "registry.json", text, 7, digests);
    CHECK(session->commit());
    CHECK(b.imported == a.imported);
    CHECK(b.bytes == text.size());
    CHECK(b.problems.empty());
    CHECK(exportAll(packed.r) == exportAll(direct.r));

    // Again: every version unchanged.
    auto again = packed.r.beginImport();
    FileReport c = importPrepared(*again, "registry.json", text, 1000, !digests);
    CHECK(again->commit());
    CHECK(c.unchanged == a.imported);
    CHECK(c.imported == 0);
}

TEST_CASE("registry: a prepared file with a problem, or a conflict, imports nothing of the whole batch") {
    Db db;
    importOne(db.r, "{\"model\":\"m\",\"version\":1,\"params\":{\"lr\":0.1}}");
    const std::string before = exportAll(db.r);
    // A bad manifest late in the file: the ones before it were packed and stored, then the problem arrives.
    std::string bad = "[{\"model\":\"m\",\"version\":2},{\"model\":\"m\",\"version\":3},\n"
                      "{\"model\":\"m\",\"version\":4,\"created_on\":\"last tuesday\"}]";
    {
        auto session = db.r.beginImport();
        mvr::ops::importText(*session, "good.json", "{\"model\":\"m\",\"version\":9}");
        FileReport r = importPrepared(*session, "big.json", bad, 1);
        CHECK_FALSE(session->commit());
        REQUIRE(r.problems.size() == 1);
        CHECK(r.problems[0].file == "big.json");
        CHECK(r.problems[0].line == 2);
        CHECK(r.problems[0].path == "[2].created_on");
    }
    CHECK(exportAll(db.r) == before);
    // The same label with other content: a conflict, reported with the manifest's place in its file.
    {
        auto session = db.r.beginImport();
        FileReport r = importPrepared(*session, "big.json", "[{\"model\":\"m\",\"version\":5},\n{\"model\":\"m\",\"version\":1}]", 1);
        CHECK_FALSE(session->commit());
        CHECK(r.conflicts == 1);
        REQUIRE(r.problems.size() == 1);
        CHECK(r.problems[0].code == "conflict");
        CHECK(r.problems[0].line == 2);
    }
    CHECK(exportAll(db.r) == before);
}

TEST_CASE("registry: a version's step histories read from its stored text as from the loaded version") {
    TempPath path("steps.db");
    const std::string v1 = R"({"model":"m","version":1,"aliases":["production"],"metrics":{
        "loss":{"value":0.5,"goal":"min","steps":[{"step":0,"value":0.9,"timestamp":"2026-01-01T00:00:00Z"},
                                                  {"step":2,"value":0.5,"timestamp":1767225720000},{"step":1,"value":0.7}]},
        "auc":{"value":0.8,"steps":[0.6,0.7,0.8]},"acc":0.9}})";
    {
        Registry r(path.str());
        importOne(r, v1);
        importOne(r, R"({"model":"m","version":2,"metrics":{"acc":0.95}})");
        for (const char* label : {"1", "production"})
            for (bool byTime : {false, true})
                for (const char* want : {"", "loss", "auc", "acc"}) {
                    INFO(label << " " << byTime << " " << want);
                    core::StepHistories got;
                    std::string resolved;
                    REQUIRE(r.stepHistories("m", label, want, byTime, got, &resolved));
                    CHECK(resolved == "1");
                    core::StepHistories expected = core::stepHistories(load(r, "m", label).doc, want, byTime);
                    CHECK(got.names == std::vector<std::string>{"loss", "auc"});
                    CHECK(got.metric == expected.metric);
                    CHECK(got.series.x == expected.series.x);
                    CHECK(got.series.y == expected.series.y);
                }
        core::StepHistories h;
        REQUIRE(r.stepHistories("m", "1", "loss", false, h));
        CHECK(h.series.x == std::vector<double>{0, 1, 2});
        CHECK(h.series.y == std::vector<double>{0.9, 0.7, 0.5});
        REQUIRE(r.stepHistories("m", "2", "loss", false, h));
        CHECK(h.names.empty());
        CHECK(h.metric.empty());
        CHECK_FALSE(r.stepHistories("m", "3", "loss", false, h));
        CHECK_FALSE(r.stepHistories("other", "1", "loss", false, h));
    }
    // A row written with white space (as by an older build) is read whole instead, to the same histories; a
    // damaged one is an error that names the version.
    {
        Connection c(path.str());
        c.exec("UPDATE version SET doc=replace(doc, ',', ', ') WHERE label='1'");
    }
    {
        Registry r(path.str());
        core::StepHistories h;
        REQUIRE(r.stepHistories("m", "1", "auc", false, h));
        CHECK(h.names == std::vector<std::string>{"loss", "auc"});
        CHECK(h.series.y == std::vector<double>{0.6, 0.7, 0.8});
    }
    {
        Connection c(path.str());
        c.exec("UPDATE version SET doc='{\"model\":\"m\",\"metrics\":{\"loss\":{\"steps\":[1,' WHERE label='1'");
    }
    Registry r(path.str());
    core::StepHistories h;
    CHECK_THROWS_WITH(r.stepHistories("m", "1", "loss", false, h), Catch::Contains("m@1") && Catch::Contains("does not read back"));
}
