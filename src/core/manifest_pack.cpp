#include "core/manifest_pack.hpp"

#include <cstring>

namespace mvr::core {

// Items: a tag byte ('M' manifest, 'D' diagnostic), then fields. Integers are 4-byte little-endian, strings
// a 4-byte length then their bytes, numbers 8-byte IEEE doubles (both ends are the same wasm build).
namespace {
void putU32(std::string& out, uint32_t v) {
    char b[4] = {static_cast<char>(v & 0xff), static_cast<char>((v >> 8) & 0xff), static_cast<char>((v >> 16) & 0xff),
                 static_cast<char>(v >> 24)};
    out.append(b, 4);
}
void putStr(std::string& out, std::string_view s) {
    putU32(out, static_cast<uint32_t>(s.size()));
    out.append(s.data(), s.size());
}
void putF64(std::string& out, double v) {
    char b[8];
    std::memcpy(b, &v, 8);
    out.append(b, 8);
}
}  // namespace

void packManifest(const Manifest& m, std::string& out) {
    out.push_back('M');
    putStr(out, m.model);
    putStr(out, m.label);
    putStr(out, m.description);
    putStr(out, m.createdOn);
    putStr(out, m.author);
    putU32(out, (m.labelIsInteger ? 1u : 0u) | (m.hasParent ? 2u : 0u) | (m.hasAliasesField ? 4u : 0u));
    putStr(out, m.parent.model);
    putStr(out, m.parent.label);
    putU32(out, static_cast<uint32_t>(m.metrics.size()));
    for (const Metric& x : m.metrics) {
        putStr(out, x.name);
        putF64(out, x.value);
        putStr(out, x.lexeme);
        putU32(out, static_cast<uint32_t>(x.goal));
        putU32(out, static_cast<uint32_t>(x.steps));
    }
    putU32(out, static_cast<uint32_t>(m.aliases.size()));
    for (const std::string& a : m.aliases) putStr(out, a);
    putU32(out, static_cast<uint32_t>(m.tags.size()));
    for (const auto& t : m.tags) {
        putStr(out, t.first);
        putStr(out, t.second);
    }
    putStr(out, m.digest);  // empty when the receiver is to compute it (FilePacker's digests = false)
    putU32(out, static_cast<uint32_t>(m.digestCutFrom));
    putU32(out, static_cast<uint32_t>(m.digestCutTo));
    putStr(out, m.canonical);
    putStr(out, m.aliasesJson);
    putStr(out, m.sourcePath);
    putU32(out, m.sourcePos.line);
    putU32(out, m.sourcePos.col);
}

void packDiagnostic(const Diagnostic& d, std::string& out) {
    out.push_back('D');
    putStr(out, d.file);
    putStr(out, d.path);
    putU32(out, d.line);
    putU32(out, d.col);
    putStr(out, d.code);
    putStr(out, d.message);
}

bool FilePacker::next(size_t maxManifests, std::string& pack) {
    pack.clear();
    if (m_done) return false;
    Manifest m;
    for (size_t i = 0; i < maxManifests; ++i) {
        if (m_stream.next(m) != 1) {
            m_done = true;
            for (const Diagnostic& d : m_diags.items()) packDiagnostic(d, pack);
            return false;
        }
        if (m_diags.empty()) packManifest(m, pack);
    }
    return true;
}

bool PackReader::u32(uint32_t& v) {
    if (m_in.size() < 4) return false;
    const auto* b = reinterpret_cast<const unsigned char*>(m_in.data());
    v = static_cast<uint32_t>(b[0]) | (static_cast<uint32_t>(b[1]) << 8) | (static_cast<uint32_t>(b[2]) << 16) |
        (static_cast<uint32_t>(b[3]) << 24);
    m_in.remove_prefix(4);
    return true;
}

bool PackReader::str(std::string& s) {
    uint32_t n;
    if (!u32(n) || m_in.size() < n) return false;
    s.assign(m_in.data(), n);
    m_in.remove_prefix(n);
    return true;
}

bool PackReader::f64(double& v) {
    if (m_in.size() < 8) return false;
    std::memcpy(&v, m_in.data(), 8);
    m_in.remove_prefix(8);
    return true;
}

PackReader::Item PackReader::next(Manifest& m, Diagnostic& d) {
    if (m_in.empty()) return Item::End;
    char tag = m_in[0];
    m_in.remove_prefix(1);
    if (tag == 'D') {
        d = Diagnostic{};
        bool ok = str(d.file) && str(d.path) && u32(d.line) && u32(d.col) && str(d.code) && str(d.message);
        return ok ? Item::Diagnostic : Item::Bad;
    }
    if (tag != 'M') return Item::Bad;
    m = Manifest{};
    uint32_t flags = 0, n = 0;
    if (!(str(m.model) && str(m.label) && str(m.description) && str(m.createdOn) && str(m.author) && u32(flags) &&
          str(m.parent.model) && str(m.parent.label) && u32(n)))
        return Item::Bad;
    m.labelIsInteger = flags & 1u;
    m.hasParent = flags & 2u;
    m.hasAliasesField = flags & 4u;
    // Each metric takes at least 24 bytes: a count larger than what is left is not a pack.
    if (n > m_in.size() / 24) return Item::Bad;
    m.metrics.resize(n);
    for (Metric& x : m.metrics) {
        uint32_t goal = 0, steps = 0;
        if (!(str(x.name) && f64(x.value) && str(x.lexeme) && u32(goal) && u32(steps)) || goal > 2) return Item::Bad;
        x.goal = static_cast<Goal>(goal);
        x.steps = steps;
    }
    if (!u32(n) || n > m_in.size() / 4) return Item::Bad;
    m.aliases.resize(n);
    for (std::string& a : m.aliases)
        if (!str(a)) return Item::Bad;
    if (!u32(n) || n > m_in.size() / 8) return Item::Bad;
    m.tags.resize(n);
    for (auto& t : m.tags)
        if (!(str(t.first) && str(t.second))) return Item::Bad;
    uint32_t cutFrom = 0, cutTo = 0;
    bool ok = str(m.digest) && u32(cutFrom) && u32(cutTo) && str(m.canonical) && str(m.aliasesJson) &&
              str(m.sourcePath) && u32(m.sourcePos.line) && u32(m.sourcePos.col);
    if (!ok || cutFrom > cutTo || cutTo > m.canonical.size() || m.canonical.empty()) return Item::Bad;
    m.digestCutFrom = cutFrom;
    m.digestCutTo = cutTo;
    return Item::Manifest;
}

}  // namespace mvr::core
