// Byte-parallel tests on eight bytes at a time (SWAR), for the scans an import spends its time in: a string's
// end, the next byte that needs a look.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the byte-parallel scans assume a little-endian target (x86, ARM, WebAssembly)"
#endif

namespace mvr::core::swar {

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = kOnes * 0x80;

inline uint64_t load(const char* p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}

// The high bit of each byte of the result is set where w's byte equals b; exact for the lowest such byte
// (bytes above it may be flagged wrongly), which is all the callers use.
inline uint64_t bytesEqual(uint64_t w, unsigned char b) {
    uint64_t x = w ^ (kOnes * b);
    return (x - kOnes) & ~x & kHighBits;
}

// Bytes a JSON string scan must stop at: '"', '\\', control characters (below 0x20) and bytes of multi-byte
// UTF-8 sequences (0x80 and up). One mask for the four tests.
inline uint64_t stringStops(uint64_t w) {
    uint64_t quote = w ^ (kOnes * '"'), backslash = w ^ (kOnes * '\\');
    return (((w - kOnes * 0x20) & ~w) | ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) | w) & kHighBits;
}

// Bytes a scan of a string known to be well formed must stop at: '"' and '\\'.
inline uint64_t quoteOrBackslash(uint64_t w) {
    uint64_t quote = w ^ (kOnes * '"'), backslash = w ^ (kOnes * '\\');
    return (((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash)) & kHighBits;
}

// Index of the lowest flagged byte of a non-zero mask, in memory order.
inline size_t lowestByte(uint64_t mask) { return static_cast<size_t>(__builtin_ctzll(mask)) / 8; }

// The first '"' in [p, end), or end. Natively the C library's memchr (vector instructions) is faster; in
// WebAssembly this loop is (measured on an import: docs/performance.md).
inline const char* findQuote(const char* p, const char* end) {
#if defined(__wasm__)
    for (; end - p >= 8; p += 8)
        if (uint64_t m = bytesEqual(load(p), '"')) return p + lowestByte(m);
    while (p < end && *p != '"') ++p;
    return p;
#else
    const void* q = std::memchr(p, '"', static_cast<size_t>(end - p));
    return q ? static_cast<const char*>(q) : end;
#endif
}

}  // namespace mvr::core::swar
