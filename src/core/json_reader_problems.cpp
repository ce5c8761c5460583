// How the JSON reader reports problems: the path of the value being read (keys decoded, very deep paths
// shortened), report and fail, and the messages for an unexpected byte or a bad key.
#include "core/json_reader.hpp"

#include <cstdio>

#include "core/json_reader_internal.hpp"

namespace mvr::core {

namespace json_detail {

std::string printable(char c) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02X", u);
    return buf;
}

}  // namespace json_detail

using json_detail::printable;

std::string JsonReader::path() const {
    std::string out = fullPath();
    // A path 250 levels deep is no help in a message: keep its start and its end.
    if (out.size() > 160) out = out.substr(0, 60) + "…" + out.substr(out.size() - 80);
    return out;
}

std::string JsonReader::fullPath() const {
    std::string out;
    for (const Segment& s : m_stack) {
        if (s.isIndex) {
            appendIndexSegment(out, s.index);
        } else {
            // Keys in paths are shown decoded; a key with escapes is decoded again here (rare, errors only).
            std::string key(s.rawKey, s.rawLen);
            if (key.find('\\') != std::string::npos) {
                std::string quoted = "\"" + key + "\"";
                Diagnostics scratch;
                Value v;
                if (parseJson(quoted, v, scratch) && v.isString()) key = v.text;
            }
            appendKeySegment(out, key);
        }
    }
    return out;
}

void JsonReader::report(Pos at, std::string path, std::string code, std::string message) {
    m_diags.add(Diagnostic{m_file, std::move(path), at.line, at.col, std::move(code), std::move(message)});
}

bool JsonReader::fail(std::string code, std::string message) {
    return fail(pos(), std::move(code), std::move(message));
}

bool JsonReader::fail(Pos at, std::string code, std::string message) {
    if (!m_failed) report(at, path(), std::move(code), std::move(message));
    m_failed = true;
    return false;
}

void JsonReader::badKey() {
    if (m_p >= m_end) fail("syntax", "unexpected end of file; expected a key");
    else if (*m_p == '\'') fail("syntax", "keys must be in double quotes, not single quotes");
    else if (*m_p == '/') fail("syntax", "comments are not allowed in JSON");
    else fail("syntax", "unexpected " + printable(*m_p) + "; expected a key in double quotes");
}

}  // namespace mvr::core
