// Weights & Biases: an artifact manifest (wandb_manifest.json) becomes artifacts with MD5 digests (W&B writes
// them in base64; mvr writes hex) and sizes; a run summary (wandb-summary.json) becomes metrics from its numbers,
// everything else (histograms, tables, W&B's own "_" keys) kept. A manifest and a summary imported together are
// one version; neither names the model, so --model (or the folder's name) does.
#include <string>
#include <vector>

#include "importers/common.hpp"

namespace mvr::importers::detail {

namespace {

const char* kFormat = "wandb";

// Base64 of 16 bytes (an MD5) as 32 hex digits; false for anything else (a reference's etag, say).
bool base64Md5ToHex(const std::string& b64, std::string& hex) {
    if (b64.size() != 24 || b64.compare(22, 2, "==") != 0) return false;
    auto val = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+' || c == '-') return 62;
        if (c == '/' || c == '_') return 63;
        return -1;
    };
    unsigned char bytes[18];
    size_t n = 0;
    for (size_t i = 0; i < 24; i += 4) {
        int a = val(b64[i]), b = val(b64[i + 1]);
        int c = b64[i + 2] == '=' ? 0 : val(b64[i + 2]), d = b64[i + 3] == '=' ? 0 : val(b64[i + 3]);
        if (a < 0 || b < 0 || c < 0 || d < 0) return false;
        unsigned v = (static_cast<unsigned>(a) << 18) | (static_cast<unsigned>(b) << 12) | (static_cast<unsigned>(c) << 6) |
                     static_cast<unsigned>(d);
        bytes[n++] = static_cast<unsigned char>(v >> 16);
        bytes[n++] = static_cast<unsigned char>(v >> 8);
        bytes[n++] = static_cast<unsigned char>(v);
    }
    static const char* digits = "0123456789abcdef";
    hex.clear();
    for (size_t i = 0; i < 16; ++i) {
        hex += digits[bytes[i] >> 4];
        hex += digits[bytes[i] & 15];
    }
    return true;
}

// A summary's numbers by their dotted path ("eval.f1") in metrics, its other values by the same names in kept; ok
// turns false when two JSON paths give one name.
void flattenSummary(Result& r, const SourceFile& f, const core::Value& v, const std::string& name, const std::string& jsonPath,
                    core::Pos at, DottedNames& metrics, DottedNames& kept, bool& ok) {
    // W&B's media and charts are objects with "_type"; they are kept whole, like its own "_" keys.
    if (v.isObject() && !v.find("_type")) {
        for (const core::Member& m : v.members) {
            std::string p = jsonPath;
            core::appendKeySegment(p, m.key);
            if (name.empty() && !m.key.empty() && m.key[0] == '_') ok = kept.add(r, f, m.key, p, m.value, m.keyPos) && ok;
            else flattenSummary(r, f, m.value, name.empty() ? m.key : name + "." + m.key, p, m.keyPos, metrics, kept, ok);
        }
        return;
    }
    ok = (v.isNumber() ? metrics : kept).add(r, f, name, jsonPath, v, at) && ok;
}

class Wandb {
public:
    Wandb(const Options& opt, Result& r) : m_opt(opt), m_r(r) {}

    void run(const std::vector<const SourceFile*>& files) {
        std::vector<const SourceFile*> manifests, summaries;
        for (const SourceFile* f : files) (f->role == Role::WandbManifest ? manifests : summaries).push_back(f);
        bool together = manifests.size() <= 1 && summaries.size() <= 1;
        if (together) {
            version(manifests.empty() ? nullptr : manifests[0], summaries.empty() ? nullptr : summaries[0]);
            return;
        }
        for (const SourceFile* f : manifests) version(f, nullptr);
        for (const SourceFile* f : summaries) version(nullptr, f);
    }

private:
    void version(const SourceFile* manifest, const SourceFile* summary) {
        const SourceFile& primary = manifest ? *manifest : *summary;
        std::string model = !m_opt.model.empty() ? m_opt.model
                            : !primary.root.empty() ? baseName(primary.root)
                            : manifest ? "wandb-artifact"
                                       : "wandb-run";
        core::Value doc = manifestStart(model, core::Value(), true);
        core::Value xs = sourceInfo(kFormat, primary.name);
        if (summary && manifest) {
            core::Value files = core::Value::makeArray();
            files.push(str(manifest->name));
            files.push(str(summary->name));
            xs.erase("file");
            xs.set("files", std::move(files));
        }
        bool ok = true;
        if (summary) ok = readSummary(*summary, doc, xs) && ok;
        if (manifest) ok = readManifest(*manifest, doc, xs) && ok;
        if (!ok) return;
        doc.set("x_source", std::move(xs));
        emit(m_r, primary, std::move(doc), true, primary.path);
    }

    bool readSummary(const SourceFile& f, core::Value& doc, core::Value& xs) {
        core::Value v;
        if (!parseJsonFile(f, v, m_r)) return false;
        if (!v.isObject()) {
            problem(m_r, f, "", v.pos, "type", "expected a W&B run summary (a JSON object), got " + core::describe(v));
            return false;
        }
        DottedNames metrics, kept;
        bool ok = true;
        flattenSummary(m_r, f, v, "", "", v.pos, metrics, kept, ok);
        if (!ok) return false;
        if (!metrics.members.members.empty()) doc.set("metrics", std::move(metrics.members));
        if (!kept.members.members.empty()) xs.set("summary", std::move(kept.members));
        return true;
    }

    bool readManifest(const SourceFile& f, core::Value& doc, core::Value& xs) {
        core::Value v;
        if (!parseJsonFile(f, v, m_r)) return false;
        const core::Value* contents = member(v, "contents");
        if (!contents || !contents->isObject()) {
            problem(m_r, f, "contents", contents ? contents->pos : v.pos, "type",
                    "expected \"contents\": an object from file path to {digest, size}");
            return false;
        }
        core::Value artifacts = core::Value::makeArray();
        for (const core::Member& m : contents->members) {
            std::string path = "contents";
            core::appendKeySegment(path, m.key);
            if (!m.value.isObject()) {
                problem(m_r, f, path, m.value.pos, "type", "expected {\"digest\", \"size\"}, got " + core::describe(m.value));
                return false;
            }
            core::Value a = core::Value::makeObject();
            a.pos = m.value.pos;
            a.set("path", str(m.key));
            if (const core::Value* d = member(m.value, "digest")) {
                if (!d->isString() || d->text.empty()) {
                    problem(m_r, f, path + ".digest", d->pos, "type", "expected a digest (base64 MD5), got " + core::describe(*d));
                    return false;
                }
                core::Value digest = core::Value::makeObject();
                std::string hex;
                if (base64Md5ToHex(d->text, hex)) {
                    core::Value h = str(hex);
                    h.pos = d->pos;
                    digest.set("md5", std::move(h));
                } else {
                    digest.set("wandb", *d);  // a reference's digest (an etag, a version): kept as W&B wrote it
                }
                a.set("digest", std::move(digest));
            }
            if (const core::Value* size = member(m.value, "size")) a.set("size", *size);
            for (const core::Member& x : m.value.members)
                if (x.key != "digest" && x.key != "size") a.members.push_back(x);
            artifacts.push(std::move(a));
        }
        if (!artifacts.items.empty()) doc.set("artifacts", std::move(artifacts));
        core::Value rest = without(v, {"contents"});
        if (!rest.members.empty()) xs.set("manifest", std::move(rest));
        return true;
    }

    const Options& m_opt;
    Result& m_r;
};

}  // namespace

void importWandb(const std::vector<const SourceFile*>& files, const Options& opt, Result& r) {
    Wandb w(opt, r);
    w.run(files);
}

}  // namespace mvr::importers::detail
