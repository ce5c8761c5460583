// Curation (docs/manifest.md, "Content and curation"): a version's description, tags and deprecation change in
// place, each change recorded in the curation log with when, who, the old and the new value; the document and its
// digest stay as they arrived. And deleting versions: refused while one holds an alias, and (without force) while
// one has children, whose parent link is then kept as a dangling reference; the log keeps a "deleted" record.
#include <algorithm>

#include "core/json_reader.hpp"
#include "storage/registry.hpp"

namespace mvr::storage {

namespace {

void bindOrNull(Statement& s, int i, const std::string& v) { v.empty() ? (void)s.bindNull(i) : (void)s.bind(i, v); }

std::string jsonText(const std::string& s) {
    std::string out;
    core::writeString(s, out);
    return out;
}

// A field's value as JSON text (a curation record's old or new value), or "" for absent.
std::string jsonOrNone(bool present, const std::string& text) { return present ? jsonText(text) : ""; }

}  // namespace

Registry::VersionRow Registry::versionRow(const core::VersionRef& ref) {
    std::string label = resolveLabel(ref.model, ref.label);
    if (label.empty())
        throw StorageError(hasModel(ref.model) ? "no version " + ref.model + "@" + ref.label
                                               : "no model \"" + ref.model + "\"");
    Statement s = m_c.prepare(
        "SELECT v.id, v.model_id, v.description, v.deprecated FROM version v JOIN model m ON m.id=v.model_id "
        "WHERE m.name=? AND v.label=?");
    s.bind(1, ref.model).bind(2, label);
    if (!s.step()) throw StorageError("no version " + ref.model + "@" + ref.label);
    VersionRow row;
    row.id = s.getInt(0);
    row.modelId = s.getInt(1);
    row.model = ref.model;
    row.label = label;
    row.hasDescription = !s.isNull(2);
    if (row.hasDescription) row.description = s.getText(2);
    row.deprecated = s.getInt(3) != 0;
    return row;
}

void Registry::addCuration(const CurationChange& c) {
    Statement s = m_c.prepare(
        "INSERT INTO curation(at, model, label, field, old_value, new_value, author) VALUES (?,?,?,?,?,?,?)");
    s.bind(1, c.at.empty() ? core::nowRfc3339() : c.at).bind(2, c.model).bind(3, c.label).bind(4, c.field);
    bindOrNull(s, 5, c.before);
    bindOrNull(s, 6, c.after);
    s.bind(7, c.author).run();
}

size_t Registry::deprecate(const std::vector<core::VersionRef>& versions, bool deprecated, const std::string& author) {
    Transaction t(m_c);
    std::string at = core::nowRfc3339();
    size_t changed = 0;
    Statement set = m_c.prepare("UPDATE version SET deprecated=? WHERE id=?");
    for (const core::VersionRef& ref : versions) {
        VersionRow row = versionRow(ref);
        if (row.deprecated == deprecated) continue;
        set.bind(1, static_cast<int64_t>(deprecated)).bind(2, row.id).run();
        set.reset();
        addCuration(CurationChange{0, at, row.model, row.label, "deprecated", deprecated ? "false" : "true",
                                   deprecated ? "true" : "false", author});
        ++changed;
    }
    t.commit();
    return changed;
}

std::vector<CurationChange> Registry::editCuration(const core::VersionRef& ref, const CurationEdit& edit,
                                                   const std::string& author) {
    for (const auto& [key, value] : edit.setTags)
        if (key.empty()) throw StorageError("a tag needs a name (--tag NAME=VALUE)");
    for (const std::string& key : edit.removeTags)
        if (std::any_of(edit.setTags.begin(), edit.setTags.end(), [&](const auto& t) { return t.first == key; }))
            throw StorageError("tag " + key + " is both set and removed: say one");
    Transaction t(m_c);
    VersionRow row = versionRow(ref);
    std::string at = core::nowRfc3339();
    std::vector<CurationChange> out;
    if (edit.setDescription && (!row.hasDescription || row.description != edit.description)) {
        bool present = !edit.description.empty();
        Statement s = m_c.prepare("UPDATE version SET description=? WHERE id=?");
        bindOrNull(s, 1, edit.description);
        s.bind(2, row.id).run();
        out.push_back(CurationChange{0, at, row.model, row.label, "description",
                                     jsonOrNone(row.hasDescription, row.description), jsonOrNone(present, edit.description),
                                     author});
    }
    Statement get = m_c.prepare("SELECT value FROM tag WHERE version_id=? AND key=?");
    Statement put = m_c.prepare("INSERT INTO tag(version_id, key, value) VALUES (?,?,?) "
                                "ON CONFLICT(version_id, key) DO UPDATE SET value=excluded.value");
    Statement drop = m_c.prepare("DELETE FROM tag WHERE version_id=? AND key=?");
    auto current = [&](const std::string& key, std::string& value) {
        get.reset();
        get.bind(1, row.id).bind(2, key);
        if (!get.step()) return false;
        value = get.getText(0);
        return true;
    };
    for (const auto& [key, value] : edit.setTags) {
        std::string before;
        bool had = current(key, before);
        if (had && before == value) continue;
        put.reset();
        put.bind(1, row.id).bind(2, key).bind(3, value).run();
        out.push_back(CurationChange{0, at, row.model, row.label, "tags." + key, jsonOrNone(had, before), jsonText(value), author});
    }
    for (const std::string& key : edit.removeTags) {
        std::string before;
        if (!current(key, before))
            throw StorageError(row.model + "@" + row.label + " has no tag " + key + " (nothing was changed)");
        drop.reset();
        drop.bind(1, row.id).bind(2, key).run();
        out.push_back(CurationChange{0, at, row.model, row.label, "tags." + key, jsonText(before), "", author});
    }
    for (const CurationChange& c : out) addCuration(c);
    t.commit();
    return out;
}

DeletePlan Registry::deletePlan(const std::vector<core::VersionRef>& versions) {
    DeletePlan plan;
    std::vector<std::pair<std::string, std::string>> going;  // (model, label)
    for (const core::VersionRef& ref : versions) {
        VersionRow row = versionRow(ref);
        if (std::find(going.begin(), going.end(), std::make_pair(row.model, row.label)) != going.end()) continue;
        going.emplace_back(row.model, row.label);
        plan.versions.push_back(core::VersionRef{row.model, row.label});
        plan.ids.push_back(row.id);
    }
    for (size_t i = 0; i < plan.versions.size(); ++i) {
        const core::VersionRef& v = plan.versions[i];
        for (const std::string& alias : aliasesOf(plan.ids[i]))
            plan.aliases.push_back(DeletePlan::Held{v, alias});
        for (const std::string& child : children(v.model, v.label)) {
            // A child deleted in the same call depends on nothing that stays.
            std::string cm = v.model, cl = child;
            if (size_t at = child.find('@'); at != std::string::npos) cm = child.substr(0, at), cl = child.substr(at + 1);
            if (std::find(going.begin(), going.end(), std::make_pair(cm, cl)) != going.end()) continue;
            plan.children.push_back(DeletePlan::Child{v, core::VersionRef{cm, cl}});
        }
    }
    return plan;
}

std::string DeletePlan::refusal(bool force) const {
    std::string out;
    for (const Held& h : aliases)
        out += (out.empty() ? "" : "\n") + h.version.model + "@" + h.version.label + " holds " + h.alias +
               ": move or remove the alias first (mvr alias " + h.version.model + " " + h.alias +
               " OTHER_VERSION, or mvr alias --delete " + h.version.model + " " + h.alias + ")";
    if (!force)
        for (const Child& c : children)
            out += (out.empty() ? "" : "\n") + c.parent.model + "@" + c.parent.label + " is the parent of " +
                   c.child.model + "@" + c.child.label + ": with --force it is deleted and " + c.child.model + "@" +
                   c.child.label + " keeps its parent link as a dangling reference";
    return out;
}

size_t Registry::deleteVersions(const std::vector<core::VersionRef>& versions, bool force, const std::string& author) {
    Transaction t(m_c);
    DeletePlan plan = deletePlan(versions);
    if (std::string why = plan.refusal(force); !why.empty()) throw StorageError(why);
    std::string at = core::nowRfc3339();
    Statement digest = m_c.prepare("SELECT digest FROM version WHERE id=?");
    Statement tags = m_c.prepare("DELETE FROM tag WHERE version_id=?");
    Statement metrics = m_c.prepare("DELETE FROM metric WHERE version_id=?");
    Statement version = m_c.prepare("DELETE FROM version WHERE id=?");
    for (size_t i = 0; i < plan.ids.size(); ++i) {
        // The log keeps the version's records and says it went: when, by whom, and which content (its digest).
        digest.reset();
        digest.bind(1, plan.ids[i]);
        std::string what = digest.step() ? digest.getText(0) : "";
        addCuration(CurationChange{0, at, plan.versions[i].model, plan.versions[i].label, "deleted", jsonText(what), "", author});
        for (Statement* s : {&tags, &metrics, &version}) {
            s->reset();
            s->bind(1, plan.ids[i]).run();
        }
    }
    // A model left without versions goes too (it would list as a model of none).
    m_c.exec("DELETE FROM model WHERE NOT EXISTS(SELECT 1 FROM version v WHERE v.model_id=model.id)");
    t.commit();
    return plan.ids.size();
}

std::string Registry::deletedAt(const std::string& model, const std::string& label) {
    Statement s = m_c.prepare("SELECT at FROM curation WHERE model=? AND label=? AND field='deleted' ORDER BY id DESC LIMIT 1");
    s.bind(1, model).bind(2, label);
    return s.step() ? s.getText(0) : "";
}

namespace {
const char* kCurationColumns = "id, at, model, label, field, old_value, new_value, author";

CurationChange curationRow(Statement& s) {
    return CurationChange{s.getInt(0), s.getText(1), s.getText(2), s.getText(3), s.getText(4),
                          s.getText(5), s.getText(6), s.getText(7)};
}
}  // namespace

std::vector<CurationChange> Registry::curationLog(const std::string& model, const std::string& label) {
    Statement s = m_c.prepare(std::string("SELECT ") + kCurationColumns + " FROM curation WHERE model=?" +
                              (label.empty() ? "" : " AND label=?") + " ORDER BY id");
    s.bind(1, model);
    if (!label.empty()) s.bind(2, label);
    std::vector<CurationChange> out;
    while (s.step()) out.push_back(curationRow(s));
    return out;
}

std::vector<CurationChange> Registry::allCuration() {
    Statement s = m_c.prepare(std::string("SELECT ") + kCurationColumns + " FROM curation ORDER BY id");
    std::vector<CurationChange> out;
    while (s.step()) out.push_back(curationRow(s));
    return out;
}

}  // namespace mvr::storage
