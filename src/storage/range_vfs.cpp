#include "storage/range_vfs.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <map>
#include <new>

#include "storage/vfs_common.hpp"

namespace mvr::storage {

// ---------------------------------------------------------------------------------------------------------
// RangeReader

RangeReader::RangeReader(uint64_t size, RangeFetch fetch, size_t blockSize, size_t cacheBytes, size_t readAheadBytes)
    : m_size(size), m_fetch(std::move(fetch)), m_block(blockSize < 1024 ? 1024 : blockSize),
      m_cacheBlocks(std::max<size_t>(1, cacheBytes / m_block)),
      // A read-ahead never takes more than a quarter of the cache, so what it brings is still there when used.
      m_maxAhead(std::max<uint64_t>(1, std::min<uint64_t>(readAheadBytes / m_block, m_cacheBlocks / 4))) {}

uint64_t RangeReader::readAhead(uint64_t block) {
    for (size_t i = 0; i < std::size(m_scans); ++i)
        if (m_scans[i].next == block) {
            m_scan = i;
            m_scans[i].window = std::min(m_scans[i].window * 2, m_maxAhead);
            return m_scans[i].window;
        }
    m_scan = m_nextScan;
    m_nextScan = (m_nextScan + 1) % std::size(m_scans);
    m_scans[m_scan].window = 1;
    return 1;
}

void RangeReader::scanReached(uint64_t end) { m_scans[m_scan].next = end; }

void RangeReader::dropCache() {
    m_cache.clear();
    m_lru.clear();
}

const uint8_t* RangeReader::cached(uint64_t block) {
    auto it = m_cache.find(block);
    if (it == m_cache.end()) return nullptr;
    m_lru.splice(m_lru.begin(), m_lru, it->second.age);
    return it->second.bytes.data();
}

void RangeReader::keep(uint64_t block, std::vector<uint8_t> bytes) {
    while (m_cache.size() >= m_cacheBlocks && !m_lru.empty()) {
        m_cache.erase(m_lru.back());
        m_lru.pop_back();
    }
    m_lru.push_front(block);
    m_cache[block] = Entry{std::move(bytes), m_lru.begin()};
}

// One request for blocks [first, first + count): what one Range request would ask for.
bool RangeReader::fetchRun(uint64_t first, uint64_t count) {
    uint64_t offset = first * m_block;
    uint64_t end = std::min<uint64_t>(m_size, (first + count) * m_block);
    size_t len = static_cast<size_t>(end - offset);
    std::vector<uint8_t> bytes;
    std::string err;
    ++m_stats.requests;
    bool ok;
    try {
        ok = m_fetch(offset, len, bytes, err);
    } catch (const std::exception& e) {
        ok = false;
        err = e.what();
    }
    if (ok && bytes.size() != len) {
        ok = false;
        err = "asked for " + std::to_string(len) + " bytes at " + std::to_string(offset) + ", got " +
              std::to_string(bytes.size()) + " (has the file changed?)";
    }
    if (!ok) {
        m_error = err.empty() ? "fetch failed at " + std::to_string(offset) : err;
        return false;
    }
    m_stats.bytes += len;
    for (uint64_t b = 0; b < count; ++b) {
        size_t from = static_cast<size_t>(b * m_block);
        if (from >= bytes.size()) break;
        size_t to = std::min(bytes.size(), from + m_block);
        keep(first + b, std::vector<uint8_t>(bytes.begin() + static_cast<long>(from), bytes.begin() + static_cast<long>(to)));
    }
    return true;
}

bool RangeReader::read(uint64_t offset, void* out, size_t len) {
    ++m_stats.reads;
    uint8_t* dst = static_cast<uint8_t*>(out);
    uint64_t end = offset + len;
    uint64_t inFile = std::min(end, m_size);
    if (end > m_size) {
        uint64_t zeroFrom = std::max(offset, m_size);
        std::memset(dst + (zeroFrom - offset), 0, static_cast<size_t>(end - zeroFrom));
    }
    if (offset >= inFile) {
        ++m_stats.hits;
        return true;
    }
    uint64_t firstBlock = offset / m_block, lastBlock = (inFile - 1) / m_block;
    // Fetch the missing runs first, then copy: a read spanning blocks never mixes fetched and failed ones.
    bool missed = false;
    for (uint64_t b = firstBlock; b <= lastBlock;) {
        if (m_cache.count(b)) {
            ++b;
            continue;
        }
        uint64_t run = b;
        while (run <= lastBlock && !m_cache.count(run)) ++run;
        // A scan's next fetch reaches further, over blocks not held yet, within the file.
        const uint64_t blocks = (m_size + m_block - 1) / m_block;
        for (uint64_t ahead = readAhead(b); run < b + ahead && run < blocks && !m_cache.count(run);) ++run;
        missed = true;
        if (!fetchRun(b, run - b)) return false;
        scanReached(run);
        b = run;
    }
    if (!missed) ++m_stats.hits;
    for (uint64_t b = firstBlock; b <= lastBlock; ++b) {
        const uint8_t* data = cached(b);
        if (!data) {
            // A read longer than the whole cache pushed its own first blocks out: fetch this one again.
            if (!fetchRun(b, 1)) return false;
            data = cached(b);
        }
        uint64_t blockStart = b * m_block;
        uint64_t from = std::max(offset, blockStart), to = std::min(inFile, blockStart + m_block);
        std::memcpy(dst + (from - offset), data + (from - blockStart), static_cast<size_t>(to - from));
    }
    return true;
}

bool preadFetch(const std::string& path, RangeFetch& fetch, uint64_t& size, std::string& error) {
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) {
        error = path + ": " + std::strerror(errno);
        return false;
    }
    struct stat st;
    if (::fstat(fd, &st) != 0) {
        error = path + ": " + std::strerror(errno);
        ::close(fd);
        return false;
    }
    size = static_cast<uint64_t>(st.st_size);
    // The descriptor is closed with the last copy of the function.
    auto holder = std::shared_ptr<int>(new int(fd), [](int* p) {
        ::close(*p);
        delete p;
    });
    fetch = [holder, path](uint64_t offset, size_t len, std::vector<uint8_t>& out, std::string& err) {
        out.resize(len);
        size_t got = 0;
        while (got < len) {
            ssize_t n = ::pread(*holder, out.data() + got, len - got, static_cast<off_t>(offset + got));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                err = path + ": " + std::strerror(errno);
                return false;
            }
            if (n == 0) break;
            got += static_cast<size_t>(n);
        }
        out.resize(got);
        return true;
    };
    return true;
}

// ---------------------------------------------------------------------------------------------------------
// The VFS

namespace {

struct RangeVfs {
    sqlite3_vfs vfs;
    std::string name;
    RangeReader* reader = nullptr;
};

std::map<std::string, std::unique_ptr<RangeVfs>>& vfses() {
    static std::map<std::string, std::unique_ptr<RangeVfs>> r;
    return r;
}

struct File {
    sqlite3_file base;
    RangeReader* reader;
};

int xClose(sqlite3_file*) { return SQLITE_OK; }

int xRead(sqlite3_file* f, void* out, int amt, sqlite3_int64 off) {
    RangeReader* r = reinterpret_cast<File*>(f)->reader;
    if (!r->read(static_cast<uint64_t>(off), out, static_cast<size_t>(amt))) return SQLITE_IOERR_READ;
    // SQLite wants to know of a read past the end (the bytes are zero already).
    return static_cast<uint64_t>(off) + static_cast<uint64_t>(amt) > r->size() ? SQLITE_IOERR_SHORT_READ : SQLITE_OK;
}

int xWrite(sqlite3_file*, const void*, int, sqlite3_int64) { return SQLITE_READONLY; }
int xTruncate(sqlite3_file*, sqlite3_int64) { return SQLITE_READONLY; }
int xSync(sqlite3_file*, int) { return SQLITE_OK; }

int xFileSize(sqlite3_file* f, sqlite3_int64* size) {
    *size = static_cast<sqlite3_int64>(reinterpret_cast<File*>(f)->reader->size());
    return SQLITE_OK;
}

int xSectorSize(sqlite3_file*) { return 512; }
// Immutable: SQLite then takes no locks, looks for no hot journal and never re-reads the header to see whether
// another writer changed the file; each of those would be a request.
int xDeviceCharacteristics(sqlite3_file*) { return SQLITE_IOCAP_IMMUTABLE; }

const sqlite3_io_methods kMethods =
    vfsIoMethods(xClose, xRead, xWrite, xTruncate, xSync, xFileSize, xSectorSize, xDeviceCharacteristics);

int xOpen(sqlite3_vfs* vfs, const char*, sqlite3_file* f, int flags, int* outFlags) {
    RangeVfs* st = static_cast<RangeVfs*>(vfs->pAppData);
    if (!(flags & SQLITE_OPEN_MAIN_DB) || !st->reader) {
        // Journals and temp files: a read-only database needs none (open it with temp_store=MEMORY).
        f->pMethods = nullptr;
        return SQLITE_CANTOPEN;
    }
    File* file = reinterpret_cast<File*>(f);
    file->reader = st->reader;
    file->base.pMethods = &kMethods;
    // Opened read-only whatever was asked: the pager then refuses every write before it reaches xWrite.
    if (outFlags) *outFlags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY;
    return SQLITE_OK;
}

int xDelete(sqlite3_vfs*, const char*, int) { return SQLITE_IOERR_DELETE; }

int xAccess(sqlite3_vfs*, const char*, int, int* out) {
    // No journal or WAL file ever exists beside the database.
    *out = 0;
    return SQLITE_OK;
}

// Randomness and time are the default VFS's: this one only replaces how the file is read.
sqlite3_vfs* base() { return sqlite3_vfs_find(nullptr); }
int xRandomness(sqlite3_vfs*, int n, char* out) { return base()->xRandomness(base(), n, out); }
int xSleep(sqlite3_vfs*, int us) { return base()->xSleep(base(), us); }
int xCurrentTime(sqlite3_vfs*, double* out) { return base()->xCurrentTime(base(), out); }
int xCurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) {
    sqlite3_vfs* b = base();
    if (b->iVersion >= 2 && b->xCurrentTimeInt64) return b->xCurrentTimeInt64(b, out);
    double d;
    int rc = b->xCurrentTime(b, &d);
    *out = static_cast<sqlite3_int64>(d * 86400000.0);
    return rc;
}

}  // namespace

void registerRangeVfs(const std::string& name, RangeReader* reader) {
    auto& reg = vfses();
    auto it = reg.find(name);
    if (it != reg.end()) {
        it->second->reader = reader;
        return;
    }
    sqlite3_initialize();  // sqlite3_vfs_find needs it, before any connection has been opened
    auto st = std::make_unique<RangeVfs>();
    st->name = name;
    st->reader = reader;
    vfsRegister(st->vfs, st->name.c_str(), st.get(), sizeof(File),
                {xOpen, xDelete, xAccess, xRandomness, xSleep, xCurrentTime, xCurrentTimeInt64});
    reg.emplace(name, std::move(st));
}

}  // namespace mvr::storage
