#include "core/manifest_pack.hpp"

#include <cmath>
#include <cstring>

#include "core/json_reader.hpp"
#include "core/text.hpp"

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

void packExtras(const RegistryExtras& e, std::string& out) {
    out.push_back('X');
    putStr(out, toCanonical(extrasToJson(e)));
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
            if (m_diags.empty() && !m_stream.extras().empty()) packExtras(m_stream.extras(), pack);
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

PackReader::Item PackReader::bad(std::string why) {
    m_error = "item " + std::to_string(m_item) + " of the pack: " + why;
    return Item::Bad;
}

namespace {
// What validation guarantees of a manifest that the pack carries as fields: a pack comes from another
// instance of the module, but a stored version must never hold what an import of its text would refuse.
std::string packedManifestProblem(const Manifest& m) {
    if (m.model.empty() || m.model.size() > 256 || hasControlOrEdgeSpace(m.model) || m.model.find('@') != std::string::npos ||
        !isValidUtf8(m.model))
        return "invalid model name";
    if (m.label.empty() || m.label.size() > 128 || hasControlOrEdgeSpace(m.label) || m.label.find('@') != std::string::npos ||
        !isValidUtf8(m.label))
        return "invalid version label";
    if (!m.createdOn.empty() && !isRfc3339(m.createdOn)) return "created_on is not an RFC 3339 date-time";
    if (!isValidUtf8(m.description) || !isValidUtf8(m.author)) return "a text field is not valid UTF-8";
    for (const Metric& x : m.metrics) {
        if (x.name.empty() || !isValidUtf8(x.name)) return "a metric has an empty or invalid name";
        if (!std::isfinite(x.value)) return "metric \"" + x.name + "\" is not a finite number";
        if (x.lexeme.empty() || !isNumberLexeme(x.lexeme)) return "metric \"" + x.name + "\" has no valid number text";
    }
    for (const std::string& a : m.aliases)
        if (!isValidAliasName(a)) return "invalid alias name";
    for (const auto& t : m.tags)
        if (!isValidUtf8(t.first) || !isValidUtf8(t.second)) return "a tag is not valid UTF-8";
    if (m.canonical.front() != '{' || m.canonical.back() != '}') return "the canonical text is not a JSON object";
    if (!m.digest.empty() && !(m.digest.size() == 64 && isHexText(m.digest))) return "the digest is not 64 hex digits";
    return {};
}
}  // namespace

PackReader::Item PackReader::next(Manifest& m, Diagnostic& d) {
    if (m_in.empty()) return Item::End;
    ++m_item;
    char tag = m_in[0];
    m_in.remove_prefix(1);
    if (tag == 'D') {
        d = Diagnostic{};
        bool ok = str(d.file) && str(d.path) && u32(d.line) && u32(d.col) && str(d.code) && str(d.message);
        return ok ? Item::Diagnostic : bad("a problem report is truncated");
    }
    if (tag == 'X') {
        std::string text;
        Diagnostics diags;
        Value v;
        if (!str(text) || !parseJson(text, v, diags) || !extrasFromJson(v, m_extras))
            return bad("the rules and alias history do not read back");
        return Item::Extras;
    }
    if (tag != 'M') return bad("unknown item tag");
    m = Manifest{};
    uint32_t flags = 0, n = 0;
    if (!(str(m.model) && str(m.label) && str(m.description) && str(m.createdOn) && str(m.author) && u32(flags) &&
          str(m.parent.model) && str(m.parent.label) && u32(n)))
        return bad("truncated");
    m.labelIsInteger = flags & 1u;
    m.hasParent = flags & 2u;
    m.hasAliasesField = flags & 4u;
    // Each metric takes at least 24 bytes: a count larger than what is left is not a pack.
    if (n > m_in.size() / 24) return bad("truncated metrics");
    m.metrics.resize(n);
    for (Metric& x : m.metrics) {
        uint32_t goal = 0, steps = 0;
        if (!(str(x.name) && f64(x.value) && str(x.lexeme) && u32(goal) && u32(steps)) || goal > 2)
            return bad("truncated or invalid metric");
        x.goal = static_cast<Goal>(goal);
        x.steps = steps;
    }
    if (!u32(n) || n > m_in.size() / 4) return bad("truncated aliases");
    m.aliases.resize(n);
    for (std::string& a : m.aliases)
        if (!str(a)) return bad("truncated aliases");
    if (!u32(n) || n > m_in.size() / 8) return bad("truncated tags");
    m.tags.resize(n);
    for (auto& t : m.tags)
        if (!(str(t.first) && str(t.second))) return bad("truncated tags");
    uint32_t cutFrom = 0, cutTo = 0;
    bool ok = str(m.digest) && u32(cutFrom) && u32(cutTo) && str(m.canonical) && str(m.aliasesJson) &&
              str(m.sourcePath) && u32(m.sourcePos.line) && u32(m.sourcePos.col);
    if (!ok || cutFrom > cutTo || cutTo > m.canonical.size() || m.canonical.empty()) return bad("truncated");
    m.digestCutFrom = cutFrom;
    m.digestCutTo = cutTo;
    if (std::string why = packedManifestProblem(m); !why.empty()) return bad(m.model + "@" + m.label + ": " + why);
    return Item::Manifest;
}

}  // namespace mvr::core
