// Models: every model with its version count and aliases, filtered by name.
#pragma once

#include <string>
#include <vector>

#include "core/json_value.hpp"
#include "engine/client.hpp"
#include "storage/registry.hpp"

namespace mvr::app {

struct PanelContext;

class ModelsPanel {
public:
    void draw(const PanelContext& ctx);
    // The rows the filter keeps, as drawn ({name, facts}; the first 200), for the end-to-end tests
    // (mvrState.modelRows): made when the rows or the filter change, not each frame.
    const core::Value& state() const { return m_state; }

private:
    // What a row shows, made when the models are read (not every frame).
    struct Row {
        std::string name;
        std::string facts;    // "9 versions · production → 8 +3"
        std::string aliases;  // every alias, one a line (the tooltip), "" with one alias or none
        std::string best;     // "best auc: 9 (0.9448)": the headline metric's best version; asked when first drawn
        engine::Pending<engine::HeadlineAnswer> bestAsked;
    };
    // The models asked for have come: the rows are made again (their headlines asked again as they are drawn).
    void load(const std::vector<storage::ModelInfo>& models);
    void applyFilter();

    char m_filter[128] = "";
    std::string m_appliedFilter;
    std::vector<Row> m_rows;
    std::vector<size_t> m_shown;  // rows the filter keeps
    core::Value m_state = core::Value::makeArray();
    uint64_t m_askedGeneration = 0;
    engine::Pending<std::vector<storage::ModelInfo>> m_asked;  // the models, while their answer has not come
    int m_askedFrame = 0;
    bool m_loaded = false;
    std::string m_error;  // why the models could not be read
};

}  // namespace mvr::app
