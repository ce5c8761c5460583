// Where the registry's pages are kept between visits: IndexedDB in the browser (persist_web.cpp), a plain
// file natively (persist_native.cpp, used by the tests of the storage layer the browser build uses).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "storage/page_vfs.hpp"

namespace mvr::platform {

struct SaveStatus {
    uint64_t commitsStarted = 0;  // commits handed to the backing store
    uint64_t commitsDone = 0;     // commits the backing store confirmed durable
    uint64_t bytesWritten = 0;    // in the last commit
    bool error = false;
    std::string message;          // e.g. "storage quota exceeded: ..."
    bool saved() const { return !error && commitsDone == commitsStarted; }
};

class Persistence : public storage::PageSink {
public:
    // Native: location is a file path. Web: location names the IndexedDB database; its pages were
    // delivered to store() by the page loader before the app started.
    static std::unique_ptr<Persistence> open(const std::string& location);
    virtual ~Persistence() = default;
    virtual storage::PageStore& store() = 0;
    virtual SaveStatus status() const = 0;
    // Forgets everything saved (the "clear" button).
    virtual void clear() = 0;
    // During a long write transaction (an import): hand what it has written so far to the backing store,
    // where it stays invisible until the commit (see PageSink::stage; abandon() drops it after a rollback).
    // Cheap to call every frame.
    void stageProgress() {
        if (store().dirtyCount() >= kStageMinPages) store().stage(*this);
    }
    static constexpr size_t kStageMinPages = 1024;  // 8 MB: fewer, larger writes (a hot page is staged fewer times)
};

}  // namespace mvr::platform
