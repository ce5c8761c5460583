#include "importers/importers.hpp"

#include <cstdio>
#include <cstdlib>

#include "core/json_reader.hpp"
#include "core/manifest.hpp"
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
    for (const SourceFile& f : files) {
        switch (formatOf(f.role)) {
        case Format::MLflow: mlflow.push_back(&f); break;
        case Format::Dvc: dvc.push_back(&f); break;
        case Format::HuggingFace: hf.push_back(&f); break;
        case Format::Wandb: wandb.push_back(&f); break;
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
