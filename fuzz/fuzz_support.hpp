// What the fuzz targets share: the input as text, and a check that aborts (so libFuzzer and the replay
// tests both report it) with what differed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace mvr::fuzz {

inline std::string_view text(const uint8_t* data, size_t size) {
    return std::string_view(reinterpret_cast<const char*>(data), size);
}

[[noreturn]] inline void fail(const char* what, const std::string& a = {}, const std::string& b = {}) {
    std::fprintf(stderr, "fuzz check failed: %s\n", what);
    if (!a.empty() || !b.empty()) std::fprintf(stderr, "  one:   %.2000s\n  other: %.2000s\n", a.c_str(), b.c_str());
    std::abort();
}

inline void check(bool ok, const char* what, const std::string& a = {}, const std::string& b = {}) {
    if (!ok) fail(what, a, b);
}

}  // namespace mvr::fuzz
