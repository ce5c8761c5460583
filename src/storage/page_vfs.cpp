#include "storage/page_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <new>
#include <random>

#include "storage/vfs_common.hpp"

namespace mvr::storage {

// ---------------------------------------------------------------------------------------------------------
// PageStore

uint8_t* PageStore::page(uint32_t index) {
    if (index >= m_pages.size()) {
        m_pages.resize(index + 1);
        m_isDirty.resize(index + 1, false);
    }
    if (!m_pages[index]) {
        m_pages[index].reset(new uint8_t[kVfsPageSize]);
        std::memset(m_pages[index].get(), 0, kVfsPageSize);
    }
    return m_pages[index].get();
}

void PageStore::read(uint64_t offset, void* out, size_t len) const {
    uint8_t* dst = static_cast<uint8_t*>(out);
    while (len > 0) {
        uint64_t idx = offset / kVfsPageSize;
        size_t within = static_cast<size_t>(offset % kVfsPageSize);
        size_t n = std::min(len, static_cast<size_t>(kVfsPageSize - within));
        if (offset >= m_size || idx >= m_pages.size() || !m_pages[idx]) {
            std::memset(dst, 0, n);
        } else {
            size_t avail = static_cast<size_t>(std::min<uint64_t>(n, m_size - offset));
            std::memcpy(dst, m_pages[idx].get() + within, avail);
            if (avail < n) std::memset(dst + avail, 0, n - avail);
        }
        dst += n;
        offset += n;
        len -= n;
    }
}

void PageStore::write(uint64_t offset, const void* data, size_t len) {
    const uint8_t* src = static_cast<const uint8_t*>(data);
    while (len > 0) {
        uint32_t idx = static_cast<uint32_t>(offset / kVfsPageSize);
        size_t within = static_cast<size_t>(offset % kVfsPageSize);
        size_t n = std::min(len, static_cast<size_t>(kVfsPageSize - within));
        std::memcpy(page(idx) + within, src, n);
        if (!m_isDirty[idx]) {
            m_isDirty[idx] = true;
            m_dirty.push_back(idx);
        }
        src += n;
        offset += n;
        len -= n;
    }
    m_size = std::max(m_size, offset);
}

void PageStore::truncate(uint64_t size) {
    uint64_t pages = (size + kVfsPageSize - 1) / kVfsPageSize;
    if (pages < m_pages.size()) {
        m_pages.resize(static_cast<size_t>(pages));
        m_isDirty.resize(static_cast<size_t>(pages));
        m_dirty.erase(std::remove_if(m_dirty.begin(), m_dirty.end(), [&](uint32_t i) { return i >= pages; }),
                      m_dirty.end());
    }
    if (size < m_size) m_truncated = true;
    m_size = size;
}

void PageStore::loadPage(uint32_t index, const uint8_t* data, size_t len) {
    uint8_t* p = page(index);
    std::memcpy(p, data, std::min<size_t>(len, kVfsPageSize));
    m_size = std::max<uint64_t>(m_size, static_cast<uint64_t>(index + 1) * kVfsPageSize);
}

void PageStore::markAllDirty() {
    for (uint32_t i = 0; i < m_pages.size(); ++i) {
        if (!m_pages[i] || m_isDirty[i]) continue;
        m_isDirty[i] = true;
        m_dirty.push_back(i);
    }
    m_truncated = true;
}

std::vector<DirtyPage> PageStore::sortedDirty() {
    std::sort(m_dirty.begin(), m_dirty.end());
    std::vector<DirtyPage> pages;
    pages.reserve(m_dirty.size());
    for (uint32_t i : m_dirty) pages.push_back(DirtyPage{i, m_pages[i].get()});
    return pages;
}

size_t PageStore::stage(PageSink& sink) {
    if (m_dirty.empty()) return 0;
    if (!sink.stage(sortedDirty())) return 0;
    for (uint32_t i : m_dirty) m_isDirty[i] = false;
    size_t n = m_dirty.size();
    m_dirty.clear();
    return n;
}

size_t PageStore::flush(PageSink& sink) {
    if (m_dirty.empty() && !m_truncated) return 0;
    // Forgotten before the sink runs: a sink that fails marks pages dirty again (markAllDirty), and those
    // marks must survive this call.
    std::vector<DirtyPage> pages = sortedDirty();
    for (uint32_t i : m_dirty) m_isDirty[i] = false;
    m_dirty.clear();
    m_truncated = false;
    sink.commit(pages, m_size);
    return pages.size();
}

// ---------------------------------------------------------------------------------------------------------
// The VFS

namespace {

constexpr const char* kDbName = "registry";

struct VfsState {
    sqlite3_vfs vfs;
    std::string name;
    PageStore* store = nullptr;
    PageSink* sink = nullptr;
    uint64_t commits = 0;
    std::map<std::string, std::vector<uint8_t>> scratch;  // journals and temp files, never persisted
};

std::map<std::string, std::unique_ptr<VfsState>>& registry() {
    static std::map<std::string, std::unique_ptr<VfsState>> r;
    return r;
}

struct File {
    sqlite3_file base;
    VfsState* state;
    bool main;
    std::vector<uint8_t>* blob;  // other files
    std::string name;
    bool deleteOnClose;
};

int xClose(sqlite3_file* f) {
    File* file = reinterpret_cast<File*>(f);
    if (!file->main && file->deleteOnClose) file->state->scratch.erase(file->name);
    file->~File();
    return SQLITE_OK;
}

int xRead(sqlite3_file* f, void* out, int amt, sqlite3_int64 off) {
    File* file = reinterpret_cast<File*>(f);
    uint64_t size;
    if (file->main) {
        size = file->state->store->size();
        file->state->store->read(static_cast<uint64_t>(off), out, static_cast<size_t>(amt));
    } else {
        std::vector<uint8_t>& b = *file->blob;
        size = b.size();
        size_t have = off < static_cast<sqlite3_int64>(b.size()) ? std::min<size_t>(amt, b.size() - static_cast<size_t>(off)) : 0;
        if (have) std::memcpy(out, b.data() + off, have);
        if (have < static_cast<size_t>(amt)) std::memset(static_cast<uint8_t*>(out) + have, 0, static_cast<size_t>(amt) - have);
    }
    return static_cast<uint64_t>(off) + static_cast<uint64_t>(amt) > size ? SQLITE_IOERR_SHORT_READ : SQLITE_OK;
}

int xWrite(sqlite3_file* f, const void* data, int amt, sqlite3_int64 off) {
    File* file = reinterpret_cast<File*>(f);
    try {
        if (file->main) {
            file->state->store->write(static_cast<uint64_t>(off), data, static_cast<size_t>(amt));
        } else {
            std::vector<uint8_t>& b = *file->blob;
            if (b.size() < static_cast<size_t>(off) + static_cast<size_t>(amt)) b.resize(static_cast<size_t>(off) + static_cast<size_t>(amt));
            std::memcpy(b.data() + off, data, static_cast<size_t>(amt));
        }
    } catch (const std::bad_alloc&) {
        return SQLITE_IOERR_WRITE;
    }
    return SQLITE_OK;
}

int xTruncate(sqlite3_file* f, sqlite3_int64 size) {
    File* file = reinterpret_cast<File*>(f);
    if (file->main) file->state->store->truncate(static_cast<uint64_t>(size));
    else file->blob->resize(static_cast<size_t>(size));
    return SQLITE_OK;
}

int xSync(sqlite3_file* f, int) {
    // SQLite syncs the database file when a transaction commits (and after a rollback wrote pages back):
    // the moment the pages in memory form a consistent database, which is what the sink must see.
    File* file = reinterpret_cast<File*>(f);
    if (!file->main || !file->state->sink) return SQLITE_OK;
    try {
        if (file->state->store->flush(*file->state->sink)) ++file->state->commits;
    } catch (...) {
        // The sink kept none of this commit: everything is written again by the next one.
        file->state->store->markAllDirty();
        return SQLITE_IOERR_FSYNC;
    }
    return SQLITE_OK;
}

int xFileSize(sqlite3_file* f, sqlite3_int64* size) {
    File* file = reinterpret_cast<File*>(f);
    *size = static_cast<sqlite3_int64>(file->main ? file->state->store->size() : file->blob->size());
    return SQLITE_OK;
}

int xSectorSize(sqlite3_file*) { return static_cast<int>(kVfsPageSize); }
int xDeviceCharacteristics(sqlite3_file*) { return SQLITE_IOCAP_SAFE_APPEND | SQLITE_IOCAP_SEQUENTIAL; }

const sqlite3_io_methods kMethods =
    vfsIoMethods(xClose, xRead, xWrite, xTruncate, xSync, xFileSize, xSectorSize, xDeviceCharacteristics);

int xOpen(sqlite3_vfs* vfs, const char* zName, sqlite3_file* f, int flags, int* outFlags) {
    VfsState* st = static_cast<VfsState*>(vfs->pAppData);
    std::string name = zName ? zName : "";
    if (name.empty()) {
        static uint64_t temp = 0;
        name = "temp-" + std::to_string(++temp);
    }
    bool isMain = (flags & SQLITE_OPEN_MAIN_DB) && name == kDbName;
    if ((flags & SQLITE_OPEN_MAIN_DB) && !isMain) {
        f->pMethods = nullptr;  // nothing to close
        return SQLITE_CANTOPEN;  // this VFS serves one database file
    }
    File* file = new (f) File();  // SQLite hands raw memory of szOsFile bytes; xClose destroys it
    file->state = st;
    file->name = name;
    file->main = isMain;
    if (!file->main) {
        file->blob = &st->scratch[name];
        file->deleteOnClose = (flags & SQLITE_OPEN_DELETEONCLOSE) != 0;
    }
    file->base.pMethods = &kMethods;
    if (outFlags) *outFlags = flags;
    return SQLITE_OK;
}

int xDelete(sqlite3_vfs* vfs, const char* zName, int) {
    static_cast<VfsState*>(vfs->pAppData)->scratch.erase(zName);
    return SQLITE_OK;
}

int xAccess(sqlite3_vfs* vfs, const char* zName, int, int* out) {
    VfsState* st = static_cast<VfsState*>(vfs->pAppData);
    std::string name = zName;
    *out = name == kDbName ? st->store->size() > 0 : st->scratch.count(name) > 0;
    return SQLITE_OK;
}

int xRandomness(sqlite3_vfs*, int n, char* out) {
    static std::mt19937_64 rng(static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
    for (int i = 0; i < n; ++i) out[i] = static_cast<char>(rng());
    return n;
}

int xSleep(sqlite3_vfs*, int us) { return us; }

int xCurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) {
    // Julian day in milliseconds.
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    *out = static_cast<sqlite3_int64>(ms) + 210866760000000LL;
    return SQLITE_OK;
}

int xCurrentTime(sqlite3_vfs* vfs, double* out) {
    sqlite3_int64 t;
    xCurrentTimeInt64(vfs, &t);
    *out = static_cast<double>(t) / 86400000.0;
    return SQLITE_OK;
}

}  // namespace

void registerPageVfs(const std::string& name, PageStore* store, PageSink* sink) {
    auto& reg = registry();
    auto it = reg.find(name);
    if (it != reg.end()) {
        it->second->store = store;
        it->second->sink = sink;
        return;
    }
    auto st = std::make_unique<VfsState>();
    st->name = name;
    st->store = store;
    st->sink = sink;
    vfsRegister(st->vfs, st->name.c_str(), st.get(), sizeof(File),
                {xOpen, xDelete, xAccess, xRandomness, xSleep, xCurrentTime, xCurrentTimeInt64});
    reg.emplace(name, std::move(st));
}

uint64_t pageVfsCommits(const std::string& name) {
    auto& reg = registry();
    auto it = reg.find(name);
    return it == reg.end() ? 0 : it->second->commits;
}

}  // namespace mvr::storage
