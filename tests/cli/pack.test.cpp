// mvr pack: a packed copy exports byte for byte as the registry, has the page size asked for and no WAL, opens
// read-only through the range VFS; an existing OUT is kept without --force; a failed pack leaves no file.
// Under node (the web preset) the same cases run: NODERAWFS gives VACUUM INTO, pread and rename real files.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "ops/file_import.hpp"
#include "run_cli.hpp"
#include "storage/range_vfs.hpp"
#include "storage/registry.hpp"
#include "test_support.hpp"

using namespace mvr;
using mvr::test::runCli;
using mvr::test::TempPath;

namespace {

const std::string kExample = std::string(MVR_SOURCE_DIR) + "/docs/examples/registry.json";

// The page size and the file format bytes of an SQLite header (offsets 16-19).
int headerPageSize(const std::string& text) {
    int n = (static_cast<uint8_t>(text[16]) << 8) | static_cast<uint8_t>(text[17]);
    return n == 1 ? 65536 : n;
}

// A pack opened as the browser opens it: read-only through the range VFS (4 KiB blocks), counted.
struct RangeOpened {
    storage::RangeFetch fetch;
    uint64_t size = 0;
    std::unique_ptr<storage::RangeReader> reader;
    std::unique_ptr<storage::Registry> registry;
    explicit RangeOpened(const std::string& path) {
        std::string err;
        if (!storage::preadFetch(path, fetch, size, err)) throw storage::StorageError(err);
        reader = std::make_unique<storage::RangeReader>(size, fetch, 4096);
        storage::registerRangeVfs("test-pack-summary", reader.get());
        registry = std::make_unique<storage::Registry>("test-pack-summary", true);
    }
    ~RangeOpened() {
        registry.reset();
        storage::registerRangeVfs("test-pack-summary", nullptr);
    }
};

void importJson(storage::Registry& r, const std::string& text) {
    auto session = r.beginImport();
    storage::FileReport rep = ops::importText(*session, "in.json", text);
    INFO(mvr::test::dump(rep.problems));
    REQUIRE(session->commit());
}

// What the models list, its rows' headlines and the status bar read of a registry: packed must answer as source.
void checkSameFirstScreen(storage::Registry& packed, storage::Registry& source, const std::vector<std::string>& names) {
    CHECK(packed.versionCount() == source.versionCount());
    CHECK(packed.modelCount() == source.modelCount());
    std::vector<storage::ModelInfo> got = packed.models(), want = source.models();
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) {
        INFO("model " << want[i].name);
        CHECK(got[i].id == want[i].id);
        CHECK(got[i].name == want[i].name);
        CHECK(got[i].versions == want[i].versions);
        CHECK(got[i].latest == want[i].latest);
        CHECK(got[i].aliases == want[i].aliases);
    }
    for (const std::string& name : names) {
        INFO("headline of " << name);
        storage::Headline hp, hs;
        bool p = packed.headline(name, hp), s = source.headline(name, hs);
        CHECK(p == s);
        CHECK(hp.metric == hs.metric);
        CHECK(hp.goal == hs.goal);
        CHECK(hp.label == hs.label);
        CHECK(hp.value == hs.value);
        // The versions pane's metric columns: names in order, and each one's goal (and none for a metric not there).
        std::vector<std::string> metrics = source.metricNames(name);
        CHECK(packed.metricNames(name) == metrics);
        metrics.push_back("no-such-metric");
        for (const std::string& m : metrics) {
            INFO("goal of " << m);
            CHECK(packed.metricGoal(name, m) == source.metricGoal(name, m));
        }
    }
}

}  // namespace

TEST_CASE("a pack answers the models list, headlines and version count from its summary, as its registry does") {
    TempPath db{"summary-src.db"}, pack{"summary.mvr"}, repack{"summary-again.mvr"};
    const std::vector<std::string> names = {"aliased", "emptied", "plain", "trimmed", "nope"};
    {
        storage::Registry src(db.str());
        importJson(src, R"([
          {"model": "aliased", "version": 1, "metrics": {"rows": 5, "loss": {"value": 0.5, "goal": "min"}}, "aliases": ["staging"]},
          {"model": "aliased", "version": 2, "metrics": {"rows": 6, "loss": {"value": 0.25, "goal": "min"}}},
          {"model": "aliased", "version": 3, "metrics": {"rows": 7, "loss": {"value": 0.375, "goal": "min"}}},
          {"model": "aliased", "version": 4, "metrics": {"rows": 8, "loss": {"value": 0.125, "goal": "min"}}},
          {"model": "emptied", "version": 1, "metrics": {"auc": {"value": 0.7, "goal": "max"}}},
          {"model": "emptied", "version": 2, "metrics": {"auc": {"value": 0.8, "goal": "max"}}},
          {"model": "plain", "version": "v1", "metrics": {"rows": 1}},
          {"model": "trimmed", "version": 1, "metrics": {"auc": {"value": 0.9, "goal": "max"}}},
          {"model": "trimmed", "version": 2, "metrics": {"auc": {"value": 0.8, "goal": "max"}}},
          {"model": "trimmed", "version": 3, "metrics": {"auc": {"value": 0.85, "goal": "max"}, "f1": {"value": 1, "goal": "max"}}}])");
        src.setAlias("aliased", "production", "2");
        src.setAlias("aliased", "canary", "4");
        // aliased loses its newest and best version (latest and best move to 3 and 2); emptied loses all of its
        // versions (and so the model); trimmed its best (0.9) and its newest.
        src.removeAlias("aliased", "canary");
        REQUIRE(src.deleteVersions({{"aliased", "4"}, {"emptied", "1"}, {"emptied", "2"}, {"trimmed", "1"}, {"trimmed", "3"}},
                                   false) == 5);
        storage::Headline h;
        REQUIRE(src.headline("aliased", h));
        CHECK(h.label == "2");
        CHECK(src.models().size() == 3);
        CHECK(src.modelCount() == 3);
    }
    auto r = runCli({"--db", db, "pack", pack});
    INFO(r.err);
    REQUIRE(r.code == 0);
    {
        storage::Registry src(db.str());
        RangeOpened packed(pack);
        // The open reads the first page (the header and the whole schema, the summary's triggers included) and
        // sqlite_stat1; the first screen then the summary's page and the model table's.
        CHECK(packed.reader->stats().requests == 2);
        packed.registry->models();
        packed.registry->versionCount();
        packed.registry->modelCount();
        CHECK(packed.reader->stats().requests == 4);
        checkSameFirstScreen(*packed.registry, src, names);
        storage::Connection c("registry", true, "test-pack-summary");
        storage::Statement s = c.prepare("SELECT count(*), sum(versions) FROM pack_model");
        REQUIRE(s.step());
        CHECK(s.getInt(0) == 3);
        CHECK(s.getInt(1) == 5);
    }
    {
        // What answered is the summary, not the versions: a summary changed behind the registry's back (no trigger
        // watches its own tables) is what the first screen reads.
        storage::Connection c(pack.str());
        c.exec("UPDATE pack_model SET latest='forged', best='forged', versions=95, aliases='[[\"a\",\"b\"]]', "
               "metrics='[[\"forged\",\"min\"],[\"auc\",\"\"]]' WHERE name='trimmed'");
        {
            RangeOpened packed(pack);
            std::vector<storage::ModelInfo> ms = packed.registry->models();
            REQUIRE(ms.size() == 3);
            CHECK(ms[2].name == "trimmed");
            CHECK(ms[2].latest == "forged");
            CHECK(ms[2].versions == 95);
            CHECK(ms[2].aliases == std::vector<std::pair<std::string, std::string>>{{"a", "b"}});
            storage::Headline h;
            REQUIRE(packed.registry->headline("trimmed", h));
            CHECK(h.label == "forged");
            CHECK(packed.registry->versionCount() == 99);
            CHECK(packed.registry->metricNames("trimmed") == std::vector<std::string>{"forged", "auc"});
            CHECK(packed.registry->metricGoal("trimmed", "forged") == core::Goal::Min);
            CHECK(packed.registry->metricGoal("trimmed", "auc") == core::Goal::None);
        }
        c.exec("UPDATE pack_model SET latest='2', best='2', versions=1, aliases='[]', "
               "metrics='[[\"auc\",\"max\"]]' WHERE name='trimmed'");
    }
    // A pack of a pack computes its summary again (the copied one is dropped first).
    REQUIRE(runCli({"--db", pack, "pack", repack}).code == 0);
    {
        storage::Registry src(db.str());
        RangeOpened again(repack);
        checkSameFirstScreen(*again.registry, src, names);
    }
    // A pack written to is a registry: the first change marks the summary stale, and the ordinary queries answer.
    for (const std::string& path : {db.str(), pack.str()}) {
        storage::Registry w(path);
        importJson(w, R"([{"model": "plain", "version": "v2", "metrics": {"rows": 2, "acc": {"value": 0.5, "goal": "max"}}}])");
        w.setAlias("trimmed", "production", "2");
    }
    {
        storage::Registry src(db.str());
        RangeOpened packed(pack);
        storage::Connection c("registry", true, "test-pack-summary");
        storage::Statement s = c.prepare("SELECT count(*) FROM pack_model");
        REQUIRE(s.step());
        CHECK(s.getInt(0) == 0);
        CHECK(packed.registry->versionCount() == 6);
        checkSameFirstScreen(*packed.registry, src, names);
        storage::Headline h;
        REQUIRE(packed.registry->headline("plain", h));
        CHECK(h.label == "v2");
    }
    {
        // An alias moved alone (no version written) is a change too.
        storage::Registry w(repack.str());
        w.setAlias("trimmed", "production", "2");
    }
    RangeOpened again(repack);
    std::vector<storage::ModelInfo> ms = again.registry->models();
    REQUIRE(ms.size() == 3);
    CHECK(ms[2].aliases == std::vector<std::pair<std::string, std::string>>{{"production", "2"}});
}

TEST_CASE("an empty registry packs into an empty summary, answered by the ordinary queries") {
    TempPath db{"empty-src.db"}, pack{"empty.mvr"};
    REQUIRE(runCli({"--db", db, "init"}).code == 0);
    auto r = runCli({"--db", db, "pack", pack});
    INFO(r.err);
    REQUIRE(r.code == 0);
    storage::Registry src(db.str());
    RangeOpened packed(pack);
    checkSameFirstScreen(*packed.registry, src, {"nope"});
    CHECK(packed.registry->models().empty());
    CHECK(packed.registry->versionCount() == 0);
    storage::Connection c("registry", true, "test-pack-summary");
    storage::Statement s = c.prepare("SELECT count(*) FROM pack_model");
    REQUIRE(s.step());
    CHECK(s.getInt(0) == 0);
}

TEST_CASE("mvr pack writes a copy that exports as the registry") {
    TempPath db{"pack-src.db"}, pack{"pack.mvr"}, a{"a.json"}, b{"b.json"};
    REQUIRE(runCli({"--db", db, "import", kExample}).code == 0);
    for (int pageSize : {4096, 16384, 65536}) {
        INFO("page size " << pageSize);
        auto r = runCli({"--db", db, "pack", pack, "--page-size", std::to_string(pageSize), "--force"});
        INFO(r.err);
        REQUIRE(r.code == 0);
        CHECK(r.out.find("packed ") == 0);
        std::string text;
        REQUIRE(mvr::test::readText(pack, text));
        REQUIRE(text.size() > 100);
        CHECK(text.compare(0, 16, std::string("SQLite format 3\0", 16)) == 0);
        CHECK(headerPageSize(text) == pageSize);
        CHECK(text[18] == 1);  // rollback journal, not WAL (2): the one file is the whole registry
        CHECK(text[19] == 1);
        CHECK(text.size() % static_cast<size_t>(pageSize) == 0);
        REQUIRE(runCli({"--db", db, "export", "-o", a}).code == 0);
        REQUIRE(runCli({"--db", pack, "export", "-o", b}).code == 0);
        std::string ta, tb;
        REQUIRE(mvr::test::readText(a, ta));
        REQUIRE(mvr::test::readText(b, tb));
        CHECK(ta == tb);
        CHECK(!mvr::test::fileExists(pack.str() + "-journal"));
    }
    // Read-only through the range VFS, as the browser will open it.
    storage::RangeFetch fetch;
    uint64_t size = 0;
    std::string err;
    REQUIRE(storage::preadFetch(pack, fetch, size, err));
    storage::RangeReader reader(size, fetch, 65536);
    storage::registerRangeVfs("test-pack", &reader);
    {
        storage::Registry r("test-pack", true);
        CHECK(r.versionCount() > 0);
        CHECK_THROWS_AS(r.removeAlias(r.models().front().name, "production"), storage::StorageError);
    }
    storage::registerRangeVfs("test-pack", nullptr);
    // JSON for scripts.
    auto j = runCli({"--db", db, "--json", "pack", pack, "--force"});
    REQUIRE(j.code == 0);
    CHECK(j.out.find("\"page_size\": 4096") != std::string::npos);
    CHECK(j.out.find("\"export_digest\": \"blake2b:") != std::string::npos);
}

TEST_CASE("mvr pack keeps an existing OUT, and a failed pack leaves nothing") {
    TempPath db{"pack-src.db"}, pack{"pack.mvr"};
    REQUIRE(runCli({"--db", db, "import", kExample}).code == 0);
    REQUIRE(mvr::test::writeText(pack, "keep me"));
    auto r = runCli({"--db", db, "pack", pack});
    CHECK(r.code == 1);
    CHECK(r.err.find(pack.str() + ": exists already (--force to replace it)") != std::string::npos);
    std::string text;
    REQUIRE(mvr::test::readText(pack, text));
    CHECK(text == "keep me");
    CHECK(runCli({"--db", db, "pack", pack, "--force"}).code == 0);
    REQUIRE(mvr::test::readText(pack, text));
    CHECK(text.compare(0, 15, "SQLite format 3") == 0);

    // Out in a folder that does not exist: an error naming it, no file anywhere.
    std::string nowhere = pack.str() + "-missing-dir/reg.mvr";
    r = runCli({"--db", db, "pack", nowhere});
    CHECK(r.code == 1);
    CHECK(r.err.find(nowhere) != std::string::npos);
    CHECK(!mvr::test::fileExists(nowhere));

    // No registry: said, and not created.
    TempPath none{"no-such.db"}, out2{"out2.mvr"};
    r = runCli({"--db", none, "pack", out2});
    CHECK(r.code == 1);
    CHECK(r.err.find(none.str() + ": no such registry") != std::string::npos);
    CHECK(!mvr::test::fileExists(none));
    CHECK(!mvr::test::fileExists(out2));

    // A file that is not a registry: refused, no pack, no temporary file left.
    TempPath notReg{"not-registry.db"};
    REQUIRE(mvr::test::writeText(notReg, std::string(4096, 'x')));
    r = runCli({"--db", notReg, "pack", out2});
    CHECK(r.code == 1);
    CHECK(r.err.find(notReg.str()) != std::string::npos);
    CHECK(!mvr::test::fileExists(out2));
    std::vector<std::string> left;
    mvr::test::listFiles("/tmp", "", left);
    for (const std::string& f : left) CHECK(f.find(out2.str().substr(5) + ".tmp-") == std::string::npos);

    // Usage errors.
    CHECK(runCli({"--db", db, "pack"}).code == 2);
    CHECK(runCli({"--db", db, "pack", out2, "--page-size", "1000"}).code == 2);
    CHECK(runCli({"--db", db, "pack", out2, "--page-size", "131072"}).code == 2);
    CHECK(!mvr::test::fileExists(out2));
    CHECK(runCli({"--help"}).out.find("pack OUT [--page-size N] [--force]") != std::string::npos);
}

TEST_CASE("a pack numbers a model's versions as one run of ids, in arrival order; the pane's paged reads agree") {
    TempPath db{"cluster-src.db"}, pack{"cluster.mvr"};
    {
        storage::Registry src(db.str());
        // Two models' versions arriving in turn, as the workload's do: ids interleaved in the registry.
        std::string text = "[";
        for (int i = 1; i <= 6; ++i)
            for (const char* m : {"a", "b"}) {
                text += std::string(text.size() > 1 ? "," : "") + "{\"model\": \"" + m + "\", \"version\": " + std::to_string(i) +
                        ", \"metrics\": {\"auc\": {\"value\": " + std::to_string(0.5 + i / 100.0) + ", \"goal\": \"max\"}" +
                        (i % 2 ? ", \"rows\": " + std::to_string(i * 10) : std::string()) + "}, \"tags\": {\"n\": \"" +
                        std::to_string(i) + "\"}}";
            }
        importJson(src, text + "]");
        src.setAlias("a", "production", "3");
        src.setAlias("b", "staging", "5");
    }
    auto r = runCli({"--db", db, "pack", pack});
    INFO(r.err);
    REQUIRE(r.code == 0);
    storage::Registry src(db.str());
    RangeOpened packed(pack);
    for (const char* model : {"a", "b"}) {
        INFO("model " << model);
        std::vector<storage::Registry::VersionKey> keys = packed.registry->versionKeys(model);
        REQUIRE(keys.size() == 6);
        for (size_t i = 1; i < keys.size(); ++i) {
            CHECK(keys[i].id == keys[i - 1].id + 1);  // one run of ids
            CHECK(keys[i].seq > keys[i - 1].seq);
        }
        // The rows by seq are the listing's, aliases included; the values by id and by a run of ids the model's.
        std::vector<storage::VersionSummary> all = src.versions(model), got;
        std::vector<int64_t> seqs, ids;
        for (const auto& k : keys) seqs.push_back(k.seq), ids.push_back(k.id);
        got = packed.registry->versionsBySeq(model, seqs);
        REQUIRE(got.size() == all.size());
        for (size_t i = 0; i < all.size(); ++i) {
            CHECK(got[i].label == all[i].label);
            CHECK(got[i].seq == all[i].seq);
            CHECK(got[i].aliases == all[i].aliases);
            CHECK(got[i].id == keys[i].id);
        }
        CHECK(packed.registry->versionsBySeq(model, {seqs[1], seqs[4]}).size() == 2);
        // The first screen's reads: the newest rows, newest first, and the count (the summary's, and the index's).
        std::vector<storage::VersionSummary> newest = packed.registry->newestVersions(model, 4);
        REQUIRE(newest.size() == 4);
        for (size_t i = 0; i < 4; ++i) {
            CHECK(newest[i].label == all[5 - i].label);
            CHECK(newest[i].aliases == all[5 - i].aliases);
        }
        CHECK(packed.registry->modelVersionCount(model) == 6);
        CHECK(src.modelVersionCount(model) == 6);
        for (const char* metric : {"auc", "rows"}) {
            INFO("metric " << metric);
            auto want = packed.registry->metricValues(model, metric);
            CHECK(packed.registry->metricValuesOf(metric, ids) == want);
            CHECK(packed.registry->metricValuesBetween(metric, ids.front(), ids.back()) == want);
            CHECK(want.size() == (std::string(metric) == "auc" ? 6u : 3u));
            std::map<std::string, double> byLabel, srcByLabel;
            for (const auto& v : got)
                if (want.count(v.id)) byLabel[v.label] = want[v.id];
            auto sv = src.metricValues(model, metric);
            for (const auto& v : all)
                if (sv.count(v.id)) srcByLabel[v.label] = sv[v.id];
            CHECK(byLabel == srcByLabel);
        }
        // The version as loaded (tags, aliases, metrics by their new ids) is the registry's.
        core::Manifest mp, ms;
        REQUIRE(packed.registry->load(model, "3", mp));
        REQUIRE(src.load(model, "3", ms));
        CHECK(mp.tags == ms.tags);
        CHECK(mp.aliases == ms.aliases);
    }
    // In the registry itself (ids interleaved) the same reads answer the same, other models' values dropped by id.
    std::vector<storage::Registry::VersionKey> keys = src.versionKeys("b");
    REQUIRE(keys.size() == 6);
    auto between = src.metricValuesBetween("auc", keys.front().id, keys.back().id);
    CHECK(between.size() == 11);  // b's six and a's five in between
    CHECK(src.metricValuesOf("auc", {keys[0].id, keys[5].id}).size() == 2);
    CHECK(src.modelVersionCount("nope") == 0);
    CHECK(packed.registry->modelVersionCount("nope") == 0);
    CHECK(src.newestVersions("b", 2).front().label == "6");
}
