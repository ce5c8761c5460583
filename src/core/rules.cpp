// The rule language: lines, keywords, values and their places; globs and when two rules conflict; the
// checks of a rule against what the registry knows.
#include "core/rules.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

namespace mvr::core {

namespace {

const char* const kKeywords[] = {"rule", "alias", "models", "candidates", "against", "require", "compare", "same", "choose"};

// Levenshtein distance, to suggest the keyword someone meant.
size_t distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

bool isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

// Words of a value separated by spaces (and commas where allowed), each with its offset.
std::vector<std::pair<size_t, std::string>> words(const std::string& s, bool commas) {
    std::vector<std::pair<size_t, std::string>> out;
    size_t i = 0;
    auto sep = [&](char c) { return c == ' ' || c == '\t' || (commas && c == ','); };
    while (i < s.size()) {
        while (i < s.size() && sep(s[i])) ++i;
        size_t b = i;
        while (i < s.size() && !sep(s[i])) ++i;
        if (i > b) out.emplace_back(b, s.substr(b, i - b));
    }
    return out;
}

class Parser {
public:
    Parser(Rule& r, std::vector<Diagnostic>& problems) : m_r(r), m_problems(problems) {}

    void line(uint32_t lineNo, const std::string& raw) {
        m_line = lineNo;
        // A comment runs from '#' outside quotes to the end of the line.
        std::string text;
        bool quoted = false;
        for (char c : raw) {
            if (c == '"') quoted = !quoted;
            if (c == '#' && !quoted) break;
            text.push_back(c);
        }
        if (!text.empty() && text.back() == '\r') text.pop_back();
        size_t b = text.find_first_not_of(" \t");
        if (b == std::string::npos) return;
        size_t e = text.find_last_not_of(" \t");
        text = text.substr(0, e + 1);
        size_t k = b;
        while (k < text.size() && text[k] >= 'a' && text[k] <= 'z') ++k;
        std::string keyword = text.substr(b, k - b);
        size_t colon = k;
        while (colon < text.size() && (text[colon] == ' ' || text[colon] == '\t')) ++colon;
        if (keyword.empty() || colon >= text.size() || text[colon] != ':') {
            std::string word = text.substr(b, text.find_first_of(" \t:", b) - b);
            if (std::find(std::begin(kKeywords), std::end(kKeywords), word) != std::end(kKeywords))
                return error(b, "\"" + word + "\" needs a ':' after it (" + word + ": ...)");
            return error(b, "expected \"keyword: value\"" + suggestion(word) +
                                " (keywords: rule, alias, models, candidates, against, require, compare, same, choose)");
        }
        if (std::find(std::begin(kKeywords), std::end(kKeywords), keyword) == std::end(kKeywords))
            return error(b, "unknown keyword \"" + keyword + "\"" + suggestion(keyword) +
                                " (keywords: rule, alias, models, candidates, against, require, compare, same, choose)");
        size_t v = text.find_first_not_of(" \t", colon + 1);
        std::string value = v == std::string::npos ? "" : text.substr(v);
        size_t valueAt = v == std::string::npos ? text.size() : v;
        if (value.empty()) return error(valueAt, keyword + ": needs a value");
        bool repeatable = keyword == "require" || keyword == "compare" || keyword == "same";
        if (!repeatable) {
            auto [it, fresh] = m_seen.emplace(keyword, m_line);
            if (!fresh)
                return error(b, keyword + ": is given twice (first on line " + std::to_string(it->second) + ")");
        }
        if (keyword == "rule") name(valueAt, value);
        else if (keyword == "alias") aliasName(valueAt, value, m_r.alias, "alias");
        else if (keyword == "against") aliasName(valueAt, value, m_r.against, "against");
        else if (keyword == "models") models(valueAt, value);
        else if (keyword == "candidates") candidates(valueAt, value);
        else if (keyword == "require") require(valueAt, value);
        else if (keyword == "compare") compare(valueAt, value);
        else if (keyword == "same") same(valueAt, value);
        else if (keyword == "choose") choose(valueAt, value);
    }

    void finish(uint32_t lastLine) {
        m_line = lastLine;
        const char* missing[] = {"rule", "alias", "models"};
        const char* example[] = {"rule: fraud-production", "alias: production", "models: fraud-*"};
        for (size_t i = 0; i < 3; ++i)
            if (!m_seen.count(missing[i])) error(0, std::string("a rule needs \"") + example[i] + "\" (its " +
                                                        (i == 0 ? "name" : i == 1 ? "alias to assign" : "models") + ")");
        if (!m_r.alias.empty() && m_r.candidates == CandidateKind::Alias && m_r.candidateAlias == m_r.alias)
            error(0, "candidates: alias " + m_r.alias + " names the alias the rule assigns: its holder cannot be a challenger");
    }

private:
    void error(size_t at, const std::string& message) {
        m_problems.push_back(Diagnostic{"", "", m_line, static_cast<uint32_t>(at + 1), "rule", message});
    }
    std::string suggestion(const std::string& word) const {
        std::string best;
        size_t bestD = 3;
        for (const char* k : kKeywords) {
            size_t d = distance(word, k);
            if (d < bestD) bestD = d, best = k;
        }
        return best.empty() || word.empty() ? "" : " (did you mean \"" + best + "\"?)";
    }
    RulePlace place(size_t at, const std::string& text) const {
        return RulePlace{m_line, static_cast<uint32_t>(at + 1), text};
    }

    void name(size_t at, const std::string& v) {
        if (v.size() > 128) return error(at, "a rule's name has at most 128 characters");
        for (size_t i = 0; i < v.size(); ++i)
            if (!isNameChar(v[i]))
                return error(at + i, "a rule's name is letters, digits, '-', '_' and '.' (\"" + v + "\" has '" +
                                         std::string(1, v[i]) + "')");
        m_r.name = v;
    }
    void aliasName(size_t at, const std::string& v, std::string& out, const char* what) {
        if (!isValidAliasName(v))
            return error(at, std::string(what) + ": \"" + v +
                                 "\" is not an alias name (1 to 128 ASCII letters, digits, '-', '_', '.' or '/', not \"latest\")");
        out = v;
    }
    void models(size_t at, const std::string& v) {
        for (const auto& [off, w] : words(v, true)) {
            for (size_t i = 0; i < w.size(); ++i)
                if (w[i] == '@' || w[i] == '"' || w[i] == '#')
                    return error(at + off + i, "models: a model name or glob cannot hold '" + std::string(1, w[i]) + "'");
            m_r.models.push_back(w);
        }
    }
    void candidates(size_t at, const std::string& v) {
        auto w = words(v, false);
        if (w.size() == 1 && w[0].second == "all") m_r.candidates = CandidateKind::All;
        else if (w.size() == 1 && w[0].second == "newer") m_r.candidates = CandidateKind::Newer;
        else if (w.size() == 2 && w[0].second == "alias") {
            m_r.candidates = CandidateKind::Alias;
            aliasName(at + w[1].first, w[1].second, m_r.candidateAlias, "candidates: alias");
        } else
            error(at, "candidates: expected \"all\", \"newer\" (created after the holder) or \"alias NAME\" (the version "
                      "holding NAME), got \"" + v + "\"");
    }
    void require(size_t at, const std::string& v) {
        for (const auto& [off, part] : splitConditions(v)) {
            if (part.empty()) return error(at + off, "require: an empty condition (a stray \"and\"?)");
            RuleRequire r;
            r.place = place(at + off, part);
            std::string why;
            if (!parseCondition(part, r.cond, why, true)) return error(at + off, "require: " + why);
            if (r.cond.field == FilterField::Text)
                return error(at + off, "require: \"" + part + "\" is not a condition: write FIELD OP VALUE "
                                                              "(metrics.auc >= 0.93, tags.approved = yes)");
            m_r.requires.push_back(std::move(r));
        }
    }
    void compare(size_t at, const std::string& v) {
        for (const auto& [off, part] : splitConditions(v)) {
            if (part.empty()) return error(at + off, "compare: an empty comparison (a stray \"and\"?)");
            auto w = words(part, false);
            const std::string form =
                " (metrics.NAME better | better by 0.01 | better by 2% | not worse | within 0.01 | within 5%)";
            RuleCompare c;
            c.place = place(at + off, part);
            if (w[0].second.rfind("metrics.", 0) != 0 || w[0].second.size() <= 8)
                return error(at + off, "compare: expected a metric (metrics.NAME) first, got \"" + w[0].second + "\"" + form);
            c.metric = w[0].second.substr(8);
            size_t margin = 0;  // index of the margin word, when there is one
            if (w.size() == 2 && w[1].second == "better") c.kind = CompareKind::Better;
            else if (w.size() == 4 && w[1].second == "better" && w[2].second == "by") c.kind = CompareKind::Better, margin = 3;
            else if (w.size() == 3 && w[1].second == "not" && w[2].second == "worse") c.kind = CompareKind::NotWorse;
            else if (w.size() == 3 && w[1].second == "within") c.kind = CompareKind::Within, margin = 2;
            else if (w.size() == 1) return error(at + off + part.size(), "compare: " + w[0].second + " needs how it compares" + form);
            else return error(at + off + w[1].first, "compare: cannot read \"" + part.substr(w[1].first) + "\"" + form);
            if (margin) {
                std::string m = w[margin].second;
                size_t mAt = at + off + w[margin].first;
                if (!m.empty() && m.back() == '%') {
                    c.relative = true;
                    m.pop_back();
                }
                char* end = nullptr;
                c.margin = std::strtod(m.c_str(), &end);
                if (m.empty() || !end || *end != '\0' || m[0] == '-' || m[0] == '+' || !(c.margin >= 0))
                    return error(mAt, "compare: the margin \"" + w[margin].second + "\" is not a number >= 0 (0.01, or 2%)");
                if (c.relative) c.margin /= 100;
            }
            m_r.compares.push_back(std::move(c));
        }
    }
    void same(size_t at, const std::string& v) {
        for (const auto& [off, w] : words(v, true)) {
            if (w == "and") continue;
            RuleGuard g;
            g.place = place(at + off, w);
            std::string why;
            if (!parseField(w, g.field, why, true)) return error(at + off, "same: " + why);
            if (g.field.field == FilterField::Alias || g.field.field == FilterField::Label ||
                g.field.field == FilterField::CreatedOn)
                return error(at + off, "same: " + w + " always differs between two versions; name a dataset, param, tag, "
                                                       "metric or author");
            m_r.guards.push_back(std::move(g));
        }
    }
    void choose(size_t at, const std::string& v) {
        auto w = words(v, false);
        m_r.choosePlace = place(at, v);
        if (w.size() == 1 && w[0].second == "newest") {
            m_r.choose = ChooseKind::Newest;
        } else if (w.size() == 2 && w[0].second == "best") {
            std::string m = w[1].second;
            if (m.rfind("metrics.", 0) == 0) m = m.substr(8);
            if (m.empty()) return error(at + w[1].first, "choose: best needs a metric (best metrics.auc)");
            m_r.choose = ChooseKind::Best;
            m_r.chooseMetric = m;
        } else {
            error(at, "choose: expected \"newest\" or \"best metrics.NAME\", got \"" + v + "\"");
        }
    }

    Rule& m_r;
    std::vector<Diagnostic>& m_problems;
    uint32_t m_line = 0;
    std::map<std::string, uint32_t> m_seen;
};

void addOnce(std::vector<std::string>& list, const std::string& s) {
    if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
}

}  // namespace

bool parseRule(const std::string& text, Rule& out, std::vector<Diagnostic>& problems) {
    out = Rule();
    out.text = text;
    size_t before = problems.size();
    Parser p(out, problems);
    uint32_t lineNo = 0;
    size_t start = 0;
    while (start <= text.size()) {
        size_t nl = text.find('\n', start);
        std::string ln = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        ++lineNo;
        if (ln.find('\0') != std::string::npos) {
            problems.push_back(Diagnostic{"", "", lineNo, static_cast<uint32_t>(ln.find('\0') + 1), "rule",
                                          "a rule is text: this line holds a NUL byte"});
        } else {
            p.line(lineNo, ln);
        }
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    p.finish(std::max<uint32_t>(lineNo, 1));
    return problems.size() == before;
}

bool Rule::appliesTo(const std::string& model) const {
    for (const std::string& m : models)
        if (globMatch(m, model)) return true;
    return false;
}

bool Rule::readsDocuments() const {
    auto doc = [](const Condition& c) { return c.field == FilterField::Param || c.field == FilterField::Dataset; };
    for (const RuleRequire& r : requires)
        if (doc(r.cond)) return true;
    for (const RuleGuard& g : guards)
        if (doc(g.field)) return true;
    return false;
}

std::vector<std::string> Rule::metrics() const {
    std::vector<std::string> out;
    for (const RuleRequire& r : requires)
        if (r.cond.field == FilterField::Metric) addOnce(out, r.cond.key);
    for (const RuleCompare& c : compares) addOnce(out, c.metric);
    for (const RuleGuard& g : guards)
        if (g.field.field == FilterField::Metric) addOnce(out, g.field.key);
    if (choose == ChooseKind::Best) addOnce(out, chooseMetric);
    return out;
}

std::vector<std::string> Rule::tags() const {
    std::vector<std::string> out;
    for (const RuleRequire& r : requires)
        if (r.cond.field == FilterField::Tag) addOnce(out, r.cond.key);
    for (const RuleGuard& g : guards)
        if (g.field.field == FilterField::Tag) addOnce(out, g.field.key);
    return out;
}

bool globMatch(const std::string& pattern, const std::string& text) {
    // Greedy with one backtrack point: the last '*'.
    size_t p = 0, t = 0, star = std::string::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p, ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (star != std::string::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

bool globsOverlap(const std::string& a, const std::string& b) {
    // Whether some string matches a[i..] and b[j..], over every (i, j), memoized (0 unknown, 1 no, 2 yes).
    std::vector<uint8_t> memo((a.size() + 1) * (b.size() + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint8_t& { return memo[i * (b.size() + 1) + j]; };
    auto go = [&](auto& self, size_t i, size_t j) -> bool {
        uint8_t& m = at(i, j);
        if (m) return m == 2;
        bool r;
        if (i == a.size() && j == b.size()) r = true;
        else if (i < a.size() && a[i] == '*') r = self(self, i + 1, j) || (j < b.size() && self(self, i, j + 1));
        else if (j < b.size() && b[j] == '*') r = self(self, i, j + 1) || (i < a.size() && self(self, i + 1, j));
        else if (i == a.size() || j == b.size()) r = false;
        else r = (a[i] == '?' || b[j] == '?' || a[i] == b[j]) && self(self, i + 1, j + 1);
        m = r ? 2 : 1;
        return r;
    };
    return go(go, 0, 0);
}

std::string rulesConflict(const Rule& a, const Rule& b) {
    if (a.alias != b.alias) return "";
    for (const std::string& x : a.models)
        for (const std::string& y : b.models)
            if (globsOverlap(x, y))
                return "rule " + a.name + " and rule " + b.name + " would both move \"" + a.alias + "\" on " +
                       (x == y ? "models " + x : "models matching both " + x + " and " + y) +
                       ": an alias has one rule per model (narrow the models of one, or remove it)";
    return "";
}

bool checkRuleAgainst(const Rule& rule, const std::vector<KnownModel>& known, std::vector<Diagnostic>& problems) {
    size_t errors = 0;
    auto warn = [&](const RulePlace& p, const std::string& m) {
        problems.push_back(Diagnostic{"", "", p.line, p.col, "rule-warning", m});
    };
    std::vector<const KnownModel*> matched;
    for (const KnownModel& k : known)
        if (rule.appliesTo(k.name)) matched.push_back(&k);
    RulePlace first{1, 1, ""};
    if (matched.empty()) {
        std::string list;
        for (const std::string& m : rule.models) list += (list.empty() ? "" : ", ") + m;
        warn(first, "no model in the registry matches " + list + " (yet)");
        return true;
    }
    auto goalOf = [&](const std::string& metric, bool& seen) {
        Goal g = Goal::None;
        seen = false;
        for (const KnownModel* k : matched)
            for (const auto& [name, goal] : k->metrics)
                if (name == metric) {
                    seen = true;
                    if (goal != Goal::None) g = goal;
                }
        return g;
    };
    auto metricUse = [&](const std::string& metric, const RulePlace& p, bool needsGoal) {
        bool seen;
        Goal g = goalOf(metric, seen);
        if (!seen) {
            warn(p, "no version of the models this rule applies to has metrics." + metric +
                        " (a candidate without it fails)");
        } else if (needsGoal && g == Goal::None) {
            ++errors;
            problems.push_back(Diagnostic{"", "", p.line, p.col, "rule",
                                          "metrics." + metric + " has no goal, so better or worse has no direction: give it "
                                          "one in the manifests (\"" + metric + "\": {\"value\": ..., \"goal\": \"max\"} or \"min\")"});
        }
    };
    for (const RuleRequire& r : rule.requires)
        if (r.cond.field == FilterField::Metric) metricUse(r.cond.key, r.place, false);
    for (const RuleCompare& c : rule.compares) metricUse(c.metric, c.place, true);
    for (const RuleGuard& g : rule.guards)
        if (g.field.field == FilterField::Metric) metricUse(g.field.key, g.place, false);
    if (rule.choose == ChooseKind::Best) metricUse(rule.chooseMetric, rule.choosePlace, true);
    auto aliasUse = [&](const std::string& alias, const std::string& what) {
        for (const KnownModel* k : matched)
            if (std::find(k->aliases.begin(), k->aliases.end(), alias) != k->aliases.end()) return;
        warn(first, what + ": no model this rule applies to has the alias \"" + alias + "\" (yet)");
    };
    if (rule.candidates == CandidateKind::Alias) aliasUse(rule.candidateAlias, "candidates");
    if (!rule.against.empty() && rule.against != rule.alias) aliasUse(rule.against, "against");
    return errors == 0;
}

}  // namespace mvr::core
