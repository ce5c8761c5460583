// The stored-document reader (stored_json.hpp). Every node is built in its place, in its container's vector,
// sized ahead by what the last container at the same depth held: on a regular document a node is never moved
// after it is made. (The strict reader builds through a shared stack and moves each node out, a good part of
// its time on a wide document. A first pass counting every container's elements, for exact sizes, cost more
// than this guess saves: 1.7 against 1.1 ms for a 10,000-param document, when measured.)
// The same reader reads a document's step histories alone (readStoredStepHistories): it skips what it does not
// need without building it, and reads the one history wanted straight into columns.

#include "core/stored_json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/json_reader_internal.hpp"
#include "core/swar.hpp"

namespace mvr::core {

namespace {

constexpr size_t kMaxDepth = 256;  // as the strict reader: deeper text was never stored

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// The number lexeme at p (JSON's grammar), its digits into n; p moves past it. false: not a number there.
bool scanNumber(const char*& at, const char* end, json_detail::NumberDigits& n) {
    const char* p = at;
    if (p < end && *p == '-') {
        n.neg = true;
        ++p;
    }
    if (p >= end || !isDigit(*p)) return false;
    if (*p == '0') {
        ++p;
    } else {
        for (; p < end && isDigit(*p); ++p) json_detail::addIntegerDigit(n, *p);
    }
    if (p < end && *p == '.') {
        ++p;
        if (p >= end || !isDigit(*p)) return false;
        for (; p < end && isDigit(*p); ++p) json_detail::addFractionDigit(n, *p);
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        n.hasExp = true;
        ++p;
        bool eneg = false;
        if (p < end && (*p == '+' || *p == '-')) eneg = *p++ == '-';
        if (p >= end || !isDigit(*p)) return false;
        for (; p < end && isDigit(*p); ++p)
            if (n.exp < 100000) n.exp = n.exp * 10 + (*p - '0');
        if (eneg) n.exp = -n.exp;
    }
    at = p;
    return true;
}

// The first '"' or '\\' at or after p, or end.
const char* stopAt(const char* p, const char* end) {
    while (end - p >= 8) {
        if (uint64_t stop = swar::quoteOrBackslash(swar::load(p))) return p + swar::lowestByte(stop);
        p += 8;
    }
    while (p < end && *p != '"' && *p != '\\') ++p;
    return p;
}

class StoredReader {
public:
    explicit StoredReader(std::string_view text) : m_p(text.data()), m_end(text.data() + text.size()) {}

    bool parseValue(Value& out, size_t depth);
    bool atEnd() const { return m_p == m_end; }
    // readStoredStepHistories: the document at m_p.
    bool readStepHistories(std::string_view want, bool byTime, StepHistories& out);

private:
    // The first '"' or '\\' at or after p, or m_end.
    const char* findStop(const char* p) const;
    bool parseString(std::string& out);
    bool parseEscape(std::string& out);
    bool parseNumber(Value& out);
    bool parseLiteral(Value& out);
    bool parseObject(Value& out, size_t depth);
    bool parseArray(Value& out, size_t depth);
    // Past the value (or string) at m_p without building it.
    bool skipValue(size_t depth);
    bool skipString();
    bool readNumber(double& out);
    // The members of the object at m_p ('{'), each key into m_key, then onMember() reads or skips its value
    // (m_p at it; false: not a stored document). false when the object is not whole.
    template <class OnMember>
    bool members(OnMember&& onMember);
    bool readMetrics(std::string_view want, bool byTime, StepHistories& out);
    // The steps array at m_p as stepSeries reads it.
    bool readSteps(bool byTime, Series& out);
    bool readStep(bool byTime, double& x, double& y, bool& hasX);
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
    std::string m_key;                 // a key being compared (reused: no allocation a step)
};

const char* StoredReader::findStop(const char* p) const { return stopAt(p, m_end); }

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
    json_detail::NumberDigits n;
    if (!scanNumber(m_p, m_end, n)) return false;
    out.kind = Kind::Number;
    out.text.assign(s, static_cast<size_t>(m_p - s));
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

bool StoredReader::skipString() {
    // At the opening quote. An escape is skipped by its first two bytes: the second is never the closing quote,
    // and the rest of a \\u escape holds neither a quote nor a backslash.
    ++m_p;
    while (true) {
        const char* p = findStop(m_p);
        if (p >= m_end) return false;
        if (*p == '"') {
            m_p = p + 1;
            return true;
        }
        if (m_end - p < 2) return false;
        m_p = p + 2;
    }
}

bool StoredReader::skipValue(size_t depth) {
    if (m_p >= m_end) return false;
    switch (*m_p) {
    case '"': return skipString();
    case '{':
    case '[': {
        const char close = *m_p == '{' ? '}' : ']';
        ++m_p;
        if (m_p < m_end && *m_p == close) {
            ++m_p;
            return true;
        }
        if (depth >= kMaxDepth) return false;
        while (true) {
            if (close == '}') {
                if (m_p >= m_end || *m_p != '"' || !skipString() || m_p >= m_end || *m_p != ':') return false;
                ++m_p;
            }
            if (!skipValue(depth + 1) || m_p >= m_end) return false;
            char c = *m_p++;
            if (c == close) return true;
            if (c != ',') return false;
        }
    }
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9': {
        json_detail::NumberDigits n;
        return scanNumber(m_p, m_end, n);
    }
    default: {
        Value literal;
        return parseLiteral(literal);
    }
    }
}

bool StoredReader::readNumber(double& out) {
    const char* s = m_p;
    json_detail::NumberDigits n;
    if (!scanNumber(m_p, m_end, n)) return false;
    out = json_detail::numberFromDigitsWith(n, [&] { return std::string(s, static_cast<size_t>(m_p - s)); });
    return true;
}

template <class OnMember>
bool StoredReader::members(OnMember&& onMember) {
    // At the object's '{'.
    ++m_p;
    if (m_p < m_end && *m_p == '}') {
        ++m_p;
        return true;
    }
    while (true) {
        if (m_p >= m_end || *m_p != '"') return false;
        m_key.clear();
        if (!parseString(m_key) || m_p >= m_end || *m_p != ':') return false;
        ++m_p;
        if (m_p >= m_end || !onMember() || m_p >= m_end) return false;
        char c = *m_p++;
        if (c == '}') return true;
        if (c != ',') return false;
    }
}

bool StoredReader::readStep(bool byTime, double& x, double& y, bool& hasX) {
    // What stepSeries takes from one step: a number is its value; an object's "value", "step" and "timestamp"
    // (the first of each, as Value::find); anything else has no value.
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    y = kNaN;
    x = kNaN;
    hasX = false;
    if (m_p >= m_end) return false;
    if (*m_p == '-' || isDigit(*m_p)) return readNumber(y);
    if (*m_p != '{') return skipValue(4);
    bool seenValue = false, seenX = false;
    return members([&] {
        const bool number = *m_p == '-' || isDigit(*m_p);
        if (!seenValue && m_key == "value") {
            seenValue = true;
            return number ? readNumber(y) : skipValue(5);
        }
        if (!seenX && m_key == (byTime ? "timestamp" : "step")) {
            seenX = true;
            if (number) {
                double v;
                if (!readNumber(v)) return false;
                x = byTime ? stepTime(v) : v;
                hasX = true;
                return true;
            }
            if (byTime && *m_p == '"') {
                m_key.clear();
                if (!parseString(m_key)) return false;
                x = secondsSinceEpoch(m_key);
                hasX = true;
                return true;
            }
        }
        return skipValue(5);
    });
}

bool StoredReader::readSteps(bool byTime, Series& out) {
    // At the array's '['.
    out = Series();
    ++m_p;
    if (m_p < m_end && *m_p == ']') {
        ++m_p;
        return true;
    }
    size_t room = static_cast<size_t>(m_end - m_p) / 8 + 1;  // no step is shorter than "0," and most are longer
    out.x.reserve(std::min<size_t>(room, 1u << 16));
    out.y.reserve(std::min<size_t>(room, 1u << 16));
    double next = 0;
    while (true) {
        double x, y;
        bool hasX;
        if (!readStep(byTime, x, y, hasX)) return false;
        if (byTime) {
            if (std::isfinite(x)) out.push(x, y);
        } else {
            if (!hasX) x = next;
            next = x + 1;
            out.push(x, y);
        }
        if (m_p >= m_end) return false;
        char c = *m_p++;
        if (c == ']') break;
        if (c != ',') return false;
    }
    sortSteps(out);
    return true;
}

bool StoredReader::readMetrics(std::string_view want, bool byTime, StepHistories& out) {
    // At the metrics object's '{'. Each metric with a non-empty steps array is named; the one read is `want`
    // once seen, else the smallest name so far (read again when a smaller one comes: rare, names come sorted
    // as often as not).
    bool wanted = false;
    return members([&] {
        if (*m_p != '{') return skipValue(2);
        const std::string name = m_key;
        bool seenSteps = false;
        return members([&] {
            if (seenSteps || m_key != "steps") return skipValue(3);
            seenSteps = true;
            if (!(m_p + 1 < m_end && *m_p == '[' && m_p[1] != ']')) return skipValue(3);
            out.names.push_back(name);
            if (wanted || !(name == want || out.metric.empty() || name < out.metric)) return skipValue(3);
            if (!readSteps(byTime, out.series)) return false;
            out.metric = name;
            wanted = name == want;
            return true;
        });
    });
}

bool StoredReader::readStepHistories(std::string_view want, bool byTime, StepHistories& out) {
    if (m_p >= m_end || *m_p != '{') return false;
    ++m_p;
    if (m_p < m_end && *m_p == '}') return m_p + 1 == m_end;
    while (true) {
        if (m_p >= m_end || *m_p != '"') return false;
        m_key.clear();
        if (!parseString(m_key) || m_p >= m_end || *m_p != ':') return false;
        ++m_p;
        if (m_key == "metrics") {
            // The first "metrics" is the one Value::find gives; the rest of the document is not read.
            if (m_p < m_end && *m_p == '{') return readMetrics(want, byTime, out);
            return skipValue(1);
        }
        if (!skipValue(1) || m_p >= m_end) return false;
        char c = *m_p++;
        if (c == '}') return m_p == m_end;
        if (c != ',') return false;
    }
}

}  // namespace

bool readStoredStepHistories(std::string_view text, std::string_view want, bool byTime, StepHistories& out) {
    out = StepHistories();
    StoredReader reader(text);
    if (reader.readStepHistories(want, byTime, out)) return true;
    out = StepHistories();
    return false;
}

bool parseStoredJson(std::string_view text, Value& out) {
    out = Value();
    StoredReader reader(text);
    return reader.parseValue(out, 0) && reader.atEnd();
}

}  // namespace mvr::core
