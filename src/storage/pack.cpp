#include "storage/pack.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "core/blake2b.hpp"
#include "storage/range_vfs.hpp"
#include "storage/registry.hpp"
#include "storage/schema.hpp"

namespace mvr::storage {

namespace {

// A model's versions listed in arrival order read author, description and parent with the label (the versions
// table of the app, Registry::versions). The schema's version_listing holds only label, time and deprecation,
// so each listed row was read from the version table, where it sits beside its ~4 KB document: 200 rows cost
// 200 table pages. This index holds every column the listing reads, so a page of the listing is a few
// consecutive index pages. It costs ~0.2 KB a version (docs/performance.md), which a registry that is imported
// into would pay on every insert; a pack is written once.
const char* kPackIndexes = R"sql(
CREATE INDEX IF NOT EXISTS pack_version_list ON version(model_id, seq, label, created_on, author, description,
  parent_model, parent_label, deprecated);
)sql";

bool exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

std::string quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

std::string exportDigest(Registry& r, int64_t& versions) {
    core::Blake2b h;
    versions = static_cast<int64_t>(r.exportTo(ExportSelection{}, [&](std::string_view s) { h.update(s); }));
    uint8_t d[32];
    h.finish(d);
    return core::toHex(d, sizeof d);
}

// Removes the temporary file unless released (a failure anywhere leaves no half-written pack).
struct TempFile {
    std::string path;
    bool keep = false;
    ~TempFile() {
        if (!keep) {
            std::remove(path.c_str());
            std::remove((path + "-journal").c_str());
        }
    }
};

}  // namespace

const char* packIndexesSql() { return kPackIndexes; }

PackReport packRegistry(const std::string& source, const std::string& out, const PackOptions& opt) {
    if (opt.pageSize < 512 || opt.pageSize > 65536 || (opt.pageSize & (opt.pageSize - 1)) != 0)
        throw StorageError("page size " + std::to_string(opt.pageSize) + " is not a power of two from 512 to 65536");
    if (!exists(source)) throw StorageError(source + ": no such registry");
    if (exists(out) && !opt.force) throw StorageError(out + ": exists already (--force to replace it)");

    TempFile tmp{out + ".tmp-" + std::to_string(::getpid())};
    std::remove(tmp.path.c_str());  // VACUUM INTO refuses a file that exists: one left by a killed pack
    {
        // Read-only: packing never migrates or otherwise writes the source. VACUUM INTO takes the page size set
        // on the source's connection (a no-op for the source itself, whose pages exist).
        Connection src(source, true);
        int64_t appId = 0;
        int version = 0;
        try {
            appId = src.pragmaInt("application_id");
            version = schemaVersion(src);
        } catch (const StorageError& e) {
            throw StorageError(source + ": " + e.what());
        }
        if (appId != kApplicationId) throw StorageError(source + ": not an mvr registry");
        if (version > kSchemaVersion)
            throw StorageError(source + ": schema version " + std::to_string(version) +
                               ", written by a newer mvr (this one packs " + std::to_string(kSchemaVersion) + "); update mvr");
        if (version < kSchemaVersion)
            throw StorageError(source + ": schema version " + std::to_string(version) + ", this mvr packs " +
                               std::to_string(kSchemaVersion) + " (open it once with this mvr, e.g. mvr init, to migrate)");
        src.exec("PRAGMA page_size=" + std::to_string(opt.pageSize));
        try {
            src.exec("VACUUM INTO " + quoted(tmp.path));
        } catch (const StorageError& e) {
            throw StorageError(tmp.path + ": cannot write the pack: " + e.what());
        }
    }
    {
        Connection p(tmp.path);
        // DELETE: no -wal or -shm file is ever expected beside the pack on a host, and a reader of the one
        // file sees all of it.
        p.exec("PRAGMA journal_mode=DELETE");
        p.exec(kPackIndexes);
        if (opt.analyze) p.exec("ANALYZE");
        // Indexes and statistics were appended; pages freed on the way (none, as a rule) would be holes a reader
        // of the file pays for.
        if (p.pragmaInt("freelist_count") > 0) p.exec("VACUUM");
    }

    PackReport rep;
    {
        // The check: the pack as a browser would open it (the range VFS, read-only, the ordinary Registry).
        RangeFetch fetch;
        uint64_t size = 0;
        std::string err;
        if (!preadFetch(tmp.path, fetch, size, err)) throw StorageError(err);
        RangeReader reader(size, fetch, 65536, 16u << 20);
        registerRangeVfs("mvr-pack-check", &reader);
        std::string digest;
        try {
            Registry packed("mvr-pack-check", true);
            if (packed.schemaVersion() != kSchemaVersion)
                throw StorageError("schema version " + std::to_string(packed.schemaVersion()));
            Connection c("registry", true, "mvr-pack-check");
            rep.pageSize = static_cast<int>(c.pragmaInt("page_size"));
            if (rep.pageSize != opt.pageSize)
                throw StorageError("page size " + std::to_string(rep.pageSize) + ", not " + std::to_string(opt.pageSize));
            digest = exportDigest(packed, rep.versions);
        } catch (const StorageError& e) {
            registerRangeVfs("mvr-pack-check", nullptr);
            throw StorageError(tmp.path + ": the pack does not read back: " + e.what() +
                               (reader.error().empty() ? "" : " (" + reader.error() + ")"));
        }
        registerRangeVfs("mvr-pack-check", nullptr);
        Registry original(source);
        int64_t n = 0;
        rep.exportDigest = exportDigest(original, n);
        if (digest != rep.exportDigest || n != rep.versions)
            throw StorageError(tmp.path + ": the pack's export differs from " + source + "'s");
        rep.bytes = size;
    }
    if (std::rename(tmp.path.c_str(), out.c_str()) != 0)
        throw StorageError(out + ": cannot write: " + std::strerror(errno));
    tmp.keep = true;
    return rep;
}

}  // namespace mvr::storage
