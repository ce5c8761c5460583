// What the JSON reader's files (core/json_reader*.cpp) share; not for other code.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace mvr::core::json_detail {

// Exact powers of ten a double can hold, for the fast number path (Clinger's fast path).
inline constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// What a scan of a number lexeme collected: up to 19 significant digits as an integer, the integer digits past
// them, the fraction digits among them, the exponent as written.
struct NumberDigits {
    uint64_t mant = 0;
    int digits = 0;
    int dropped = 0;
    int fracDigits = 0;
    long exp = 0;
    bool hasExp = false;
    bool neg = false;
};

// One digit more of the integer part, or of the fraction.
inline void addIntegerDigit(NumberDigits& n, char c) {
    if (n.digits < 19) {
        n.mant = n.mant * 10 + static_cast<uint64_t>(c - '0');
        if (n.mant) ++n.digits;
    } else {
        ++n.dropped;
    }
}
inline void addFractionDigit(NumberDigits& n, char c) {
    if (n.digits < 19) {
        n.mant = n.mant * 10 + static_cast<uint64_t>(c - '0');
        if (n.mant) ++n.digits;
        ++n.fracDigits;
    }
}

// The double the lexeme spells: exact by Clinger's fast path where it applies, else strtod. The one conversion
// of both readers (the strict one and the stored one), so that a stored number reads back to the same double.
// The lexeme is read again only off the fast path: `lexeme` gives its text then (a string, or a pointer and a
// length), so a caller that keeps no lexeme makes no string for the common number.
template <class Lexeme>
inline double numberFromDigitsWith(const NumberDigits& n, Lexeme&& lexeme) {
    long e10 = n.exp - n.fracDigits + n.dropped;
    double d = static_cast<double>(n.mant);
    if (n.digits <= 15 && n.dropped == 0 && e10 >= -22 && e10 <= 22) {
        d = e10 < 0 ? d / kPow10[-e10] : d * kPow10[e10];
        return n.neg ? -d : d;
    }
    return std::strtod(lexeme().c_str(), nullptr);
}
inline double numberFromDigits(const NumberDigits& n, const std::string& lexeme) {
    return numberFromDigitsWith(n, [&]() -> const std::string& { return lexeme; });
}

// Appends code point cp (at most 0x10FFFF, not a surrogate) as UTF-8.
inline void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// The four hex digits of a \u escape at p (there are at least four bytes), as a number; false when one is not
// a hex digit.
inline bool hex4(const char* p, uint32_t& v) {
    v = 0;
    for (int i = 0; i < 4; ++i) {
        char h = p[i];
        v <<= 4;
        if (h >= '0' && h <= '9') v |= static_cast<uint32_t>(h - '0');
        else if (h >= 'a' && h <= 'f') v |= static_cast<uint32_t>(h - 'a' + 10);
        else if (h >= 'A' && h <= 'F') v |= static_cast<uint32_t>(h - 'A' + 10);
        else return false;
    }
    return true;
}

// A byte for a message: 'x' when it is printable ASCII, else "byte 0xNN".
std::string printable(char c);

}  // namespace mvr::core::json_detail
