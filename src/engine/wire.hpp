// The byte form of the engine's requests and answers (docs/architecture.md, "Where the engine runs"): what the
// page's panels ask the engine and what it answers travels between two wasm instances (the page's and the
// engine worker's) as one ArrayBuffer a batch, so it is a compact binary form, not JSON: unsigned LEB128 varints,
// zigzag for signed deltas, doubles as their 8 bytes (little-endian), strings as a length and their bytes.
// Reading checks every length against what is left and says at which byte a batch went wrong.
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mvr::engine {

// A batch that cannot be read: cut short, a length past its end, an unknown tag. what() names the byte.
class WireError : public std::runtime_error {
public:
    WireError(size_t at, const std::string& what)
        : std::runtime_error("engine message, byte " + std::to_string(at) + ": " + what), m_at(at) {}
    size_t at() const { return m_at; }

private:
    size_t m_at;
};

class Writer {
public:
    void u8(uint8_t v) { m_out.push_back(static_cast<char>(v)); }
    void varint(uint64_t v) {
        while (v >= 0x80) {
            m_out.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        m_out.push_back(static_cast<char>(v));
    }
    void sint(int64_t v) { varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
    void f64(double v) {
        char b[8];
        std::memcpy(b, &v, 8);  // wasm and every platform mvr builds for are little-endian
        m_out.append(b, 8);
    }
    void str(std::string_view s) {
        varint(s.size());
        m_out.append(s.data(), s.size());
    }
    void raw(std::string_view s) { m_out.append(s.data(), s.size()); }
    // A string from a small table built as the batch is written: its index once seen, else 0 and the string (for
    // the model and author of rows that mostly share them).
    void pooled(std::string_view s, std::unordered_map<std::string, uint32_t>& pool);
    size_t size() const { return m_out.size(); }
    std::string& bytes() { return m_out; }
    std::string take() { return std::move(m_out); }

private:
    std::string m_out;
};

class Reader {
public:
    explicit Reader(std::string_view in, size_t base = 0) : m_in(in), m_base(base) {}
    uint8_t u8() {
        need(1, "a byte");
        return static_cast<uint8_t>(m_in[m_at++]);
    }
    uint64_t varint();
    int64_t sint() {
        uint64_t z = varint();
        return static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
    }
    double f64() {
        need(8, "a number (8 bytes)");
        double v;
        std::memcpy(&v, m_in.data() + m_at, 8);
        m_at += 8;
        return v;
    }
    std::string str();
    std::string_view view(size_t n, const char* what) {
        need(n, what);
        std::string_view s = m_in.substr(m_at, n);
        m_at += n;
        return s;
    }
    std::string pooled(std::vector<std::string>& pool);
    // A count of items each at least `least` bytes long, checked against what is left (so a damaged count cannot
    // ask for a huge allocation).
    size_t count(size_t least);
    bool done() const { return m_at == m_in.size(); }
    size_t offset() const { return m_base + m_at; }
    [[noreturn]] void fail(const std::string& what) const { throw WireError(offset(), what); }

private:
    void need(size_t n, const char* what) const {
        if (m_in.size() - m_at < n) fail(std::string("cut short: ") + what + " expected");
    }
    std::string_view m_in;
    size_t m_base;
    size_t m_at = 0;
};

}  // namespace mvr::engine
