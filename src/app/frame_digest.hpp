// A digest of what a frame draws (not cryptographic: it tells one frame from the next), so that an unchanged
// frame is not drawn again: 64-bit multiply-xor mixing over 8-byte words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace mvr::app {

struct FrameDigest {
    uint64_t h = 0x9E3779B97F4A7C15ull;
    void word(uint64_t w) {
        h ^= w;
        h *= 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    void bytes(const void* p, size_t n) {
        const unsigned char* b = static_cast<const unsigned char*>(p);
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            std::memcpy(&w, b + i, 8);
            word(w);
        }
        uint64_t tail = 0;
        if (n > i) std::memcpy(&tail, b + i, n - i);
        word(tail ^ (static_cast<uint64_t>(n) << 56));
    }
};

}  // namespace mvr::app
