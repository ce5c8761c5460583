// An SQLite VFS that keeps the database in memory as fixed-size pages and, at each commit, hands exactly
// the pages that commit changed to a PageSink (IndexedDB in the browser, a file natively). Saving a small
// change costs a few pages whatever the registry's size; a commit is one sink call, so a sink that
// writes it atomically (one IndexedDB transaction) never leaves half a commit behind.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/shared_constants.hpp"

namespace mvr::storage {

// Equals the registry's SQLite page size (schema.hpp); the page's JavaScript reads it too (shared_constants).
constexpr uint32_t kVfsPageSize = shared::kPageSize;

struct DirtyPage {
    uint32_t index;        // page number from 0 (byte offset / kVfsPageSize)
    const uint8_t* data;   // kVfsPageSize bytes, valid during the call
};

class PageSink {
public:
    virtual ~PageSink() = default;
    // One commit: the pages it changed and the file's new size in bytes (pages past it are gone).
    virtual void commit(const std::vector<DirtyPage>& pages, uint64_t fileSize) = 0;
    // Pages of a transaction still open, offered early so that saving overlaps a long transaction's work
    // (a large import). A sink that takes them (returns true) must keep them invisible until the next
    // commit(), which makes them durable together with that commit's own pages, and must drop them on
    // abandon() (the transaction rolled back). The default keeps them dirty until commit.
    virtual bool stage(const std::vector<DirtyPage>& pages) {
        (void)pages;
        return false;
    }
    virtual void abandon() {}
};

// The bytes of the one database file, in pages.
class PageStore {
public:
    uint64_t size() const { return m_size; }
    void read(uint64_t offset, void* out, size_t len) const;  // zero-fills past the end
    void write(uint64_t offset, const void* data, size_t len);
    void truncate(uint64_t size);
    // Loads one page of a saved database (before SQLite opens it).
    void loadPage(uint32_t index, const uint8_t* data, size_t len);
    void setSize(uint64_t size) { truncate(size); }
    // Pages changed since the last flush, handed to the sink, then forgotten.
    size_t flush(PageSink& sink);
    // Offers the pages changed so far to sink.stage(); forgotten here if it takes them. A page changed
    // again later is dirty again and goes with a later stage or the commit.
    size_t stage(PageSink& sink);
    size_t dirtyCount() const { return m_dirty.size(); }
    // After the sink lost a commit (quota, I/O error) the saved copy no longer matches any single delta:
    // the next flush then writes every page.
    void markAllDirty();
    size_t pageCount() const { return m_pages.size(); }

private:
    uint8_t* page(uint32_t index);
    std::vector<DirtyPage> sortedDirty();  // m_dirty sorted, with the pages' bytes
    std::vector<std::unique_ptr<uint8_t[]>> m_pages;
    std::vector<uint32_t> m_dirty;
    std::vector<bool> m_isDirty;
    uint64_t m_size = 0;
    bool m_truncated = false;
};

// Registers the VFS under `name` (once per process) serving `store` as the database file "registry";
// every commit of that file goes to `sink`. Open it with sqlite3_open_v2("registry", ..., name).
void registerPageVfs(const std::string& name, PageStore* store, PageSink* sink);
// Number of sink commits so far (for the status bar and tests).
uint64_t pageVfsCommits(const std::string& name);

}  // namespace mvr::storage
