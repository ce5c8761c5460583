// BLAKE2b (RFC 7693) for content digests of canonical manifests: a cryptographic hash several times
// faster than SHA-256 in portable code (64-bit words, 12 rounds), with no dependency so it builds for wasm.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mvr::core {

class Blake2b {
public:
    explicit Blake2b(size_t outLen = 32);  // 1..64 bytes
    void update(const void* data, size_t len);
    void update(std::string_view s) { update(s.data(), s.size()); }
    // Writes outLen bytes.
    void finish(uint8_t* out);

private:
    void compress(bool last);
    uint64_t m_h[8];
    uint64_t m_t[2] = {0, 0};
    uint8_t m_buf[128];
    size_t m_bufLen = 0;
    size_t m_outLen;
};

// Hex of the 256-bit BLAKE2b digest.
std::string blake2b256Hex(std::string_view data);
std::string toHex(const uint8_t* data, size_t len);
// The same into out (its buffer reused).
void assignHex(const uint8_t* data, size_t len, std::string& out);

}  // namespace mvr::core
