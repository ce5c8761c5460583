#include "storage/registry.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <string_view>
#include <unordered_set>

#include "core/document.hpp"
#include "core/json_reader.hpp"
#include "core/registry_format.hpp"
#include "core/stored_json.hpp"
#include "storage/schema.hpp"

namespace mvr::storage {

namespace {

// A stored document: canonical text, read with the stored reader (no positions, no checks an import already
// made); anything else, such as a row an earlier build wrote with white space, with the strict reader.
bool readStored(std::string_view text, core::Value& out, core::Diagnostics& diags) {
    return core::parseStoredJson(text, out) || core::parseJson(text, out, diags);
}

std::string aliasesCanonical(const std::vector<std::string>& aliases) {
    core::Value list = core::Value::makeArray();
    for (const std::string& a : aliases) list.push(core::Value::makeString(a));
    return core::toCanonical(list);
}

std::string parentText(const std::string& model, const std::string& pm, const std::string& pl) {
    if (pl.empty()) return "";
    return pm == model ? pl : pm + "@" + pl;
}

// A row of the listing's columns (id, label, seq, created_on, author, description, parent_model, parent_label,
// deprecated), as Registry::versions and versionsBySeq select them.
VersionSummary summaryRow(Statement& s, const std::string& model) {
    VersionSummary v;
    v.id = s.getInt(0);
    v.model = model;
    v.label = s.getText(1);
    v.seq = s.getInt(2);
    v.createdOn = s.getText(3);
    v.author = s.getText(4);
    v.description = s.getText(5);
    v.parent = parentText(model, s.getText(6), s.getText(7));
    v.deprecated = s.getInt(8) != 0;
    return v;
}

// The model's aliases (version id, alias) onto the rows that hold them.
void attachAliases(std::vector<VersionSummary>& rows, std::vector<std::pair<int64_t, std::string>> aliases) {
    std::unordered_map<int64_t, size_t> byId;
    for (size_t i = 0; i < rows.size(); ++i) byId.emplace(rows[i].id, i);
    for (auto& [id, name] : aliases) {
        auto it = byId.find(id);
        if (it != byId.end()) rows[it->second].aliases.push_back(std::move(name));
    }
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// Queries

namespace {
// core::labelLess as an SQLite collation ("version > 9" must find 10).
int compareLabels(void*, int na, const void* a, int nb, const void* b) {
    std::string_view x(static_cast<const char*>(a), static_cast<size_t>(na));
    std::string_view y(static_cast<const char*>(b), static_cast<size_t>(nb));
    return core::labelLess(x, y) ? -1 : core::labelLess(y, x) ? 1 : 0;
}
}  // namespace

Registry::Registry(const std::string& path) : m_c(path) {
    m_c.addCollation("mvr_label", compareLabels);
    m_c.exec("PRAGMA foreign_keys=ON");
    // An 8 MB page cache: imports touch index pages all over the file (tags, metrics), and re-reading them
    // from the OS was the largest single cost of importing 10k versions with the 2 MB default. A cache that
    // holds a whole import (64 MB, before) writes every page at the commit, after the reading is done; with
    // 8 MB the pages are written while the import goes on (10k: 0.28 -> 0.27 s, 100k: 2.64 -> 2.55 s).
    m_c.exec("PRAGMA cache_size=-8192");
#ifndef __EMSCRIPTEN__
    // Reads through a memory map: evaluating rules over 100,000 versions reads ~15 MB of index pages, and copying
    // them from the OS into the page cache (which they do not fit) was a fifth of the time (docs/performance.md).
    m_c.exec("PRAGMA mmap_size=1073741824");
#endif
    ensureSchema(m_c);
    detectPackSummary();
}

Registry::Registry(const std::string& vfsName, bool readOnly) : m_c("registry", false, vfsName) {
    m_c.addCollation("mvr_label", compareLabels);
    m_c.exec("PRAGMA foreign_keys=ON");
    // The page VFS holds the whole file in memory already, so a read is a memcpy: a small page cache saves
    // memory, and a large transaction writes its pages out early, where they can be staged for saving.
    m_c.exec("PRAGMA cache_size=-8192");
    // The rollback journal lives in memory: atomicity comes from the sink, which receives each commit's
    // pages at once (xSync) and stores them in one IndexedDB transaction. synchronous must not be OFF,
    // or SQLite would skip that xSync.
    m_c.exec("PRAGMA journal_mode=MEMORY");
    m_c.exec("PRAGMA synchronous=FULL");
    m_c.exec("PRAGMA temp_store=MEMORY");
    if (readOnly) m_c.exec("PRAGMA query_only=ON");
    else ensureSchema(m_c);
    detectPackSummary();
}

int Registry::schemaVersion() { return storage::schemaVersion(m_c); }

int64_t Registry::versionCount() {
    // count(*) reads a whole index of the version table (12 MB at 1M versions over range reads).
    Statement s = m_c.prepare(packSummaryFresh() ? "SELECT sum(versions) FROM pack_model" : "SELECT count(*) FROM version");
    s.step();
    return s.getInt(0);
}

int64_t Registry::modelCount() {
    Statement s = m_c.prepare("SELECT count(*) FROM model");
    s.step();
    return s.getInt(0);
}

void Registry::clear() {
    {
        Transaction t(m_c);
        m_c.exec("DELETE FROM alias; DELETE FROM tag; DELETE FROM metric; DELETE FROM version; DELETE FROM model; "
                 "DELETE FROM alias_history; DELETE FROM rule; DELETE FROM rule_change; DELETE FROM curation;");
        t.commit();
    }
    m_c.exec("VACUUM");
}

void Registry::setCacheSize(int pages) { m_c.exec("PRAGMA cache_size=" + std::to_string(pages)); }

void Registry::setMmapSize(int64_t bytes) { m_c.exec("PRAGMA mmap_size=" + std::to_string(bytes)); }

std::string Registry::integrityCheck() {
    Statement s = m_c.prepare("PRAGMA integrity_check");
    std::string out;
    while (s.step()) out += (out.empty() ? "" : "\n") + s.getText(0);
    return out;
}

int64_t Registry::rowCount(const std::string& table) {
    static const char* const kTables[] = {"model", "version", "alias", "tag", "metric", "rule", "rule_change", "alias_history", "curation"};
    if (std::find(std::begin(kTables), std::end(kTables), table) == std::end(kTables))
        throw StorageError("rowCount: no table " + table);
    Statement s = m_c.prepare("SELECT count(*) FROM " + table);
    s.step();
    return s.getInt(0);
}

int64_t Registry::sizeBytes() { return m_c.pragmaInt("page_count") * m_c.pragmaInt("page_size"); }

std::vector<ModelInfo> Registry::models() {
    // The counts read every version's index entry, each alias its version's row: a pack has them written down.
    const bool packed = packSummaryFresh();
    std::vector<ModelInfo> out;
    Statement s = m_c.prepare(packed ? "SELECT model_id, name, versions, latest, aliases FROM pack_model ORDER BY name" :
        "SELECT m.id, m.name, (SELECT count(*) FROM version v WHERE v.model_id=m.id), "
        "(SELECT label FROM version v WHERE v.model_id=m.id ORDER BY seq DESC LIMIT 1) "
        "FROM model m WHERE EXISTS(SELECT 1 FROM version v WHERE v.model_id=m.id) ORDER BY m.name");
    Statement al = m_c.prepare(
        "SELECT a.name, v.label FROM alias a JOIN version v ON v.id=a.version_id WHERE a.model_id=? ORDER BY a.name");
    while (s.step()) {
        ModelInfo mi;
        mi.id = s.getInt(0);
        mi.name = s.getText(1);
        mi.versions = s.getInt(2);
        mi.latest = s.getText(3);
        if (packed) {
            mi.aliases = packedAliases(mi.name, s.getText(4));
        } else {
            al.bind(1, mi.id);
            while (al.step()) mi.aliases.emplace_back(al.getText(0), al.getText(1));
            al.reset();
        }
        out.push_back(std::move(mi));
    }
    return out;
}

bool Registry::hasModel(const std::string& model) {
    Statement s = m_c.prepare("SELECT 1 FROM model WHERE name=?");
    s.bind(1, model);
    return s.step();
}

std::vector<VersionSummary> Registry::versions(const std::string& model, const core::Filter& filter) {
    std::string sql =
        "SELECT v.id, v.label, v.seq, v.created_on, v.author, v.description, v.parent_model, v.parent_label, v.deprecated "
        "FROM version v JOIN model m ON m.id=v.model_id WHERE m.name=?";
    for (const core::Condition& c : filter.conditions) {
        std::string op = core::opSql(c.op);
        // like() below escapes % and _ with a backslash: every LIKE must say so.
        const std::string value = c.op == core::FilterOp::Contains ? " ? ESCAPE '\\'" : " ?";
        switch (c.field) {
        case core::FilterField::Text:
            sql += " AND (v.label LIKE ? ESCAPE '\\' OR v.description LIKE ? ESCAPE '\\' OR v.author LIKE ? ESCAPE '\\')";
            break;
        case core::FilterField::Metric:
            sql += " AND EXISTS(SELECT 1 FROM metric x WHERE x.version_id=v.id AND x.name=? AND x.value " + op + value + ")";
            break;
        case core::FilterField::Param:
            sql += " AND json_extract(v.doc, ?) " + op + value;
            break;
        case core::FilterField::Tag:
            sql += " AND EXISTS(SELECT 1 FROM tag t WHERE t.version_id=v.id AND t.key=? AND t.value " + op + value + ")";
            break;
        case core::FilterField::Alias:
            sql += " AND EXISTS(SELECT 1 FROM alias a WHERE a.version_id=v.id AND a.name " + op + value + ")";
            break;
        case core::FilterField::Author: sql += " AND v.author " + op + value; break;
        case core::FilterField::CreatedOn: sql += " AND v.created_on " + op + value; break;
        case core::FilterField::Label:
            // Labels order as people read them (2 < 10, 1.4.0 < 1.10.0): the mvr_label collation.
            sql += " AND v.label " + op + value + (c.op == core::FilterOp::Contains ? "" : " COLLATE mvr_label");
            break;
        case core::FilterField::Dataset:
            // parseFilter refuses datasets.* (a field of rules, evaluated in core/rule_eval).
            throw StorageError("a filter cannot name datasets." + c.key);
        }
    }
    sql += " ORDER BY v.seq";
    Statement s = m_c.prepare(sql);
    int i = 1;
    s.bind(i++, model);
    auto like = [](const std::string& v) {
        std::string out = "%";
        for (char ch : v) {
            if (ch == '%' || ch == '_' || ch == '\\') out.push_back('\\');
            out.push_back(ch);
        }
        return out + "%";
    };
    auto bindValue = [&](const core::Condition& c) {
        if (c.op == core::FilterOp::Contains) s.bind(i++, like(c.value));
        else if (c.numeric && c.field != core::FilterField::Label && c.field != core::FilterField::Tag) s.bind(i++, c.number);
        else if (c.field == core::FilterField::Param && (c.value == "true" || c.value == "false"))
            s.bind(i++, static_cast<int64_t>(c.value == "true"));
        else s.bind(i++, c.value);
    };
    for (const core::Condition& c : filter.conditions) {
        switch (c.field) {
        case core::FilterField::Text: {
            std::string l = like(c.value);
            for (int k = 0; k < 3; ++k) s.bind(i++, l);
            break;
        }
        case core::FilterField::Metric:
        case core::FilterField::Param:
        case core::FilterField::Tag:
            s.bind(i++, c.key);
            bindValue(c);
            break;
        default: bindValue(c);
        }
    }
    std::vector<VersionSummary> out;
    while (s.step()) out.push_back(summaryRow(s, model));
    attachAliases(out, modelAliases(model));
    return out;
}

std::vector<std::pair<int64_t, std::string>> Registry::modelAliases(const std::string& model) {
    std::vector<std::pair<int64_t, std::string>> out;
    Statement s = m_c.prepare(
        "SELECT a.version_id, a.name FROM alias a JOIN model m ON m.id=a.model_id WHERE m.name=? ORDER BY a.name");
    s.bind(1, model);
    while (s.step()) out.emplace_back(s.getInt(0), s.getText(1));
    return out;
}

std::vector<std::string> Registry::aliasesOf(int64_t versionId) {
    std::vector<std::string> out;
    Statement s = m_c.prepare("SELECT name FROM alias WHERE version_id=? ORDER BY name");
    s.bind(1, versionId);
    while (s.step()) out.push_back(s.getText(0));
    return out;
}

std::string Registry::resolveLabel(const std::string& model, const std::string& labelOrAlias) {
    Statement s = m_c.prepare("SELECT v.label FROM version v JOIN model m ON m.id=v.model_id WHERE m.name=? AND v.label=?");
    s.bind(1, model).bind(2, labelOrAlias);
    if (s.step()) return s.getText(0);
    if (labelOrAlias == "latest") {
        Statement l = m_c.prepare(
            "SELECT v.label FROM version v JOIN model m ON m.id=v.model_id WHERE m.name=? ORDER BY v.seq DESC LIMIT 1");
        l.bind(1, model);
        if (l.step()) return l.getText(0);
        return "";
    }
    Statement a = m_c.prepare(
        "SELECT v.label FROM alias a JOIN model m ON m.id=a.model_id JOIN version v ON v.id=a.version_id "
        "WHERE m.name=? AND a.name=?");
    a.bind(1, model).bind(2, labelOrAlias);
    if (a.step()) return a.getText(0);
    return "";
}

bool Registry::load(const std::string& model, const std::string& labelOrAlias, core::Manifest& out) {
    StoredVersion stored;
    if (!loadStored(model, labelOrAlias, stored)) return false;
    readStoredVersion(model, stored, out);
    return true;
}

bool Registry::loadStored(const std::string& model, const std::string& labelOrAlias, StoredVersion& out) {
    out = StoredVersion();
    out.label = resolveLabel(model, labelOrAlias);
    if (out.label.empty()) return false;
    Statement s = m_c.prepare(
        "SELECT v.id, v.doc, v.digest, v.doc_aliases, v.deprecated FROM version v JOIN model m ON m.id=v.model_id "
        "WHERE m.name=? AND v.label=?");
    s.bind(1, model).bind(2, out.label);
    if (!s.step()) return false;
    int64_t id = s.getInt(0);
    out.canonical = s.getText(1);
    out.digest = s.getText(2);
    out.aliasesJson = s.isNull(3) ? "" : s.getText(3);
    out.deprecated = s.getInt(4) != 0;
    out.aliases = aliasesOf(id);
    out.log = curationLog(model, out.label);
    return true;
}

void readStoredVersion(const std::string& model, const StoredVersion& stored, core::Manifest& out) {
    core::Diagnostics diags;
    core::Value doc;
    // The stored text is the canonical document and its digest is stored with it: no need to recompute them.
    if (!readStored(stored.canonical, doc, diags) || !core::validateManifest(std::move(doc), "", "", diags, out, false))
        throw StorageError("stored version " + model + "@" + stored.label + " does not read back (database damaged?)");
    out.canonical = stored.canonical;
    out.digest = stored.digest;
    if (out.hasAliasesField) out.aliasesJson = stored.aliasesJson;
    out.aliases = stored.aliases;
    // Curation: the description and tags as the log left them.
    out.deprecated = stored.deprecated;
    for (const CurationChange& c : stored.log) {
        core::Value v;
        core::Diagnostics ignored;
        std::string text;
        bool present = !c.after.empty() && core::parseJson(c.after, v, ignored) && v.isString();
        if (present) text = v.text;
        if (c.field == "description") {
            out.description = text;
        } else if (c.field.rfind("tags.", 0) == 0) {
            std::string key = c.field.substr(5);
            auto it = std::find_if(out.tags.begin(), out.tags.end(), [&](const auto& t) { return t.first == key; });
            if (!present) {
                if (it != out.tags.end()) out.tags.erase(it);
            } else if (it != out.tags.end()) {
                it->second = text;
            } else {
                out.tags.emplace_back(key, text);
            }
        }
    }
    out.curated = !stored.log.empty();
}

bool Registry::stepHistories(const std::string& model, const std::string& labelOrAlias, std::string_view want,
                             bool byTime, core::StepHistories& out, std::string* label) {
    std::string resolved = resolveLabel(model, labelOrAlias);
    if (resolved.empty()) return false;
    Statement s = m_c.prepare("SELECT v.doc FROM version v JOIN model m ON m.id=v.model_id WHERE m.name=? AND v.label=?");
    s.bind(1, model).bind(2, resolved);
    if (!s.step()) return false;
    if (!core::readStoredStepHistories(s.getTextView(0), want, byTime, out)) {
        // Text an older build wrote (white space), or damage: read it whole, with the strict reader's error.
        core::Diagnostics diags;
        core::Value doc;
        if (!readStored(s.getTextView(0), doc, diags))
            throw StorageError("stored version " + model + "@" + resolved + " does not read back (database damaged?)");
        out = core::stepHistories(doc, want, byTime);
    }
    if (label) *label = std::move(resolved);
    return true;
}

std::vector<std::string> Registry::children(const std::string& model, const std::string& label) {
    std::vector<std::string> out;
    Statement s = m_c.prepare(
        "SELECT m.name, v.label FROM version v JOIN model m ON m.id=v.model_id "
        "WHERE v.parent_model=? AND v.parent_label=? ORDER BY m.name, v.seq");
    s.bind(1, model).bind(2, label);
    while (s.step()) {
        std::string m = s.getText(0);
        out.push_back(m == model ? s.getText(1) : m + "@" + s.getText(1));
    }
    return out;
}

std::string aliasIsLabelMessage(const std::string& model, const std::string& alias, const std::string& label) {
    return "alias \"" + alias + "\" on " + model + "@" + label + " is the label of version " + model + "@" + alias +
           " (" + model + "@" + alias + " would mean either): choose a name that is not a version label";
}

std::string labelIsAliasMessage(const std::string& model, const std::string& label, const std::string& aliasTarget) {
    return "version " + model + "@" + label + " has the name of the alias \"" + label + "\" on " + model + "@" +
           aliasTarget + " (" + model + "@" + label + " would mean either): remove or rename that alias first";
}

bool Registry::isProtectedAlias(const std::string& alias) { return alias == "production"; }

std::string Registry::aliasProblem(const std::string& model, const std::string& alias, const std::string& label) {
    if (!core::isValidAliasName(alias))
        return "invalid alias \"" + alias + "\": use 1 to 128 ASCII letters, digits, '-', '_', '.' or '/' (and not \"latest\")";
    Statement v = m_c.prepare(
        "SELECT v.label FROM version v JOIN model m ON m.id=v.model_id WHERE m.name=? AND v.label IN (?,?) ORDER BY v.label=?");
    v.bind(1, model).bind(2, label).bind(3, alias).bind(4, label);
    bool found = false, collides = false;
    while (v.step()) {
        if (v.getText(0) == label) found = true;
        else collides = true;
    }
    if (!found) return "no version " + model + "@" + label;
    if (collides) return aliasIsLabelMessage(model, alias, label);
    return "";
}

std::string Registry::setAlias(const std::string& model, const std::string& alias, const std::string& label) {
    return setAlias(model, alias, label, MoveContext{});
}

std::string Registry::setAlias(const std::string& model, const std::string& alias, const std::string& label,
                               const MoveContext& why) {
    Transaction t(m_c);
    if (std::string problem = aliasProblem(model, alias, label); !problem.empty()) throw StorageError(problem);
    Statement v = m_c.prepare("SELECT v.id, m.id FROM version v JOIN model m ON m.id=v.model_id WHERE m.name=? AND v.label=?");
    v.bind(1, model).bind(2, label);
    if (!v.step()) throw StorageError("no version " + model + "@" + label);
    int64_t vid = v.getInt(0), mid = v.getInt(1);
    std::string before;
    Statement old = m_c.prepare("SELECT v.label FROM alias a JOIN version v ON v.id=a.version_id WHERE a.model_id=? AND a.name=?");
    old.bind(1, mid).bind(2, alias);
    if (old.step()) before = old.getText(0);
    Statement s = m_c.prepare(
        "INSERT INTO alias(model_id,name,version_id) VALUES (?,?,?) "
        "ON CONFLICT(model_id,name) DO UPDATE SET version_id=excluded.version_id");
    s.bind(1, mid).bind(2, alias).bind(3, vid).run();
    if (before != label) addAliasMove(AliasMove{0, "", model, alias, before, label, why.author, why.source, why.rule, why.detail});
    t.commit();
    return before;
}

bool Registry::removeAlias(const std::string& model, const std::string& alias) {
    return removeAlias(model, alias, MoveContext{});
}

bool Registry::removeAlias(const std::string& model, const std::string& alias, const MoveContext& why) {
    Transaction t(m_c);
    std::string before = resolveLabel(model, alias);
    Statement s = m_c.prepare("DELETE FROM alias WHERE name=? AND model_id=(SELECT id FROM model WHERE name=?)");
    s.bind(1, alias).bind(2, model).run();
    if (m_c.changes() == 0) return false;
    addAliasMove(AliasMove{0, "", model, alias, before, "", why.author, why.source, why.rule, why.detail});
    t.commit();
    return true;
}

std::string Registry::nextIntegerLabel(const std::string& model) {
    // Labels of deleted versions count too: a number once given is not given again.
    Statement s = m_c.prepare(
        "SELECT max(n) FROM (SELECT CAST(v.label AS INTEGER) AS n FROM version v JOIN model m ON m.id=v.model_id "
        "WHERE m.name=?1 AND v.label NOT GLOB '*[^0-9]*' AND v.label != '' UNION ALL "
        "SELECT CAST(label AS INTEGER) FROM curation WHERE model=?1 AND field='deleted' AND label NOT GLOB '*[^0-9]*' "
        "AND label != '')");
    s.bind(1, model);
    if (s.step() && !s.isNull(0)) return std::to_string(s.getInt(0) + 1);
    return "1";
}

std::string Registry::labelWithState(const std::string& model, const std::string& stateDigest) {
    // Documents are compared whole (no column holds the state): a model's versions are read newest first.
    Statement s = m_c.prepare(
        "SELECT v.label, v.doc FROM version v JOIN model m ON m.id=v.model_id WHERE m.name=? ORDER BY v.seq DESC");
    s.bind(1, model);
    while (s.step()) {
        core::Diagnostics diags;
        core::Value doc;
        if (!readStored(s.getTextView(1), doc, diags))
            throw StorageError("stored version " + model + "@" + s.getText(0) + " does not read back (database damaged?)");
        if (core::stateDigest(doc) == stateDigest) return s.getText(0);
    }
    return "";
}

std::vector<std::string> Registry::metricNames(const std::string& model) {
    std::vector<std::string> out;
    // A pack's summary: the ordinary query reads every metric row of the model's versions, a page each.
    std::vector<std::pair<std::string, core::Goal>> packed;
    if (packedMetrics(model, packed)) {
        for (auto& [name, goal] : packed) out.push_back(std::move(name));
        return out;
    }
    // Each name in the order of the first version that has it, names of one version in name order: the model's
    // versions in seq order (version_model_seq) and each one's metrics by its key give the rows in that order,
    // and the first time a name is seen is its place. (A GROUP BY here sorted every metric row of the model in a
    // temporary B-tree: 36 ms for 50,000 versions of 4 metrics, against 15 for this walk; docs/performance.md.)
    Statement s = m_c.prepare(
        "SELECT x.name FROM version v JOIN metric x ON x.version_id=v.id "
        "WHERE v.model_id=(SELECT id FROM model WHERE name=?) ORDER BY v.seq, x.name");
    s.bind(1, model);
    std::unordered_set<std::string_view> seen;
    std::deque<std::string> names;  // what `seen` points into (a deque does not move its strings)
    while (s.step()) {
        std::string_view name = s.getTextView(0);
        if (seen.count(name)) continue;
        names.emplace_back(name);
        seen.insert(names.back());
    }
    out.assign(std::make_move_iterator(names.begin()), std::make_move_iterator(names.end()));
    return out;
}

std::unordered_map<int64_t, double> Registry::metricValues(const std::string& model, const std::string& metric) {
    std::unordered_map<int64_t, double> out;
    Statement s = m_c.prepare(
        "SELECT x.version_id, x.value FROM metric x JOIN version v ON v.id=x.version_id JOIN model m ON m.id=v.model_id "
        "WHERE m.name=? AND x.name=?");
    s.bind(1, model).bind(2, metric);
    while (s.step()) out.emplace(s.getInt(0), s.getDouble(1));
    return out;
}

namespace {
// "?,?,...,?" for n parameters.
std::string placeholders(size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += i ? ",?" : "?";
    return out;
}
constexpr size_t kInChunk = 256;  // parameters a statement: far under SQLite's limit
}  // namespace

std::vector<Registry::VersionKey> Registry::versionKeys(const std::string& model) {
    std::vector<VersionKey> out;
    Statement s = m_c.prepare(
        "SELECT v.id, v.seq FROM version v INDEXED BY version_model_seq WHERE v.model_id=(SELECT id FROM model WHERE name=?) "
        "ORDER BY v.seq");
    s.bind(1, model);
    while (s.step()) out.push_back(VersionKey{s.getInt(0), s.getInt(1)});
    return out;
}

std::vector<VersionSummary> Registry::newestVersions(const std::string& model, int64_t n) {
    Statement s = m_c.prepare(
        "SELECT v.id, v.label, v.seq, v.created_on, v.author, v.description, v.parent_model, v.parent_label, v.deprecated "
        "FROM version v WHERE v.model_id=(SELECT id FROM model WHERE name=?) ORDER BY v.seq DESC LIMIT ?");
    s.bind(1, model).bind(2, n);
    std::vector<VersionSummary> out;
    while (s.step()) out.push_back(summaryRow(s, model));
    attachAliases(out, modelAliases(model));
    return out;
}

int64_t Registry::modelVersionCount(const std::string& model) {
    Statement s = m_c.prepare(packSummaryFresh() ? "SELECT coalesce((SELECT versions FROM pack_model WHERE name=?), 0)"
                                                 : "SELECT count(*) FROM version WHERE model_id=(SELECT id FROM model WHERE name=?)");
    s.bind(1, model);
    s.step();
    return s.getInt(0);
}

std::vector<VersionSummary> Registry::versionsBySeq(const std::string& model, const std::vector<int64_t>& seqs) {
    std::vector<VersionSummary> out;
    if (seqs.empty()) return out;
    int64_t modelId = 0;
    {
        Statement m = m_c.prepare("SELECT id FROM model WHERE name=?");
        m.bind(1, model);
        if (!m.step()) return out;
        modelId = m.getInt(0);
    }
    for (size_t at = 0; at < seqs.size(); at += kInChunk) {
        size_t n = std::min(kInChunk, seqs.size() - at);
        Statement s = m_c.prepare(
            "SELECT v.id, v.label, v.seq, v.created_on, v.author, v.description, v.parent_model, v.parent_label, v.deprecated "
            "FROM version v WHERE v.model_id=? AND v.seq IN (" + placeholders(n) + ") ORDER BY v.seq");
        s.bind(1, modelId);
        for (size_t i = 0; i < n; ++i) s.bind(static_cast<int>(i + 2), seqs[at + i]);
        while (s.step()) out.push_back(summaryRow(s, model));
    }
    attachAliases(out, modelAliases(model));
    return out;
}

std::unordered_map<int64_t, double> Registry::metricValuesOf(const std::string& metric, const std::vector<int64_t>& ids) {
    std::unordered_map<int64_t, double> out;
    for (size_t at = 0; at < ids.size(); at += kInChunk) {
        size_t n = std::min(kInChunk, ids.size() - at);
        Statement s = m_c.prepare("SELECT version_id, value FROM metric WHERE version_id IN (" + placeholders(n) + ") AND name=?");
        for (size_t i = 0; i < n; ++i) s.bind(static_cast<int>(i + 1), ids[at + i]);
        s.bind(static_cast<int>(n + 1), metric);
        while (s.step()) out.emplace(s.getInt(0), s.getDouble(1));
    }
    return out;
}

std::unordered_map<int64_t, double> Registry::metricValuesBetween(const std::string& metric, int64_t loId, int64_t hiId) {
    std::unordered_map<int64_t, double> out;
    Statement s = m_c.prepare(
        "SELECT version_id, value FROM metric INDEXED BY metric_name WHERE name=? AND version_id BETWEEN ? AND ?");
    s.bind(1, metric).bind(2, loId).bind(3, hiId);
    while (s.step()) out.emplace(s.getInt(0), s.getDouble(1));
    return out;
}

core::Goal Registry::metricGoal(const std::string& model, const std::string& metric) {
    std::vector<std::pair<std::string, core::Goal>> packed;
    if (packedMetrics(model, packed)) {
        for (const auto& [name, goal] : packed)
            if (name == metric) return goal;
        return core::Goal::None;
    }
    // Goals live in the documents; the latest version that has the metric decides.
    Statement s = m_c.prepare(
        "SELECT json_extract(v.doc, ?) FROM version v JOIN model m ON m.id=v.model_id JOIN metric x ON "
        "x.version_id=v.id AND x.name=? WHERE m.name=? ORDER BY v.seq DESC LIMIT 1");
    std::string path = "$.metrics";
    std::string quoted;
    core::writeString(metric, quoted);
    path += "." + quoted + ".goal";
    s.bind(1, path).bind(2, metric).bind(3, model);
    if (s.step()) {
        std::string g = s.getText(0);
        if (g == "max") return core::Goal::Max;
        if (g == "min") return core::Goal::Min;
    }
    return core::Goal::None;
}

void Registry::writeExtras(const ExportSelection& sel, const std::function<void(std::string_view)>& write) {
    // A part of a registry carries the history of its models and the rules that apply to them.
    std::vector<std::string> models = sel.models;
    for (const core::VersionRef& v : sel.versions) models.push_back(v.model);
    bool all = models.empty();
    auto exported = [&](const std::string& m) { return all || std::find(models.begin(), models.end(), m) != models.end(); };
    std::vector<core::RegistryRule> rules;
    for (const StoredRule& s : this->rules()) {
        core::Rule parsed;
        std::vector<core::Diagnostic> ignored;
        bool applies = all;
        if (!applies && core::parseRule(s.text, parsed, ignored))
            for (const std::string& m : models) applies = applies || parsed.appliesTo(m);
        if (!applies) continue;
        core::RegistryRule r{s.name, s.text, {}, "", {}};
        for (const RuleChange& c : ruleChanges(s.name)) r.changes.push_back(core::RuleChangeRecord{c.at, c.author, c.action, c.text});
        rules.push_back(std::move(r));
    }
    std::vector<core::HistoryRecord> history;
    for (const AliasMove& m : allAliasHistory())
        if (exported(m.model))
            history.push_back(core::HistoryRecord{m.at, m.model, m.alias, m.from, m.to, m.author, m.source, m.rule, m.detail});
    std::vector<core::VersionRef> chosen;  // by label (a selection may name aliases)
    for (const core::VersionRef& v : sel.versions) chosen.push_back(core::VersionRef{v.model, resolveLabel(v.model, v.label)});
    std::vector<core::CurationRecord> curation;
    for (const CurationChange& c : allCuration())
        if (exported(c.model) && (chosen.empty() || std::find(chosen.begin(), chosen.end(),
                                                              core::VersionRef{c.model, c.label}) != chosen.end()))
            curation.push_back(core::CurationRecord{c.at, c.model, c.label, c.field, c.before, c.after, c.author});
    if (rules.empty() && history.empty() && curation.empty()) {
        write(core::registryHeader());  // format 1: what an older mvr reads
        return;
    }
    write(core::registryHeaderWithExtras());
    for (size_t i = 0; i < rules.size(); ++i) {
        write(core::registrySeparator(i));
        write(core::ruleJson(rules[i]));
    }
    write(core::extrasSeparator(rules.size(), "alias_history"));
    for (size_t i = 0; i < history.size(); ++i) {
        write(core::registrySeparator(i));
        write(core::historyJson(history[i]));
    }
    if (!curation.empty()) {
        // Only when there is some: a registry without curation exports as it did before curation existed.
        write(core::extrasSeparator(history.size(), "curation"));
        for (size_t i = 0; i < curation.size(); ++i) {
            write(core::registrySeparator(i));
            write(core::curationJson(curation[i]));
        }
    }
    write(core::extrasSeparator(curation.empty() ? history.size() : curation.size(), "versions"));
}

size_t Registry::exportTo(const ExportSelection& sel, const std::function<void(std::string_view)>& write) {
    // Current aliases of every version, once.
    std::unordered_map<int64_t, std::vector<std::string>> aliases;
    {
        Statement s = m_c.prepare("SELECT version_id, name FROM alias ORDER BY name");
        while (s.step()) aliases[s.getInt(0)].push_back(s.getText(1));
    }
    std::vector<int64_t> chosen;
    std::string where;
    if (!sel.versions.empty()) {
        Statement f = m_c.prepare("SELECT v.id FROM version v JOIN model m ON m.id=v.model_id WHERE m.name=? AND v.label=?");
        for (const core::VersionRef& r : sel.versions) {
            f.bind(1, r.model).bind(2, r.label);
            if (!f.step()) throw StorageError("no version " + r.model + "@" + r.label);
            chosen.push_back(f.getInt(0));
            f.reset();
        }
        std::sort(chosen.begin(), chosen.end());
        chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
    }
    for (const std::string& m : sel.models)
        if (!hasModel(m)) throw StorageError("no model \"" + m + "\"");

    Statement s = m_c.prepare(
        "SELECT v.id, m.name, v.doc, v.doc_aliases FROM version v JOIN model m ON m.id=v.model_id "
        "ORDER BY m.name, v.seq");
    writeExtras(sel, write);
    size_t n = 0;
    std::string buf;
    static const std::vector<std::string> none;
    while (s.step()) {
        int64_t id = s.getInt(0);
        if (!chosen.empty() && !std::binary_search(chosen.begin(), chosen.end(), id)) continue;
        if (chosen.empty() && !sel.models.empty() &&
            std::find(sel.models.begin(), sel.models.end(), s.getTextView(1)) == sel.models.end())
            continue;
        auto it = aliases.find(id);
        const std::vector<std::string>& live = it == aliases.end() ? none : it->second;
        write(core::registrySeparator(n));
        std::string_view doc = s.getTextView(2);
        bool docHasAliases = !s.isNull(3);
        if ((!docHasAliases && live.empty()) || (docHasAliases && s.getTextView(3) == aliasesCanonical(live))) {
            write(doc);
        } else {
            core::Diagnostics diags;
            core::Value v;
            if (!readStored(doc, v, diags)) throw StorageError("stored version " + std::to_string(id) + " is damaged");
            buf = core::exportedManifest(v, live);
            write(buf);
        }
        ++n;
    }
    write(core::registryFooter(n));
    return n;
}

}  // namespace mvr::storage
