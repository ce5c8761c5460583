// The registry schema: migration of every older schema version (with the rows that version wrote), and clear
// refusals for files that are not mvr registries or were written by a newer mvr.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ops/file_import.hpp"
#include "storage/registry.hpp"
#include "storage/schema.hpp"
#include "test_support.hpp"

using namespace mvr;
using namespace mvr::storage;
using mvr::test::TempPath;

namespace {

// Writes one version the way the schema `schema` stored it: model, version (canonical document, digest, extracted
// fields) and alias rows; from schema 2 its tag and metric rows (schema 1 had no such tables). Schema 3 added rules
// and the alias history, which these versions do not have.
void insertAt(Connection& c, int schema, const std::string& docText, const std::vector<std::string>& aliases = {}) {
    core::Manifest m = mvr::test::manifest(docText);
    Statement findModel = c.prepare("SELECT id FROM model WHERE name=?");
    findModel.bind(1, m.model);
    int64_t mid;
    if (findModel.step()) {
        mid = findModel.getInt(0);
    } else {
        c.prepare("INSERT INTO model(name) VALUES (?)").bind(1, m.model).run();
        mid = c.lastInsertId();
    }
    Statement seq = c.prepare("SELECT coalesce(max(seq),0)+1 FROM version WHERE model_id=?");
    seq.bind(1, mid);
    seq.step();
    Statement ins = c.prepare(
        "INSERT INTO version(model_id,label,seq,digest,created_on,author,description,parent_model,parent_label,doc,doc_aliases)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    ins.bind(1, mid).bind(2, m.label).bind(3, seq.getInt(0)).bind(4, m.digest);
    m.createdOn.empty() ? ins.bindNull(5) : ins.bind(5, m.createdOn);
    m.author.empty() ? ins.bindNull(6) : ins.bind(6, m.author);
    m.description.empty() ? ins.bindNull(7) : ins.bind(7, m.description);
    m.hasParent ? ins.bind(8, m.parent.model) : ins.bindNull(8);
    m.hasParent ? ins.bind(9, m.parent.label) : ins.bindNull(9);
    ins.bind(10, m.canonical);
    m.hasAliasesField ? ins.bind(11, m.aliasesJson) : ins.bindNull(11);
    ins.run();
    int64_t vid = c.lastInsertId();
    if (schema >= 2) {
        for (const auto& t : m.tags)
            c.prepare("INSERT INTO tag(version_id,key,value) VALUES (?,?,?)").bind(1, vid).bind(2, t.first).bind(3, t.second).run();
        for (const auto& x : m.metrics)
            c.prepare("INSERT INTO metric(version_id,name,value) VALUES (?,?,?)").bind(1, vid).bind(2, x.name).bind(3, x.value).run();
    }
    for (const std::string& a : aliases)
        c.prepare("INSERT INTO alias(model_id,name,version_id) VALUES (?,?,?)").bind(1, mid).bind(2, a).bind(3, vid).run();
}

std::vector<std::string> where(Registry& r, const std::string& model, const std::string& text) {
    core::Filter f;
    std::string error;
    REQUIRE(core::parseFilter(text, f, error));
    std::vector<std::string> out;
    for (const auto& v : r.versions(model, f)) out.push_back(v.label);
    return out;
}

int64_t count(Connection& c, const std::string& table) {
    Statement s = c.prepare("SELECT count(*) FROM " + table);
    s.step();
    return s.getInt(0);
}

}  // namespace

TEST_CASE("schema: a new file gets the current schema") {
    TempPath path("new.db");
    {
        Registry r(path.str());
        CHECK(r.schemaVersion() == kSchemaVersion);
    }
    Connection c(path.str());
    CHECK(schemaVersion(c) == kSchemaVersion);
    CHECK(c.pragmaInt("application_id") == kApplicationId);
    CHECK(c.pragmaInt("page_size") == kPageSize);
    CHECK(count(c, "tag") == 0);
    CHECK(count(c, "metric") == 0);
    CHECK(count(c, "rule") == 0);
    CHECK(count(c, "rule_change") == 0);
    CHECK(count(c, "alias_history") == 0);
    CHECK(count(c, "curation") == 0);
}

TEST_CASE("schema: every older schema version migrates, with its rows") {
    REQUIRE(kSchemaVersion == 4);  // when schema 5 arrives, add its rows here
    for (int from = 1; from < kSchemaVersion; ++from) {
        DYNAMIC_SECTION("from schema " << from) {
            TempPath path("old.db");
            {
                Connection c(path.str());
                createSchemaAtVersion(c, from);
                CHECK(schemaVersion(c) == from);
                Transaction t(c);
                insertAt(c, from, "{\"model\":\"m\",\"version\":1,\"metrics\":{\"auc\":0.8,\"loss\":{\"value\":0.5,\"goal\":\"min\"}},"
                            "\"tags\":{\"team\":\"nlp\",\"n\":3}}");
                insertAt(c, from, "{\"model\":\"m\",\"version\":2,\"parent\":1,\"metrics\":{\"auc\":0.95},\"tags\":[\"gold\"],"
                            "\"aliases\":[\"prod\"]}",
                         {"prod"});
                insertAt(c, from, "{\"model\":\"n\",\"version\":\"v1\",\"params\":{\"lr\":0.1}}");
                if (from >= 3)  // schema 3 recorded its aliases' moves (here as its migration did)
                    c.exec("INSERT INTO alias_history(at,model,alias,from_label,to_label,author,source) "
                           "VALUES (NULL,'m','prod',NULL,'2','','migration')");
                t.commit();
            }
            {
                Registry r(path.str());
                CHECK(r.schemaVersion() == kSchemaVersion);
                CHECK(r.versionCount() == 3);
                // The new tables were filled from the stored documents, so filters work on old versions.
                CHECK(r.rowCount("tag") == 3);
                CHECK(r.rowCount("metric") == 3);
                CHECK(where(r, "m", "metrics.auc > 0.9") == std::vector<std::string>{"2"});
                CHECK(where(r, "m", "metrics.loss < 1") == std::vector<std::string>{"1"});
                CHECK(where(r, "m", "tags.team = nlp") == std::vector<std::string>{"1"});
                CHECK(where(r, "m", "tags.n = 3") == std::vector<std::string>{"1"});
                CHECK(where(r, "m", "tags.gold = \"\"") == std::vector<std::string>{"2"});
                CHECK(where(r, "m", "alias = prod") == std::vector<std::string>{"2"});
                CHECK(where(r, "n", "params.lr = 0.1") == std::vector<std::string>{"v1"});
                CHECK(r.metricNames("m") == std::vector<std::string>{"auc", "loss"});
                CHECK(r.children("m", "1") == std::vector<std::string>{"2"});
                // Everything else keeps working on the migrated file.
                core::Manifest m;
                REQUIRE(r.load("m", "prod", m));
                CHECK(m.label == "2");
                auto s = r.beginImport();
                storage::FileReport rep = mvr::ops::importText(*s, "new.json", "{\"model\":\"m\",\"version\":3,\"metrics\":{\"auc\":0.99}}");
                CHECK(rep.ok());
                CHECK(s->commit());
                CHECK(where(r, "m", "metrics.auc > 0.9") == std::vector<std::string>{"2", "3"});
                // Schema 3: the aliases held before there was a history have one record each, of unknown time, so
                // the history explains them; rules can be stored, and moves are recorded from now on.
                std::vector<AliasMove> h = r.aliasHistory("m");
                REQUIRE(h.size() == 1);
                CHECK(h[0].alias == "prod");
                CHECK(h[0].from.empty());
                CHECK(h[0].to == "2");
                CHECK(h[0].at.empty());
                CHECK(h[0].source == "migration");
                CHECK(r.aliasAt("m", "prod", "2020-01-01") == "2");
                CHECK(r.rules().empty());
                r.saveRule("rule: promote\nalias: prod\nmodels: m\ncompare: metrics.auc not worse\n", "ana", false);
                CHECK(r.rules().size() == 1);
                r.setAlias("m", "prod", "3", MoveContext{"ana", "hand", "", ""});
                CHECK(r.aliasHistory("m", "prod").size() == 2);
                // Schema 4: no version is deprecated or curated yet; rules read their facts by the new indexes.
                CHECK(r.rowCount("curation") == 0);
                std::vector<core::VersionFacts> facts = r.ruleFacts("m", core::Rule());
                REQUIRE(facts.size() == 3);
                CHECK_FALSE(facts[0].deprecated);
                r.deprecate({core::VersionRef{"m", "1"}}, true, "ana");
                CHECK(r.ruleFacts("m", core::Rule())[0].deprecated);
            }
            // Opening again does not migrate twice.
            Registry again(path.str());
            CHECK(again.schemaVersion() == kSchemaVersion);
            CHECK(again.rowCount("metric") == 4);
            CHECK(again.rowCount("alias_history") == 2);
            CHECK(again.rowCount("rule") == 1);
            CHECK(again.rowCount("rule_change") == 1);
            CHECK(again.rowCount("curation") == 1);
        }
    }
}

TEST_CASE("schema: a migration that cannot read a stored version changes nothing") {
    TempPath path("damaged.db");
    {
        Connection c(path.str());
        createSchemaAtVersion(c, 1);
        insertAt(c, 1, "{\"model\":\"m\",\"version\":1}");
        c.exec("UPDATE version SET doc='{\"model\":\"m\",' WHERE label='1'");
    }
    CHECK_THROWS_WITH(Registry(path.str()), Catch::Contains("migration to schema 2") && Catch::Contains("does not read back"));
    Connection c(path.str());
    CHECK(schemaVersion(c) == 1);
    Statement s = c.prepare("SELECT count(*) FROM sqlite_schema WHERE name IN ('tag','metric')");
    s.step();
    CHECK(s.getInt(0) == 0);
}

TEST_CASE("schema: an SQLite file of another application is refused and left alone") {
    TempPath path("other.db");
    {
        Connection c(path.str());
        c.exec("CREATE TABLE notes(x TEXT)");
        c.exec("INSERT INTO notes VALUES ('keep me')");
    }
    CHECK_THROWS_AS(Registry(path.str()), StorageError);
    CHECK_THROWS_WITH(Registry(path.str()), Catch::Contains("not an mvr registry"));
    Connection c(path.str());
    Statement s = c.prepare("SELECT count(*) FROM sqlite_schema");
    s.step();
    CHECK(s.getInt(0) == 1);
    CHECK(count(c, "notes") == 1);
    CHECK(c.pragmaInt("application_id") == 0);

    // Another application's id, even without tables, is not ours either.
    TempPath tagged("tagged.db");
    {
        Connection t(tagged.str());
        t.exec("PRAGMA application_id=12345");
    }
    CHECK_THROWS_WITH(Registry(tagged.str()), Catch::Contains("not an mvr registry"));
}

TEST_CASE("schema: a file that is not SQLite is refused") {
    TempPath path("text.db");
    REQUIRE(mvr::test::writeText(path.str(), std::string("this is a text file, not a database at all\n") + std::string(600, 'x')));
    CHECK_THROWS_WITH(Registry(path.str()), Catch::Contains("not a database"));
    std::string after;
    REQUIRE(mvr::test::readText(path.str(), after));
    CHECK(after.rfind("this is a text file", 0) == 0);
}

TEST_CASE("schema: an empty file becomes a registry") {
    TempPath path("empty.db");
    REQUIRE(mvr::test::writeText(path.str(), ""));
    Registry r(path.str());
    CHECK(r.schemaVersion() == kSchemaVersion);
}

TEST_CASE("schema: a registry from a newer mvr is refused clearly") {
    TempPath path("future.db");
    {
        Connection c(path.str());
        createSchemaAtVersion(c, kSchemaVersion);
        c.exec("PRAGMA user_version=" + std::to_string(kSchemaVersion + 1));
    }
    CHECK_THROWS_WITH(Registry(path.str()), Catch::Contains("schema version " + std::to_string(kSchemaVersion + 1)) &&
                                                Catch::Contains("newer mvr") && Catch::Contains("update mvr"));
    Connection c(path.str());
    CHECK(schemaVersion(c) == kSchemaVersion + 1);
}

TEST_CASE("schema: the current schema opens without migrating") {
    TempPath path("current.db");
    {
        Connection c(path.str());
        createSchemaAtVersion(c, kSchemaVersion);
    }
    Registry r(path.str());
    CHECK(r.schemaVersion() == kSchemaVersion);
    CHECK(r.versionCount() == 0);
}
