#include "core/units.hpp"

#include <cstdio>

namespace mvr::core {

std::string humanBytes(int64_t bytes) {
    static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    bool negative = bytes < 0;
    // The magnitude as unsigned, so INT64_MIN has one too.
    uint64_t n = negative ? 0 - static_cast<uint64_t>(bytes) : static_cast<uint64_t>(bytes);
    std::string sign = negative ? "-" : "";
    if (n < 1024) return sign + std::to_string(n) + " B";
    size_t unit = 0;
    long double v = static_cast<long double>(n);
    while (v >= 1024 && unit + 1 < sizeof kUnits / sizeof kUnits[0]) {
        v /= 1024;
        ++unit;
    }
    // One decimal, rounded; 1023.96 KiB reads "1.0 MiB", not "1024.0 KiB".
    long double tenths = static_cast<long double>(static_cast<uint64_t>(v * 10 + 0.5L));
    if (tenths >= 10240 && unit + 1 < sizeof kUnits / sizeof kUnits[0]) {
        tenths = 10;
        ++unit;
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.1Lf %s", tenths / 10, kUnits[unit]);
    return sign + buf;
}

std::string exactBytes(int64_t bytes) {
    bool negative = bytes < 0;
    uint64_t n = negative ? 0 - static_cast<uint64_t>(bytes) : static_cast<uint64_t>(bytes);
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return (negative ? "-" : "") + out + (n == 1 ? " byte" : " bytes");
}

}  // namespace mvr::core
