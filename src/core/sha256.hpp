// SHA-256 (FIPS 180-4), for content digests of canonical manifests; no dependency so it builds for wasm.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mvr::core {

class Sha256 {
public:
    Sha256();
    void update(const void* data, size_t len);
    void update(std::string_view s) { update(s.data(), s.size()); }
    std::array<uint8_t, 32> finish();

private:
    void block(const uint8_t* p);
    uint32_t m_h[8];
    uint8_t m_buf[64];
    size_t m_bufLen = 0;
    uint64_t m_total = 0;
};

std::string sha256Hex(std::string_view data);
std::string toHex(const uint8_t* data, size_t len);

}  // namespace mvr::core
