// Browser persistence: each commit's pages go to IndexedDB in one readwrite transaction (atomic: a tab
// closed mid-write keeps the previous commit). Transactions on one store run in the order they were
// created, so commits land in order. Pages saved on earlier visits are handed to the page store by the
// loader (web/mvr-boot.js) through mvr_store_page before main() runs.
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

// Writes pages [index, pointer] pairs to IndexedDB; JS copies the bytes before returning.
EM_JS(void, mvr_js_persist_commit, (const uint32_t* indices, const uint32_t* pointers, int count, double fileSize, int pageSize), {
    const pages = [];
    for (let i = 0; i < count; i++) {
        const index = HEAPU32[(indices >> 2) + i];
        const ptr = HEAPU32[(pointers >> 2) + i];
        pages.push([index, HEAPU8.slice(ptr, ptr + pageSize).buffer]);
    }
    Module.mvrPersist.commit(pages, fileSize, pageSize);
});

EM_JS(void, mvr_js_persist_clear, (), { Module.mvrPersist.clear(); });

namespace mvr::platform {

namespace {

class WebPersistence : public Persistence {
public:
    storage::PageStore& store() override { return globalStore(); }
    SaveStatus status() const override { return globalStatus(); }
    void commit(const std::vector<storage::DirtyPage>& pages, uint64_t fileSize) override {
        std::vector<uint32_t> idx, ptr;
        idx.reserve(pages.size());
        ptr.reserve(pages.size());
        for (const auto& p : pages) {
            idx.push_back(p.index);
            ptr.push_back(static_cast<uint32_t>(reinterpret_cast<uintptr_t>(p.data)));
        }
        auto& st = globalStatus();
        ++st.commitsStarted;
        st.bytesWritten = static_cast<uint64_t>(pages.size()) * storage::kVfsPageSize;
        mvr_js_persist_commit(idx.data(), ptr.data(), static_cast<int>(pages.size()), static_cast<double>(fileSize),
                              static_cast<int>(storage::kVfsPageSize));
    }
    void clear() override { mvr_js_persist_clear(); }
};

}  // namespace

std::unique_ptr<Persistence> Persistence::open(const std::string&) { return std::make_unique<WebPersistence>(); }

}  // namespace mvr::platform
