// The page VFS the browser build stores its registry in, exercised natively with real SQLite: each commit
// reaches the sink as exactly the pages it changed, uncommitted work never does, and a store rebuilt from
// what the sink received opens as the same registry.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ops/file_import.hpp"
#include "storage/page_vfs.hpp"
#include "storage/registry.hpp"

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
