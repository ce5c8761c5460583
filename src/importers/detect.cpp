// Format detection: JSON files by their top-level keys (read as a stream, so a registry export of hundreds of MB
// is recognised from its first key), text files by their shape (front matter, GTO tags, YAML keys). Names decide
// only where content cannot: params.yaml, metrics.json, wandb-summary.json, an empty or metadata-less file.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "core/json_reader.hpp"
#include "importers/importers.hpp"
#include "importers/yaml.hpp"

namespace mvr::importers {

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string_view trimStart(std::string_view t) {
    if (t.size() >= 3 && t.compare(0, 3, "\xEF\xBB\xBF") == 0) t.remove_prefix(3);
    while (!t.empty() && (t[0] == ' ' || t[0] == '\t' || t[0] == '\n' || t[0] == '\r')) t.remove_prefix(1);
    return t;
}

bool isMetricsName(const std::string& base) {
    return base.find("metrics") != std::string::npos &&
           (endsWith(base, ".json") || endsWith(base, ".yaml") || endsWith(base, ".yml"));
}

bool isParamsName(const std::string& base) {
    return base == "params.yaml" || base == "params.yml" || base == "params.json";
}

// What the name alone says (for empty files and content that does not tell).
Role byName(const std::string& base) {
    if (base == "dvc.lock") return Role::DvcLock;
    if (base == "dvc.yaml" || base == "dvc.yml") return Role::DvcPipeline;
    if (isParamsName(base)) return Role::DvcParams;
    if (base == "mlmodel") return Role::MlflowMLmodel;
    if (base == "wandb-summary.json") return Role::WandbSummary;
    if (base == "wandb_manifest.json") return Role::WandbManifest;
    if (endsWith(base, ".safetensors.index.json")) return Role::HfSafetensorsIndex;
    if (isMetricsName(base)) return Role::DvcMetrics;
    if (endsWith(base, ".md") || endsWith(base, ".markdown")) return Role::HfCard;
    return Role::Unknown;
}

bool tagNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '/' || c == ':';
}
bool tagValueChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '+';
}

}  // namespace

// One GTO tag: name@version[!] or name#stage[!][#N]. Shared with the DVC importer through this declaration.
bool isGtoTag(std::string_view t) {
    size_t i = 0;
    if (t.empty() || !std::isalnum(static_cast<unsigned char>(t[0]))) return false;
    while (i < t.size() && tagNameChar(t[i])) ++i;
    if (i == t.size() || (t[i] != '@' && t[i] != '#')) return false;
    char kind = t[i++];
    size_t start = i;
    while (i < t.size() && tagValueChar(t[i])) ++i;
    if (i == start) return false;
    if (i < t.size() && t[i] == '!') ++i;
    if (kind == '#' && i < t.size() && t[i] == '#') {
        size_t d = ++i;
        while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
        if (i == d) return false;
    }
    return i == t.size();
}

namespace {

bool isGtoText(std::string_view t) {
    size_t tags = 0, i = 0;
    while (i < t.size()) {
        while (i < t.size() && std::isspace(static_cast<unsigned char>(t[i]))) ++i;
        size_t start = i;
        while (i < t.size() && !std::isspace(static_cast<unsigned char>(t[i]))) ++i;
        if (i == start) break;
        if (!isGtoTag(t.substr(start, i - start))) return false;
        ++tags;
    }
    return tags > 0;
}

// "---" on the first line and another "---" (or "...") line later: YAML front matter.
bool hasFrontMatter(std::string_view text) {
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);
    if (text.compare(0, 3, "---") != 0) return false;
    size_t eol = text.find('\n');
    if (eol == std::string_view::npos) return false;
    std::string_view first = text.substr(0, eol);
    while (!first.empty() && (first.back() == '\r' || first.back() == ' ')) first.remove_suffix(1);
    if (first != "---") return false;
    size_t p = eol + 1;
    while (p < text.size()) {
        size_t e = text.find('\n', p);
        std::string_view line = text.substr(p, e == std::string_view::npos ? std::string_view::npos : e - p);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
        if (line == "---" || line == "...") return true;
        if (e == std::string_view::npos) break;
        p = e + 1;
    }
    return false;
}

Role detectJson(const std::string& base, std::string_view text) {
    if (base == "wandb-summary.json") return Role::WandbSummary;  // any keys at all, "model" included
    core::Diagnostics d(4);
    core::JsonReader rd(text, "", d);
    std::vector<std::string> keys;
    if (rd.begin() && rd.enterObject()) {
        std::string key;
        core::Pos at;
        bool first = true;
        while (rd.nextMember(key, at) == 1) {
            if (first && key == "format") return Role::Mvr;
            first = false;
            if (key == "model") return Role::Mvr;
            if (key == "mlflow") return Role::MlflowJson;
            if (key == "weight_map") return Role::HfSafetensorsIndex;
            if (key == "storagePolicy") return Role::WandbManifest;
            if (key == "_wandb") return Role::WandbSummary;
            keys.push_back(key);
            if (!rd.skipValue() || keys.size() > 10000) break;
        }
    }
    auto has = [&](const char* k) { return std::find(keys.begin(), keys.end(), k) != keys.end(); };
    // The first mlflow-export-import layout wrote a run's parts at the top level.
    if (has("info") && has("tags") && (has("params") || has("metrics"))) return Role::MlflowJson;
    if (has("contents") && has("version")) return Role::WandbManifest;
    if (has("_runtime") || has("_step") || has("_timestamp")) return Role::WandbSummary;
    Role named = byName(base);
    if (named == Role::DvcParams || named == Role::DvcMetrics || named == Role::WandbSummary) return named;
    return Role::Mvr;  // read as mvr's own format: its reader says what is wrong, as before
}

}  // namespace

Role detect(std::string_view name, std::string_view text) {
    std::string base = lower(baseName(name));
    std::string_view t = trimStart(text);
    if (t.empty()) {
        Role named = byName(base);
        return named == Role::Unknown ? Role::Mvr : named;
    }
    if (t[0] == '[') return Role::Mvr;
    if (t[0] == '{') return detectJson(base, t);
    if (hasFrontMatter(text)) return Role::HfCard;
    if (isGtoText(t)) return Role::GtoTags;
    if (endsWith(base, ".md") || endsWith(base, ".markdown")) return Role::HfCard;
    core::Diagnostics d(4);
    core::Value v;
    if (parseYaml(text, "", v, d) && v.isObject()) {
        if (v.find("flavors")) return Role::MlflowMLmodel;
        const core::Value* stages = v.find("stages");
        if (stages && v.find("schema")) return Role::DvcLock;
        if (base == "dvc.yaml" || base == "dvc.yml") return Role::DvcPipeline;
        if (stages && stages->isObject()) {
            for (const core::Member& m : stages->members)
                if (m.value.isObject() && m.value.find("cmd")) return Role::DvcPipeline;
        }
    }
    Role named = byName(base);
    return named == Role::Unknown ? Role::Mvr : named;
}

bool startsAsMvr(std::string_view name, std::string_view head) {
    std::string_view t = trimStart(head);
    if (t.empty()) return false;
    if (t[0] == '[') return true;
    if (t[0] != '{' || lower(baseName(name)) == "wandb-summary.json") return false;
    core::Diagnostics d(4);
    core::JsonReader rd(t, "", d);
    std::string key;
    core::Pos at;
    return rd.begin() && rd.enterObject() && rd.nextMember(key, at) == 1 && (key == "format" || key == "model");
}

Role detectAs(Format format, std::string_view name, std::string_view text) {
    Role found = detect(name, text);
    if (formatOf(found) == format) return found;
    std::string base = lower(baseName(name));
    std::string_view t = trimStart(text);
    bool json = !t.empty() && (t[0] == '{' || t[0] == '[');
    switch (format) {
    case Format::Mvr: return Role::Mvr;
    case Format::MLflow: return json ? Role::MlflowJson : Role::MlflowMLmodel;
    case Format::Dvc:
        if (base == "dvc.lock") return Role::DvcLock;
        if (base == "dvc.yaml" || base == "dvc.yml") return Role::DvcPipeline;
        if (base.find("params") != std::string::npos) return Role::DvcParams;
        if (!json && isGtoText(t)) return Role::GtoTags;
        return Role::DvcMetrics;
    case Format::HuggingFace: return json ? Role::HfSafetensorsIndex : Role::HfCard;
    case Format::Wandb: return base.find("manifest") != std::string::npos ? Role::WandbManifest : Role::WandbSummary;
    default: return found;
    }
}

}  // namespace mvr::importers
