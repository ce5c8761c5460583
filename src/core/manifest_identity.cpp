// What identifies a manifest: its canonical form (from the document, or from the source text as it was read),
// its digests (content, state; "aliases" left out), completeIdentity, and labels (from values, natural order).
#include "core/manifest.hpp"

#include <cstring>

#include "core/blake2b.hpp"
#include "core/swar.hpp"

namespace mvr::core {

void digestWithout(const std::string& canon, size_t cutFrom, size_t cutTo, std::string& digest) {
    Blake2b h(32);
    if (cutTo > cutFrom) {
        h.update(canon.data(), cutFrom);
        h.update(canon.data() + cutTo, canon.size() - cutTo);
    } else {
        h.update(canon);
    }
    uint8_t d[32];
    h.finish(d);
    assignHex(d, 32, digest);
}

void canonicalAndDigest(const Value& doc, std::string& canon, std::string& digest, std::string* aliasesJson) {
    size_t cutFrom, cutTo;
    canonicalForm(doc, canon, cutFrom, cutTo, aliasesJson);
    digestWithout(canon, cutFrom, cutTo, digest);
}

void canonicalForm(const Value& doc, std::string& canon, size_t& cutFrom, size_t& cutTo, std::string* aliasesJson) {
    canon.clear();
    canon.reserve(4096);
    canon.push_back('{');
    cutFrom = cutTo = 0;  // the bytes of the "aliases" member, with one adjacent comma
    for (size_t i = 0; i < doc.members.size(); ++i) {
        const Member& m = doc.members[i];
        size_t start = canon.size();
        if (i) canon.push_back(',');
        writeString(m.key, canon);
        canon.push_back(':');
        size_t valueStart = canon.size();
        writeCanonical(m.value, canon);
        if (m.key == "aliases") {
            if (aliasesJson) aliasesJson->assign(canon, valueStart, canon.size() - valueStart);
            // Not first: drop ',"aliases":[...]'. First: drop '"aliases":[...]' and the comma after it.
            cutFrom = start;
            cutTo = canon.size() + (i == 0 && doc.members.size() > 1 ? 1 : 0);
        }
    }
    canon.push_back('}');
}

void canonicalFormFromSource(std::string_view text, std::string& canon, size_t& cutFrom, size_t& cutTo,
                             std::string* aliasesJson) {
    // White space outside strings is dropped; strings (no escapes: the first '"' after the opening one
    // closes them) and everything else are copied. Members of the top-level object are followed so that
    // "aliases" is cut from what the digest covers exactly as canonicalAndDigest cuts it.
    canon.resize(text.size());  // the most it can take; cut to size at the end
    char* const out = &canon[0];
    char* o = out;
    const char* p = text.data();
    const char* end = p + text.size();
    int depth = 0;
    bool expectKey = false;
    size_t member = 0, memberStart = 0, valueStart = 0;
    cutFrom = cutTo = 0;
    bool inAliases = false;
    while (p < end) {
        char c = *p;
        switch (c) {
        case ' ': case '\t': case '\r': case '\n': ++p; continue;
        case '"': {
            const char* close = swar::findQuote(p + 1, end);
            if (close == end) close = end - 1;  // cannot happen for text the reader accepted
            if (depth == 1 && expectKey) {
                expectKey = false;
                inAliases = close - p - 1 == 7 && std::memcmp(p + 1, "aliases", 7) == 0;
            }
            size_t n = static_cast<size_t>(close + 1 - p);
            std::memcpy(o, p, n);
            o += n;
            p = close + 1;
            continue;
        }
        case ':':
            *o++ = c;
            ++p;
            if (depth == 1) valueStart = static_cast<size_t>(o - out);
            continue;
        case '{': case '[':
            if (++depth == 1) {
                expectKey = c == '{';
                memberStart = static_cast<size_t>(o - out) + 1;
            }
            break;
        case ',': case '}': case ']':
            if (depth == 1 && c != ']') {
                size_t at = static_cast<size_t>(o - out);
                if (inAliases) {
                    if (aliasesJson) aliasesJson->assign(out + valueStart, at - valueStart);
                    cutFrom = memberStart;
                    cutTo = at + (member == 0 && c == ',' ? 1 : 0);
                    inAliases = false;
                }
                ++member;
                memberStart = at;
                expectKey = c == ',';
            }
            if (c != ',') --depth;
            break;
        default: break;
        }
        *o++ = c;
        ++p;
    }
    canon.resize(static_cast<size_t>(o - out));
}

std::string contentDigest(const Value& doc) {
    std::string canon, digest;
    canonicalAndDigest(doc, canon, digest);
    return digest;
}

std::string stateDigest(const Value& doc) {
    Value state = doc;
    state.erase("version");
    state.erase("created_on");
    return contentDigest(state);
}

bool labelFromValue(const Value& v, std::string& label, bool& isInteger) {
    if (v.isNumber() && v.isIntegerLexeme() && v.text[0] != '-') {
        label = v.text;
        isInteger = true;
        return true;
    }
    if (v.isString()) {
        label = v.text;
        isInteger = false;
        return true;
    }
    return false;
}

bool labelLess(std::string_view a, std::string_view b) {
    // Natural order: runs of digits compare as numbers, the rest byte by byte.
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        bool da = a[i] >= '0' && a[i] <= '9', db = b[j] >= '0' && b[j] <= '9';
        if (da && db) {
            size_t si = i, sj = j;
            while (si < a.size() && a[si] == '0') ++si;
            while (sj < b.size() && b[sj] == '0') ++sj;
            size_t ei = si, ej = sj;
            while (ei < a.size() && a[ei] >= '0' && a[ei] <= '9') ++ei;
            while (ej < b.size() && b[ej] >= '0' && b[ej] <= '9') ++ej;
            if (ei - si != ej - sj) return ei - si < ej - sj;
            int cmp = a.compare(si, ei - si, b, sj, ej - sj);
            if (cmp) return cmp < 0;
            i = ei;
            j = ej;
        } else {
            if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
            ++i;
            ++j;
        }
    }
    if (a.size() - i != b.size() - j) return a.size() - i < b.size() - j;
    return a < b;
}

void completeIdentity(Manifest& m) {
    if (!m.digest.empty()) return;
    if (m.canonical.empty()) canonicalForm(m.doc, m.canonical, m.digestCutFrom, m.digestCutTo, &m.aliasesJson);
    digestWithout(m.canonical, m.digestCutFrom, m.digestCutTo, m.digest);
}

}  // namespace mvr::core
