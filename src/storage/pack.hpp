// mvr pack: a copy of a registry laid out to be read in place over HTTP Range requests from any static host
// (docs/registry-format.md "Packed registries", docs/performance.md "Packed registries over range reads").
#pragma once

#include <cstdint>
#include <string>

namespace mvr::storage {

// The default page size of a pack: the smallest bytes for showing one version and comparing 100 (the views that
// read documents), measured in docs/performance.md "Packed registries over range reads".
constexpr int kPackPageSize = 4096;

struct PackOptions {
    int pageSize = kPackPageSize;  // a power of two, 512 to 65536
    bool force = false;            // replace an existing out
    bool analyze = true;           // ANALYZE (sqlite_stat1), so the planner picks the covering indexes
};

struct PackReport {
    uint64_t bytes = 0;        // the pack's size
    int pageSize = 0;
    int64_t versions = 0;
    std::string exportDigest;  // BLAKE2b-256 of the export, the same for the registry and its pack
};

// Writes out as a packed copy of the registry at source: VACUUM INTO with the page size, no WAL (a rollback
// journal that never exists: the file is whole on its own), version ids numbered again by (model, seq) so that a
// model's rows lie together (clusterVersions in pack.cpp), the indexes the app's views read (packIndexesSql),
// the summary the models list reads (Registry::writePackSummary) and ANALYZE. The copy is written beside out
// under a temporary name, then checked: opened read-only through the range VFS with the ordinary Registry, its
// page size as asked, its export byte for byte the source's (compared by digest, streamed) and its models list,
// headlines and version count what they were before the summary was written; only then renamed to out. On any failure the temporary file is removed, out
// is untouched, and StorageError says what and where. source is read, never changed.
PackReport packRegistry(const std::string& source, const std::string& out, const PackOptions& opt);

// The indexes a pack adds to the schema's (CREATE INDEX IF NOT EXISTS ...; the reasons in pack.cpp).
const char* packIndexesSql();

}  // namespace mvr::storage
