#include "core/document.hpp"

#include <stdexcept>

namespace mvr::core {

ManifestStream::ManifestStream(std::string_view text, std::string file, Diagnostics& diags)
    : m_file(std::move(file)), m_diags(diags), m_reader(text, m_file, diags), m_before(diags.count()) {}

namespace {
// What storing a manifest reads from its document (validateManifest, the import); "params" only by its type.
bool storedField(std::string_view key) { return key != "params" && isKnownField(key); }
}  // namespace

void ManifestStream::storingOnly(bool only) {
    m_storingOnly = only;
    m_reader.setShallowMembers(only ? 1 : 0, only ? storedField : nullptr);
}

bool ManifestStream::take(Value&& v, const std::string& prefix, bool jsonOk, Manifest& out, std::string_view text,
                          bool asWritten) {
    // jsonOk: false when the JSON of this manifest already had problems; it is still checked, so that
    // every problem is reported, but not handed over.
    if (validateManifest(std::move(v), m_file, prefix, m_diags, out, false) && jsonOk) {
        if (asWritten) {
            canonicalFormFromSource(text, out.canonical, out.digestCutFrom, out.digestCutTo, &out.aliasesJson);
        } else {
            if (m_storingOnly && !text.empty()) {
                // Read shallow, and its text is not canonical as written (a string has an escape): read it
                // again, whole, for its canonical form. Its problems were all reported the first time.
                Diagnostics scratch;
                Value full;
                if (!parseJson(text, full, scratch))
                    throw std::logic_error("ManifestStream: a manifest read once did not read again");
                out.doc = std::move(full);
            }
            canonicalForm(out.doc, out.canonical, out.digestCutFrom, out.digestCutTo, &out.aliasesJson);
        }
        if (!m_deferIdentity) completeIdentity(out);
        ++m_stats.manifests;
        return true;
    }
    ++m_stats.invalid;
    return false;
}

int ManifestStream::finish() {
    if (m_registry) {
        const Value* fv = m_doc.find("format_version");
        if (!fv || !fv->isNumber() || !fv->isIntegerLexeme()) {
            m_diags.add(Diagnostic{m_file, "format_version", fv ? fv->pos.line : 1, fv ? fv->pos.col : 1, "required",
                                   "a registry file needs \"format_version\" (an integer)"});
        } else if (fv->number > kRegistryFormatVersion || fv->number < 1) {
            m_diags.add(Diagnostic{m_file, "format_version", fv->pos.line, fv->pos.col, "version",
                                   "registry format_version " + fv->text + " is not one this mvr reads (it reads " +
                                       std::to_string(kRegistryFormatVersion) + "); update mvr"});
        }
        if (fv && fv->isNumber() && fv->text == "2") readRegistryExtras(m_doc, m_file, m_diags, m_extras);
        if (!m_sawVersions)
            m_diags.add(Diagnostic{m_file, "", 1, 1, "required", "a registry file needs \"versions\" (an array of manifests)"});
    }
    if (!m_reader.end()) m_fatal = true;
    m_state = State::Done;
    m_done = true;
    return m_fatal ? -1 : 0;
}

int ManifestStream::readMembers(Manifest& out) {
    // Members of a top-level object. A registry says so in its first member, which lets its "versions"
    // array be streamed; any other object is read whole and is one manifest.
    std::string key;
    Pos keyPos;
    while (true) {
        int next = m_reader.nextMember(key, keyPos);
        if (next < 0) {
            m_fatal = true;
            m_done = true;
            m_state = State::Done;
            return -1;
        }
        if (next == 0) {
            if (!m_registry) {
                m_stats.kind = DocumentKind::Manifest;
                bool jsonOk = m_diags.count() == m_before;
                m_state = State::Finish;
                if (take(std::move(m_doc), "", jsonOk, out)) return 1;
            }
            return finish();
        }
        if (m_doc.find(key) || (m_registry && key == "versions" && m_sawVersions)) {
            std::string first;
            for (const Member& m : m_doc.members)
                if (m.key == key)
                    first = " (first at line " + std::to_string(m.keyPos.line) + ", column " + std::to_string(m.keyPos.col) + ")";
            m_reader.report(keyPos, m_reader.path(), "duplicate-key", "duplicate key" + first);
            if (!m_reader.skipValue()) return m_fatal = true, m_done = true, m_state = State::Done, -1;
            continue;
        }
        if (m_registry && key == "versions") {
            m_sawVersions = true;
            if (m_reader.peek() != '[') {
                Value v;
                if (!m_reader.parseValue(v)) return m_fatal = true, m_done = true, m_state = State::Done, -1;
                m_diags.add(Diagnostic{m_file, "versions", v.pos.line, v.pos.col, "type",
                                       "expected an array of manifests, got " + describe(v)});
                continue;
            }
            if (!m_reader.enterArray()) return m_fatal = true, m_done = true, m_state = State::Done, -1;
            m_index = 0;
            m_state = State::RegistryVersions;
            return next;  // 1: the caller loops back into next()
        }
        Value v;
        if (!m_reader.parseValue(v)) return m_fatal = true, m_done = true, m_state = State::Done, -1;
        if (m_doc.members.empty() && key == "format" && v.isString() && v.text == kRegistryFormat) {
            m_registry = true;
            m_reader.addDepth(-1);
            m_stats.kind = DocumentKind::Registry;
        }
        m_doc.members.push_back(Member{key, std::move(v), keyPos});
    }
}

int ManifestStream::next(Manifest& out) {
    while (true) {
        switch (m_state) {
        case State::Start: {
            if (!m_reader.begin()) return m_fatal = true, m_done = true, m_state = State::Done, -1;
            char c = m_reader.peek();
            if (c == '[') {
                m_stats.kind = DocumentKind::List;
                if (!m_reader.enterArray()) return m_fatal = true, m_done = true, m_state = State::Done, -1;
                m_state = State::List;
            } else if (c == '{') {
                if (!m_reader.enterObject()) return m_fatal = true, m_done = true, m_state = State::Done, -1;
                // As one manifest this object is a level of nesting, as it is in a list or when stored;
                // a registry gives the level back once it is recognised, so its manifests are level 1 too.
                m_reader.addDepth(1);
                m_doc = Value::makeObject();
                m_doc.pos = Pos{1, 1};
                m_state = State::RegistryMembers;
            } else {
                Value v;
                if (!m_reader.parseValue(v)) return m_fatal = true, m_done = true, m_state = State::Done, -1;
                m_diags.add(Diagnostic{m_file, "", v.pos.line, v.pos.col, "type",
                                       "expected a manifest (an object), a list of manifests or a registry, got " +
                                           describe(v)});
                m_state = State::Finish;
            }
            break;
        }
        case State::List:
        case State::RegistryVersions: {
            int n = m_reader.nextElement();
            if (n < 0) return m_fatal = true, m_done = true, m_state = State::Done, -1;
            if (n == 0) {
                m_state = m_state == State::List ? State::Finish : State::RegistryMembers;
                break;
            }
            size_t before = m_diags.count();
            m_reader.peek();  // past white space: the value's text starts here
            size_t start = m_reader.offset(), rewrites = m_reader.rewrites();
            Value v;
            if (!m_reader.parseValue(v)) return m_fatal = true, m_done = true, m_state = State::Done, -1;
            std::string_view text = m_reader.text(start, m_reader.offset());
            std::string prefix = m_state == State::List ? "" : "versions";
            appendIndexSegment(prefix, m_index++);
            if (take(std::move(v), prefix, m_diags.count() == before, out, text, m_reader.rewrites() == rewrites))
                return 1;
            break;
        }
        case State::RegistryMembers: {
            int r = readMembers(out);
            if (r == 1 && m_state == State::RegistryVersions) break;  // entered the versions array
            return r;
        }
        case State::Finish: return finish();
        case State::Done: return m_fatal ? -1 : 0;
        }
    }
}

bool readManifests(std::string_view text, const std::string& file, Diagnostics& diags,
                   const std::function<void(Manifest&&)>& onManifest, ReadStats* stats,
                   const std::function<void(size_t, size_t)>& onProgress) {
    ManifestStream s(text, file, diags);
    Manifest m;
    int r;
    size_t n = 0;
    while ((r = s.next(m)) == 1) {
        onManifest(std::move(m));
        if (onProgress && (++n & 63) == 0) onProgress(s.offset(), s.size());
    }
    if (onProgress) onProgress(s.size(), s.size());
    if (stats) *stats = s.stats();
    return s.clean();
}

}  // namespace mvr::core
