// A read-only SQLite VFS that reads its one database file only through a "fetch bytes [offset, offset+len)"
// callback, the way an HTTP client reads a file on a static host with Range requests. It is the model of the
// browser's range reader (a registry opened from ?registry=URL without downloading it) and, natively, the
// instrument that measures what each view of the app would cost over the network (tests/bench/pack_timer.cpp,
// docs/performance.md "Packed registries over range reads").
//
// The file is cut into aligned blocks of `blockSize` bytes (the read-ahead, the smallest request made). A read
// SQLite asks for is served from blocks already fetched; the blocks it still needs are fetched as one request
// per run of consecutive missing blocks, as one Range request would ask for them. Fetched blocks stay in a
// cache of at most `cacheBytes` (least recently used out first), so reading the same pages again costs nothing.
// A miss that starts where an earlier fetch ended continues a scan (a table or an index read in order, which
// VACUUM lays out in order): it fetches further ahead, twice as far each time the scan goes on, up to
// `readAheadBytes`, so a scan of n blocks costs about log2 of them in round trips rather than n. A few scans are
// followed at once (an index walked while its rows are looked up). Requests and bytes are counted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace mvr::storage {

// Fills out with the bytes [offset, offset + len) of the file: exactly len of them, since the reader never asks
// past the end. False (with error saying why) when they could not be had; a fetch that returns fewer or more
// bytes counts as failed too (a file that changed on the host). Natively: preadFetch.
using RangeFetch = std::function<bool(uint64_t offset, size_t len, std::vector<uint8_t>& out, std::string& error)>;

struct RangeStats {
    uint64_t requests = 0;  // fetch calls (HTTP Range requests)
    uint64_t bytes = 0;     // bytes fetched
    uint64_t reads = 0;     // reads SQLite asked for (xRead)
    uint64_t hits = 0;      // of them, served wholly from the cache
};

class RangeReader {
public:
    // size: the file's length in bytes (a browser learns it from the first response's Content-Range).
    // blockSize: 1 KiB or more (a multiple of the database's page size, so that a page is never split).
    // readAheadBytes: the most a scan fetches ahead in one request (a block or less: no read-ahead).
    RangeReader(uint64_t size, RangeFetch fetch, size_t blockSize = 16384, size_t cacheBytes = 64u << 20,
                size_t readAheadBytes = 32u << 10);

    // Copies [offset, offset + len) into out, fetching what is missing. Past the end of the file the bytes are
    // zero and the call returns true (SQLite reads past the end of a file legitimately). False when a fetch
    // failed: error() says why, and nothing is cached of that request.
    bool read(uint64_t offset, void* out, size_t len);

    uint64_t size() const { return m_size; }
    size_t blockSize() const { return m_block; }
    const RangeStats& stats() const { return m_stats; }
    void resetStats() { m_stats = RangeStats{}; }
    void dropCache();
    const std::string& error() const { return m_error; }

private:
    const uint8_t* cached(uint64_t block);  // nullptr when not held; marks it recently used
    void keep(uint64_t block, std::vector<uint8_t> bytes);
    bool fetchRun(uint64_t first, uint64_t count);

    // How many blocks to fetch for a miss at `block` (1 unless it continues a scan), and the scan's new end.
    uint64_t readAhead(uint64_t block);
    void scanReached(uint64_t end);

    uint64_t m_size;
    RangeFetch m_fetch;
    size_t m_block;
    size_t m_cacheBlocks;
    uint64_t m_maxAhead;  // blocks
    struct Scan {
        uint64_t next = UINT64_MAX;  // the block after its last fetch
        uint64_t window = 1;         // blocks its next fetch may take
    };
    Scan m_scans[4];
    size_t m_nextScan = 0;  // the one a new scan replaces
    size_t m_scan = 0;      // the one the current fetch belongs to
    struct Entry {
        std::vector<uint8_t> bytes;
        std::list<uint64_t>::iterator age;
    };
    std::unordered_map<uint64_t, Entry> m_cache;
    std::list<uint64_t> m_lru;  // most recently used first
    RangeStats m_stats;
    std::string m_error;
};

// A fetch that reads a local file with pread (opened once, closed when the last copy of the function goes).
// False with error naming the path when it cannot be opened; size is set to the file's length.
bool preadFetch(const std::string& path, RangeFetch& fetch, uint64_t& size, std::string& error);

// Registers (or, when the name is taken, re-points) a VFS named `name` that serves reader as its database file,
// whatever file name is opened through it, read-only (SQLite is told so at open, and writes fail). Open it with
// Registry(name, true) or Connection("registry", true, name). The reader must outlive every connection using it.
// A failed fetch becomes SQLITE_IOERR_READ ("disk I/O error"), with the reader's error() telling why.
void registerRangeVfs(const std::string& name, RangeReader* reader);

}  // namespace mvr::storage
