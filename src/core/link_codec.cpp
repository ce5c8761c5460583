#include "core/link_codec.hpp"

#include <cstdint>

#include "core/diagnostics.hpp"
#include "core/json_reader.hpp"

namespace mvr::core {

namespace {

constexpr unsigned char kMarker = 0x01;
constexpr unsigned char kSame = 255;
constexpr unsigned char kText = 254;

// Writes the canonical form with every number lexeme moved out to `numbers`.
void skeleton(const Value& v, std::string& out, std::vector<std::string>& numbers) {
    writeCanonicalWith(v, out, [&](const Value& number, std::string& o) {
        o.push_back(static_cast<char>(kMarker));
        numbers.push_back(number.text);
    });
}

std::string render(bool neg, unsigned f, uint64_t m) {
    std::string ds = std::to_string(m);
    if (ds.size() < f + 1) ds.insert(0, f + 1 - ds.size(), '0');
    return (neg ? "-" : "") + (f ? ds.substr(0, ds.size() - f) + "." + ds.substr(ds.size() - f) : ds);
}

// A plain decimal (no exponent) whose text is exactly sign + mantissa with f fraction digits.
bool compact(const std::string& lex, bool& neg, unsigned& f, uint64_t& m) {
    size_t i = 0;
    neg = !lex.empty() && lex[0] == '-';
    if (neg) ++i;
    std::string digits;
    f = 0;
    bool dot = false;
    for (; i < lex.size(); ++i) {
        char c = lex[i];
        if (c == '.') {
            if (dot) return false;
            dot = true;
        } else if (c >= '0' && c <= '9') {
            digits.push_back(c);
            if (dot) ++f;
        } else {
            return false;
        }
    }
    if (digits.empty() || digits.size() > 10 || f > 13) return false;
    m = std::stoull(digits);
    // Must render back to the same text (rules out leading zeros such as "007", which JSON forbids anyway).
    return render(neg, f, m) == lex;
}

struct BitWriter {
    std::string out;
    uint64_t acc = 0;
    unsigned n = 0;
    void put(uint64_t v, unsigned bits) {
        for (unsigned i = 0; i < bits; ++i) {
            acc |= ((v >> i) & 1u) << n;
            if (++n == 8) {
                out.push_back(static_cast<char>(acc));
                acc = 0;
                n = 0;
            }
        }
    }
    void flush() {
        if (n) out.push_back(static_cast<char>(acc));
        acc = 0;
        n = 0;
    }
};

struct BitReader {
    std::string_view in;
    size_t bit = 0;
    bool get(unsigned bits, uint64_t& v) {
        v = 0;
        for (unsigned i = 0; i < bits; ++i, ++bit) {
            if (bit / 8 >= in.size()) return false;
            v |= static_cast<uint64_t>((static_cast<unsigned char>(in[bit / 8]) >> (bit % 8)) & 1u) << i;
        }
        return true;
    }
};

}  // namespace

std::string encodeLinkPayload(const std::vector<const Value*>& docs) {
    std::string out = "M1";
    out.push_back(static_cast<char>(docs.size()));
    std::vector<std::vector<std::string>> numbers(docs.size());
    for (size_t d = 0; d < docs.size(); ++d) {
        skeleton(*docs[d], out, numbers[d]);
        out.push_back('\0');
    }
    std::string headers, text;
    BitWriter mant;
    for (size_t d = 0; d < docs.size(); ++d) {
        for (size_t i = 0; i < numbers[d].size(); ++i) {
            const std::string& lex = numbers[d][i];
            if (d > 0 && i < numbers[0].size() && numbers[0][i] == lex) {
                headers.push_back(static_cast<char>(kSame));
                continue;
            }
            bool neg;
            unsigned f;
            uint64_t m;
            if (compact(lex, neg, f, m) && m < (1ull << 30)) {
                unsigned cls = m < (1u << 10) ? 0 : m < (1u << 20) ? 1 : 2;
                headers.push_back(static_cast<char>((neg ? 0x80 : 0) | (cls << 4) | f));
                mant.put(m, (cls + 1) * 10);
            } else {
                headers.push_back(static_cast<char>(kText));
                text += lex;
                text.push_back(',');
            }
        }
    }
    mant.flush();
    out += headers;
    out += text;
    out.push_back('\0');
    out += mant.out;
    return out;
}

bool decodeLinkPayload(std::string_view in, std::vector<Value>& docs, std::string& error) {
    docs.clear();
    if (in.size() < 3 || in[0] != 'M' || in[1] != '1') {
        error = "this link was not made by this version of mvr (unknown format)";
        return false;
    }
    size_t count = static_cast<unsigned char>(in[2]);
    size_t pos = 3;
    std::vector<std::string> skeletons;
    size_t markers = 0;
    for (size_t d = 0; d < count; ++d) {
        size_t end = in.find('\0', pos);
        if (end == std::string_view::npos) {
            error = "the link is truncated (a version is cut off); copy the whole link";
            return false;
        }
        skeletons.emplace_back(in.substr(pos, end - pos));
        for (char c : skeletons.back()) markers += static_cast<unsigned char>(c) == kMarker;
        pos = end + 1;
    }
    if (in.size() < pos + markers) {
        error = "the link is truncated; copy the whole link";
        return false;
    }
    std::string_view headers = in.substr(pos, markers);
    pos += markers;
    size_t textEnd = in.find('\0', pos);
    if (textEnd == std::string_view::npos) {
        error = "the link is truncated; copy the whole link";
        return false;
    }
    std::string_view text = in.substr(pos, textEnd - pos);
    BitReader bits{in.substr(textEnd + 1)};
    size_t h = 0, t = 0;
    std::vector<std::string> firstNumbers;
    for (size_t d = 0; d < count; ++d) {
        std::string json;
        size_t index = 0;
        for (char c : skeletons[d]) {
            if (static_cast<unsigned char>(c) != kMarker) {
                json.push_back(c);
                continue;
            }
            unsigned char hd = static_cast<unsigned char>(headers[h++]);
            std::string lex;
            if (hd == kSame) {
                if (d == 0 || index >= firstNumbers.size()) {
                    error = "the link is damaged (a number refers to nothing)";
                    return false;
                }
                lex = firstNumbers[index];
            } else if (hd == kText) {
                size_t comma = text.find(',', t);
                if (comma == std::string_view::npos) {
                    error = "the link is damaged (number text missing)";
                    return false;
                }
                lex = std::string(text.substr(t, comma - t));
                t = comma + 1;
            } else {
                unsigned cls = (hd >> 4) & 3u, f = hd & 15u;
                uint64_t m;
                if (cls > 2 || !bits.get((cls + 1) * 10, m)) {
                    error = "the link is damaged (number bits missing)";
                    return false;
                }
                lex = render((hd & 0x80) != 0, f, m);
            }
            if (d == 0) firstNumbers.push_back(lex);
            json += lex;
            ++index;
        }
        Diagnostics diags;
        Value v;
        if (!parseJson(json, v, diags, "link")) {
            error = "the link is damaged: " + (diags.items().empty() ? std::string("invalid JSON") : diags.items()[0].message);
            return false;
        }
        docs.push_back(std::move(v));
    }
    return true;
}

std::string percentEncode(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                    c == '.' || c == '~' || c == '@' || c == ':' || c == '/';
        if (keep) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

std::string percentDecode(std::string_view s) {
    std::string out;
    auto hexval = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

}  // namespace mvr::core
