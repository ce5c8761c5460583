// The alias history: a record of every alias move (by hand, by an import or mvr create, by a rule), read by model
// and alias, and which version held an alias at a past time.
#include "storage/registry.hpp"

namespace mvr::storage {

namespace {

const char* kMoveColumns = "id, at, model, alias, from_label, to_label, author, source, rule, detail";

AliasMove readMove(Statement& s) {
    AliasMove m;
    m.id = s.getInt(0);
    m.at = s.getText(1);
    m.model = s.getText(2);
    m.alias = s.getText(3);
    m.from = s.getText(4);
    m.to = s.getText(5);
    m.author = s.getText(6);
    m.source = s.getText(7);
    m.rule = s.getText(8);
    m.detail = s.getText(9);
    return m;
}

// A date alone (2024-03-01) means the end of that day; a time is taken as written. RFC 3339 times in UTC
// ("...Z", as mvr writes them) order as text.
std::string endOf(const std::string& at) {
    if (at.size() == 10 && at[4] == '-' && at[7] == '-') return at + "T23:59:59.999Z";
    return at;
}

}  // namespace

void Registry::addAliasMove(const AliasMove& m) {
    Statement s = m_c.prepare(
        "INSERT INTO alias_history(at,model,alias,from_label,to_label,author,source,rule,detail) VALUES (?,?,?,?,?,?,?,?,?)");
    std::string at = m.at.empty() ? core::nowRfc3339() : m.at;
    auto textOrNull = [&](int i, const std::string& v) { v.empty() ? s.bindNull(i) : s.bind(i, v); };
    s.bind(1, at).bind(2, m.model).bind(3, m.alias);
    textOrNull(4, m.from);
    textOrNull(5, m.to);
    s.bind(6, m.author).bind(7, m.source.empty() ? std::string("hand") : m.source);
    textOrNull(8, m.rule);
    textOrNull(9, m.detail);
    s.run();
}

bool Registry::lastAliasMove(const std::string& model, const std::string& alias, AliasMove& out) {
    Statement s = m_c.prepare(std::string("SELECT ") + kMoveColumns +
                              " FROM alias_history WHERE model=? AND alias=? ORDER BY id DESC LIMIT 1");
    s.bind(1, model).bind(2, alias);
    if (!s.step()) return false;
    out = readMove(s);
    return true;
}

std::vector<AliasMove> Registry::aliasHistory(const std::string& model, const std::string& alias) {
    Statement s = m_c.prepare(std::string("SELECT ") + kMoveColumns + " FROM alias_history WHERE model=?" +
                              (alias.empty() ? "" : " AND alias=?") + " ORDER BY id");
    s.bind(1, model);
    if (!alias.empty()) s.bind(2, alias);
    std::vector<AliasMove> out;
    while (s.step()) out.push_back(readMove(s));
    return out;
}

std::vector<AliasMove> Registry::allAliasHistory() {
    Statement s = m_c.prepare(std::string("SELECT ") + kMoveColumns + " FROM alias_history ORDER BY id");
    std::vector<AliasMove> out;
    while (s.step()) out.push_back(readMove(s));
    return out;
}

std::string Registry::aliasAt(const std::string& model, const std::string& alias, const std::string& at) {
    // The last move at or before that time decides (records of unknown time count as before any).
    Statement s = m_c.prepare(
        "SELECT to_label FROM alias_history WHERE model=? AND alias=? AND (at IS NULL OR at<=?) ORDER BY coalesce(at, '') DESC, id DESC LIMIT 1");
    s.bind(1, model).bind(2, alias).bind(3, endOf(at));
    return s.step() ? s.getText(0) : "";
}

}  // namespace mvr::storage
