#include "core/filter.hpp"

#include <cstdlib>

#include "core/json_value.hpp"

namespace mvr::core {

const char* opSql(FilterOp op) {
    switch (op) {
    case FilterOp::Eq: return "=";
    case FilterOp::Ne: return "!=";
    case FilterOp::Lt: return "<";
    case FilterOp::Le: return "<=";
    case FilterOp::Gt: return ">";
    case FilterOp::Ge: return ">=";
    case FilterOp::Contains: return "LIKE";
    }
    return "=";
}

namespace {

// Converts a user path (a.b[2]["x.y"]) to an SQLite JSON path below a prefix ($.params). SQLite's paths
// quote a key in double quotes with no escapes, so a key holding '"' cannot be named; such a path is
// refused here rather than handed to a query that would throw.
bool toJsonPath(const std::string& p, std::string& out, std::string& error) {
    auto refuse = [&](size_t at, const std::string& why) {
        error = why + " at column " + std::to_string(at + 1) + " of path \"" + p + "\"";
        return false;
    };
    size_t i = 0;
    bool expectKey = true;  // at the start and after '.', a key must follow
    while (i < p.size()) {
        if (p[i] == '.') {
            if (expectKey && i > 0) return refuse(i, "an empty key");
            expectKey = true;
            ++i;
            continue;
        }
        if (p[i] == '[') {
            if (i + 1 < p.size() && p[i + 1] == '"') {
                size_t close = p.find('"', i + 2);
                if (close == std::string::npos || close + 1 >= p.size() || p[close + 1] != ']')
                    return refuse(i, "a quoted key needs [\"...\"] with no '\"' inside");
                std::string key = p.substr(i + 2, close - i - 2);
                if (key.find('\\') != std::string::npos) return refuse(i, "a key with '\\' cannot be filtered on");
                out += ".\"" + key + "\"";
                i = close + 2;
            } else {
                size_t close = p.find(']', i);
                if (close == std::string::npos) return refuse(i, "unclosed '['");
                std::string inner = p.substr(i + 1, close - i - 1);
                if (inner.empty() || inner.size() > 9) return refuse(i, "expected an index in []");
                for (char c : inner)
                    if (c < '0' || c > '9') return refuse(i, "expected an index in [] or a quoted key [\"...\"]");
                out += "[" + inner + "]";
                i = close + 1;
            }
            expectKey = false;
            continue;
        }
        if (!expectKey) return refuse(i, "expected '.' or '[' after ']'");
        size_t end = p.find_first_of(".[", i);
        if (end == std::string::npos) end = p.size();
        std::string key = p.substr(i, end - i);
        for (size_t k = 0; k < key.size(); ++k)
            if (key[k] == '"' || key[k] == ']' || key[k] == '\\')
                return refuse(i + k, std::string("unexpected '") + key[k] + "' in a key (write [\"...\"] for such keys)");
        out += ".\"" + key + "\"";
        expectKey = false;
        i = end;
    }
    if (expectKey && !p.empty()) return refuse(p.size() - 1, "a path must not end with '.'");
    return true;
}

}  // namespace

namespace {
std::string trimmed(const std::string& s, size_t& offset) {
    size_t b = s.find_first_not_of(" \t");
    size_t e = s.find_last_not_of(" \t");
    if (b == std::string::npos) return std::string();
    offset += b;
    return s.substr(b, e - b + 1);
}
}  // namespace

std::vector<std::pair<size_t, std::string>> splitConditions(const std::string& text) {
    // Split on the word "and" (case-insensitive) outside quotes.
    std::vector<std::pair<size_t, std::string>> parts;
    std::string cur;
    size_t curStart = 0;
    bool inQuote = false;
    auto flush = [&] {
        size_t at = curStart;
        std::string t = trimmed(cur, at);
        parts.emplace_back(at, std::move(t));
        cur.clear();
    };
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '"') inQuote = !inQuote;
        if (!inQuote && (i == 0 || text[i - 1] == ' ') && i + 4 <= text.size() &&
            (text.compare(i, 4, "and ") == 0 || text.compare(i, 4, "AND ") == 0)) {
            flush();
            i += 3;
            curStart = i + 1;
            continue;
        }
        cur.push_back(c);
    }
    flush();
    return parts;
}

bool parseField(const std::string& lhs, Condition& c, std::string& error, bool allowDatasets) {
    c.lhs = lhs;
    if (lhs.rfind("metrics.", 0) == 0 && lhs.size() > 8) {
        c.field = FilterField::Metric;
        c.key = lhs.substr(8);
    } else if (lhs.rfind("params.", 0) == 0) {
        c.field = FilterField::Param;
        c.key = "$.params";
        if (!toJsonPath(lhs.substr(7), c.key, error)) return false;
    } else if (lhs.rfind("tags.", 0) == 0 && lhs.size() > 5) {
        c.field = FilterField::Tag;
        c.key = lhs.substr(5);
    } else if (lhs == "alias" || lhs == "aliases") {
        c.field = FilterField::Alias;
    } else if (lhs == "author") {
        c.field = FilterField::Author;
    } else if (lhs == "created_on") {
        c.field = FilterField::CreatedOn;
    } else if (lhs == "version" || lhs == "label") {
        c.field = FilterField::Label;
    } else if (lhs.rfind("datasets.", 0) == 0) {
        if (!allowDatasets) {
            error = "datasets." + lhs.substr(9) + " is for promotion rules (docs/rules.md), not for filters";
            return false;
        }
        size_t dot = lhs.rfind('.');
        std::string sub = dot > 8 ? lhs.substr(dot + 1) : "";
        if (dot <= 9 || (sub != "digest" && sub != "uri" && sub != "path" && sub != "size")) {
            error = "\"" + lhs + "\": write datasets.NAME.digest, .uri, .path or .size";
            return false;
        }
        c.field = FilterField::Dataset;
        c.key = lhs.substr(9, dot - 9);
        c.sub = sub;
    } else {
        error = "unknown field \"" + lhs + "\": use metrics.NAME, params.PATH, tags.KEY, alias, author, created_on" +
                (allowDatasets ? ", version or datasets.NAME.FIELD" : " or version");
        return false;
    }
    return true;
}

bool parseCondition(const std::string& part, Condition& c, std::string& error, bool allowDatasets) {
    static const struct { const char* text; FilterOp op; } ops[] = {
        {">=", FilterOp::Ge}, {"<=", FilterOp::Le}, {"!=", FilterOp::Ne}, {"==", FilterOp::Eq},
        {"=", FilterOp::Eq},  {">", FilterOp::Gt},  {"<", FilterOp::Lt},  {"~", FilterOp::Contains}};
    size_t at = std::string::npos;
    FilterOp op = FilterOp::Contains;
    size_t opLen = 0;
    for (const auto& o : ops) {
        size_t p = part.find(o.text);
        if (p != std::string::npos && (at == std::string::npos || p < at || (p == at && std::string(o.text).size() > opLen))) {
            at = p;
            op = o.op;
            opLen = std::string(o.text).size();
        }
    }
    c = Condition();
    if (at == std::string::npos) {
        c.field = FilterField::Text;
        c.value = part;
        return true;
    }
    size_t ignored = 0;
    std::string lhs = trimmed(part.substr(0, at), ignored);
    std::string rhs = trimmed(part.substr(at + opLen), ignored);
    if (rhs.size() >= 2 && rhs.front() == '"' && rhs.back() == '"') rhs = rhs.substr(1, rhs.size() - 2);
    if (lhs.empty()) {
        error = "missing a field before '" + part.substr(at, opLen) + "' in \"" + part + "\"";
        return false;
    }
    c.op = op;
    c.value = rhs;
    char* end = nullptr;
    c.number = std::strtod(rhs.c_str(), &end);
    c.numeric = !rhs.empty() && end && *end == '\0';
    if (!parseField(lhs, c, error, allowDatasets)) return false;
    if (c.field == FilterField::Metric && (!c.numeric || op == FilterOp::Contains)) {
        error = "metric " + c.key + " compares with a number, got \"" + rhs + "\"";
        return false;
    }
    return true;
}

bool parseFilter(const std::string& text, Filter& out, std::string& error) {
    out.conditions.clear();
    for (const auto& [offset, part] : splitConditions(text)) {
        if (part.empty()) continue;
        Condition c;
        if (!parseCondition(part, c, error)) return false;
        out.conditions.push_back(std::move(c));
    }
    return true;
}

}  // namespace mvr::core
