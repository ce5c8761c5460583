#include "storage/schema.hpp"

#include "core/json_reader.hpp"
#include "core/manifest.hpp"

namespace mvr::storage {

namespace {

const char* kV1 = R"sql(
CREATE TABLE model(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE version(
  id INTEGER PRIMARY KEY,
  model_id INTEGER NOT NULL REFERENCES model(id),
  label TEXT NOT NULL,
  seq INTEGER NOT NULL,
  digest TEXT NOT NULL,
  created_on TEXT,
  author TEXT,
  description TEXT,
  parent_model TEXT,
  parent_label TEXT,
  doc TEXT NOT NULL,
  doc_aliases TEXT,
  UNIQUE(model_id, label)
);
CREATE UNIQUE INDEX version_model_seq ON version(model_id, seq);
CREATE INDEX version_parent ON version(parent_model, parent_label);
CREATE TABLE alias(
  model_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  version_id INTEGER NOT NULL,
  PRIMARY KEY(model_id, name)
) WITHOUT ROWID;
CREATE INDEX alias_version ON alias(version_id);
)sql";

// v2: tags and metrics as rows. Tags get an index by (key, value): finding a version by a tag such as a run
// id must not scan the registry. Metrics are filtered and sorted within one model's versions, which the
// primary key (version_id, name) serves; a (name, value) index across all models cost 30% of import time.
const char* kV2 = R"sql(
CREATE TABLE tag(
  version_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY(version_id, key)
) WITHOUT ROWID;
CREATE INDEX tag_key_value ON tag(key, value);
CREATE TABLE metric(
  version_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY(version_id, name)
) WITHOUT ROWID;
)sql";

// v3: promotion rules (docs/rules.md) with a record of every change to one, and the history of every alias move
// (by hand, by an import or mvr create, by a rule). History names models and labels as text: it is a record of
// what happened, read by model and alias (and by time, for "who held production then").
const char* kV3 = R"sql(
CREATE TABLE rule(
  name TEXT PRIMARY KEY,
  text TEXT NOT NULL
);
CREATE TABLE rule_change(
  id INTEGER PRIMARY KEY,
  rule TEXT NOT NULL,
  at TEXT,
  author TEXT NOT NULL,
  action TEXT NOT NULL,
  text TEXT
);
CREATE INDEX rule_change_rule ON rule_change(rule, id);
CREATE TABLE alias_history(
  id INTEGER PRIMARY KEY,
  at TEXT,
  model TEXT NOT NULL,
  alias TEXT NOT NULL,
  from_label TEXT,
  to_label TEXT,
  author TEXT NOT NULL,
  source TEXT NOT NULL,
  rule TEXT,
  detail TEXT
);
CREATE INDEX alias_history_model ON alias_history(model, alias, id);
)sql";

// v4: what rules read, without the documents; and curation (docs/manifest.md, "Content and curation").
// version_listing covers listing a model's versions in arrival order (a version row carries its ~4 KB document,
// so reading rows to list them read the whole table); metric_name serves one metric over every version (rules
// over all models read each metric once, 10 ms for 100,000 versions, where a lookup per version and metric read
// pages all over the metric table). deprecated and the curation log: a version's description, tags and
// deprecation change in place, each change recorded with when, who, the old and the new value (JSON, NULL when
// absent), by model and label as text like the alias history.
const char* kV4 = R"sql(
ALTER TABLE version ADD COLUMN deprecated INTEGER NOT NULL DEFAULT 0;
CREATE INDEX version_listing ON version(model_id, seq, label, created_on, deprecated);
CREATE INDEX metric_name ON metric(name, version_id, value);
CREATE TABLE curation(
  id INTEGER PRIMARY KEY,
  at TEXT,
  model TEXT NOT NULL,
  label TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  author TEXT NOT NULL
);
CREATE INDEX curation_version ON curation(model, label, id);
)sql";

// The aliases a registry held before it had a history: one record each, of unknown time ("at" NULL), so the
// history always explains the current aliases (and an export of it round-trips).
void backfillV3(Connection& c) {
    c.exec(
        "INSERT INTO alias_history(at,model,alias,from_label,to_label,author,source) "
        "SELECT NULL, m.name, a.name, NULL, v.label, '', 'migration' FROM alias a JOIN model m ON m.id=a.model_id "
        "JOIN version v ON v.id=a.version_id ORDER BY m.name, a.name");
}

void backfillV2(Connection& c) {
    Statement rows = c.prepare("SELECT id, doc FROM version");
    Statement tag = c.prepare("INSERT OR IGNORE INTO tag(version_id, key, value) VALUES (?,?,?)");
    Statement metric = c.prepare("INSERT OR IGNORE INTO metric(version_id, name, value) VALUES (?,?,?)");
    while (rows.step()) {
        int64_t id = rows.getInt(0);
        core::Diagnostics diags;
        core::Value doc;
        core::Manifest m;
        if (!core::parseJson(rows.getTextView(1), doc, diags) ||
            !core::validateManifest(std::move(doc), "", "", diags, m))
            throw StorageError("migration to schema 2: stored version " + std::to_string(id) + " does not read back");
        for (const auto& t : m.tags) tag.bind(1, id).bind(2, t.first).bind(3, t.second).run();
        for (const auto& x : m.metrics) metric.bind(1, id).bind(2, x.name).bind(3, x.value).run();
    }
}

void setVersion(Connection& c, int v) { c.exec("PRAGMA user_version=" + std::to_string(v)); }

}  // namespace

int schemaVersion(Connection& c) { return static_cast<int>(c.pragmaInt("user_version")); }

void createSchemaAtVersion(Connection& c, int version) {
    // Page size can only be chosen before the first table exists. Versions are ~4 KB of canonical JSON:
    // with 4 KB pages nearly every row overflows onto a second page; 16 KB pages hold several rows, keep
    // the B-trees shallow and cut import time (measured in docs/performance.md).
    c.exec("PRAGMA page_size=" + std::to_string(kPageSize));
    Transaction t(c);
    c.exec("PRAGMA application_id=" + std::to_string(kApplicationId));
    c.exec(kV1);
    if (version >= 2) c.exec(kV2);
    if (version >= 3) c.exec(kV3);
    if (version >= 4) c.exec(kV4);
    setVersion(c, version);
    t.commit();
}

void ensureSchema(Connection& c) {
    int appId = static_cast<int>(c.pragmaInt("application_id"));
    int version = schemaVersion(c);
    if (appId != kApplicationId) {
        int64_t tables;
        {
            // Finalized before creating the schema: an open statement holds a read transaction, and
            // page_size cannot change under it.
            Statement s = c.prepare("SELECT count(*) FROM sqlite_schema");
            s.step();
            tables = s.getInt(0);
        }
        if (tables != 0 || appId != 0)
            throw StorageError("this SQLite file is not an mvr registry (it has other tables)");
        createSchemaAtVersion(c, kSchemaVersion);
        return;
    }
    if (version > kSchemaVersion)
        throw StorageError("this registry has schema version " + std::to_string(version) +
                           ", written by a newer mvr (this one knows up to " + std::to_string(kSchemaVersion) +
                           "); update mvr");
    if (version < 2) {
        Transaction t(c);
        c.exec(kV2);
        backfillV2(c);
        setVersion(c, 2);
        t.commit();
    }
    if (version < 3) {
        Transaction t(c);
        c.exec(kV3);
        backfillV3(c);
        setVersion(c, 3);
        t.commit();
    }
    if (version < 4) {
        Transaction t(c);
        c.exec(kV4);
        setVersion(c, 4);
        t.commit();
    }
}

}  // namespace mvr::storage
