// Promotion rules in the registry: stored by name with a record of every change, refused when they would move an
// alias another rule moves on the same models; and what evaluating a rule reads of a model's versions.

#include <limits>

#include "storage/registry.hpp"

namespace mvr::storage {

namespace {

core::Rule parsedOrThrow(const std::string& text, const std::string& what) {
    core::Rule r;
    std::vector<core::Diagnostic> problems;
    if (!core::parseRule(text, r, problems)) {
        const core::Diagnostic& d = problems.front();
        throw StorageError(what + ": line " + std::to_string(d.line) + ", column " + std::to_string(d.col) + ": " +
                           d.message);
    }
    return r;
}

}  // namespace

std::vector<StoredRule> Registry::rules() {
    Statement s = m_c.prepare("SELECT name, text FROM rule ORDER BY name");
    std::vector<StoredRule> out;
    while (s.step()) out.push_back(StoredRule{s.getText(0), s.getText(1)});
    return out;
}

bool Registry::findRule(const std::string& name, StoredRule& out) {
    Statement s = m_c.prepare("SELECT name, text FROM rule WHERE name=?");
    s.bind(1, name);
    if (!s.step()) return false;
    out = StoredRule{s.getText(0), s.getText(1)};
    return true;
}

std::string Registry::ruleConflict(const core::Rule& rule) {
    for (const StoredRule& other : rules()) {
        if (other.name == rule.name) continue;
        std::string why = core::rulesConflict(rule, parsedOrThrow(other.text, "stored rule " + other.name));
        if (!why.empty()) return why;
    }
    return "";
}

std::string Registry::saveRule(const std::string& text, const std::string& author, bool replace) {
    core::Rule rule = parsedOrThrow(text, "the rule");
    Transaction t(m_c);
    StoredRule before;
    bool exists = findRule(rule.name, before);
    if (exists && !replace)
        throw StorageError("a rule named " + rule.name + " exists already (replace it, or give this one another name)");
    if (exists && before.text == text) return rule.name;
    if (std::string why = ruleConflict(rule); !why.empty()) throw StorageError(why);
    Statement s = m_c.prepare("INSERT INTO rule(name, text) VALUES (?,?) ON CONFLICT(name) DO UPDATE SET text=excluded.text");
    s.bind(1, rule.name).bind(2, text).run();
    Statement c = m_c.prepare("INSERT INTO rule_change(rule, at, author, action, text) VALUES (?,?,?,?,?)");
    c.bind(1, rule.name).bind(2, core::nowRfc3339()).bind(3, author).bind(4, exists ? "change" : "add").bind(5, text).run();
    t.commit();
    return rule.name;
}

bool Registry::removeRule(const std::string& name, const std::string& author) {
    Transaction t(m_c);
    Statement s = m_c.prepare("DELETE FROM rule WHERE name=?");
    s.bind(1, name).run();
    if (m_c.changes() == 0) return false;
    Statement c = m_c.prepare("INSERT INTO rule_change(rule, at, author, action, text) VALUES (?,?,?,'remove',NULL)");
    c.bind(1, name).bind(2, core::nowRfc3339()).bind(3, author).run();
    t.commit();
    return true;
}

std::vector<RuleChange> Registry::ruleChanges(const std::string& name) {
    Statement s = m_c.prepare(std::string("SELECT id, rule, at, author, action, text FROM rule_change") +
                              (name.empty() ? "" : " WHERE rule=?") + " ORDER BY id");
    if (!name.empty()) s.bind(1, name);
    std::vector<RuleChange> out;
    while (s.step())
        out.push_back(RuleChange{s.getInt(0), s.getText(1), s.getText(2), s.getText(3), s.getText(4), s.getText(5)});
    return out;
}

std::vector<core::KnownModel> Registry::knownModels() {
    std::vector<core::KnownModel> out;
    for (const ModelInfo& mi : models()) {
        core::KnownModel k;
        k.name = mi.name;
        for (const std::string& metric : metricNames(mi.name)) k.metrics.emplace_back(metric, metricGoal(mi.name, metric));
        for (auto& [alias, label] : mi.aliases) k.aliases.push_back(alias);
        out.push_back(std::move(k));
    }
    return out;
}

std::vector<core::VersionFacts> Registry::ruleFacts(const std::string& model, const core::Rule& rule) {
    return std::move(ruleFacts(std::vector<std::string>{model}, rule)[0]);
}

std::vector<std::vector<core::VersionFacts>> Registry::ruleFacts(const std::vector<std::string>& models,
                                                                 const core::Rule& rule) {
    std::vector<std::vector<core::VersionFacts>> out(models.size());
    // One model reads its own rows by version(model_id, ...); several read each metric and tag once over every
    // version by its name's index, and keep the rows of the models asked for.
    const bool one = models.size() == 1;
    std::unordered_map<int64_t, uint32_t> modelIndex;  // model id -> index into models
    {
        std::unordered_map<std::string_view, uint32_t> wanted;
        for (size_t i = 0; i < models.size(); ++i) wanted.emplace(models[i], static_cast<uint32_t>(i));
        Statement m = m_c.prepare(one ? "SELECT id, name FROM model WHERE name=?" : "SELECT id, name FROM model");
        if (one) m.bind(1, models[0]);
        while (m.step())
            if (auto it = wanted.find(m.getTextView(1)); it != wanted.end()) modelIndex.emplace(m.getInt(0), it->second);
    }
    if (modelIndex.empty()) return out;
    const int64_t oneModel = one ? modelIndex.begin()->first : 0;
    // Where a version's facts are, by version id: ids are dense enough for a table (they only grow). A model's
    // versions come one after another (ORDER BY model_id, seq), so the i-th of out[m] is number first[m] + i.
    constexpr uint32_t kNone = UINT32_MAX;
    std::vector<uint32_t> ordinal;  // version id -> number in reading order
    std::vector<uint32_t> first(models.size(), 0);
    const std::vector<std::string> metrics = rule.metrics();
    uint32_t count = 0;
    auto slotOf = [&](int64_t id) -> uint32_t {
        return id < 0 || static_cast<size_t>(id) >= ordinal.size() ? kNone : ordinal[static_cast<size_t>(id)];
    };
    std::vector<std::pair<uint32_t, uint32_t>> place;  // number -> (model, index)
    {
        Statement v = m_c.prepare(one ? "SELECT model_id, id, seq, label, created_on, deprecated FROM version "
                                        "WHERE model_id=? ORDER BY seq"
                                      : "SELECT model_id, id, seq, label, created_on, deprecated FROM version "
                                        "ORDER BY model_id, seq");
        if (one) v.bind(1, oneModel);
        {
            Statement n = m_c.prepare(one ? "SELECT model_id, count(*) FROM version WHERE model_id=?"
                                          : "SELECT model_id, count(*) FROM version GROUP BY model_id");
            if (one) n.bind(1, oneModel);
            while (n.step())
                if (auto it = modelIndex.find(n.getInt(0)); it != modelIndex.end())
                    out[it->second].reserve(static_cast<size_t>(n.getInt(1)));
        }
        int64_t lastModel = -1;
        uint32_t m = 0;
        while (v.step()) {
            int64_t mid = v.getInt(0);
            if (mid != lastModel) {
                auto it = modelIndex.find(mid);
                m = it == modelIndex.end() ? kNone : it->second;
                lastModel = mid;
                if (m != kNone) first[m] = count;
            }
            if (m == kNone) continue;
            int64_t id = v.getInt(1);
            if (static_cast<size_t>(id) >= ordinal.size()) ordinal.resize(static_cast<size_t>(id) * 2 + 1, kNone);
            ordinal[static_cast<size_t>(id)] = count++;
            place.emplace_back(m, static_cast<uint32_t>(out[m].size()));
            core::VersionFacts& f = out[m].emplace_back();
            f.id = id;
            f.seq = v.getInt(2);
            f.label = v.getText(3);
            if (!v.isNull(4)) f.createdOn = v.getText(4);
            f.deprecated = v.getInt(5) != 0;
        }
    }
    auto facts = [&](uint32_t n) -> core::VersionFacts& { return out[place[n].first][place[n].second]; };
    auto rows = [&](const char* oneSql, const char* allSql, const std::string& key, auto&& take) {
        Statement s = m_c.prepare(one ? oneSql : allSql);
        s.bind(1, key);
        if (one) s.bind(2, oneModel);
        while (s.step())
            if (uint32_t n = slotOf(s.getInt(0)); n != kNone) take(n, s);
    };
    // Each metric into a column by number first, then into the facts in order: writing into the facts as the rows
    // came (by version id, every model mixed) missed the cache on nearly every row.
    std::vector<std::vector<double>> columns(metrics.size());
    for (size_t k = 0; k < metrics.size(); ++k) {
        columns[k].assign(count, std::numeric_limits<double>::quiet_NaN());
        rows("SELECT x.version_id, x.value FROM version v JOIN metric x ON x.version_id=v.id AND x.name=? WHERE v.model_id=?",
             "SELECT version_id, value FROM metric WHERE name=?", metrics[k],
             [&](uint32_t n, Statement& s) { columns[k][n] = s.getDouble(1); });
    }
    for (size_t m = 0; m < out.size(); ++m)
        for (size_t i = 0; i < out[m].size(); ++i) {
            core::VersionFacts& f = out[m][i];
            f.metrics.reserve(metrics.size());
            for (size_t k = 0; k < metrics.size(); ++k)
                if (double x = columns[k][first[m] + i]; x == x) f.metrics.emplace_back(metrics[k], x);
        }
    for (const std::string& key : rule.tags())
        rows("SELECT t.version_id, t.value FROM version v JOIN tag t ON t.version_id=v.id AND t.key=? WHERE v.model_id=?",
             "SELECT version_id, value FROM tag WHERE key=?", key,
             [&](uint32_t n, Statement& s) { facts(n).tags.emplace_back(key, s.getText(1)); });
    {
        Statement a = m_c.prepare(one ? "SELECT version_id, name FROM alias WHERE model_id=? ORDER BY name"
                                      : "SELECT version_id, name FROM alias ORDER BY name");
        if (one) a.bind(1, oneModel);
        while (a.step())
            if (uint32_t n = slotOf(a.getInt(0)); n != kNone) facts(n).aliases.push_back(a.getText(1));
    }
    bool authors = false;
    for (const core::RuleRequire& r : rule.requires) authors = authors || r.cond.field == core::FilterField::Author;
    for (const core::RuleGuard& g : rule.guards) authors = authors || g.field.field == core::FilterField::Author;
    if (authors) {
        // The author is not in version_listing: this reads the version rows (rules naming author are few).
        Statement a = m_c.prepare(one ? "SELECT id, author FROM version WHERE model_id=?" : "SELECT id, author FROM version");
        if (one) a.bind(1, oneModel);
        while (a.step())
            if (uint32_t n = slotOf(a.getInt(0)); n != kNone) facts(n).author = a.getText(1);
    }
    return out;
}

std::shared_ptr<const core::Manifest> Registry::manifestById(int64_t versionId) {
    Statement s = m_c.prepare("SELECT m.name, v.label FROM version v JOIN model m ON m.id=v.model_id WHERE v.id=?");
    s.bind(1, versionId);
    if (!s.step()) return nullptr;
    auto m = std::make_shared<core::Manifest>();
    if (!load(s.getText(0), s.getText(1), *m)) return nullptr;
    return m;
}

}  // namespace mvr::storage
