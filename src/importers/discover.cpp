// Which files of a folder given to import are read, and as what (discover.hpp): names in, names out.
#include "importers/discover.hpp"

#include <algorithm>
#include <set>

#include "core/diagnostics.hpp"
#include "core/json_value.hpp"
#include "importers/importers.hpp"
#include "importers/yaml.hpp"

namespace mvr::importers {

namespace {

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A path named in dvc.yaml as a listing gives it: "./" and empty parts dropped, "a/../" taken back; "" when it
// leads out of the folder.
std::string normalPath(const std::string& p) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= p.size()) {
        size_t end = std::min(p.find('/', start), p.size());
        std::string part = p.substr(start, end - start);
        if (part == "..") {
            if (parts.empty()) return "";
            parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(std::move(part));
        }
        start = end + 1;
    }
    std::string out;
    for (const std::string& part : parts) out += (out.empty() ? "" : "/") + part;
    return out;
}

// The metrics files dvc.yaml names: its top-level "metrics" list, and each stage's (a path, or a mapping whose
// first key is the path).
std::vector<std::string> namedMetrics(std::string_view dvcYaml) {
    std::vector<std::string> named;
    core::Value pipeline;
    core::Diagnostics d;
    if (!parseYaml(dvcYaml, "dvc.yaml", pipeline, d)) return named;
    if (const core::Value* m = pipeline.isObject() ? pipeline.find("metrics") : nullptr; m && m->isArray())
        for (const core::Value& x : m->items)
            if (x.isString()) named.push_back(x.text);
    if (const core::Value* st = pipeline.isObject() ? pipeline.find("stages") : nullptr; st && st->isObject())
        for (const core::Member& stage : st->members)
            if (const core::Value* m = stage.value.isObject() ? stage.value.find("metrics") : nullptr; m && m->isArray())
                for (const core::Value& x : m->items) {
                    if (x.isString()) named.push_back(x.text);
                    if (x.isObject() && !x.members.empty()) named.push_back(x.members[0].key);
                }
    return named;
}

}  // namespace

std::vector<std::string> dvcProjectFiles(const std::vector<std::string>& names, std::string_view dvcYaml) {
    const std::set<std::string> present(names.begin(), names.end());
    std::vector<std::string> out;
    for (const char* n : {"dvc.lock", "dvc.yaml", "params.yaml", "params.yml", "params.json"})
        if (present.count(n)) out.push_back(n);
    std::vector<std::string> metrics;
    for (const std::string& n : names) {
        std::string base = baseName(n);
        if (base.find("metrics") != std::string::npos && (endsWith(base, ".json") || endsWith(base, ".yaml") || endsWith(base, ".yml")))
            metrics.push_back(n);
    }
    for (const std::string& n : namedMetrics(dvcYaml))
        if (std::string p = normalPath(n); present.count(p)) metrics.push_back(p);
    std::sort(metrics.begin(), metrics.end());
    metrics.erase(std::unique(metrics.begin(), metrics.end()), metrics.end());
    for (const std::string& m : metrics)
        if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
    return out;
}

FolderFiles folderFiles(const std::vector<std::string>& names, std::string_view dvcYaml, std::string_view readme) {
    FolderFiles out;
    auto has = [&](const char* n) { return std::find(names.begin(), names.end(), n) != names.end(); };
    if (has("dvc.yaml") || has("dvc.lock")) {
        out.dvc = true;
        out.files = dvcProjectFiles(names, dvcYaml);
        return out;
    }
    out.modelCard = has("README.md") && detect("README.md", readme) == Role::HfCard && readme.compare(0, 3, "---") == 0;
    if (out.modelCard) out.files.push_back("README.md");
    std::vector<std::string> found;
    for (const std::string& n : names) {
        std::string base = baseName(n);
        if (base == "MLmodel" || (base.size() > 5 && endsWith(base, ".json"))) found.push_back(n);
    }
    std::sort(found.begin(), found.end());
    out.files.insert(out.files.end(), found.begin(), found.end());
    return out;
}

}  // namespace mvr::importers
