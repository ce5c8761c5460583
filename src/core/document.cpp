#include "core/document.hpp"

#include "core/json_reader.hpp"

namespace mvr::core {

namespace {

struct Sink {
    const std::string& file;
    Diagnostics& diags;
    const std::function<void(Manifest&&)>& onManifest;
    ReadStats& stats;

    // jsonOk: false when the JSON of this manifest already had problems (it is still checked, so that
    // every problem is reported, but not handed over).
    void take(Value&& v, const std::string& prefix, bool jsonOk) {
        Manifest m;
        if (validateManifest(std::move(v), file, prefix, diags, m) && jsonOk) {
            ++stats.manifests;
            onManifest(std::move(m));
        } else {
            ++stats.invalid;
        }
    }
};

bool streamArray(JsonReader& r, Sink& sink, const std::string& prefix,
                 const std::function<void(size_t, size_t)>& onProgress) {
    if (!r.enterArray()) return false;
    for (size_t i = 0;; ++i) {
        int next = r.nextElement();
        if (next < 0) return false;
        if (next == 0) return true;
        size_t before = sink.diags.count();
        Value v;
        if (!r.parseValue(v)) return false;
        std::string p = prefix;
        appendIndexSegment(p, i);
        sink.take(std::move(v), p, sink.diags.count() == before);
        if (onProgress && (i & 63) == 0) onProgress(r.offset(), r.size());
    }
}

}  // namespace

bool readManifests(std::string_view text, const std::string& file, Diagnostics& diags,
                   const std::function<void(Manifest&&)>& onManifest, ReadStats* statsOut,
                   const std::function<void(size_t, size_t)>& onProgress) {
    ReadStats localStats;
    ReadStats& stats = statsOut ? *statsOut : localStats;
    size_t before = diags.count();
    Sink sink{file, diags, onManifest, stats};
    JsonReader r(text, file, diags);
    if (!r.begin()) return false;
    char c = r.peek();
    if (c == '[') {
        stats.kind = DocumentKind::List;
        if (!streamArray(r, sink, "", onProgress)) return false;
    } else if (c == '{') {
        // Either one manifest or an exported registry. A registry says so in its first member, which lets
        // its "versions" array be streamed; anything else is read whole as one manifest.
        if (!r.enterObject()) return false;
        Value doc = Value::makeObject();
        doc.pos = Pos{1, 1};
        bool registry = false;
        bool sawVersions = false;
        std::string key;
        Pos keyPos;
        while (true) {
            int next = r.nextMember(key, keyPos);
            if (next < 0) return false;
            if (next == 0) break;
            if (doc.find(key) || (registry && key == "versions" && sawVersions)) {
                r.report(keyPos, r.path(), "duplicate-key", "duplicate key");
                if (!r.skipValue()) return false;
                continue;
            }
            if (registry && key == "versions") {
                sawVersions = true;
                if (r.peek() != '[') {
                    Value v;
                    if (!r.parseValue(v)) return false;
                    r.report(v.pos, "versions", "type", "expected an array of manifests, got " + describe(v));
                    continue;
                }
                if (!streamArray(r, sink, "versions", onProgress)) return false;
                continue;
            }
            Value v;
            if (!r.parseValue(v)) return false;
            if (doc.members.empty() && key == "format" && v.isString() && v.text == kRegistryFormat) registry = true;
            doc.members.push_back(Member{key, std::move(v)});
        }
        if (registry) {
            stats.kind = DocumentKind::Registry;
            const Value* fv = doc.find("format_version");
            if (!fv || !fv->isNumber() || !fv->isIntegerLexeme()) {
                diags.add(Diagnostic{file, "format_version", fv ? fv->pos.line : 1, fv ? fv->pos.col : 1, "required",
                                     "a registry file needs \"format_version\" (an integer)"});
            } else if (fv->number > kRegistryFormatVersion || fv->number < 1) {
                diags.add(Diagnostic{file, "format_version", fv->pos.line, fv->pos.col, "version",
                                     "registry format_version " + fv->text + " is not one this mvr reads (it reads " +
                                         std::to_string(kRegistryFormatVersion) + "); update mvr"});
            }
            if (!sawVersions)
                diags.add(Diagnostic{file, "", 1, 1, "required", "a registry file needs \"versions\" (an array of manifests)"});
        } else {
            stats.kind = DocumentKind::Manifest;
            sink.take(std::move(doc), "", diags.count() == before);
        }
    } else {
        Value v;
        if (!r.parseValue(v)) return false;
        diags.add(Diagnostic{file, "", v.pos.line, v.pos.col, "type",
                             "expected a manifest (an object), a list of manifests or a registry, got " + describe(v)});
        return false;
    }
    if (!r.end()) return false;
    if (onProgress) onProgress(r.size(), r.size());
    return diags.count() == before;
}

}  // namespace mvr::core
