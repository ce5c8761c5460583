// The JSON reader over a whole document: its start (encoding, emptiness) and its end, the pull interface over a
// top-level array or object (one element or member at a time), and parseJson for a small document.
#include "core/json_reader.hpp"

#include "core/json_reader_internal.hpp"

namespace mvr::core {

using json_detail::printable;

JsonReader::JsonReader(std::string_view text, std::string file, Diagnostics& diags)
    : m_begin(text.data()),
      m_p(text.data()),
      m_end(text.data() + text.size()),
      m_lineStart(text.data()),
      m_file(std::move(file)),
      m_diags(diags) {}

bool JsonReader::begin() {
    size_t n = size();
    if (n >= 2 && ((static_cast<unsigned char>(m_p[0]) == 0xFF && static_cast<unsigned char>(m_p[1]) == 0xFE) ||
                   (static_cast<unsigned char>(m_p[0]) == 0xFE && static_cast<unsigned char>(m_p[1]) == 0xFF)))
        return fail("encoding", "the file is UTF-16 encoded; mvr reads UTF-8 (save it as UTF-8)");
    if (n >= 2 && (m_p[0] == '\0' || m_p[1] == '\0'))
        return fail("encoding", "the file contains NUL bytes at its start: it looks UTF-16 or UTF-32 encoded; mvr reads UTF-8");
    if (n >= 3 && static_cast<unsigned char>(m_p[0]) == 0xEF && static_cast<unsigned char>(m_p[1]) == 0xBB &&
        static_cast<unsigned char>(m_p[2]) == 0xBF) {
        m_p += 3;  // RFC 8259 allows ignoring a UTF-8 byte order mark
        m_lineStart = m_p;
    }
    skipWs();
    if (m_p == m_end) return fail("empty", n == 0 ? "the file is empty" : "the file holds only white space");
    return true;
}

bool JsonReader::end() {
    if (m_failed) return false;
    skipWs();
    if (m_p != m_end) return fail("syntax", "unexpected " + printable(*m_p) + " after the end of the JSON document");
    return true;
}

bool JsonReader::enterArray() {
    skipWs();
    if (m_p >= m_end || *m_p != '[') return fail("syntax", "expected '['");
    ++m_p;
    m_streamFirst.push_back(true);
    return true;
}

int JsonReader::nextElement() {
    if (m_failed) return -1;
    bool first = m_streamFirst.back();
    if (first) {
        m_streamFirst.back() = false;
        skipWs();
        if (m_p < m_end && *m_p == ']') {
            ++m_p;
            m_streamFirst.pop_back();
            return 0;
        }
        pushIndex(0);
        return 1;
    }
    // The previous element's value was read by the caller; its index is on the stack (and stays there
    // while the separator is checked, so problems there carry the same path as in parseArray).
    size_t next = m_stack.back().index + 1;
    if (!afterElement(']')) return -1;
    pop();
    if (m_p < m_end && *m_p == ']') {
        ++m_p;
        m_streamFirst.pop_back();
        return 0;
    }
    pushIndex(next);
    return 1;
}

bool JsonReader::enterObject() {
    skipWs();
    if (m_p >= m_end || *m_p != '{') return fail("syntax", "expected '{'");
    ++m_p;
    m_streamFirst.push_back(true);
    return true;
}

int JsonReader::nextMember(std::string& key, Pos& keyPos) {
    if (m_failed) return -1;
    if (m_streamFirst.back()) {
        m_streamFirst.back() = false;
        skipWs();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            m_streamFirst.pop_back();
            return 0;
        }
    } else {
        if (!afterElement('}')) return -1;
        pop();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            m_streamFirst.pop_back();
            return 0;
        }
        skipWs();
    }
    if (m_p >= m_end || *m_p != '"') {
        badKey();
        return -1;
    }
    keyPos = pos();
    const char* raw = m_p + 1;
    key.clear();
    if (!parseString(key)) return -1;
    size_t rawLen = static_cast<size_t>(m_p - 1 - raw);
    skipWs();
    pushKey(raw, rawLen);
    if (m_p >= m_end || *m_p != ':') {
        fail("syntax", "expected ':' after the key");
        return -1;
    }
    ++m_p;
    return 1;
}

bool JsonReader::skipValue() {
    Value scratch;
    return parseValue(scratch);
}

bool parseJson(std::string_view text, Value& out, Diagnostics& diags, const std::string& file) {
    size_t before = diags.count();
    JsonReader r(text, file, diags);
    if (!r.begin() || !r.parseValue(out) || !r.end()) return false;
    return diags.count() == before;
}

}  // namespace mvr::core
