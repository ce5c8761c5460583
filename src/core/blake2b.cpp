#include "core/blake2b.hpp"

#include <cstring>

namespace mvr::core {

namespace {

const uint64_t kIv[8] = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
                         0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
                         0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

const uint8_t kSigma[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4}, {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13}, {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11}, {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5}, {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3}};

inline uint64_t rotr64(uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }

inline uint64_t load64(const uint8_t* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

}  // namespace

Blake2b::Blake2b(size_t outLen) : m_outLen(outLen < 1 ? 1 : outLen > 64 ? 64 : outLen) {
    std::memcpy(m_h, kIv, sizeof m_h);
    m_h[0] ^= 0x01010000ULL ^ static_cast<uint64_t>(m_outLen);  // no key, fanout 1, depth 1
}

void Blake2b::compress(bool last) {
    uint64_t v[16], m[16];
    for (int i = 0; i < 8; ++i) {
        v[i] = m_h[i];
        v[i + 8] = kIv[i];
    }
    v[12] ^= m_t[0];
    v[13] ^= m_t[1];
    if (last) v[14] = ~v[14];
    for (int i = 0; i < 16; ++i) m[i] = load64(m_buf + 8 * i);
#define MVR_G(a, b, c, d, x, y)            \
    do {                                   \
        v[a] = v[a] + v[b] + (x);          \
        v[d] = rotr64(v[d] ^ v[a], 32);    \
        v[c] = v[c] + v[d];                \
        v[b] = rotr64(v[b] ^ v[c], 24);    \
        v[a] = v[a] + v[b] + (y);          \
        v[d] = rotr64(v[d] ^ v[a], 16);    \
        v[c] = v[c] + v[d];                \
        v[b] = rotr64(v[b] ^ v[c], 63);    \
    } while (0)
    for (int r = 0; r < 12; ++r) {
        const uint8_t* s = kSigma[r];
        MVR_G(0, 4, 8, 12, m[s[0]], m[s[1]]);
        MVR_G(1, 5, 9, 13, m[s[2]], m[s[3]]);
        MVR_G(2, 6, 10, 14, m[s[4]], m[s[5]]);
        MVR_G(3, 7, 11, 15, m[s[6]], m[s[7]]);
        MVR_G(0, 5, 10, 15, m[s[8]], m[s[9]]);
        MVR_G(1, 6, 11, 12, m[s[10]], m[s[11]]);
        MVR_G(2, 7, 8, 13, m[s[12]], m[s[13]]);
        MVR_G(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
#undef MVR_G
    for (int i = 0; i < 8; ++i) m_h[i] ^= v[i] ^ v[i + 8];
}

void Blake2b::update(const void* data, size_t len) {
    const uint8_t* p = static_cast<const uint8_t*>(data);
    while (len > 0) {
        // The last block must be compressed with the final flag, so a full buffer waits for more input.
        if (m_bufLen == 128) {
            m_t[0] += 128;
            if (m_t[0] < 128) ++m_t[1];
            compress(false);
            m_bufLen = 0;
        }
        size_t take = 128 - m_bufLen;
        if (take > len) take = len;
        std::memcpy(m_buf + m_bufLen, p, take);
        m_bufLen += take;
        p += take;
        len -= take;
    }
}

void Blake2b::finish(uint8_t* out) {
    m_t[0] += m_bufLen;
    if (m_t[0] < m_bufLen) ++m_t[1];
    std::memset(m_buf + m_bufLen, 0, 128 - m_bufLen);
    compress(true);
    for (size_t i = 0; i < m_outLen; ++i) out[i] = static_cast<uint8_t>(m_h[i / 8] >> (8 * (i % 8)));
}

void assignHex(const uint8_t* data, size_t len, std::string& out) {
    static const char* hex = "0123456789abcdef";
    out.resize(len * 2);
    for (size_t i = 0; i < len; ++i) {
        out[2 * i] = hex[data[i] >> 4];
        out[2 * i + 1] = hex[data[i] & 15];
    }
}

std::string toHex(const uint8_t* data, size_t len) {
    std::string out;
    assignHex(data, len, out);
    return out;
}

std::string blake2b256Hex(std::string_view data) {
    Blake2b h(32);
    h.update(data);
    uint8_t d[32];
    h.finish(d);
    return toHex(d, 32);
}

}  // namespace mvr::core
