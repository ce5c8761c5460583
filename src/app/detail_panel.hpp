// Version detail: params as a searchable tree, metrics with goals, datasets and artifacts with digests,
// parent and children, aliases and tags; any value can be copied.
#pragma once

#include <string>
#include <vector>

#include "core/manifest.hpp"

namespace mvr::app {

struct PanelContext;

class DetailPanel {
public:
    void draw(const PanelContext& ctx);

private:
    void load(const PanelContext& ctx);
    void paramTree(const PanelContext& ctx, const core::Value& v, std::string& path, const std::string& search);

    std::string m_model, m_label;
    uint64_t m_loadedGeneration = 0;
    bool m_loaded = false;
    core::Manifest m_manifest;
    std::vector<std::string> m_children;
    char m_search[128] = "";
    char m_alias[64] = "";
};

}  // namespace mvr::app
