#include "core/stored_manifest.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

namespace mvr::core {

// Layout (all little-endian): "MVRS", the format byte, an 8-byte checksum of what follows, then the fields and
// the document tree. Counts and lengths are LEB128 varints, except the element counts of arrays and objects,
// which are 4 bytes (written after their elements, in place). A value is a tag byte and its payload:
//   0 null, 1 false, 2 true,
//   3 an integer of at most 15 digits ("-?[0-9]+"): its lexeme; its double is exact (|v| < 2^53), so the reader
//     sums the digits instead of reading 8 more bytes a number (most numbers of most documents are these)
//   8 a number whose double Clinger's fast path gives (at most 15 digits, a power of ten up to 22: 0.912, 1e-5):
//     its lexeme; the reader computes the double as the JSON reader does (a stored double made the form of a
//     version with step histories half as large again as its text)
//   4 any other number: its lexeme, then its double (8 bytes), as strtod gives it (correctly rounded)
//   5 a string, 6 an array (count, values), 7 an object (count, then key and value for each member).
namespace {

enum Tag : unsigned char { kNull, kFalse, kTrue, kInt, kNumber, kString, kArray, kObject, kDecimal };
// Deeper than the JSON reader allows (JsonReader::kMaxDepth), so every stored document fits; both walks recurse.
constexpr int kMaxDepth = 512;
constexpr size_t kHeader = 4 + 1 + 8;

uint64_t load64(const unsigned char* p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}

uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

// A checksum, not a digest: four independent multiply-rotate lanes over 8-byte words (about 8 bytes a cycle; a
// 10,000-param version is ~200 KB), so that a changed byte is caught before it can become a different value.
uint64_t checksum(const unsigned char* p, size_t n) {
    constexpr uint64_t k1 = 0x9E3779B185EBCA87ULL, k2 = 0xC2B2AE3D27D4EB4FULL;
    uint64_t h[4] = {k1 + k2, k2, 0, 0 - k1};
    size_t i = 0;
    for (; i + 32 <= n; i += 32)
        for (int l = 0; l < 4; ++l) h[l] = rotl(h[l] + load64(p + i + 8 * l) * k2, 31) * k1;
    uint64_t x = static_cast<uint64_t>(n) * k1;
    for (int l = 0; l < 4; ++l) x = rotl(x ^ (h[l] * k2), 27) * k1 + k2;
    for (; i < n; ++i) x = rotl(x ^ (p[i] * k1), 23) * k2;
    x ^= x >> 33;
    x *= k2;
    x ^= x >> 29;
    return x;
}

void putVar(std::string& out, uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

void putStr(std::string& out, std::string_view s) {
    putVar(out, s.size());
    out.append(s.data(), s.size());
}

void putF64(std::string& out, double v) {
    char b[8];
    std::memcpy(b, &v, 8);
    out.append(b, 8);
}

void putDataRefs(std::string& out, const std::vector<DataRef>& refs) {
    putVar(out, refs.size());
    for (const DataRef& d : refs) {
        putStr(out, d.key);
        putStr(out, d.name);
        putStr(out, d.path);
        putStr(out, d.uri);
        putVar(out, d.digests.size());
        for (const Digest& g : d.digests) {
            putStr(out, g.algorithm);
            putStr(out, g.value);
        }
        out.push_back(static_cast<char>(d.hasSize));
        putVar(out, static_cast<uint64_t>(d.size));
    }
}

// The double of a JSON number by Clinger's fast path, as JsonReader::parseNumber computes it where the digits
// (at most 15) and the power of ten (at most 22) are exact: one correctly rounded operation. False where it does
// not apply (the reader then calls strtod, also correctly rounded) or for text that is not a number.
bool fastDouble(std::string_view lex, double& out) {
    static const double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    size_t i = 0;
    bool neg = !lex.empty() && lex[0] == '-';
    if (neg) ++i;
    uint64_t mant = 0;
    int digits = 0;
    long e10 = 0;
    bool any = false;
    auto digit = [&](char c) {
        any = true;
        if (mant == 0 && c == '0') return;  // leading zeros do not count
        if (++digits <= 15) mant = mant * 10 + static_cast<uint64_t>(c - '0');
    };
    while (i < lex.size() && lex[i] >= '0' && lex[i] <= '9') digit(lex[i++]);
    if (i < lex.size() && lex[i] == '.') {
        ++i;
        while (i < lex.size() && lex[i] >= '0' && lex[i] <= '9') {
            digit(lex[i++]);
            --e10;
        }
    }
    if (i < lex.size() && (lex[i] == 'e' || lex[i] == 'E')) {
        ++i;
        bool eneg = i < lex.size() && lex[i] == '-';
        if (i < lex.size() && (lex[i] == '+' || lex[i] == '-')) ++i;
        long exp = 0;
        size_t first = i;
        while (i < lex.size() && lex[i] >= '0' && lex[i] <= '9' && exp < 100000) exp = exp * 10 + (lex[i++] - '0');
        if (i == first) return false;
        e10 += eneg ? -exp : exp;
    }
    if (!any || i != lex.size() || digits > 15 || e10 < -22 || e10 > 22) return false;
    double d = static_cast<double>(mant);
    out = e10 < 0 ? d / kPow10[-e10] : d * kPow10[e10];
    if (neg) out = -out;
    return true;
}

// The document tree from its canonical text (core::writeCanonical's: no white space, the escapes of
// writeString, though any JSON escape reads). Anything else fails: such a version has no stored form.
class Transcoder {
public:
    Transcoder(std::string_view text, std::string& out)
        : m_p(text.data()), m_end(text.data() + text.size()), m_out(out) {}

    bool run() { return value(0) && m_p == m_end; }

private:
    bool value(int depth) {
        if (m_p == m_end || depth > kMaxDepth) return false;
        switch (*m_p) {
        case '{': return container(depth, true);
        case '[': return container(depth, false);
        case '"':
            m_out.push_back(static_cast<char>(kString));
            return string();
        case 't': return literal("true", kTrue);
        case 'f': return literal("false", kFalse);
        case 'n': return literal("null", kNull);
        default: return number();
        }
    }

    bool literal(std::string_view word, Tag tag) {
        if (static_cast<size_t>(m_end - m_p) < word.size() || std::string_view(m_p, word.size()) != word) return false;
        m_p += word.size();
        m_out.push_back(static_cast<char>(tag));
        return true;
    }

    bool container(int depth, bool object) {
        const char close = object ? '}' : ']';
        ++m_p;
        m_out.push_back(static_cast<char>(object ? kObject : kArray));
        size_t countAt = m_out.size();
        m_out.append(4, '\0');
        uint32_t n = 0;
        if (m_p < m_end && *m_p == close) {
            ++m_p;
        } else {
            while (true) {
                if (object) {
                    if (m_p == m_end || *m_p != '"' || !string() || m_p == m_end || *m_p++ != ':') return false;
                }
                if (!value(depth + 1)) return false;
                if (++n == 0) return false;
                if (m_p == m_end) return false;
                char c = *m_p++;
                if (c == close) break;
                if (c != ',') return false;
            }
        }
        for (int k = 0; k < 4; ++k) m_out[countAt + static_cast<size_t>(k)] = static_cast<char>((n >> (8 * k)) & 0xff);
        return true;
    }

    static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    bool hex4(uint32_t& v) {
        if (m_end - m_p < 4) return false;
        v = 0;
        for (int k = 0; k < 4; ++k) {
            int d = hexDigit(*m_p++);
            if (d < 0) return false;
            v = (v << 4) | static_cast<uint32_t>(d);
        }
        return true;
    }

    static void appendUtf8(std::string& s, uint32_t cp) {
        if (cp < 0x80) {
            s.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            s.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            s.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }

    // A string at m_p (its opening quote), written as length and bytes.
    bool string() {
        ++m_p;
        const char* start = m_p;
        while (m_p < m_end && *m_p != '"' && *m_p != '\\') {
            if (static_cast<unsigned char>(*m_p) < 0x20) return false;
            ++m_p;
        }
        if (m_p == m_end) return false;
        if (*m_p == '"') {
            putStr(m_out, std::string_view(start, static_cast<size_t>(m_p - start)));
            ++m_p;
            return true;
        }
        // An escape: decode the rest into a buffer.
        m_buf.assign(start, static_cast<size_t>(m_p - start));
        while (true) {
            if (m_p == m_end) return false;
            char c = *m_p++;
            if (c == '"') break;
            if (static_cast<unsigned char>(c) < 0x20) return false;
            if (c != '\\') {
                m_buf.push_back(c);
                continue;
            }
            if (m_p == m_end) return false;
            char e = *m_p++;
            switch (e) {
            case '"': m_buf.push_back('"'); break;
            case '\\': m_buf.push_back('\\'); break;
            case '/': m_buf.push_back('/'); break;
            case 'b': m_buf.push_back('\b'); break;
            case 'f': m_buf.push_back('\f'); break;
            case 'n': m_buf.push_back('\n'); break;
            case 'r': m_buf.push_back('\r'); break;
            case 't': m_buf.push_back('\t'); break;
            case 'u': {
                uint32_t cp;
                if (!hex4(cp)) return false;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    uint32_t lo;
                    if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u') return false;
                    m_p += 2;
                    if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return false;
                }
                appendUtf8(m_buf, cp);
                break;
            }
            default: return false;
            }
        }
        putStr(m_out, m_buf);
        return true;
    }

    bool number() {
        const char* s = m_p;
        while (m_p < m_end && ((*m_p >= '0' && *m_p <= '9') || *m_p == '-' || *m_p == '+' || *m_p == '.' ||
                               *m_p == 'e' || *m_p == 'E'))
            ++m_p;
        std::string_view lex(s, static_cast<size_t>(m_p - s));
        if (lex.empty()) return false;
        bool neg = lex[0] == '-';
        std::string_view digits = lex.substr(neg ? 1 : 0);
        bool integer = !digits.empty() && digits.size() <= 15;
        for (size_t i = 0; integer && i < digits.size(); ++i) integer = digits[i] >= '0' && digits[i] <= '9';
        if (integer) {
            m_out.push_back(static_cast<char>(kInt));
            putStr(m_out, lex);
            return true;
        }
        double d;
        if (fastDouble(lex, d)) {
            m_out.push_back(static_cast<char>(kDecimal));
            putStr(m_out, lex);
            return true;
        }
        m_buf.assign(lex);
        char* end = nullptr;
        d = std::strtod(m_buf.c_str(), &end);
        if (end != m_buf.c_str() + m_buf.size()) return false;
        m_out.push_back(static_cast<char>(kNumber));
        putStr(m_out, lex);
        putF64(m_out, d);
        return true;
    }


    const char* m_p;
    const char* m_end;
    std::string& m_out;
    std::string m_buf;
};

// Reads a stored form; every read is checked against what is left.
class Decoder {
public:
    Decoder(const unsigned char* p, const unsigned char* end) : m_p(p), m_end(end) {}

    bool var(uint64_t& v) {
        v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_p == m_end) return false;
            unsigned char b = *m_p++;
            v |= static_cast<uint64_t>(b & 0x7f) << shift;
            if (!(b & 0x80)) return true;
        }
        return false;
    }
    // A count of things each at least min bytes long: never more than what is left could hold.
    bool count(size_t& n, size_t min) {
        uint64_t v;
        if (!var(v) || v > static_cast<uint64_t>(m_end - m_p) / min) return false;
        n = static_cast<size_t>(v);
        return true;
    }
    bool str(std::string& s) {
        uint64_t n;
        if (m_p != m_end && *m_p < 0x80) {
            n = *m_p++;  // most strings are shorter than 128 bytes
        } else if (!var(n)) {
            return false;
        }
        if (n > static_cast<uint64_t>(m_end - m_p)) return false;
        if (s.empty()) {
            // A string just made (every one the decoder fills): constructing it in place is the short path of
            // std::string, where assign goes through the general replace (a fifth of decoding, measured).
            s.~basic_string();
            new (&s) std::string(reinterpret_cast<const char*>(m_p), static_cast<size_t>(n));
        } else {
            s.assign(reinterpret_cast<const char*>(m_p), static_cast<size_t>(n));
        }
        m_p += n;
        return true;
    }
    bool byte(unsigned char& b) {
        if (m_p == m_end) return false;
        b = *m_p++;
        return true;
    }
    bool f64(double& d) {
        if (m_end - m_p < 8) return false;
        std::memcpy(&d, m_p, 8);
        m_p += 8;
        return true;
    }
    bool u32(uint32_t& v) {
        if (m_end - m_p < 4) return false;
        v = static_cast<uint32_t>(m_p[0]) | (static_cast<uint32_t>(m_p[1]) << 8) | (static_cast<uint32_t>(m_p[2]) << 16) |
            (static_cast<uint32_t>(m_p[3]) << 24);
        m_p += 4;
        return true;
    }

    bool dataRefs(std::vector<DataRef>& out) {
        size_t n;
        // key, name, path, uri, digests, hasSize, size: at least 7 bytes each.
        if (!count(n, 7)) return false;
        out.resize(n);
        for (DataRef& d : out) {
            size_t digests;
            unsigned char hasSize;
            uint64_t size;
            if (!(str(d.key) && str(d.name) && str(d.path) && str(d.uri) && count(digests, 2))) return false;
            d.digests.resize(digests);
            for (Digest& g : d.digests)
                if (!(str(g.algorithm) && str(g.value))) return false;
            if (!(byte(hasSize) && hasSize <= 1 && var(size) && size <= static_cast<uint64_t>(INT64_MAX))) return false;
            d.hasSize = hasSize;
            d.size = static_cast<int64_t>(size);
        }
        return true;
    }

    bool value(Value& v, int depth) {
        unsigned char tag;
        if (!byte(tag) || depth > kMaxDepth) return false;
        switch (tag) {
        case kNull: return true;
        case kFalse:
        case kTrue:
            v.kind = Kind::Bool;
            v.boolean = tag == kTrue;
            return true;
        case kInt: {
            v.kind = Kind::Number;
            if (!str(v.text) || v.text.empty()) return false;
            const char* c = v.text.data();
            size_t len = v.text.size(), i = *c == '-' ? 1 : 0;
            if (len - i == 0 || len - i > 15) return false;
            int64_t x = 0;
            for (; i < len; ++i) {
                if (c[i] < '0' || c[i] > '9') return false;
                x = x * 10 + (c[i] - '0');
            }
            // -0 is a negative zero, as the JSON reader reads it.
            v.number = *c == '-' ? -static_cast<double>(x) : static_cast<double>(x);
            return true;
        }
        case kNumber:
            v.kind = Kind::Number;
            return str(v.text) && !v.text.empty() && f64(v.number);
        case kDecimal: v.kind = Kind::Number; return str(v.text) && fastDouble(v.text, v.number);
        case kString: v.kind = Kind::String; return str(v.text);
        case kArray: {
            uint32_t n;
            if (!u32(n) || n > static_cast<uint64_t>(m_end - m_p)) return false;
            v.kind = Kind::Array;
            v.items.resize(n);
            for (Value& x : v.items)
                if (!value(x, depth + 1)) return false;
            return true;
        }
        case kObject: {
            uint32_t n;
            // A member is a key (at least its length byte) and a value (at least its tag).
            if (!u32(n) || n > static_cast<uint64_t>(m_end - m_p) / 2) return false;
            v.kind = Kind::Object;
            v.members.resize(n);
            for (Member& m : v.members)
                if (!str(m.key) || !value(m.value, depth + 1)) return false;
            return true;
        }
        default: return false;
        }
    }

    bool done() const { return m_p == m_end; }

private:
    const unsigned char* m_p;
    const unsigned char* m_end;
};

}  // namespace

uint64_t storedChecksum(std::string_view bytesAfterHeader) {
    return checksum(reinterpret_cast<const unsigned char*>(bytesAfterHeader.data()), bytesAfterHeader.size());
}

bool encodeStored(const Manifest& m, std::string& out) {
    const size_t start = out.size();
    // Most stored forms are smaller than the text (numbers and structure take fewer bytes): one allocation.
    out.reserve(start + m.canonical.size() + m.canonical.size() / 4 + 256);
    out.append(kStoredMagic, 4);
    out.push_back(static_cast<char>(kStoredFormat));
    out.append(8, '\0');  // the checksum, once the rest is written
    putStr(out, m.model);
    putStr(out, m.label);
    out.push_back(static_cast<char>((m.labelIsInteger ? 1 : 0) | (m.hasParent ? 2 : 0) | (m.hasAliasesField ? 4 : 0)));
    putStr(out, m.description);
    putStr(out, m.createdOn);
    putStr(out, m.author);
    putStr(out, m.parent.model);
    putStr(out, m.parent.label);
    putVar(out, m.metrics.size());
    for (const Metric& x : m.metrics) {
        putStr(out, x.name);
        putF64(out, x.value);
        putStr(out, x.lexeme);
        out.push_back(static_cast<char>(x.goal));
        putVar(out, x.steps);
    }
    putDataRefs(out, m.datasets);
    putDataRefs(out, m.artifacts);
    putVar(out, m.tags.size());
    for (const auto& t : m.tags) {
        putStr(out, t.first);
        putStr(out, t.second);
    }
    if (m.canonical.empty() || !Transcoder(m.canonical, out).run()) {
        out.resize(start);
        return false;
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(out.data() + start);
    uint64_t sum = checksum(bytes + kHeader, out.size() - start - kHeader);
    for (int k = 0; k < 8; ++k) out[start + 5 + static_cast<size_t>(k)] = static_cast<char>((sum >> (8 * k)) & 0xff);
    return true;
}

bool decodeStored(std::string_view bytes, Manifest& out, std::string& error) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    if (bytes.size() < kHeader || std::memcmp(p, kStoredMagic, 4) != 0) {
        error = "not a stored form (too short or no MVRS header)";
        return false;
    }
    if (p[4] != kStoredFormat) {
        error = "stored form " + std::to_string(p[4]) + ", this mvr reads " + std::to_string(kStoredFormat);
        return false;
    }
    uint64_t want = 0;
    for (int k = 0; k < 8; ++k) want |= static_cast<uint64_t>(p[5 + k]) << (8 * k);
    if (checksum(p + kHeader, bytes.size() - kHeader) != want) {
        error = "the stored form's checksum does not match (cut short or changed)";
        return false;
    }
    out = Manifest();
    Decoder d(p + kHeader, p + bytes.size());
    unsigned char flags;
    size_t n;
    bool ok = d.str(out.model) && d.str(out.label) && d.byte(flags) && flags < 8 && d.str(out.description) &&
              d.str(out.createdOn) && d.str(out.author) && d.str(out.parent.model) && d.str(out.parent.label) &&
              d.count(n, 12);  // name, value, lexeme, goal, steps
    if (ok) {
        out.labelIsInteger = flags & 1;
        out.hasParent = flags & 2;
        out.hasAliasesField = flags & 4;
        out.metrics.resize(n);
        for (Metric& x : out.metrics) {
            unsigned char goal;
            uint64_t steps;
            if (!(d.str(x.name) && d.f64(x.value) && d.str(x.lexeme) && d.byte(goal) && goal <= 2 && d.var(steps))) {
                ok = false;
                break;
            }
            x.goal = static_cast<Goal>(goal);
            x.steps = static_cast<size_t>(steps);
        }
    }
    ok = ok && d.dataRefs(out.datasets) && d.dataRefs(out.artifacts) && d.count(n, 2);
    if (ok) {
        out.tags.resize(n);
        for (auto& t : out.tags)
            if (!(d.str(t.first) && d.str(t.second))) {
                ok = false;
                break;
            }
    }
    ok = ok && d.value(out.doc, 0) && d.done() && out.doc.isObject();
    if (!ok) {
        error = "the stored form does not read back (a length or tag is out of place)";
        return false;
    }
    // As validateManifest sets them for a document read from the start of its text.
    out.sourcePos = Pos{1, 1};
    return true;
}

}  // namespace mvr::core
