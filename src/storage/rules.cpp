// Promotion rules in the registry: stored by name with a record of every change, refused when they would move an
// alias another rule moves on the same models; and what evaluating a rule reads of a model's versions.

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
    std::vector<std::string> metrics = rule.metrics();
    ModelSeries series = modelSeries(model, metrics);
    std::vector<core::VersionFacts> out(series.ids.size());
    std::unordered_map<int64_t, size_t> index;
    for (size_t i = 0; i < out.size(); ++i) {
        core::VersionFacts& f = out[i];
        f.id = series.ids[i];
        f.seq = series.seq[i];
        f.label = std::string(series.labels[i]);
        f.createdOn = std::string(series.createdOn[i]);
        for (size_t k = 0; k < metrics.size(); ++k)
            if (double v = series.values[k][i]; v == v) f.metrics.emplace_back(metrics[k], v);
        index.emplace(f.id, i);
    }
    for (auto& [i, alias] : series.aliases) out[i].aliases.push_back(alias);
    Statement tag = m_c.prepare(
        "SELECT v.id, t.value FROM version v JOIN tag t ON t.version_id=v.id AND t.key=? "
        "WHERE v.model_id=(SELECT id FROM model WHERE name=?)");
    for (const std::string& key : rule.tags()) {
        tag.reset();
        tag.bind(1, key).bind(2, model);
        while (tag.step())
            if (auto it = index.find(tag.getInt(0)); it != index.end()) out[it->second].tags.emplace_back(key, tag.getText(1));
    }
    bool authors = false;
    for (const core::RuleRequire& r : rule.requires) authors = authors || r.cond.field == core::FilterField::Author;
    for (const core::RuleGuard& g : rule.guards) authors = authors || g.field.field == core::FilterField::Author;
    if (authors) {
        Statement a = m_c.prepare("SELECT id, author FROM version WHERE model_id=(SELECT id FROM model WHERE name=?)");
        a.bind(1, model);
        while (a.step())
            if (auto it = index.find(a.getInt(0)); it != index.end()) out[it->second].author = a.getText(1);
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
