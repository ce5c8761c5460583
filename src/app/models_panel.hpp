// Models: every model with its version count and aliases, filtered by name.
#pragma once

#include <string>
#include <vector>

#include "storage/registry.hpp"

namespace mvr::app {

struct PanelContext;

class ModelsPanel {
public:
    void draw(const PanelContext& ctx);

private:
    char m_filter[128] = "";
    std::vector<storage::ModelInfo> m_models;
    uint64_t m_loadedGeneration = 0;
};

}  // namespace mvr::app
