#include "importers/yaml.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <yaml.h>

namespace mvr::importers {

namespace {

constexpr size_t kMaxDepth = 256;

// Line starts of the text: libyaml counts columns in characters, mvr reports them in bytes.
class Lines {
public:
    explicit Lines(std::string_view text) : m_text(text) {
        m_starts.push_back(0);
        for (size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') m_starts.push_back(i + 1);
    }
    uint32_t byteColumn(size_t line, size_t chars) const {
        if (line >= m_starts.size()) return static_cast<uint32_t>(chars + 1);
        size_t p = m_starts[line];
        for (size_t n = 0; n < chars && p < m_text.size() && m_text[p] != '\n'; ++n) {
            ++p;
            while (p < m_text.size() && (static_cast<unsigned char>(m_text[p]) & 0xC0) == 0x80) ++p;
        }
        return static_cast<uint32_t>(p - m_starts[line] + 1);
    }
    // Line (0-based) and byte column (1-based) of a byte offset.
    void locate(size_t offset, size_t& line, uint32_t& col) const {
        size_t lo = 0, hi = m_starts.size();
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            (m_starts[mid] <= offset ? lo : hi) = mid;
        }
        line = lo;
        col = static_cast<uint32_t>(offset - m_starts[lo] + 1);
    }

private:
    std::string_view m_text;
    std::vector<size_t> m_starts;
};

bool digitsOnly(std::string_view s, bool hex = false) {
    if (s.empty()) return false;
    for (char c : s)
        if (!(c >= '0' && c <= '9') && !(hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))) return false;
    return true;
}

std::string stripZeros(std::string_view digits) {
    size_t i = 0;
    while (i + 1 < digits.size() && digits[i] == '0') ++i;
    return std::string(digits.substr(i));
}

// A YAML 1.2 core-schema number as JSON number text, changed only where JSON needs it ("+1" -> "1",
// ".5" -> "0.5", "007" -> "7", "0x1F" -> "31"); false when s is no number JSON can hold exactly. A float beyond
// a 64-bit float (1e400), or so small that it would become 0 (1e-400), is refused as the JSON reader refuses it:
// out is true and range says why.
bool numberLexeme(std::string_view s, std::string& out, std::string& range) {
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
        bool hex = s[1] == 'x';
        std::string_view digits = s.substr(2);
        if (!digitsOnly(digits, hex)) return false;
        if (!hex)
            for (char c : digits)
                if (c > '7') return false;
        errno = 0;
        unsigned long long v = std::strtoull(std::string(digits).c_str(), nullptr, hex ? 16 : 8);
        if (errno == ERANGE || v > 9223372036854775807ULL) return false;
        out = std::to_string(v);
        return true;
    }
    std::string_view body = s;
    std::string sign;
    if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
        if (body[0] == '-') sign = "-";
        body.remove_prefix(1);
    }
    size_t e = body.find_first_of("eE");
    std::string_view mantissa = body.substr(0, e), exponent = e == std::string_view::npos ? "" : body.substr(e + 1);
    size_t dot = mantissa.find('.');
    std::string_view whole = mantissa.substr(0, dot), frac = dot == std::string_view::npos ? "" : mantissa.substr(dot + 1);
    if (whole.empty() && frac.empty()) return false;
    if ((!whole.empty() && !digitsOnly(whole)) || (!frac.empty() && !digitsOnly(frac))) return false;
    if (e != std::string_view::npos) {
        std::string_view ed = exponent;
        if (!ed.empty() && (ed[0] == '+' || ed[0] == '-')) ed.remove_prefix(1);
        if (!digitsOnly(ed)) return false;
    }
    bool isFloat = dot != std::string_view::npos || e != std::string_view::npos;
    out = sign + (whole.empty() ? std::string("0") : stripZeros(whole));
    if (dot != std::string_view::npos) out += "." + (frac.empty() ? std::string("0") : std::string(frac));
    if (e != std::string_view::npos) out += "e" + std::string(exponent);
    if (!isFloat) {
        errno = 0;
        std::strtoll(out.c_str(), nullptr, 10);
        return errno != ERANGE;  // beyond 64 bits: kept as a string, exactly
    }
    double d = std::strtod(out.c_str(), nullptr);
    if (std::isinf(d)) range = "number " + std::string(s) + " is too large for a 64-bit float";
    else if (d == 0 && mantissa.find_first_of("123456789") != std::string_view::npos)
        range = "number " + std::string(s) + " is too small for a 64-bit float (it would become 0)";
    return true;
}

// range: why a number is refused (see numberLexeme); the value is then its text.
core::Value resolvePlain(const std::string& s, std::string& range) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return core::Value();
    if (s == "true" || s == "True" || s == "TRUE") return core::Value::makeBool(true);
    if (s == "false" || s == "False" || s == "FALSE") return core::Value::makeBool(false);
    std::string lexeme;
    if (numberLexeme(s, lexeme, range) && range.empty()) return core::Value::makeNumberLexeme(std::move(lexeme));
    return core::Value::makeString(s);
}

core::Value resolveScalar(const yaml_event_t& ev, std::string& range) {
    std::string text(reinterpret_cast<const char*>(ev.data.scalar.value), ev.data.scalar.length);
    const char* tag = reinterpret_cast<const char*>(ev.data.scalar.tag);
    if (tag) {
        std::string t = tag;
        std::string lexeme;
        if (t == YAML_INT_TAG || t == YAML_FLOAT_TAG) {
            if (numberLexeme(text, lexeme, range) && range.empty()) return core::Value::makeNumberLexeme(std::move(lexeme));
        } else if (t == YAML_BOOL_TAG || t == YAML_NULL_TAG) {
            std::string notNumber;
            core::Value v = resolvePlain(text, notNumber);
            if (v.isBool() || v.isNull()) return v;
        }
        return core::Value::makeString(std::move(text));  // !!str, other and custom tags: the text as written
    }
    if (ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE) return resolvePlain(text, range);
    return core::Value::makeString(std::move(text));
}

size_t countNodes(const core::Value& v) {
    size_t n = 1;
    for (const core::Value& i : v.items) n += countNodes(i);
    for (const core::Member& m : v.members) n += countNodes(m.value);
    return n;
}

struct Frame {
    core::Value value;  // the sequence (Array) or mapping (Object) being read
    std::string anchor;
    bool haveKey = false;
    bool keyIsMerge = false;
    std::string key;
    core::Pos keyPos;
    std::unique_ptr<std::unordered_set<std::string>> index;  // keys, once a mapping is large
    std::vector<core::Member> merged;  // members from "<<: *anchor", added where the mapping does not say
    size_t mergeAt = 0;
};

class Builder {
public:
    Builder(std::string_view text, const std::string& file, core::Diagnostics& diags, const YamlOptions& opt, bool bom)
        : m_lines(text), m_file(file), m_diags(diags), m_opt(opt), m_bom(bom) {}

    core::Pos pos(const yaml_mark_t& m) const {
        core::Pos p;
        p.line = static_cast<uint32_t>(m_opt.firstLine + m.line);
        p.col = m_lines.byteColumn(m.line, m.column) + (m_bom && m.line == 0 ? 3 : 0);
        return p;
    }
    core::Pos posOfOffset(size_t offset) const {
        size_t line;
        uint32_t col;
        m_lines.locate(offset, line, col);
        return core::Pos{static_cast<uint32_t>(m_opt.firstLine + line), col + (m_bom && line == 0 ? 3 : 0)};
    }

    std::string path() const {
        std::string p;
        for (const Frame& f : m_stack) {
            if (f.value.isArray()) core::appendIndexSegment(p, f.value.items.size());
            else if (f.haveKey) core::appendKeySegment(p, f.key);
        }
        return p;
    }

    void report(core::Pos at, std::string path, std::string code, std::string message) {
        m_diags.add(core::Diagnostic{m_file, std::move(path), at.line, at.col, std::move(code), std::move(message)});
        m_ok = false;
    }

    // One event; false stops reading.
    bool event(const yaml_event_t& ev) {
        switch (ev.type) {
        case YAML_DOCUMENT_START_EVENT:
            if (++m_documents > 1) {
                report(pos(ev.start_mark), "", "syntax",
                       "a second YAML document ('---') in this file; mvr reads one document per file");
                return false;
            }
            return true;
        case YAML_SCALAR_EVENT: {
            const char* anchor = reinterpret_cast<const char*>(ev.data.scalar.anchor);
            if (expectingKey()) {
                Frame& f = m_stack.back();
                f.key.assign(reinterpret_cast<const char*>(ev.data.scalar.value), ev.data.scalar.length);
                f.keyPos = pos(ev.start_mark);
                f.keyIsMerge = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && f.key == "<<";
                f.haveKey = true;
                if (anchor) m_anchors[anchor] = core::Value::makeString(f.key);
                return true;
            }
            std::string range;
            core::Value v = resolveScalar(ev, range);
            v.pos = pos(ev.start_mark);
            if (!range.empty()) report(v.pos, path(), "number-range", range);
            if (anchor) m_anchors[anchor] = v;
            return place(std::move(v));
        }
        case YAML_ALIAS_EVENT: {
            std::string name = reinterpret_cast<const char*>(ev.data.alias.anchor);
            auto it = m_anchors.find(name);
            if (it == m_anchors.end()) {
                report(pos(ev.start_mark), path(), "syntax", "unknown alias *" + name + " (no anchor &" + name + " before it)");
                return false;
            }
            if (expectingKey()) {
                const core::Value& k = it->second;
                if (k.isArray() || k.isObject()) return complexKey(ev.start_mark);
                Frame& f = m_stack.back();
                f.key = k.isBool() ? (k.boolean ? "true" : "false") : k.text;
                f.keyPos = pos(ev.start_mark);
                f.keyIsMerge = false;
                f.haveKey = true;
                return true;
            }
            m_nodes += countNodes(it->second);
            if (m_nodes > m_opt.maxNodes) return tooLarge(ev.start_mark);
            core::Value copy = it->second;
            return place(std::move(copy), false);
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            if (expectingKey()) return complexKey(ev.start_mark);
            if (m_stack.size() >= kMaxDepth) {
                report(pos(ev.start_mark), path(), "depth", "nesting deeper than 256 levels");
                return false;
            }
            bool seq = ev.type == YAML_SEQUENCE_START_EVENT;
            const yaml_char_t* a = seq ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor;
            Frame f;
            f.value = seq ? core::Value::makeArray() : core::Value::makeObject();
            f.value.pos = pos(ev.start_mark);
            if (a) f.anchor = reinterpret_cast<const char*>(a);
            m_stack.push_back(std::move(f));
            return true;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
            Frame f = std::move(m_stack.back());
            m_stack.pop_back();
            if (!f.merged.empty()) {
                // Keys the mapping states itself win over merged ones, wherever they are written.
                std::vector<core::Member> add;
                for (core::Member& m : f.merged)
                    if (!f.value.find(m.key)) add.push_back(std::move(m));
                size_t at = std::min(f.mergeAt, f.value.members.size());
                f.value.members.insert(f.value.members.begin() + static_cast<long>(at), std::make_move_iterator(add.begin()),
                                       std::make_move_iterator(add.end()));
            }
            if (!f.anchor.empty()) m_anchors[f.anchor] = f.value;
            return place(std::move(f.value), false);
        }
        case YAML_STREAM_END_EVENT: return false;
        default: return true;
        }
    }

    bool ok() const { return m_ok; }
    bool hasRoot() const { return m_hasRoot; }
    core::Value& root() { return m_root; }

private:
    bool expectingKey() const { return !m_stack.empty() && m_stack.back().value.isObject() && !m_stack.back().haveKey; }

    bool complexKey(const yaml_mark_t& at) {
        report(pos(at), path(), "type", "a mapping key must be a plain value (a string or a number), not a list or a mapping");
        return false;
    }

    bool tooLarge(const yaml_mark_t& at) {
        report(pos(at), path(), "depth",
               "the document expands to more than " + std::to_string(m_opt.maxNodes) + " values (aliases repeat what they point at)");
        return false;
    }

    bool place(core::Value v, bool count = true) {
        if (count && ++m_nodes > m_opt.maxNodes) {
            report(v.pos, path(), "depth", "the document has more than " + std::to_string(m_opt.maxNodes) + " values");
            return false;
        }
        if (m_stack.empty()) {
            m_root = std::move(v);
            m_hasRoot = true;
            return true;
        }
        Frame& f = m_stack.back();
        if (f.value.isArray()) {
            f.value.items.push_back(std::move(v));
            return true;
        }
        f.haveKey = false;
        if (f.keyIsMerge) {
            auto takeFrom = [&](const core::Value& src) {
                if (f.merged.empty()) f.mergeAt = f.value.members.size();
                for (const core::Member& m : src.members) {
                    bool seen = false;
                    for (const core::Member& x : f.merged) seen = seen || x.key == m.key;
                    if (!seen) f.merged.push_back(m);  // the first mapping merged wins
                }
            };
            bool good = v.isObject();
            if (v.isArray()) {
                good = true;
                for (const core::Value& i : v.items) good = good && i.isObject();
            }
            if (!good) {
                std::string p = path();
                core::appendKeySegment(p, "<<");
                report(f.keyPos, p, "type", "a merge key (<<) takes a mapping or a list of mappings, got " + core::describe(v));
                return true;
            }
            if (v.isObject()) takeFrom(v);
            else
                for (const core::Value& i : v.items) takeFrom(i);
            return true;
        }
        bool dup = false;
        if (f.index) {
            dup = !f.index->insert(f.key).second;
        } else {
            dup = f.value.find(f.key) != nullptr;
            if (!dup && f.value.members.size() >= 32) {
                f.index = std::make_unique<std::unordered_set<std::string>>();
                for (const core::Member& m : f.value.members) f.index->insert(m.key);
                f.index->insert(f.key);
            }
        }
        if (dup) {
            const core::Member* first = nullptr;
            for (const core::Member& m : f.value.members)
                if (m.key == f.key) first = &m;
            std::string p;
            for (size_t i = 0; i + 1 < m_stack.size(); ++i) {
                const Frame& g = m_stack[i];
                if (g.value.isArray()) core::appendIndexSegment(p, g.value.items.size());
                else if (g.haveKey) core::appendKeySegment(p, g.key);
            }
            core::appendKeySegment(p, f.key);
            report(f.keyPos, p, "duplicate-key",
                   "duplicate key" + (first ? " (first at line " + std::to_string(first->keyPos.line) + ", column " +
                                                  std::to_string(first->keyPos.col) + ")"
                                            : std::string()));
            return true;
        }
        f.value.members.push_back(core::Member{f.key, std::move(v), f.keyPos});
        return true;
    }

    Lines m_lines;
    const std::string& m_file;
    core::Diagnostics& m_diags;
    const YamlOptions& m_opt;
    bool m_bom;
    std::vector<Frame> m_stack;
    std::unordered_map<std::string, core::Value> m_anchors;
    core::Value m_root;
    bool m_hasRoot = false;
    bool m_ok = true;
    int m_documents = 0;
    size_t m_nodes = 0;
};

}  // namespace

bool parseYaml(std::string_view text, const std::string& file, core::Value& out, core::Diagnostics& diags,
               const YamlOptions& opt) {
    if (text.size() >= 2 && ((static_cast<unsigned char>(text[0]) == 0xFF && static_cast<unsigned char>(text[1]) == 0xFE) ||
                             (static_cast<unsigned char>(text[0]) == 0xFE && static_cast<unsigned char>(text[1]) == 0xFF))) {
        diags.add(core::Diagnostic{file, "", opt.firstLine, 1, "encoding",
                                   "the file is UTF-16 encoded; mvr reads UTF-8 (save it as UTF-8)"});
        return false;
    }
    bool bom = text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0;
    if (bom) text.remove_prefix(3);

    Builder b(text, file, diags, opt, bom);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        diags.add(core::Diagnostic{file, "", 0, 0, "io", "out of memory starting the YAML parser"});
        return false;
    }
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    while (true) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            std::string problem = parser.problem ? parser.problem : "invalid YAML";
            if (parser.error == YAML_READER_ERROR) {
                core::Pos at = b.posOfOffset(parser.problem_offset);
                b.report(at, b.path(), "utf8", "invalid text: " + problem);
            } else if (parser.error == YAML_MEMORY_ERROR) {
                b.report(core::Pos{}, "", "io", "out of memory reading YAML");
            } else {
                std::string message = "YAML syntax: " + problem;
                if (parser.context) {
                    core::Pos c = b.pos(parser.context_mark);
                    message += " (" + std::string(parser.context) + " at line " + std::to_string(c.line) + ", column " +
                               std::to_string(c.col) + ")";
                }
                b.report(b.pos(parser.problem_mark), b.path(), "syntax", message);
            }
            break;
        }
        bool go = b.event(ev);
        yaml_event_delete(&ev);
        if (!go) break;
    }
    yaml_parser_delete(&parser);
    if (!b.ok()) return false;
    out = b.hasRoot() ? std::move(b.root()) : core::Value();
    return true;
}

}  // namespace mvr::importers
