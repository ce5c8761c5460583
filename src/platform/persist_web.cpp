// Browser persistence: each commit's pages go to IndexedDB, made durable by one readwrite transaction
// that also records the commit (atomic: a tab closed mid-write keeps the previous commit; the layout is in
// web/idb-store.js and docs/browser-storage.md). Transactions on one store run in the order they were
// created, so commits land in order. Pages saved on earlier visits are handed to the page store by the
// loader (web/persist.js) through mvr_store_page before main() runs.
#include <emscripten.h>

#include <string>
#include <vector>

#include "platform/persist.hpp"

namespace {
mvr::storage::PageStore& globalStore() {
    static mvr::storage::PageStore store;
    return store;
}
mvr::platform::SaveStatus& globalStatus() {
    static mvr::platform::SaveStatus status;
    return status;
}
}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void mvr_store_page(uint32_t index, const uint8_t* data, uint32_t len) {
    globalStore().loadPage(index, data, len);
}

EMSCRIPTEN_KEEPALIVE void mvr_store_set_size(double size) { globalStore().setSize(static_cast<uint64_t>(size)); }

// Called by JS when an IndexedDB commit transaction completes (ok=1) or fails (ok=0, message).
EMSCRIPTEN_KEEPALIVE void mvr_persist_done(int ok, const char* message) {
    auto& st = globalStatus();
    if (ok) {
        ++st.commitsDone;
    } else {
        st.error = true;
        st.message = message ? message : "saving failed";
        ++st.commitsDone;  // settled, though failed: status() reports the error
        globalStore().markAllDirty();
    }
}
}

// Hands pages (index and pointer arrays) to the page glue, which copies the bytes before returning.
// final: 1 for a commit (durable when its IndexedDB transaction completes), 0 for staged pages of the open
// transaction (web/idb-store.js keeps them invisible until the commit).
// Returns 0 when staged pages were not taken (IndexedDB is behind; they stay dirty).
EM_JS(int, mvr_js_persist_write, (const uint32_t* indices, const uint32_t* pointers, int count, double fileSize, int pageSize, int final), {
    return Module.mvrPersist.write(HEAPU32.subarray(indices >> 2, (indices >> 2) + count),
                            HEAPU32.subarray(pointers >> 2, (pointers >> 2) + count), fileSize, pageSize, final !== 0);
});

EM_JS(void, mvr_js_persist_abandon, (), { Module.mvrPersist.abandon(); });

EM_JS(void, mvr_js_persist_clear, (), { Module.mvrPersist.clear(); });

namespace mvr::platform {

namespace {

class WebPersistence : public Persistence {
public:
    storage::PageStore& store() override { return globalStore(); }
    SaveStatus status() const override { return globalStatus(); }
    void commit(const std::vector<storage::DirtyPage>& pages, uint64_t fileSize) override {
        auto& st = globalStatus();
        ++st.commitsStarted;
        st.bytesWritten = m_stagedBytes + static_cast<uint64_t>(pages.size()) * storage::kVfsPageSize;
        m_stagedBytes = 0;
        write(pages, fileSize, true);
    }
    bool stage(const std::vector<storage::DirtyPage>& pages) override {
        if (!write(pages, 0, false)) return false;
        m_stagedBytes += static_cast<uint64_t>(pages.size()) * storage::kVfsPageSize;
        return true;
    }
    void abandon() override {
        m_stagedBytes = 0;
        mvr_js_persist_abandon();
    }
    void clear() override { mvr_js_persist_clear(); }

private:
    static bool write(const std::vector<storage::DirtyPage>& pages, uint64_t fileSize, bool final) {
        std::vector<uint32_t> idx, ptr;
        idx.reserve(pages.size());
        ptr.reserve(pages.size());
        for (const auto& p : pages) {
            idx.push_back(p.index);
            ptr.push_back(static_cast<uint32_t>(reinterpret_cast<uintptr_t>(p.data)));
        }
        return mvr_js_persist_write(idx.data(), ptr.data(), static_cast<int>(pages.size()), static_cast<double>(fileSize),
                                    static_cast<int>(storage::kVfsPageSize), final ? 1 : 0) != 0;
    }
    uint64_t m_stagedBytes = 0;
};

}  // namespace

std::unique_ptr<Persistence> Persistence::open(const std::string&) { return std::make_unique<WebPersistence>(); }

}  // namespace mvr::platform
