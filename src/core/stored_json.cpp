// The stored-document reader (stored_json.hpp). Every node is built in its place, in its container's vector,
// sized ahead by what the last container at the same depth held: on a regular document a node is never moved
// after it is made. (The strict reader builds through a shared stack and moves each node out, a good part of
// its time on a wide document. A first pass counting every container's elements, for exact sizes, cost more
// than this guess saves: 1.7 against 1.1 ms for a 10,000-param document, when measured.)

#include "core/stored_json.hpp"

#include <cstdint>
#include <vector>

#include "core/json_reader_internal.hpp"
#include "core/swar.hpp"

namespace mvr::core {

namespace {

constexpr size_t kMaxDepth = 256;  // as the strict reader: deeper text was never stored

bool isDigit(char c) { return c >= '0' && c <= '9'; }

class StoredReader {
public:
    explicit StoredReader(std::string_view text) : m_p(text.data()), m_end(text.data() + text.size()) {}

    bool parseValue(Value& out, size_t depth);
    bool atEnd() const { return m_p == m_end; }

private:
    // The first '"' or '\\' at or after p, or m_end.
    const char* findStop(const char* p) const;
    bool parseString(std::string& out);
    bool parseEscape(std::string& out);
    bool parseNumber(Value& out);
    bool parseLiteral(Value& out);
    bool parseObject(Value& out, size_t depth);
    bool parseArray(Value& out, size_t depth);
    // How many elements to make room for in a container at this depth: as many as the last one there had
    // (siblings tend to have the same shape: the 25 params of each of 400 groups), at least a few.
    size_t expected(size_t depth) const { return depth < m_lastCount.size() ? m_lastCount[depth] : 4; }
    void remember(size_t depth, size_t count) {
        if (depth >= m_lastCount.size()) m_lastCount.resize(depth + 1, 4);
        m_lastCount[depth] = count;
    }

    const char* m_p;
    const char* m_end;
    std::vector<size_t> m_lastCount;  // by depth
};

const char* StoredReader::findStop(const char* p) const {
    while (m_end - p >= 8) {
        if (uint64_t stop = swar::quoteOrBackslash(swar::load(p))) return p + swar::lowestByte(stop);
        p += 8;
    }
    while (p < m_end && *p != '"' && *p != '\\') ++p;
    return p;
}

bool StoredReader::parseEscape(std::string& out) {
    // At the backslash.
    if (m_end - m_p < 2) return false;
    char e = m_p[1];
    m_p += 2;
    switch (e) {
    case '"': out.push_back('"'); return true;
    case '\\': out.push_back('\\'); return true;
    case '/': out.push_back('/'); return true;
    case 'b': out.push_back('\b'); return true;
    case 'f': out.push_back('\f'); return true;
    case 'n': out.push_back('\n'); return true;
    case 'r': out.push_back('\r'); return true;
    case 't': out.push_back('\t'); return true;
    case 'u': break;
    default: return false;
    }
    auto hex4 = [&](uint32_t& v) {
        if (m_end - m_p < 4 || !json_detail::hex4(m_p, v)) return false;
        m_p += 4;
        return true;
    };
    uint32_t cp;
    if (!hex4(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // the strict reader stores a lone surrogate as U+FFFD
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        uint32_t lo;
        if (m_end - m_p < 6 || m_p[0] != '\\' || m_p[1] != 'u') return false;
        m_p += 2;
        if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    }
    json_detail::appendUtf8(out, cp);
    return true;
}

bool StoredReader::parseString(std::string& out) {
    // At the opening quote.
    const char* run = ++m_p;
    while (true) {
        const char* p = findStop(m_p);
        if (p >= m_end) return false;
        out.append(run, static_cast<size_t>(p - run));
        m_p = p;
        if (*p == '"') {
            ++m_p;
            return true;
        }
        if (!parseEscape(out)) return false;
        run = m_p;
    }
}

bool StoredReader::parseNumber(Value& out) {
    const char* s = m_p;
    const char* p = m_p;
    json_detail::NumberDigits n;
    if (*p == '-') {
        n.neg = true;
        ++p;
    }
    if (p >= m_end || !isDigit(*p)) return false;
    if (*p == '0') {
        ++p;
    } else {
        for (; p < m_end && isDigit(*p); ++p) json_detail::addIntegerDigit(n, *p);
    }
    if (p < m_end && *p == '.') {
        ++p;
        if (p >= m_end || !isDigit(*p)) return false;
        for (; p < m_end && isDigit(*p); ++p) json_detail::addFractionDigit(n, *p);
    }
    if (p < m_end && (*p == 'e' || *p == 'E')) {
        n.hasExp = true;
        ++p;
        bool eneg = false;
        if (p < m_end && (*p == '+' || *p == '-')) eneg = *p++ == '-';
        if (p >= m_end || !isDigit(*p)) return false;
        for (; p < m_end && isDigit(*p); ++p)
            if (n.exp < 100000) n.exp = n.exp * 10 + (*p - '0');
        if (eneg) n.exp = -n.exp;
    }
    m_p = p;
    out.kind = Kind::Number;
    out.text.assign(s, static_cast<size_t>(p - s));
    out.number = json_detail::numberFromDigits(n, out.text);
    return true;
}

bool StoredReader::parseLiteral(Value& out) {
    auto word = [&](std::string_view w) {
        if (static_cast<size_t>(m_end - m_p) < w.size() || std::string_view(m_p, w.size()) != w) return false;
        m_p += w.size();
        return true;
    };
    if (word("true")) {
        out.kind = Kind::Bool;
        out.boolean = true;
    } else if (word("false")) {
        out.kind = Kind::Bool;
        out.boolean = false;
    } else if (word("null")) {
        out.kind = Kind::Null;
    } else {
        return false;  // NaN and Infinity were never stored
    }
    return true;
}

bool StoredReader::parseObject(Value& out, size_t depth) {
    out.kind = Kind::Object;
    ++m_p;
    if (m_p < m_end && *m_p == '}') {
        ++m_p;
        return true;
    }
    if (depth >= kMaxDepth) return false;
    out.members.reserve(expected(depth));
    while (true) {
        if (m_p >= m_end || *m_p != '"') return false;
        // Built in place: reading the value never touches this object's vector, so the reference holds.
        Member& m = out.members.emplace_back();
        if (!parseString(m.key) || m_p >= m_end || *m_p != ':') return false;
        ++m_p;
        if (!parseValue(m.value, depth + 1) || m_p >= m_end) return false;
        char c = *m_p++;
        if (c == '}') {
            remember(depth, out.members.size());
            return true;
        }
        if (c != ',') return false;
    }
}

bool StoredReader::parseArray(Value& out, size_t depth) {
    out.kind = Kind::Array;
    ++m_p;
    if (m_p < m_end && *m_p == ']') {
        ++m_p;
        return true;
    }
    if (depth >= kMaxDepth) return false;
    out.items.reserve(expected(depth));
    while (true) {
        if (!parseValue(out.items.emplace_back(), depth + 1) || m_p >= m_end) return false;
        char c = *m_p++;
        if (c == ']') {
            remember(depth, out.items.size());
            return true;
        }
        if (c != ',') return false;
    }
}

bool StoredReader::parseValue(Value& out, size_t depth) {
    if (m_p >= m_end) return false;
    switch (*m_p) {
    case '{': return parseObject(out, depth);
    case '[': return parseArray(out, depth);
    case '"': out.kind = Kind::String; return parseString(out.text);
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        return parseNumber(out);
    default: return parseLiteral(out);
    }
}

}  // namespace

bool parseStoredJson(std::string_view text, Value& out) {
    out = Value();
    StoredReader reader(text);
    return reader.parseValue(out, 0) && reader.atEnd();
}

}  // namespace mvr::core
