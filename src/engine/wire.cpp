#include "engine/wire.hpp"

namespace mvr::engine {

void Writer::pooled(std::string_view s, std::unordered_map<std::string, uint32_t>& pool) {
    auto [it, fresh] = pool.try_emplace(std::string(s), static_cast<uint32_t>(pool.size()) + 1);
    if (!fresh) {
        varint(it->second);
        return;
    }
    varint(0);
    str(s);
}

uint64_t Reader::varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        uint8_t b = u8();
        v |= static_cast<uint64_t>(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            if (shift == 63 && b > 1) fail("a number past 64 bits");
            return v;
        }
    }
    fail("a number past 64 bits");
}

std::string Reader::str() {
    size_t at = m_at;
    uint64_t n = varint();
    if (n > m_in.size() - m_at) {
        m_at = at;
        fail("a string of " + std::to_string(n) + " bytes where " + std::to_string(m_in.size() - m_at) +
             " are left");
    }
    return std::string(view(static_cast<size_t>(n), "a string"));
}

std::string Reader::pooled(std::vector<std::string>& pool) {
    size_t at = m_at;
    uint64_t i = varint();
    if (i == 0) {
        pool.push_back(str());
        return pool.back();
    }
    if (i > pool.size()) {
        m_at = at;
        fail("a shared string #" + std::to_string(i) + " where " + std::to_string(pool.size()) + " were written");
    }
    return pool[static_cast<size_t>(i - 1)];
}

size_t Reader::count(size_t least) {
    size_t at = m_at;
    uint64_t n = varint();
    size_t left = m_in.size() - m_at;
    if (n > left / (least ? least : 1)) {
        m_at = at;
        fail("a count of " + std::to_string(n) + " where " + std::to_string(left) + " bytes are left");
    }
    return static_cast<size_t>(n);
}

}  // namespace mvr::engine
