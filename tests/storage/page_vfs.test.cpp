// The page VFS the browser build stores its registry in, exercised natively with real SQLite: each commit
// reaches the sink as exactly the pages it changed, uncommitted work never does, a commit the sink loses fails
// and is made good by the next, and a store rebuilt from what the sink received opens as the same registry.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "ops/file_import.hpp"
#include "storage/page_vfs.hpp"
#include "storage/registry.hpp"
#include "storage/sqlite.hpp"

using namespace mvr;

namespace {

// Keeps what a durable backing store (IndexedDB) would hold after each commit.
struct RecordingSink : storage::PageSink {
    std::map<uint32_t, std::vector<uint8_t>> pages;
    uint64_t size = 0;
    std::vector<size_t> commitPages;  // pages per commit
    void commit(const std::vector<storage::DirtyPage>& dirty, uint64_t fileSize) override {
        for (const auto& p : dirty) pages[p.index].assign(p.data, p.data + storage::kVfsPageSize);
        for (auto it = pages.begin(); it != pages.end();)
            it = it->first * uint64_t(storage::kVfsPageSize) >= fileSize ? pages.erase(it) : std::next(it);
        size = fileSize;
        commitPages.push_back(dirty.size());
    }
    void restoreInto(storage::PageStore& store) const {
        for (const auto& p : pages) store.loadPage(p.first, p.second.data(), p.second.size());
        store.setSize(size);
    }
};

std::string manifests(int from, int to, const std::string& model = "m") {
    std::string s = "[";
    for (int i = from; i <= to; ++i) {
        if (i > from) s += ",";
        s += "{\"model\":\"" + model + "\",\"version\":" + std::to_string(i) +
             ",\"description\":\"version " + std::to_string(i) + " " + std::string(300, 'x') +
             "\",\"params\":{\"lr\":0.001,\"layers\":" + std::to_string(i % 7) + "},\"metrics\":{\"auc\":{\"value\":0." +
             std::to_string(100 + i) + ",\"goal\":\"max\"}},\"tags\":{\"run\":\"r" + std::to_string(i) + "\"}}";
    }
    return s + "]";
}

int importText(storage::Registry& r, const std::string& text) {
    auto s = r.beginImport();
    storage::FileReport rep = mvr::ops::importText(*s, "test.json", text);
    return s->commit() ? static_cast<int>(rep.imported) : -1;
}

}  // namespace

TEST_CASE("commits reach the sink, and the sink's copy reopens as the same registry") {
    storage::PageStore store;
    RecordingSink sink;
    storage::registerPageVfs("test-vfs-1", &store, &sink);
    {
        storage::Registry r("test-vfs-1", false);
        REQUIRE(importText(r, manifests(1, 300)) == 300);
        REQUIRE(r.setAlias("m", "production", "42").empty());
    }
    REQUIRE(!sink.commitPages.empty());
    REQUIRE(sink.size == store.size());

    storage::PageStore restored;
    sink.restoreInto(restored);
    RecordingSink sink2;
    storage::registerPageVfs("test-vfs-1b", &restored, &sink2);
    storage::Registry again("test-vfs-1b", false);
    CHECK(again.versionCount() == 300);
    CHECK(again.resolveLabel("m", "production") == "42");
    core::Manifest m;
    REQUIRE(again.load("m", "7", m));
    CHECK(m.tags.at(0).second == "r7");
}

TEST_CASE("a small change on a large registry writes a few pages, not the file") {
    storage::PageStore store;
    RecordingSink sink;
    storage::registerPageVfs("test-vfs-2", &store, &sink);
    storage::Registry r("test-vfs-2", false);
    REQUIRE(importText(r, manifests(1, 3000)) == 3000);
    size_t filePages = store.pageCount();
    REQUIRE(filePages > 100);
    size_t commitsBefore = sink.commitPages.size();
    r.setAlias("m", "champion", "1234");
    REQUIRE(sink.commitPages.size() == commitsBefore + 1);
    INFO("pages in file: " << filePages << ", pages written for one alias: " << sink.commitPages.back());
    CHECK(sink.commitPages.back() <= 6);
}

TEST_CASE("a failed or unfinished import never reaches the sink") {
    storage::PageStore store;
    RecordingSink sink;
    storage::registerPageVfs("test-vfs-3", &store, &sink);
    storage::Registry r("test-vfs-3", false);
    REQUIRE(importText(r, manifests(1, 50)) == 50);
    auto snapshot = sink.pages;
    size_t commits = sink.commitPages.size();

    // A batch whose second file is bad: rolled back, nothing handed to the sink.
    {
        auto s = r.beginImport();
        mvr::ops::importText(*s, "good.json", manifests(51, 400));
        storage::FileReport bad = mvr::ops::importText(*s, "bad.json", "[{\"model\":\"m\",\"version\":401,\"metrics\":{\"auc\":\"0.9\"}}]");
        REQUIRE_FALSE(bad.ok());
        REQUIRE_FALSE(s->commit());
    }
    CHECK(r.versionCount() == 50);
    // An import abandoned midway (the tab closed): its session is destroyed without commit.
    {
        auto s = r.beginImport();
        std::string text = manifests(51, 2000);
        auto file = std::make_unique<mvr::ops::FileImport>(*s, "big.json", text);
        REQUIRE(file->step(500));
    }
    CHECK(r.versionCount() == 50);
    // Whatever the sink received is a state with exactly the 50 committed versions.
    storage::PageStore restored;
    sink.restoreInto(restored);
    RecordingSink unused;
    storage::registerPageVfs("test-vfs-3b", &restored, &unused);
    storage::Registry again("test-vfs-3b", false);
    CHECK(again.versionCount() == 50);
    (void)snapshot;
    (void)commits;
}

TEST_CASE("page store reads, writes across page boundaries, and truncation") {
    storage::PageStore s;
    std::string data(storage::kVfsPageSize * 2 + 100, 'a');
    for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>('a' + i % 26);
    s.write(10, data.data(), data.size());
    CHECK(s.size() == 10 + data.size());
    std::string back(data.size(), '\0');
    s.read(10, back.data(), back.size());
    CHECK(back == data);
    char tail[8];
    s.read(s.size() - 2, tail, sizeof tail);  // past the end reads zeros
    CHECK(tail[2] == 0);
    s.truncate(storage::kVfsPageSize);
    CHECK(s.size() == storage::kVfsPageSize);
    CHECK(s.pageCount() == 1);
    RecordingSink sink;
    CHECK(s.flush(sink) == 1);  // only page 0 survives the truncation
    CHECK(sink.size == storage::kVfsPageSize);
    s.markAllDirty();
    CHECK(s.flush(sink) == 1);
}

namespace {

// What web/idb-store.js does with staged pages: held apart, made visible by the next commit, dropped on
// abandon.
struct StagingSink : RecordingSink {
    std::map<uint32_t, std::vector<uint8_t>> staged;
    size_t stagedPages = 0;
    bool stage(const std::vector<storage::DirtyPage>& dirty) override {
        for (const auto& p : dirty) staged[p.index].assign(p.data, p.data + storage::kVfsPageSize);
        stagedPages += dirty.size();
        return true;
    }
    void commit(const std::vector<storage::DirtyPage>& dirty, uint64_t fileSize) override {
        for (auto& p : staged) pages[p.first] = std::move(p.second);
        staged.clear();
        RecordingSink::commit(dirty, fileSize);
    }
    void abandon() override { staged.clear(); }
};

// Reopens what the sink holds as a registry and returns its version count.
int64_t versionsIn(const RecordingSink& sink, const std::string& vfs) {
    static std::vector<std::unique_ptr<storage::PageStore>> stores;  // registered VFSes outlive the test
    static RecordingSink unused;
    stores.push_back(std::make_unique<storage::PageStore>());
    sink.restoreInto(*stores.back());
    storage::registerPageVfs(vfs, stores.back().get(), &unused);
    storage::Registry again(vfs, false);
    return again.versionCount();
}

}  // namespace

TEST_CASE("pages staged during a long import become durable with its commit, or vanish with its rollback") {
    storage::PageStore store;
    StagingSink sink;
    storage::registerPageVfs("test-vfs-5", &store, &sink);
    storage::Registry r("test-vfs-5", false);
    // A small page cache makes SQLite write pages out while the transaction is open, as a large import does.
    r.setCacheSize(16);
    REQUIRE(importText(r, manifests(1, 50)) == 50);

    // Staged along the way, then committed: the sink's copy is the whole new state.
    {
        auto s = r.beginImport();
        std::string text = manifests(51, 2000);
        auto file = std::make_unique<mvr::ops::FileImport>(*s, "big.json", text);
        size_t stagedCalls = 0, commits = sink.commitPages.size();
        while (file->step(100)) stagedCalls += store.stage(sink) > 0;
        REQUIRE(file->finish().ok());
        // Spilling pages out of SQLite's cache is not a commit: nothing reached commit() yet.
        CHECK(sink.commitPages.size() == commits);
        CHECK(stagedCalls > 3);
        REQUIRE(s->commit());
    }
    CHECK(sink.stagedPages > 100);
    CHECK(sink.staged.empty());
    CHECK(versionsIn(sink, "test-vfs-5a") == 2000);

    // Staged, then rolled back (a bad file in the batch): abandon drops the staged pages, the sink still holds
    // the last commit, and the next small commit keeps it consistent (pages SQLite restored are written again).
    {
        auto s = r.beginImport();
        std::string text = manifests(2001, 4000);
        auto file = std::make_unique<mvr::ops::FileImport>(*s, "big.json", text);
        while (file->step(100)) store.stage(sink);
        file->finish();
        mvr::ops::importText(*s, "bad.json", "[{\"model\":\"m\",\"version\":4001,\"created_on\":\"yesterday\"}]");
        REQUIRE_FALSE(s->commit());
        sink.abandon();
    }
    CHECK(r.versionCount() == 2000);
    CHECK(versionsIn(sink, "test-vfs-5b") == 2000);
    REQUIRE(r.setAlias("m", "production", "1999").empty());
    CHECK(versionsIn(sink, "test-vfs-5c") == 2000);
    CHECK(store.dirtyCount() == 0);
}

namespace {

// A sink that loses the next `fail` commits (quota exceeded, I/O error), as IndexedDB can.
struct FlakySink : RecordingSink {
    int fail = 0;
    size_t lost = 0;
    void commit(const std::vector<storage::DirtyPage>& dirty, uint64_t fileSize) override {
        if (fail > 0) {
            --fail;
            ++lost;
            throw std::runtime_error("quota exceeded");
        }
        RecordingSink::commit(dirty, fileSize);
    }
};

}  // namespace

TEST_CASE("a commit the sink loses fails, and the sink's copy stays whole and in step with memory") {
    storage::PageStore store;
    FlakySink sink;
    storage::registerPageVfs("test-vfs-6", &store, &sink);
    storage::Registry r("test-vfs-6", false);
    REQUIRE(importText(r, manifests(1, 300)) == 300);
    REQUIRE(store.dirtyCount() == 0);
    size_t commits = sink.commitPages.size();
    uint64_t counted = storage::pageVfsCommits("test-vfs-6");
    CHECK(counted == commits);

    // The sink throws at COMMIT: SQLite reports an I/O error and rolls the transaction back.
    sink.fail = 1;
    CHECK_THROWS_WITH(r.setAlias("m", "production", "42"),
                      Catch::Contains("COMMIT") && Catch::Contains("disk I/O error"));
    CHECK(sink.lost == 1);
    CHECK(r.resolveLabel("m", "production").empty());
    // The pages the rollback wrote back reach the sink with every other page of the file (the saved copy no
    // longer matched any one delta), so what the sink holds is again exactly what is in memory.
    REQUIRE(sink.commitPages.size() == commits + 1);
    CHECK(sink.commitPages.back() == store.pageCount());
    CHECK(store.dirtyCount() == 0);
    CHECK(storage::pageVfsCommits("test-vfs-6") == counted + 1);  // lost commits are not counted
    CHECK(versionsIn(sink, "test-vfs-6a") == 300);

    // Back to small deltas.
    REQUIRE(r.setAlias("m", "staging", "7").empty());
    CHECK(sink.commitPages.back() <= 6);
    CHECK(storage::pageVfsCommits("test-vfs-6") == counted + 2);
    storage::PageStore restored;
    sink.restoreInto(restored);
    RecordingSink unused;
    storage::registerPageVfs("test-vfs-6b", &restored, &unused);
    storage::Registry again("test-vfs-6b", false);
    CHECK(again.versionCount() == 300);
    CHECK(again.resolveLabel("m", "staging") == "7");
    CHECK(again.resolveLabel("m", "production").empty());
}

TEST_CASE("the VFS serves its one database file, and registering a name again moves it to another store") {
    storage::PageStore first, second;
    RecordingSink firstSink, secondSink;
    storage::registerPageVfs("test-vfs-7", &first, &firstSink);
    CHECK(storage::pageVfsCommits("test-vfs-7") == 0);
    CHECK(storage::pageVfsCommits("no-such-vfs") == 0);
    // Any other database name on this VFS is refused (journals and temporary files are not main databases).
    CHECK_THROWS_WITH(storage::Connection("other.db", false, "test-vfs-7"),
                      Catch::Contains("cannot open database other.db"));
    {
        storage::Registry r("test-vfs-7", false);
        REQUIRE(importText(r, manifests(1, 20)) == 20);
    }
    uint64_t commits = storage::pageVfsCommits("test-vfs-7");
    CHECK(commits == firstSink.commitPages.size());
    size_t firstPages = first.pageCount();
    auto firstSaved = firstSink.pages;

    // The same name again (the page reopening its registry): the VFS now serves the second store and sink.
    storage::registerPageVfs("test-vfs-7", &second, &secondSink);
    {
        storage::Registry r("test-vfs-7", false);
        CHECK(r.versionCount() == 0);
        REQUIRE(importText(r, manifests(1, 5, "other")) == 5);
    }
    CHECK(!secondSink.commitPages.empty());
    CHECK(first.pageCount() == firstPages);
    CHECK(firstSink.pages == firstSaved);
    CHECK(storage::pageVfsCommits("test-vfs-7") == commits + secondSink.commitPages.size());
    CHECK(versionsIn(firstSink, "test-vfs-7a") == 20);
    CHECK(versionsIn(secondSink, "test-vfs-7b") == 5);
}

TEST_CASE("with SQLite's own journal and temporary files, a rollback and VACUUM go through the VFS's scratch files") {
    // The registry keeps its journal and temporary tables in memory; a plain connection on the VFS uses files
    // for them, which the VFS keeps in memory beside the database and never hands to the sink.
    storage::PageStore store;
    RecordingSink sink;
    storage::registerPageVfs("test-vfs-8", &store, &sink);
    storage::Connection c("registry", false, "test-vfs-8");
    c.exec("PRAGMA journal_mode=DELETE");
    c.exec("PRAGMA temp_store=FILE");
    c.exec("PRAGMA cache_size=8");
    c.exec("CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT)");
    {
        storage::Transaction tx(c);
        storage::Statement ins = c.prepare("INSERT INTO t(v) VALUES (?)");
        for (int i = 0; i < 2000; ++i) {
            ins.bind(1, std::string(200, static_cast<char>('a' + i % 26)) + std::to_string(i));
            ins.run();
            ins.reset();
        }
        tx.commit();
    }
    auto count = [&c] {
        storage::Statement s = c.prepare("SELECT count(*), sum(length(v)) FROM t");
        REQUIRE(s.step());
        return std::make_pair(s.getInt(0), s.getInt(1));
    };
    auto before = count();
    CHECK(before.first == 2000);
    size_t commits = sink.commitPages.size();
    auto saved = sink.pages;

    // Rolled back from the journal file: the rows are back, and the sink saw nothing.
    {
        storage::Transaction tx(c);
        c.exec("DELETE FROM t WHERE k % 2 = 0");
        c.exec("UPDATE t SET v = 'changed'");
        CHECK(count().first == 1000);
    }
    CHECK(count() == before);
    CHECK(sink.pages == saved);
    // A sort bigger than the cache spills to a temporary file.
    {
        storage::Statement s = c.prepare("SELECT v FROM t ORDER BY v DESC, k LIMIT 1");
        REQUIRE(s.step());
        CHECK(s.getText(0).substr(0, 3) == "zzz");
    }
    // VACUUM rebuilds the file through a temporary database and commits it.
    c.exec("DELETE FROM t WHERE k > 1000");
    c.exec("VACUUM");
    CHECK(sink.commitPages.size() > commits);
    CHECK(count().first == 1000);
    {
        storage::Statement s = c.prepare("PRAGMA integrity_check");
        REQUIRE(s.step());
        CHECK(s.getText(0) == "ok");
    }
    // What the sink holds opens as the same table.
    storage::PageStore restored;
    sink.restoreInto(restored);
    RecordingSink unused;
    storage::registerPageVfs("test-vfs-8b", &restored, &unused);
    storage::Connection again("registry", true, "test-vfs-8b");
    storage::Statement s = again.prepare("SELECT count(*), max(k) FROM t");
    REQUIRE(s.step());
    CHECK(s.getInt(0) == 1000);
    CHECK(s.getInt(1) == 1000);
    // SQLite's clock is the VFS's: 'now' is the system's time (Julian days, to the second).
    storage::Statement now = again.prepare("SELECT CAST(strftime('%s', 'now') AS INTEGER)");
    REQUIRE(now.step());
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    CHECK(std::llabs(now.getInt(0) - static_cast<long long>(secs)) <= 2);
}
