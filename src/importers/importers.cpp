#include "importers/importers.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <deque>

#include "core/document.hpp"
#include "core/json_reader.hpp"
#include "core/manifest.hpp"
#include "core/text.hpp"
#include "importers/common.hpp"
#include "importers/yaml.hpp"

namespace mvr::importers {

const char* formatName(Format f) {
    switch (f) {
    case Format::Mvr: return "mvr";
    case Format::MLflow: return "mlflow";
    case Format::Dvc: return "dvc";
    case Format::HuggingFace: return "huggingface";
    case Format::Wandb: return "wandb";
    default: return "unknown";
    }
}

bool formatFromName(std::string_view name, Format& out) {
    for (Format f : {Format::Mvr, Format::MLflow, Format::Dvc, Format::HuggingFace, Format::Wandb})
        if (name == formatName(f)) {
            out = f;
            return true;
        }
    return false;
}

const char* roleName(Role r) {
    switch (r) {
    case Role::Mvr: return "mvr manifests";
    case Role::MlflowJson: return "MLflow export";
    case Role::MlflowMLmodel: return "MLflow MLmodel";
    case Role::DvcLock: return "DVC lock file";
    case Role::DvcPipeline: return "DVC pipeline";
    case Role::DvcParams: return "DVC params";
    case Role::DvcMetrics: return "DVC metrics";
    case Role::GtoTags: return "GTO tags";
    case Role::HfCard: return "Hugging Face model card";
    case Role::HfSafetensorsIndex: return "safetensors index";
    case Role::WandbManifest: return "W&B artifact manifest";
    case Role::WandbSummary: return "W&B run summary";
    default: return "unknown";
    }
}

Format formatOf(Role r) {
    switch (r) {
    case Role::Mvr: return Format::Mvr;
    case Role::MlflowJson:
    case Role::MlflowMLmodel: return Format::MLflow;
    case Role::DvcLock:
    case Role::DvcPipeline:
    case Role::DvcParams:
    case Role::DvcMetrics:
    case Role::GtoTags: return Format::Dvc;
    case Role::HfCard:
    case Role::HfSafetensorsIndex: return Format::HuggingFace;
    case Role::WandbManifest:
    case Role::WandbSummary: return Format::Wandb;
    default: return Format::Unknown;
    }
}

std::string baseName(std::string_view path) {
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    size_t slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

Result importFiles(const std::vector<SourceFile>& files, const Options& opt) {
    Result r;
    std::vector<const SourceFile*> mlflow, dvc, hf, wandb;
    // Names become data (x_source.file, models named after folders): a file whose name or folder is not UTF-8
    // is mapped under its name as detail::nameText writes it (its path, for messages, stays as it is).
    std::deque<SourceFile> renamed;
    for (const SourceFile& given : files) {
        const SourceFile* fp = &given;
        if (detail::invalidUtf8At(given.name) != std::string::npos || detail::invalidUtf8At(given.root) != std::string::npos) {
            renamed.push_back(given);
            renamed.back().name = detail::nameText(given.name);
            renamed.back().root = detail::nameText(given.root);
            fp = &renamed.back();
        }
        switch (formatOf(fp->role)) {
        case Format::MLflow: mlflow.push_back(fp); break;
        case Format::Dvc: dvc.push_back(fp); break;
        case Format::HuggingFace: hf.push_back(fp); break;
        case Format::Wandb: wandb.push_back(fp); break;
        default: break;
        }
    }
    if (!mlflow.empty()) detail::importMlflow(mlflow, opt, r);
    if (!dvc.empty()) detail::importDvc(dvc, opt, r);
    if (!hf.empty()) detail::importHuggingFace(hf, opt, r);
    if (!wandb.empty()) detail::importWandb(wandb, opt, r);
    return r;
}

namespace detail {

void problem(Result& r, const SourceFile& f, std::string path, core::Pos at, std::string code, std::string message) {
    r.problems.push_back(core::Diagnostic{f.path, std::move(path), at.line, at.col, std::move(code), std::move(message)});
}

void note(Result& r, const SourceFile& f, std::string path, core::Pos at, std::string message) {
    r.notes.push_back(core::Diagnostic{f.path, std::move(path), at.line, at.col, "note", std::move(message)});
}

bool parseJsonFile(const SourceFile& f, core::Value& out, Result& r) {
    core::Diagnostics d(1000);
    bool ok = core::parseJson(f.text, out, d, f.path);
    for (const core::Diagnostic& x : d.items()) r.problems.push_back(x);
    return ok && d.empty();
}

bool parseYamlText(const SourceFile& f, std::string_view text, uint32_t firstLine, core::Value& out, Result& r) {
    core::Diagnostics d(1000);
    YamlOptions yo;
    yo.firstLine = firstLine;
    bool ok = parseYaml(text, f.path, out, d, yo);
    for (const core::Diagnostic& x : d.items()) r.problems.push_back(x);
    return ok && d.empty();
}

core::Value labelValue(const std::string& text) {
    bool digits = !text.empty() && text.size() <= 18 && (text == "0" || text[0] != '0');
    for (char c : text) digits = digits && c >= '0' && c <= '9';
    return digits ? core::Value::makeNumberLexeme(text) : str(text);
}

std::string millisToRfc3339(int64_t ms) {
    int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    int64_t milli = ms - secs * 1000;
    int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    int64_t rem = secs - days * 86400;
    // Civil date from days since 1970-01-01 (proleptic Gregorian).
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ", static_cast<long long>(y),
                  static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(rem / 3600),
                  static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60), static_cast<long long>(milli));
    return buf;
}

bool millisToRfc3339(const core::Value& v, std::string& out) {
    const std::string* digits = nullptr;
    if (v.isNumber() && v.isIntegerLexeme()) digits = &v.text;
    if (v.isString()) digits = &v.text;
    if (!digits || digits->empty() || digits->size() > 15) return false;
    for (char c : *digits)
        if (c < '0' || c > '9') return false;
    out = millisToRfc3339(std::strtoll(digits->c_str(), nullptr, 10));
    return true;
}

bool spaceDateToRfc3339(const std::string& s, std::string& out) {
    if (s.size() < 19 || s[10] != ' ') return false;
    std::string t = s.substr(0, 10) + "T" + s.substr(11) + "Z";
    if (!core::isRfc3339(t)) return false;
    out = t;
    return true;
}

namespace {

// The canonical text of v (what core::writeCanonical writes) with where each key and value in it came from: its
// own place, else that of the nearest key or value around it that has one.
void canonicalWithPlaces(const core::Value& v, core::Pos around, std::string& out, std::vector<std::pair<size_t, core::Pos>>& places) {
    core::Pos at = v.pos.line ? v.pos : around;
    places.emplace_back(out.size(), at);
    if (v.isArray()) {
        out.push_back('[');
        for (size_t i = 0; i < v.items.size(); ++i) {
            if (i) out.push_back(',');
            canonicalWithPlaces(v.items[i], at, out, places);
        }
        out.push_back(']');
    } else if (v.isObject()) {
        out.push_back('{');
        for (size_t i = 0; i < v.members.size(); ++i) {
            if (i) out.push_back(',');
            const core::Member& m = v.members[i];
            core::Pos key = m.keyPos.line ? m.keyPos : at;
            places.emplace_back(out.size(), key);
            core::writeString(m.key, out);
            out.push_back(':');
            canonicalWithPlaces(m.value, key, out, places);
        }
        out.push_back('}');
    } else {
        core::writeCanonical(v, out);
    }
}

// What mvr would refuse reading doc back from an export, as problems of f at the places its values came from.
bool readsBack(Result& r, const SourceFile& f, const core::Value& doc) {
    // In a list, as in an export, the manifest object is nested one level (docs/manifest.md, depth).
    std::string text = "[";
    std::vector<std::pair<size_t, core::Pos>> places;
    canonicalWithPlaces(doc, doc.pos, text, places);
    text.push_back(']');
    core::Diagnostics d(1000);
    core::readManifests(text, f.path, d, [](core::Manifest&&) {});
    if (d.empty() && !d.dropped()) return true;
    auto placeAt = [&](size_t column) {
        auto it = std::upper_bound(places.begin(), places.end(), column ? column - 1 : 0,
                                   [](size_t offset, const std::pair<size_t, core::Pos>& p) { return offset < p.first; });
        return it == places.begin() ? core::Pos{} : std::prev(it)->second;
    };
    for (core::Diagnostic x : d.items()) {
        core::Pos at = placeAt(x.col);
        x.file = f.path;
        x.line = at.line;
        x.col = at.col;
        if (x.path.rfind("[0]", 0) == 0) x.path = x.path.substr(x.path.size() > 3 && x.path[3] == '.' ? 4 : 3);
        // "duplicate key (first at line 1, column N)": the first one's place in the source instead.
        const std::string mark = "(first at line 1, column ";
        if (size_t m = x.message.find(mark); m != std::string::npos) {
            core::Pos first = placeAt(std::strtoull(x.message.c_str() + m + mark.size(), nullptr, 10));
            x.message = x.message.substr(0, m) + (first.line ? "(first at line " + std::to_string(first.line) + ", column " +
                                                                   std::to_string(first.col) + ")"
                                                             : std::string("(twice in what this file maps to)"));
        }
        x.message = "the version made from this file would not import again: " + x.message;
        r.problems.push_back(std::move(x));
    }
    return false;
}

}  // namespace

size_t invalidUtf8At(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        size_t n = core::utf8SequenceAt(text, i);
        if (n == 0) return i;
        i += n;
    }
    return std::string_view::npos;
}

core::Pos placeOf(std::string_view text, size_t offset, uint32_t firstLine) {
    std::string_view before = text.substr(0, std::min(offset, text.size()));
    size_t nl = before.rfind('\n');
    size_t lineStart = nl == std::string_view::npos ? 0 : nl + 1;
    return core::Pos{firstLine + static_cast<uint32_t>(std::count(before.begin(), before.end(), '\n')),
                     static_cast<uint32_t>(before.size() - lineStart + 1)};
}

std::string nameText(std::string_view name) {
    if (invalidUtf8At(name) == std::string_view::npos) return std::string(name);
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    size_t start = 0;
    while (start <= name.size()) {
        size_t slash = std::min(name.find('/', start), name.size());
        std::string_view part = name.substr(start, slash - start);
        if (invalidUtf8At(part) == std::string_view::npos) {
            out.append(part);
        } else {
            for (size_t i = 0; i < part.size();) {
                size_t n = core::utf8SequenceAt(part, i);
                if (n == 0 || part[i] == '%') {
                    unsigned char c = static_cast<unsigned char>(part[i]);
                    out += '%';
                    out += hex[c >> 4];
                    out += hex[c & 15];
                    ++i;
                } else {
                    out.append(part.substr(i, n));
                    i += n;
                }
            }
        }
        if (slash == name.size()) break;
        out += '/';
        start = slash + 1;
    }
    return out;
}

bool DottedNames::add(Result& r, const SourceFile& f, const std::string& name, const std::string& jsonPath, const core::Value& v,
                      core::Pos at) {
    auto [it, fresh] = m_seen.emplace(name, First{jsonPath, at});
    if (!fresh) {
        auto where = [](const std::string& path) { return path.empty() ? std::string("the whole file") : path; };
        const First& first = it->second;
        problem(r, f, jsonPath, at, "duplicate",
                "\"" + name + "\" is given twice once nested keys are joined with '.': by " + where(first.jsonPath) +
                    (first.at.line ? " (line " + std::to_string(first.at.line) + ", column " + std::to_string(first.at.col) + ")" : "") +
                    " and by " + where(jsonPath) + "; rename one of the keys");
        return false;
    }
    members.members.push_back(core::Member{name, v, at});
    return true;
}

core::Value sourceInfo(const char* format, const std::string& file) {
    core::Value v = core::Value::makeObject();
    v.set("format", str(format));
    v.set("file", str(file));
    return v;
}

core::Value manifestStart(const std::string& model, core::Value label, bool numbered) {
    core::Value doc = core::Value::makeObject();
    doc.set("model", str(model));
    doc.set("version", numbered ? core::Value::makeInteger(0) : std::move(label));
    if (numbered) doc.set("created_on", core::Value());
    return doc;
}

void emit(Result& r, const SourceFile& f, core::Value doc, bool numbered, const std::string& source) {
    core::Diagnostics d(1000);
    core::Manifest m;
    if (!core::validateManifest(doc, f.path, "", d, m)) {
        for (const core::Diagnostic& x : d.items()) r.problems.push_back(x);
        return;
    }
    if (!readsBack(r, f, doc)) return;
    r.versions.push_back(Version{std::move(doc), numbered, source});
}

const core::Value* member(const core::Value& v, const char* key) { return v.isObject() ? v.find(key) : nullptr; }

std::string textOf(const core::Value* v) { return v && (v->isString() || v->isNumber()) ? v->text : std::string(); }

core::Value without(const core::Value& v, std::initializer_list<const char*> keys) {
    core::Value out = core::Value::makeObject();
    out.pos = v.pos;
    for (const core::Member& m : v.members) {
        bool drop = false;
        for (const char* k : keys) drop = drop || m.key == k;
        if (!drop) out.members.push_back(m);
    }
    return out;
}

std::string dirName(std::string_view path) {
    size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

bool isJsonNumberText(std::string_view s) {
    size_t i = 0, n = s.size();
    if (i < n && s[i] == '-') ++i;
    if (i >= n || s[i] < '0' || s[i] > '9') return false;
    if (s[i] == '0' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') return false;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    if (i < n && s[i] == '.') {
        ++i;
        size_t k = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == k) return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
        size_t k = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == k) return false;
    }
    return i == n;
}

}  // namespace detail

}  // namespace mvr::importers
