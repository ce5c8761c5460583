// The JSON reader's value parser: white space, strings, numbers, literals, arrays and objects, the code every
// byte of an import goes through (its problems' paths and messages: json_reader_problems.cpp; a document's
// start and end and the pull interface: json_reader_stream.cpp).
#include "core/json_reader.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <unordered_set>

#include "core/json_reader_internal.hpp"
#include "core/swar.hpp"
#include "core/text.hpp"

namespace mvr::core {

using json_detail::printable;

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Pos JsonReader::pos() const {
    return Pos{m_line, static_cast<uint32_t>(m_p - m_lineStart) + 1};
}

void JsonReader::skipWs() {
    while (m_p < m_end) {
        char c = *m_p;
        if (c == ' ' || c == '\t' || c == '\r') {
            ++m_p;
        } else if (c == '\n') {
            ++m_p;
            ++m_line;
            m_lineStart = m_p;
        } else {
            return;
        }
    }
}

char JsonReader::peek() {
    skipWs();
    return m_p < m_end ? *m_p : '\0';
}

size_t JsonReader::utf8Sequence(const unsigned char* p) const {
    // The length of a valid UTF-8 sequence starting at p (a byte >= 0x80), or 0: the one rule of core/text.
    const char* at = reinterpret_cast<const char*>(p);
    return utf8SequenceAt(std::string_view(at, static_cast<size_t>(m_end - at)), 0);
}

bool JsonReader::parseString(std::string& out) {
    // At the opening quote.
    Pos start = pos();
    ++m_p;
    const char* run = m_p;
    bool reportedUtf8 = false;
    while (true) {
        // Eight bytes at a time up to the first one that needs a look: '"', '\\', a control character or
        // a byte of a multi-byte UTF-8 sequence (most strings are plain ASCII: names, digests, URIs).
        while (m_end - m_p >= 8) {
            uint64_t special = swar::stringStops(swar::load(m_p));
            if (special) {
                m_p += swar::lowestByte(special);
                break;
            }
            m_p += 8;
        }
        if (m_p >= m_end) return fail(start, "syntax", "unterminated string (it starts here and the file ends inside it)");
        unsigned char c = static_cast<unsigned char>(*m_p);
        if (c == '"') {
            out.append(run, static_cast<size_t>(m_p - run));
            ++m_p;
            return true;
        }
        if (c == '\\') {
            out.append(run, static_cast<size_t>(m_p - run));
            ++m_rewritten;
            Pos escPos = pos();
            if (m_p + 1 >= m_end) return fail(start, "syntax", "unterminated string (it starts here and the file ends inside it)");
            char e = m_p[1];
            m_p += 2;
            switch (e) {
            case '"': out.push_back('"'); break;
            case '\\': out.push_back('\\'); break;
            case '/': out.push_back('/'); break;
            case 'b': out.push_back('\b'); break;
            case 'f': out.push_back('\f'); break;
            case 'n': out.push_back('\n'); break;
            case 'r': out.push_back('\r'); break;
            case 't': out.push_back('\t'); break;
            case 'u': {
                auto hex4 = [&](uint32_t& v) {
                    if (m_end - m_p < 4 || !json_detail::hex4(m_p, v)) return false;
                    m_p += 4;
                    return true;
                };
                uint32_t cp;
                if (!hex4(cp)) return fail(escPos, "syntax", "invalid \\u escape: expected four hex digits");
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    uint32_t lo;
                    if (m_end - m_p >= 6 && m_p[0] == '\\' && m_p[1] == 'u') {
                        m_p += 2;
                        if (!hex4(lo)) return fail(escPos, "syntax", "invalid \\u escape: expected four hex digits");
                        if (lo >= 0xDC00 && lo <= 0xDFFF) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        } else {
                            report(escPos, path(), "unicode", "invalid \\u escape: high surrogate not followed by a low surrogate");
                            cp = 0xFFFD;
                            m_p -= 6;  // the escape after it is a character of its own: decode it next
                        }
                    } else {
                        report(escPos, path(), "unicode", "invalid \\u escape: unpaired high surrogate");
                        cp = 0xFFFD;
                    }
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    report(escPos, path(), "unicode", "invalid \\u escape: unpaired low surrogate");
                    cp = 0xFFFD;
                }
                json_detail::appendUtf8(out, cp);
                break;
            }
            default:
                return fail(escPos, "syntax", "invalid escape \\" + std::string(1, e) + " in string");
            }
            run = m_p;
            continue;
        }
        if (c < 0x20) {
            if (c == '\n') return fail(start, "syntax", "unterminated string (a raw line break inside a string; write \\n)");
            return fail("syntax", "control character " + printable(static_cast<char>(c)) + " inside a string must be escaped");
        }
        if (c < 0x80) {
            ++m_p;
            continue;
        }
        size_t n = utf8Sequence(reinterpret_cast<const unsigned char*>(m_p));
        if (n == 0) {
            out.append(run, static_cast<size_t>(m_p - run));
            ++m_rewritten;
            if (!reportedUtf8) {
                report(pos(), path(), "utf8", "invalid UTF-8 " + printable(static_cast<char>(c)) + " in string");
                reportedUtf8 = true;
            }
            out += "\xEF\xBF\xBD";
            ++m_p;
            run = m_p;
            continue;
        }
        m_p += n;
    }
}

bool JsonReader::parseNumber(Value& out) {
    Pos start = pos();
    const char* s = m_p;
    const char* p = m_p;
    json_detail::NumberDigits n;
    if (*p == '-') {
        n.neg = true;
        ++p;
        if (p < m_end && (*p == 'I' || *p == 'N')) return parseLiteral(out);  // -Infinity, -NaN
    }
    if (p >= m_end || !isDigit(*p)) {
        m_p = p;
        return fail("syntax", "invalid number: expected a digit after '-'");
    }
    if (*p == '0') {
        ++p;
        if (p < m_end && isDigit(*p)) {
            m_p = s;
            return fail(start, "syntax", "invalid number: leading zeros are not allowed");
        }
    } else {
        while (p < m_end && isDigit(*p)) {
            json_detail::addIntegerDigit(n, *p);
            ++p;
        }
    }
    bool isInt = true;
    if (p < m_end && *p == '.') {
        isInt = false;
        ++p;
        if (p >= m_end || !isDigit(*p)) {
            m_p = p;
            return fail("syntax", "invalid number: expected a digit after '.'");
        }
        while (p < m_end && isDigit(*p)) {
            json_detail::addFractionDigit(n, *p);
            ++p;
        }
    }
    if (p < m_end && (*p == 'e' || *p == 'E')) {
        isInt = false;
        n.hasExp = true;
        ++p;
        bool eneg = false;
        if (p < m_end && (*p == '+' || *p == '-')) eneg = *p++ == '-';
        if (p >= m_end || !isDigit(*p)) {
            m_p = p;
            return fail("syntax", "invalid number: expected a digit in the exponent");
        }
        while (p < m_end && isDigit(*p)) {
            if (n.exp < 100000) n.exp = n.exp * 10 + (*p - '0');
            ++p;
        }
        if (eneg) n.exp = -n.exp;
    }
    m_p = p;
    out.kind = Kind::Number;
    out.pos = start;
    out.text.assign(s, static_cast<size_t>(p - s));
    out.number = json_detail::numberFromDigits(n, out.text);
    uint64_t mant = n.mant;
    int digits = n.digits, dropped = n.dropped;
    bool neg = n.neg;
    if (std::isinf(out.number)) {
        report(start, path(), "number-range", "number " + out.text + " is too large for a 64-bit float");
    } else if (out.number == 0 && mant != 0) {
        report(start, path(), "number-range", "number " + out.text + " is too small for a 64-bit float (it would become 0)");
    } else if (isInt && (digits + dropped > 19 || (digits + dropped == 19 && out.text.size() > 0 &&
                                                    std::strtoull(out.text.c_str() + (neg ? 1 : 0), nullptr, 10) >
                                                        (neg ? 9223372036854775808ull : 9223372036854775807ull)))) {
        report(start, path(), "number-range",
               "integer " + out.text + " does not fit in 64 bits (write it as a string to keep it exact)");
    }
    return true;
}

bool JsonReader::parseLiteral(Value& out) {
    Pos start = pos();
    const char* s = m_p;
    auto match = [&](const char* word) {
        size_t n = std::strlen(word);
        if (static_cast<size_t>(m_end - m_p) >= n && std::memcmp(m_p, word, n) == 0) {
            m_p += n;
            return true;
        }
        return false;
    };
    out.pos = start;
    if (match("true")) {
        out.kind = Kind::Bool;
        out.boolean = true;
    } else if (match("false")) {
        out.kind = Kind::Bool;
        out.boolean = false;
    } else if (match("null")) {
        out.kind = Kind::Null;
    } else if (match("NaN") || match("-NaN") || match("Infinity") || match("-Infinity")) {
        std::string word(s, m_p);
        report(start, path(), "nan", word + " is not a JSON number (JSON has no NaN or Infinity); use null or a finite number");
        // Kept as a number so that checks further on do not report the same place again as "got null";
        // the file has an error, so this value is never stored.
        out.kind = Kind::Number;
        out.text = word;
        out.number = word.find('I') != std::string::npos ? (word[0] == '-' ? -HUGE_VAL : HUGE_VAL) : NAN;
    } else {
        char c = *m_p;
        if (c == '\'') return fail("syntax", "strings must be in double quotes, not single quotes");
        if (c == '/') return fail("syntax", "comments are not allowed in JSON");
        if (static_cast<unsigned char>(c) >= 0x80)
            return fail("syntax", "unexpected non-ASCII " + printable(c) + " outside a string");
        return fail("syntax", "unexpected " + printable(c) + "; expected a value");
    }
    return true;
}

bool JsonReader::parseValue(Value& out) {
    skipWs();
    if (m_p >= m_end) return fail("syntax", "unexpected end of file; expected a value");
    char c = *m_p;
    switch (c) {
    case '{': return parseObject(out);
    case '[': return parseArray(out);
    case '"':
        out.kind = Kind::String;
        out.pos = pos();
        return parseString(out.text);
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        return parseNumber(out);
    default:
        return parseLiteral(out);
    }
}

bool JsonReader::afterElement(char close) {
    // After an element or member: ',' (with something after it) or the closing bracket.
    skipWs();
    if (m_p >= m_end)
        return fail("syntax", std::string("unexpected end of file; expected ',' or '") + close + "'");
    if (*m_p == ',') {
        Pos commaPos = pos();
        ++m_p;
        skipWs();
        if (m_p < m_end && (*m_p == ']' || *m_p == '}'))
            return fail(commaPos, "syntax", std::string("trailing comma before '") + *m_p + "'");
        return true;
    }
    if (*m_p == close) return true;
    if (*m_p == '/') return fail("syntax", "comments are not allowed in JSON");
    return fail("syntax", "unexpected " + printable(*m_p) + "; expected ',' or '" + close + "'");
}

bool JsonReader::parseArray(Value& out) {
    out.kind = Kind::Array;
    out.pos = pos();
    if (++m_depth > kMaxDepth)
        return fail("depth", "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    ++m_p;
    skipWs();
    if (m_p < m_end && *m_p == ']') {
        ++m_p;
        --m_depth;
        return true;
    }
    // Elements collect on a stack shared by all levels and move into an exactly sized vector at the end:
    // far fewer reallocations than growing each array's own vector.
    size_t base = m_itemStack.size();
    for (size_t i = 0;; ++i) {
        pushIndex(i);
        // Parse into a local: nested values grow the same stack, which may move its elements.
        Value v;
        bool ok = parseValue(v) && afterElement(']');
        pop();
        if (ok && !m_discard) m_itemStack.push_back(std::move(v));
        if (!ok) {
            m_itemStack.resize(base);
            return false;
        }
        if (m_p < m_end && *m_p == ']') {
            ++m_p;
            --m_depth;
            if (!m_discard) {
                out.items.reserve(m_itemStack.size() - base);
                for (size_t k = base; k < m_itemStack.size(); ++k) out.items.push_back(std::move(m_itemStack[k]));
                m_itemStack.resize(base);
            }
            return true;
        }
    }
}

bool JsonReader::parseObject(Value& out) {
    out.kind = Kind::Object;
    out.pos = pos();
    if (++m_depth > kMaxDepth)
        return fail("depth", "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    ++m_p;
    skipWs();
    if (m_p < m_end && *m_p == '}') {
        ++m_p;
        --m_depth;
        return true;
    }
    // Members collect on a shared stack (see parseArray); [base, end) are this object's.
    size_t base = m_memberStack.size();
    auto abandon = [&] {
        m_memberStack.resize(base);
        return false;
    };
    std::unordered_set<std::string> seen;  // only for large objects (owns its keys: the stack may move)
    while (true) {
        skipWs();
        if (m_p >= m_end || *m_p != '"') {
            badKey();
            return abandon();
        }
        Pos keyPos = pos();
        const char* raw = m_p + 1;
        std::string key;
        if (!parseString(key)) return abandon();
        size_t rawLen = static_cast<size_t>(m_p - 1 - raw);
        skipWs();
        if (m_p >= m_end || *m_p != ':') {
            pushKey(raw, rawLen);
            fail("syntax", m_p >= m_end ? std::string("unexpected end of file; expected ':'")
                                        : "unexpected " + printable(*m_p) + "; expected ':' after the key");
            pop();
            return abandon();
        }
        ++m_p;
        // Duplicate keys: the first one is kept and every later one is an error.
        size_t count = m_memberStack.size() - base;
        const Member* first = nullptr;
        if (count < 32) {
            for (size_t k = base; k < m_memberStack.size(); ++k)
                if (m_memberStack[k].key == key) {
                    first = &m_memberStack[k];
                    break;
                }
        } else {
            if (seen.empty())
                for (size_t k = base; k < m_memberStack.size(); ++k) seen.insert(m_memberStack[k].key);
            if (seen.count(key))
                for (size_t k = base; k < m_memberStack.size(); ++k)
                    if (m_memberStack[k].key == key) {
                        first = &m_memberStack[k];
                        break;
                    }
        }
        pushKey(raw, rawLen);
        bool dup = first != nullptr;
        if (!dup && !seen.empty()) seen.insert(key);
        if (dup) {
            report(keyPos, path(), "duplicate-key",
                   "duplicate key (first at line " + std::to_string(first->keyPos.line) + ", column " +
                       std::to_string(first->keyPos.col) + ")");
        }
        // Parse into a local: nested objects grow the same stack, which may move its elements.
        Value v;
        bool ok;
        if (m_depth == m_shallowDepth && !m_discard && !m_keep(key)) {
            m_discard = true;
            ok = parseValue(v);
            m_discard = false;
            ok = ok && afterElement('}');
        } else {
            ok = parseValue(v) && afterElement('}');
        }
        pop();
        if (!ok) return abandon();
        if (!dup) m_memberStack.push_back(Member{std::move(key), std::move(v), keyPos});
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            --m_depth;
            if (!m_discard) {
                out.members.reserve(m_memberStack.size() - base);
                for (size_t k = base; k < m_memberStack.size(); ++k) out.members.push_back(std::move(m_memberStack[k]));
            }
            m_memberStack.resize(base);
            return true;
        }
    }
}

}  // namespace mvr::core
