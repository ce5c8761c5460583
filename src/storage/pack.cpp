#include "storage/pack.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "core/blake2b.hpp"
#include "core/document.hpp"
#include "core/json_reader.hpp"
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
// Without spaces, as kPackSummary below: the text is kept in the schema.
const char* kPackIndexes =
    "CREATE INDEX IF NOT EXISTS pack_version_list ON version(model_id,seq,label,created_on,author,description,"
    "parent_model,parent_label,deprecated);";

// The pack's summary: what the app's first screen asks of every model (Registry::models, headline) and the
// status bar's version count, which the ordinary queries answer by reading every version (the index entries to
// count them, a metric of each for the best version: 13.6 MB of a 1M-version pack for the models list alone,
// docs/performance.md). One row a model that has versions, written by Registry::writePackSummary from those
// queries and read instead of them while the table has rows: aliases as a JSON array of [alias, label], the
// headline metric NULL where Registry::headline is false. Every change mvr makes to what the summary was computed
// from writes the version or the alias table, and the triggers on them empty it at the first, so a pack written
// to (it is a registry) answers by the ordinary queries from then on; a registry without versions has no rows and
// is answered so too. Written compactly: SQLite keeps this text in the schema, which the pack's first page then
// still holds (at 4 KiB pages, with ~60 bytes to spare): a schema over more pages costs the open a request each.
const char* kPackSummary =
    "CREATE TABLE pack_model(name TEXT PRIMARY KEY,model_id INT,versions INT,latest TEXT,aliases TEXT,"
    "headline TEXT,goal TEXT,best TEXT,best_value REAL,metrics)WITHOUT ROWID;";
const char* const kSummaryEvents[] = {"INSERT", "UPDATE", "DELETE"};

// CREATE (or, with drop, DROP) of the triggers that empty the summary: pack_vi (version insert) ... pack_ad.
std::string staleTriggersSql(bool drop) {
    std::string sql;
    for (const char* table : {"version", "alias"})
        for (const char* event : kSummaryEvents) {
            std::string name = std::string("pack_") + table[0] + static_cast<char>(event[0] - 'A' + 'a');
            sql += drop ? "DROP TRIGGER IF EXISTS " + name + ";"
                        : "CREATE TRIGGER " + name + " AFTER " + event + " ON " + table +
                              " BEGIN DELETE FROM pack_model;END;";
        }
    return sql;
}

// What the summary answers, as text: what the registry answers before the summary is written, and the pack read
// back through the range VFS after, must be the same.
std::string summaryText(Registry& r) {
    std::string out = std::to_string(r.versionCount()) + " versions\n";
    char value[32];
    for (const ModelInfo& m : r.models()) {
        out += std::to_string(m.id) + " " + m.name + " " + std::to_string(m.versions) + " latest " + m.latest;
        for (const auto& [alias, label] : m.aliases) out += " " + alias + "=" + label;
        Headline h;
        bool has = r.headline(m.name, h);
        std::snprintf(value, sizeof value, "%.17g", h.value);
        out += has ? " headline " + h.metric + (h.goal == core::Goal::Max ? " max " : " min ") + h.label + " " + value
                   : " no headline";
        out += " metrics";
        for (const std::string& n : r.metricNames(m.name)) out += " " + n + ":" + core::goalName(r.metricGoal(m.name, n));
        out += "\n";
    }
    return out;
}

// A model's versions next to each other in the file: the pack renumbers version ids by (model, seq), in the
// version table and the tables that name a version by id (metric, tag, alias), so the final VACUUM lays a model's
// rows, and its rows of each metric in metric_name (name, version_id), in consecutive pages. Before it a model's
// versions were one id in 20 of the workload's, and reading one metric of a model's versions touched nearly
// every leaf of that metric's index (docs/performance.md "Packed registries: mvr against sql.js-httpvfs").
// New ids start above the largest old one, so one pass over each table never meets an id still in use. Ids are
// the file's own: nothing outside it names them (exports name versions by model and label).
void clusterVersions(Connection& p) {
    Transaction t(p);
    p.exec("CREATE TEMP TABLE pack_id(old INTEGER PRIMARY KEY, new INTEGER NOT NULL);"
           "INSERT INTO pack_id SELECT id, (SELECT coalesce(max(id),0) FROM version) + "
           "row_number() OVER (ORDER BY model_id, seq) FROM version;"
           "UPDATE version SET id=(SELECT new FROM pack_id WHERE old=version.id);"
           "UPDATE metric SET version_id=(SELECT new FROM pack_id WHERE old=metric.version_id);"
           "UPDATE tag SET version_id=(SELECT new FROM pack_id WHERE old=tag.version_id);"
           "UPDATE alias SET version_id=(SELECT new FROM pack_id WHERE old=alias.version_id);"
           "DROP TABLE pack_id;");
    t.commit();
}

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

void Registry::detectPackSummary() {
    Statement s = m_c.prepare("SELECT 1 FROM sqlite_schema WHERE type='table' AND name='pack_model'");
    m_packed = s.step();
    // Packs written before the metrics column answer metricNames and metricGoal by the ordinary queries.
    Statement col = m_c.prepare("SELECT 1 FROM pragma_table_info('pack_model') WHERE name='metrics'");
    m_packedMetrics = m_packed && col.step();
}

bool Registry::packedMetrics(const std::string& model, std::vector<std::pair<std::string, core::Goal>>& out) {
    out.clear();
    if (!m_packedMetrics || !packSummaryFresh()) return false;
    Statement s = m_c.prepare("SELECT metrics FROM pack_model WHERE name=?");
    s.bind(1, model);
    if (!s.step()) return true;  // a model without versions: no metrics
    core::Value list;
    core::Diagnostics problems;
    if (!core::parseJson(s.getText(0), list, problems) || !list.isArray())
        throw StorageError("the pack's summary of " + model + "'s metrics does not read: " + s.getText(0));
    for (const core::Value& m : list.items)
        if (m.isArray() && m.items.size() == 2)
            out.emplace_back(m.items[0].text,
                             m.items[1].text == "max" ? core::Goal::Max : m.items[1].text == "min" ? core::Goal::Min : core::Goal::None);
    return true;
}

bool Registry::packSummaryFresh() {
    if (!m_packed) return false;
    Statement s = m_c.prepare("SELECT 1 FROM pack_model LIMIT 1");
    return s.step();
}

std::vector<std::pair<std::string, std::string>> Registry::packedAliases(const std::string& model,
                                                                         const std::string& json) {
    core::Value list;
    core::Diagnostics problems;
    if (!core::parseJson(json, list, problems) || !list.isArray())
        throw StorageError("the pack's summary of " + model + " does not read: " + json);
    std::vector<std::pair<std::string, std::string>> out;
    for (const core::Value& a : list.items)
        if (a.isArray() && a.items.size() == 2) out.emplace_back(a.items[0].text, a.items[1].text);
    return out;
}

bool Registry::packedHeadline(const std::string& model, Headline& out) {
    out = Headline();
    Statement s = m_c.prepare("SELECT headline, goal, best, best_value FROM pack_model WHERE name=?");
    s.bind(1, model);
    if (!s.step() || s.isNull(0)) return false;
    out.metric = s.getText(0);
    out.goal = s.getText(1) == "max" ? core::Goal::Max : core::Goal::Min;
    out.label = s.getText(2);
    out.value = s.getDouble(3);
    return true;
}

void Registry::writePackSummary() {
    Transaction t(m_c);
    // A pack of a pack: the summary it was copied with goes, and the ordinary queries compute it again.
    m_c.exec(staleTriggersSql(true) + "DROP TABLE IF EXISTS pack_model;");
    m_packed = false;
    const std::vector<ModelInfo> all = models();
    m_c.exec(kPackSummary);
    Statement row = m_c.prepare(
        "INSERT INTO pack_model(name, model_id, versions, latest, aliases, headline, goal, best, best_value, metrics) "
        "VALUES (?,?,?,?,?,?,?,?,?,?)");
    for (const ModelInfo& m : all) {
        core::Value aliases = core::Value::makeArray();
        for (const auto& [name, label] : m.aliases) {
            core::Value pair = core::Value::makeArray();
            pair.push(core::Value::makeString(name));
            pair.push(core::Value::makeString(label));
            aliases.push(std::move(pair));
        }
        row.bind(1, m.name).bind(2, m.id).bind(3, m.versions).bind(4, m.latest).bind(5, core::toCanonical(aliases));
        Headline h;
        if (headline(m.name, h))
            row.bind(6, h.metric).bind(7, std::string(h.goal == core::Goal::Max ? "max" : "min")).bind(8, h.label).bind(9, h.value);
        else
            row.bindNull(6).bindNull(7).bindNull(8).bindNull(9);
        // The versions pane's metric columns: every metric name of the model's versions, in metricNames' order,
        // with metricGoal's goal ("" when none).
        core::Value metrics = core::Value::makeArray();
        for (const std::string& n : metricNames(m.name)) {
            core::Value pair = core::Value::makeArray();
            pair.push(core::Value::makeString(n));
            pair.push(core::Value::makeString(core::goalName(metricGoal(m.name, n))));
            metrics.push(std::move(pair));
        }
        row.bind(10, core::toCanonical(metrics));
        row.run();
    }
    m_c.exec(staleTriggersSql(false));
    t.commit();
    m_packed = true;
    m_packedMetrics = true;
}

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
        clusterVersions(p);
        p.exec(kPackIndexes);
        // Before the summary: its headlines need the planner to list a model's versions by its index
        // (version_listing) and look their metric up, not walk the metric's every row into the version table
        // (a whole-file read at 1M versions: 31 s instead of a fraction of one).
        if (opt.analyze) p.exec("ANALYZE");
    }
    std::string summary;
    {
        // The summary, from the pack's own rows (the snapshot VACUUM INTO took).
        Registry w(tmp.path);
        summary = summaryText(w);
        w.writePackSummary();
    }
    {
        Connection p(tmp.path);
        // The renumbered rows were written where free pages were, and indexes and statistics appended: VACUUM
        // writes every table and index again in key order, so a model's run of ids is a run of pages (and no page
        // is a hole a reader pays for). Without it a model's rows are together in the B-tree but not in the file:
        // at 20,000 versions compare 100 took 106 requests instead of 22.
        p.exec("VACUUM");
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
            if (summaryText(packed) != summary) throw StorageError("its summary differs from what it summarizes");
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
