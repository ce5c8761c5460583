// storage::ImportSession: what storing a version means (identity by digest, conflicts, replacing, aliases,
// tags and metrics rows), inside one transaction that commits only when nothing had a problem.
#include <algorithm>

#include "core/document.hpp"
#include "core/json_reader.hpp"
#include "core/registry_format.hpp"
#include "storage/registry.hpp"

namespace mvr::storage {

ImportSession::ImportSession(Registry& r, Connection& c, ImportOptions opt) : m_r(r), m_c(c), m_opt(opt) {
    m_tx = std::make_unique<Transaction>(c);
    m_findModel = c.prepare("SELECT id FROM model WHERE name=?");
    m_insertModel = c.prepare("INSERT INTO model(name) VALUES (?)");
    m_findVersion = c.prepare("SELECT id, digest FROM version WHERE model_id=? AND label=?");
    m_insertVersion = c.prepare(
        "INSERT INTO version(model_id,label,seq,digest,created_on,author,description,parent_model,parent_label,"
        "doc,doc_aliases) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    m_updateVersion = c.prepare(
        "UPDATE version SET digest=?,created_on=?,author=?,description=?,parent_model=?,parent_label=?,doc=?,"
        "doc_aliases=? WHERE id=?");
    m_nextSeqStmt = c.prepare("SELECT coalesce(max(seq),0)+1 FROM version WHERE model_id=?");
    m_deleteTags = c.prepare("DELETE FROM tag WHERE version_id=?");
    m_deleteMetrics = c.prepare("DELETE FROM metric WHERE version_id=?");
    m_setAlias = c.prepare(
        "INSERT INTO alias(model_id,name,version_id) VALUES (?,?,?) "
        "ON CONFLICT(model_id,name) DO UPDATE SET version_id=excluded.version_id "
        "WHERE version_id!=excluded.version_id");
    m_findAlias = c.prepare("SELECT v.label FROM alias a JOIN version v ON v.id=a.version_id WHERE a.model_id=? AND a.name=?");
}

ImportSession::~ImportSession() = default;

Statement& ImportSession::rowsStatement(std::vector<Statement>& cache, const char* head, size_t rows) {
    if (cache.size() < rows) cache.resize(rows);
    Statement& s = cache[rows - 1];
    if (!s.prepared()) {
        std::string sql = head;
        for (size_t k = 0; k < rows; ++k) sql += k ? ",(?,?,?)" : "(?,?,?)";
        s = m_c.prepare(sql);
    }
    return s;
}

int64_t ImportSession::modelId(const std::string& name) {
    auto it = m_models.find(name);
    if (it != m_models.end()) return it->second;
    int64_t id;
    m_findModel.bind(1, name);
    if (m_findModel.step()) {
        id = m_findModel.getInt(0);
    } else {
        m_insertModel.bind(1, name).run();
        m_insertModel.reset();
        id = m_c.lastInsertId();
    }
    m_findModel.reset();
    m_models.emplace(name, id);
    return id;
}

void ImportSession::store(core::Manifest&& m, FileReport& rep) {
    core::completeIdentity(m);
    int64_t mid = modelId(m.model);
    m_findVersion.bind(1, mid).bind(2, m.label);
    int64_t existing = 0;
    std::string existingDigest;
    if (m_findVersion.step()) {
        existing = m_findVersion.getInt(0);
        existingDigest = m_findVersion.getText(1);
    }
    m_findVersion.reset();

    // An alias is never another version's label, whichever of the two arrives first.
    auto aliasProblem = [&](std::string message) {
        m_problems = true;
        rep.problems.push_back(core::Diagnostic{rep.file, m.sourcePath, m.sourcePos.line, m.sourcePos.col, "alias",
                                                std::move(message)});
    };
    for (const std::string& a : m.aliases) {
        if (a == m.label) continue;
        m_findVersion.bind(1, mid).bind(2, a);
        bool isLabel = m_findVersion.step();
        m_findVersion.reset();
        if (isLabel) return aliasProblem(aliasIsLabelMessage(m.model, a, m.label));
    }
    if (!existing) {
        m_findAlias.bind(1, mid).bind(2, m.label);
        std::string target = m_findAlias.step() ? m_findAlias.getText(0) : std::string();
        m_findAlias.reset();
        if (!target.empty()) return aliasProblem(labelIsAliasMessage(m.model, m.label, target));
    }

    const std::string& doc = m.canonical;
    auto bindCommon = [&](Statement& s, int first) {
        int i = first;
        s.bind(i++, m.digest);
        m.createdOn.empty() ? s.bindNull(i++) : s.bind(i++, m.createdOn);
        m.author.empty() ? s.bindNull(i++) : s.bind(i++, m.author);
        m.description.empty() ? s.bindNull(i++) : s.bind(i++, m.description);
        m.hasParent ? s.bind(i++, m.parent.model) : s.bindNull(i++);
        m.hasParent ? s.bind(i++, m.parent.label) : s.bindNull(i++);
        s.bindUncopied(i++, doc);  // 3.6 KB a version: stepped right after binding
        m.hasAliasesField ? s.bind(i++, m.aliasesJson) : s.bindNull(i++);
        return i;
    };

    int64_t vid;
    bool writeRows = true;
    if (existing) {
        vid = existing;
        if (existingDigest == m.digest) {
            ++rep.unchanged;
            writeRows = false;
        } else if (const Place* first = placeOf(existing); !m_opt.replace || first) {
            // One rule for every conflict: against the registry, or within this import (the same label twice
            // with other content, which replacing does not settle either).
            ++rep.conflicts;
            m_problems = true;
            std::string message =
                first ? m.id() + " appears again with different content (first at " + m_files[first->file] + ":" +
                            std::to_string(first->line) + ":" + std::to_string(first->col) + ")"
                    : m.id() + " is already in the registry with different content (stored digest " +
                          existingDigest.substr(0, 12) + "..., this one " + m.digest.substr(0, 12) +
                          "...); give it a new version label, or replace the stored version with it";
            rep.problems.push_back(core::Diagnostic{rep.file, m.sourcePath, m.sourcePos.line, m.sourcePos.col, "conflict",
                                                    std::move(message)});
            if (!first) rep.replaceable.push_back(m.id());
            return;
        } else {
            int i = bindCommon(m_updateVersion, 1);
            m_updateVersion.bind(i, vid).run();
            m_updateVersion.reset();
            m_deleteTags.bind(1, vid).run();
            m_deleteTags.reset();
            m_deleteMetrics.bind(1, vid).run();
            m_deleteMetrics.reset();
            ++rep.replaced;
            if (m_firstModel.empty()) m_firstModel = m.model;
        }
    } else {
        auto seqIt = m_nextSeq.find(mid);
        int64_t seq;
        if (seqIt == m_nextSeq.end()) {
            m_nextSeqStmt.bind(1, mid);
            m_nextSeqStmt.step();
            seq = m_nextSeqStmt.getInt(0);
            m_nextSeqStmt.reset();
        } else {
            seq = seqIt->second;
        }
        m_nextSeq[mid] = seq + 1;
        m_insertVersion.bind(1, mid).bind(2, m.label).bind(3, seq);
        bindCommon(m_insertVersion, 4);
        m_insertVersion.run();
        m_insertVersion.reset();
        vid = m_c.lastInsertId();
        ++rep.imported;
        if (m_firstModel.empty()) m_firstModel = m.model;
        if (m.sourcePos.line) {
            if (m_files.empty() || m_files.back() != rep.file) m_files.push_back(rep.file);
            m_places.push_back(Place{vid, static_cast<uint32_t>(m_files.size() - 1), m.sourcePos.line, m.sourcePos.col});
        }
    }
    if (writeRows) {
        // A version's tags and metrics go in with one statement each (up to kRowsPerInsert rows at a time):
        // a statement per row was a large part of storing a version.
        auto insertRows = [&](std::vector<Statement>& cache, const char* head, size_t count, auto bindRow) {
            for (size_t at = 0; at < count; at += kRowsPerInsert) {
                size_t n = std::min(kRowsPerInsert, count - at);
                Statement& s = rowsStatement(cache, head, n);
                for (size_t k = 0; k < n; ++k) bindRow(s, static_cast<int>(3 * k), at + k);
                s.run();
                s.reset();
            }
        };
        insertRows(m_insertTags, "INSERT OR IGNORE INTO tag(version_id,key,value) VALUES ", m.tags.size(),
                   [&](Statement& s, int i, size_t r) {
                       s.bind(i + 1, vid).bind(i + 2, m.tags[r].first).bind(i + 3, m.tags[r].second);
                   });
        insertRows(m_insertMetrics, "INSERT OR REPLACE INTO metric(version_id,name,value) VALUES ", m.metrics.size(),
                   [&](Statement& s, int i, size_t r) {
                       s.bind(i + 1, vid).bind(i + 2, m.metrics[r].name).bind(i + 3, m.metrics[r].value);
                   });
    }
    for (const std::string& a : m.aliases) {
        m_findAlias.bind(1, mid).bind(2, a);
        std::string from = m_findAlias.step() ? m_findAlias.getText(0) : std::string();
        m_findAlias.reset();
        m_setAlias.bind(1, mid).bind(2, a).bind(3, vid).run();
        size_t moved = static_cast<size_t>(m_c.changes());
        m_setAlias.reset();
        rep.aliasesMoved += moved;
        if (moved) m_moves.push_back(PendingMove{m.model, a, from, m.label, rep.file});
    }
}

FileReport ImportSession::addManifests(const std::string& file, std::vector<core::Manifest>& manifests) {
    FileReport rep;
    rep.file = file;
    for (core::Manifest& m : manifests) store(std::move(m), rep);
    if (!rep.problems.empty()) m_problems = true;
    return rep;
}

void ImportSession::addNumbered(core::Value doc, FileReport& rep) {
    const core::Value* model = doc.find("model");
    if (!model || !model->isString()) throw StorageError("addNumbered: the document has no model name");
    std::string same = m_r.labelWithState(model->text, core::stateDigest(doc));
    if (!same.empty()) {
        // That state is already a version: it stays as it is; only the aliases given here are set on it.
        core::Manifest m;
        if (!m_r.load(model->text, same, m)) throw StorageError("version " + model->text + "@" + same + " vanished");
        m.aliases.clear();
        if (const core::Value* a = doc.find("aliases"); a && a->isArray())
            for (const core::Value& x : a->items) m.aliases.push_back(x.text);
        store(std::move(m), rep);
        return;
    }
    doc.set("version", core::Value::makeNumberLexeme(m_r.nextIntegerLabel(model->text)));
    doc.set("created_on", core::Value::makeString(core::nowRfc3339()));
    addDocument(std::move(doc), rep);
}

void ImportSession::addDocument(core::Value doc, FileReport& rep) {
    core::Diagnostics diags;
    core::Manifest m;
    if (!core::validateManifest(std::move(doc), rep.file, "", diags, m)) {
        for (const core::Diagnostic& d : diags.items()) rep.problems.push_back(d);
        m_problems = true;
        return;
    }
    size_t before = rep.problems.size();
    store(std::move(m), rep);
    if (rep.problems.size() != before) m_problems = true;
}

void ImportSession::addExtras(const core::RegistryExtras& e, FileReport& rep) {
    m_curation.insert(m_curation.end(), e.curation.begin(), e.curation.end());
    auto problem = [&](const core::RegistryRule& r, const std::string& message) {
        m_problems = true;
        rep.problems.push_back(core::Diagnostic{rep.file, r.path, r.pos.line, r.pos.col, "rule", message});
    };
    Statement putRule = m_c.prepare("INSERT INTO rule(name, text) VALUES (?,?) ON CONFLICT(name) DO UPDATE SET text=excluded.text");
    Statement hasChange = m_c.prepare(
        "SELECT 1 FROM rule_change WHERE rule=? AND at IS ? AND author=? AND action=? AND text IS ?");
    Statement putChange = m_c.prepare("INSERT INTO rule_change(rule, at, author, action, text) VALUES (?,?,?,?,?)");
    auto bindText = [](Statement& s, int i, const std::string& v) { v.empty() ? s.bindNull(i) : s.bind(i, v); };
    for (const core::RegistryRule& r : e.rules) {
        StoredRule stored;
        if (m_r.findRule(r.name, stored) && stored.text != r.text && !m_opt.replace) {
            problem(r, "rule " + r.name + " is stored with another text; import with replace to take this one");
            continue;
        }
        core::Rule parsed;
        std::vector<core::Diagnostic> ignored;
        core::parseRule(r.text, parsed, ignored);  // checked by core::readRegistryExtras
        if (std::string why = m_r.ruleConflict(parsed); !why.empty()) {
            problem(r, why);
            continue;
        }
        putRule.bind(1, r.name).bind(2, r.text).run();
        putRule.reset();
        for (const core::RuleChangeRecord& c : r.changes) {
            hasChange.bind(1, r.name);
            bindText(hasChange, 2, c.at);
            hasChange.bind(3, c.author).bind(4, c.action);
            bindText(hasChange, 5, c.text);
            bool held = hasChange.step();
            hasChange.reset();
            if (held) continue;
            putChange.bind(1, r.name);
            bindText(putChange, 2, c.at);
            putChange.bind(3, c.author).bind(4, c.action);
            bindText(putChange, 5, c.text);
            putChange.run();
            putChange.reset();
        }
    }
    Statement hasMove = m_c.prepare(
        "SELECT 1 FROM alias_history WHERE at IS ? AND model=? AND alias=? AND from_label IS ? AND to_label IS ? AND "
        "author=? AND source=? AND rule IS ? AND detail IS ?");
    for (const core::HistoryRecord& h : e.history) {
        // Columns that may be NULL: at (unknown), from, to, rule, detail.
        auto bindMove = [&](Statement& st) {
            int i = 1;
            for (const std::string* v : {&h.at, &h.model, &h.alias, &h.from, &h.to, &h.author, &h.source, &h.rule, &h.detail}) {
                bool nullable = i == 1 || i == 4 || i == 5 || i == 8 || i == 9;
                nullable ? bindText(st, i, *v) : (void)st.bind(i, *v);
                ++i;
            }
        };
        bindMove(hasMove);
        bool held = hasMove.step();
        hasMove.reset();
        if (held) continue;
        // Records of unknown time stay so: addAliasMove stamps an empty time with now, so insert them here.
        Statement put = m_c.prepare(
            "INSERT INTO alias_history(at,model,alias,from_label,to_label,author,source,rule,detail) VALUES (?,?,?,?,?,?,?,?,?)");
        bindMove(put);
        put.run();
    }
}

void ImportSession::markFailed() { m_problems = true; }

const ImportSession::Place* ImportSession::placeOf(int64_t version) const {
    auto it = std::lower_bound(m_places.begin(), m_places.end(), version,
                               [](const Place& p, int64_t v) { return p.version < v; });
    return it != m_places.end() && it->version == version ? &*it : nullptr;
}

void ImportSession::applyCuration() {
    // After the versions are stored: a record not held already is added as it was (its time and author) and its new
    // value becomes the version's; one whose version is not in the registry is kept as a record only.
    Statement held = m_c.prepare(
        "SELECT 1 FROM curation WHERE at IS ? AND model=? AND label=? AND field=? AND old_value IS ? AND new_value IS ? "
        "AND author=?");
    Statement find = m_c.prepare("SELECT v.id FROM version v JOIN model m ON m.id=v.model_id WHERE m.name=? AND v.label=?");
    auto bindOrNull = [](Statement& s, int i, const std::string& v) { v.empty() ? (void)s.bindNull(i) : (void)s.bind(i, v); };
    for (const core::CurationRecord& c : m_curation) {
        held.reset();
        bindOrNull(held, 1, c.at);
        held.bind(2, c.model).bind(3, c.label).bind(4, c.field);
        bindOrNull(held, 5, c.before);
        bindOrNull(held, 6, c.after);
        held.bind(7, c.author);
        if (held.step()) continue;
        Statement put = m_c.prepare(
            "INSERT INTO curation(at, model, label, field, old_value, new_value, author) VALUES (?,?,?,?,?,?,?)");
        bindOrNull(put, 1, c.at);
        put.bind(2, c.model).bind(3, c.label).bind(4, c.field);
        bindOrNull(put, 5, c.before);
        bindOrNull(put, 6, c.after);
        put.bind(7, c.author).run();
        // A deletion is history only: an import never deletes (the file's versions are what it holds).
        if (c.field == "deleted") continue;
        find.reset();
        find.bind(1, c.model).bind(2, c.label);
        if (!find.step()) continue;
        int64_t id = find.getInt(0);
        core::Value v;
        core::Diagnostics ignored;
        bool present = !c.after.empty() && core::parseJson(c.after, v, ignored);
        if (c.field == "deprecated") {
            m_c.prepare("UPDATE version SET deprecated=? WHERE id=?").bind(1, static_cast<int64_t>(present && v.isBool() && v.boolean)).bind(2, id).run();
        } else if (c.field == "description") {
            Statement d = m_c.prepare("UPDATE version SET description=? WHERE id=?");
            present ? (void)d.bind(1, v.text) : (void)d.bindNull(1);
            d.bind(2, id).run();
        } else {
            std::string key = c.field.substr(5);
            if (present)
                m_c.prepare("INSERT INTO tag(version_id, key, value) VALUES (?,?,?) "
                            "ON CONFLICT(version_id, key) DO UPDATE SET value=excluded.value")
                    .bind(1, id).bind(2, key).bind(3, v.text).run();
            else
                m_c.prepare("DELETE FROM tag WHERE version_id=? AND key=?").bind(1, id).bind(2, key).run();
        }
    }
    m_curation.clear();
}

bool ImportSession::commit() {
    if (m_problems) {
        rollback();
        return false;
    }
    applyCuration();
    recordMoves();
    m_tx->commit();
    m_tx.reset();
    return true;
}

void ImportSession::recordMoves() {
    // One record per alias: where it was before this import and where it ends.
    std::vector<PendingMove> moves;
    for (PendingMove& p : m_moves) {
        auto same = std::find_if(moves.begin(), moves.end(),
                                 [&](const PendingMove& q) { return q.model == p.model && q.alias == p.alias; });
        if (same == moves.end()) moves.push_back(std::move(p));
        else same->to = std::move(p.to);
    }
    m_moves.clear();
    for (const PendingMove& p : moves) {
        if (p.from == p.to) continue;
        // A registry file brings the history of its aliases: a move it records already is not recorded again.
        AliasMove last;
        if (m_r.lastAliasMove(p.model, p.alias, last) && last.to == p.to) continue;
        m_r.addAliasMove(AliasMove{0, "", p.model, p.alias, p.from, p.to, m_opt.author.empty() ? p.file : m_opt.author,
                                   m_opt.source, "", ""});
    }
}

void ImportSession::rollback() { m_tx.reset(); }


}  // namespace mvr::storage
