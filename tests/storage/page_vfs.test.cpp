// The page VFS the browser build stores its registry in, exercised natively with real SQLite: each commit
// reaches the sink as exactly the pages it changed, uncommitted work never does, and a store rebuilt from
// what the sink received opens as the same registry.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

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
    storage::FileReport rep = s->addText("test.json", text);
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
        s->addText("good.json", manifests(51, 400));
        storage::FileReport bad = s->addText("bad.json", "[{\"model\":\"m\",\"version\":401,\"metrics\":{\"auc\":\"0.9\"}}]");
        REQUIRE_FALSE(bad.ok());
        REQUIRE_FALSE(s->commit());
    }
    CHECK(r.versionCount() == 50);
    // An import abandoned midway (the tab closed): its session is destroyed without commit.
    {
        auto s = r.beginImport();
        std::string text = manifests(51, 2000);
        auto file = s->beginFile("big.json", text);
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
