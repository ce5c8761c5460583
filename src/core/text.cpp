#include "core/text.hpp"

namespace mvr::core {

size_t utf8SequenceAt(std::string_view s, size_t i) {
    auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = at(i);
    if (c < 0x80) return 1;
    auto cont = [&](size_t k, unsigned char lo, unsigned char hi) {
        return i + k < s.size() && at(i + k) >= lo && at(i + k) <= hi;
    };
    if (c >= 0xC2 && c <= 0xDF) return cont(1, 0x80, 0xBF) ? 2 : 0;
    if (c == 0xE0) return cont(1, 0xA0, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
    if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2, 0x80, 0xBF) ? 3 : 0;  // no UTF-16 surrogates
    if (c == 0xF0) return cont(1, 0x90, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3) return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
    if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
    return 0;
}

bool isValidUtf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        size_t n = utf8SequenceAt(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

namespace {
template <class Bad>
std::string rewriteInvalid(std::string_view s, Bad&& bad) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        size_t n = utf8SequenceAt(s, i);
        if (n == 0) {
            bad(static_cast<unsigned char>(s[i]), out);
            ++i;
        } else {
            out.append(s.data() + i, n);
            i += n;
        }
    }
    return out;
}
}  // namespace

std::string showInvalidBytes(std::string_view s) {
    if (isValidUtf8(s)) return std::string(s);
    return rewriteInvalid(s, [](unsigned char c, std::string& out) {
        static const char* hex = "0123456789ABCDEF";
        out += "\\x";
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 15]);
    });
}

std::string replaceInvalidBytes(std::string_view s) {
    if (isValidUtf8(s)) return std::string(s);
    return rewriteInvalid(s, [](unsigned char, std::string& out) { out += "\xEF\xBF\xBD"; });
}

bool isNumberLexeme(std::string_view s) {
    size_t i = 0, n = s.size();
    auto digit = [&](size_t k) { return k < n && s[k] >= '0' && s[k] <= '9'; };
    if (i < n && s[i] == '-') ++i;
    if (!digit(i)) return false;
    if (s[i] == '0') ++i;
    else
        while (digit(i)) ++i;
    if (i < n && s[i] == '.') {
        ++i;
        if (!digit(i)) return false;
        while (digit(i)) ++i;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
        if (!digit(i)) return false;
        while (digit(i)) ++i;
    }
    return i == n;
}

namespace {
// The length of the invisible or control character at s[i] in UTF-8 (0 when there is none): C0 and DEL, C1
// controls (U+0080-U+009F), the Arabic letter mark (U+061C), zero-width spaces and joiners and the directional
// marks (U+200B-U+200F), embeddings and overrides (U+202A-U+202E), isolates (U+2066-U+2069) and the byte order mark
// (U+FEFF): characters that draw as nothing, or reorder the text around them (a name that reads one way and is
// another).
size_t invisibleAt(std::string_view s, size_t i) {
    auto b = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    unsigned c = b(0);
    if (c < 0x20 || c == 0x7f) return 1;
    if (c == 0xC2 && b(1) >= 0x80 && b(1) <= 0x9F) return 2;
    if (c == 0xD8 && b(1) == 0x9C) return 2;
    if (c == 0xE2 && b(1) == 0x80 && ((b(2) >= 0x8B && b(2) <= 0x8F) || (b(2) >= 0xAA && b(2) <= 0xAE))) return 3;
    if (c == 0xE2 && b(1) == 0x81 && b(2) >= 0xA6 && b(2) <= 0xA9) return 3;
    if (c == 0xEF && b(1) == 0xBB && b(2) == 0xBF) return 3;
    return 0;
}

// The code point of the UTF-8 sequence s[i..i+n).
unsigned codePoint(std::string_view s, size_t i, size_t n) {
    auto u = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
    if (n == 1) return u(0);
    if (n == 2) return ((u(0) & 0x1Fu) << 6) | (u(1) & 0x3Fu);
    return ((u(0) & 0x0Fu) << 12) | ((u(1) & 0x3Fu) << 6) | (u(2) & 0x3Fu);
}
}  // namespace

bool hasControlOrEdgeSpace(std::string_view s) {
    if (s.empty()) return true;
    if (s.front() == ' ' || s.back() == ' ') return true;
    for (size_t i = 0; i < s.size(); ++i)
        if (invisibleAt(s, i)) return true;
    return false;
}

bool hasInvisible(std::string_view s, bool newlinesToo) {
    for (size_t i = 0; i < s.size(); ++i)
        if (size_t n = invisibleAt(s, i); n && (newlinesToo || s[i] != '\n')) return true;
    return false;
}

std::string escapeInvisible(std::string_view s) {
    if (!hasInvisible(s)) return std::string(s);
    std::string out;
    static const char* hex = "0123456789abcdef";
    for (size_t i = 0; i < s.size();) {
        size_t n = invisibleAt(s, i);
        if (!n) {
            out += s[i++];
            continue;
        }
        unsigned cp = codePoint(s, i, n);
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4) out += hex[(cp >> shift) & 0xF];
        i += n;
    }
    return out;
}

std::string displayText(std::string_view s, bool keepNewlines) {
    std::string out;
    out.reserve(s.size() + 8);
    static const char* hex = "0123456789ABCDEF";
    for (size_t i = 0; i < s.size();) {
        size_t n = invisibleAt(s, i);
        if (!n || (keepNewlines && s[i] == '\n')) {
            out += s[i++];
            continue;
        }
        unsigned cp = codePoint(s, i, n);
        if (cp == '\n') out += "\\n";
        else if (cp == '\t') out += "\\t";
        else if (cp == '\r') out += "\\r";
        else {
            out += "<U+";
            for (int shift = 12; shift >= 0; shift -= 4) out += hex[(cp >> shift) & 0xF];
            out += '>';
        }
        i += n;
    }
    return out;
}

std::string asciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool containsIgnoringCase(std::string_view haystack, std::string_view needle) {
    if (needle.empty()) return true;
    return asciiLower(haystack).find(asciiLower(needle)) != std::string::npos;
}

bool isHexText(std::string_view s) {
    // Without a branch per character: in random hex, digit or letter is a coin toss the branch predictor
    // loses (this loop was 3% of an import).
    unsigned bad = s.empty();
    for (char ch : s) {
        unsigned c = static_cast<unsigned char>(ch);
        unsigned lower = c | 0x20;
        bad |= static_cast<unsigned>(c - '0' > 9u) & static_cast<unsigned>(lower - 'a' > 5u);
    }
    return bad == 0;
}

}  // namespace mvr::core
