// Version detail: params as a searchable tree, metrics with goals, datasets and artifacts with digests,
// parent and children, aliases and tags; any value can be copied.
#pragma once

#include <string>
#include <vector>

#include "core/manifest.hpp"

namespace mvr::app {

class App;

class DetailPanel {
public:
    void draw(App& app);

private:
    void load(App& app);
    void paramTree(App& app, const core::Value& v, std::string& path, const std::string& search);

    std::string m_model, m_label;
    uint64_t m_loadedGeneration = 0;
    bool m_loaded = false;
    core::Manifest m_manifest;
    std::vector<std::string> m_children;
    char m_search[128] = "";
    char m_alias[64] = "";
};

}  // namespace mvr::app
