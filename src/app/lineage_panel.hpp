// The Lineage tab (issue 17): the selected model's versions as a tree by parent, left to right by creation time,
// with parents in other models, deleted parents, aliases as tags, deprecated versions greyed and a metric as each
// node's colour. core/lineage lays it out once per change of the data or of the open chains; this draws what is
// in view with ImGui's draw list. Drag pans, the wheel zooms about the mouse, a double-click or Fit shows it all;
// a click opens a version (another model's too) or opens and folds a chain of versions.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/json_value.hpp"
#include "core/lineage.hpp"
#include "core/manifest.hpp"
#include "engine/client.hpp"
#include "imgui.h"

namespace mvr::app {

struct PanelContext;

class LineagePanel {
public:
    void draw(const PanelContext& ctx);
    // True once after a click opened a version (the App shows the version panel).
    bool takeOpened() { return std::exchange(m_opened, false); }
    // For the published state (tests): what is laid out and drawn, each drawn node with its screen rectangle,
    // the zoom and the pan offset.
    core::Value state() const;

private:
    // What a node shows beyond its place in the layout.
    struct NodeInfo {
        std::string model;      // "" for the selected model; another model's parent: its model
        std::string label;
        std::string createdOn;
        std::string aliases;    // ", "-joined
        std::vector<std::string> aliasList;
        int64_t id = 0;
        double value = 0;       // the metric (NaN when the version has none)
    };
    // Where the mouse is: an item's node, or an open chain's fold handle.
    struct Hit {
        int32_t item = -1;
        bool fold = false;
        bool operator==(const Hit& o) const { return item == o.item && fold == o.fold; }
    };

    // Asks for what the graph shows when the model or the data changed; read() takes the answers as they come, in
    // two rounds: the model's versions, its metric names and headline; then its parents' models' versions and
    // the chosen metric's goal and values (loadMetric asks those again when the user picks another metric).
    void load(const PanelContext& ctx);
    void read(const PanelContext& ctx);
    void loadMetric(const PanelContext& ctx);
    // The metric's values (m_values) onto the nodes, and their range.
    void applyValues();
    void relayout();
    void measure();
    void drawToolbar(const PanelContext& ctx);
    void drawLegend();
    void drawCanvas(const PanelContext& ctx);
    void fit(ImVec2 size, bool readable);
    Hit hitTest(ImVec2 mouse) const;
    void click(const PanelContext& ctx, const Hit& hit);
    void tooltip(const Hit& hit) const;
    // Screen rectangles of an item's box and of its tag row above it.
    void boxOf(uint32_t item, ImVec2& a, ImVec2& b) const;
    void tagOf(uint32_t item, ImVec2& a, ImVec2& b) const;
    ImU32 fillOf(uint32_t item, bool& ramp) const;
    std::string labelOf(uint32_t item) const;

    bool m_opened = false;
    std::string m_model;
    uint64_t m_generation = ~0ull;
    std::vector<core::LineageNode> m_nodes;
    std::vector<NodeInfo> m_info;
    size_t m_ownVersions = 0;

    // What was asked and has not come (the graph drawn meanwhile is the last one read).
    engine::Pending<engine::Versions> m_askOwn;
    engine::Pending<std::vector<std::string>> m_askNames;
    engine::Pending<engine::HeadlineAnswer> m_askHeadline;
    struct OtherModel {
        std::string model;                // a model the parents of some versions live in
        std::vector<std::string> labels;  // those parents' labels, sorted
        engine::Pending<engine::Versions> versions;
    };
    std::vector<OtherModel> m_askOthers;
    engine::Pending<core::Goal> m_askGoal;
    engine::Pending<engine::MetricValues> m_askValues;
    // The first round's nodes, while the second's answers have not come (the graph changes once, whole).
    std::vector<core::LineageNode> m_nextNodes;
    std::vector<NodeInfo> m_nextInfo;
    size_t m_nextOwn = 0;
    bool m_waitingOthers = false;
    // The model's graph has not come yet (its first round, or its second).
    bool reading() const { return m_askOwn.valid() || m_waitingOthers; }
    std::string m_readError;

    std::vector<std::string> m_metricNames;
    std::string m_metric;
    bool m_metricByUser = false;
    core::Goal m_goal = core::Goal::None;
    engine::MetricValues m_values;  // the metric's, by version id
    double m_lo = 0, m_hi = 0;  // the metric's range over the model's versions

    std::unordered_set<std::string> m_expanded;
    core::LineageLayout m_layout;
    bool m_dirty = true;
    double m_layoutMs = 0;
    int64_t m_layouts = 0;
    // Geometry at zoom 1, per item (by column): text, tag, x of its column, widths.
    std::vector<std::string> m_text, m_tag;
    std::vector<float> m_colX, m_colW, m_boxW, m_tagW, m_textW;
    float m_font = 0, m_boxH = 0, m_tagH = 0, m_pitch = 0, m_gap = 0, m_worldW = 0, m_worldH = 0;

    // The view: screen = canvas origin + pan + world * zoom (boxes and text scale with min(zoom, 1)).
    float m_zoom = 1;
    ImVec2 m_pan{0, 0};
    ImVec2 m_origin{0, 0}, m_size{0, 0};
    bool m_needFit = true;  // a model's first view: all of it if that reads, else its newest end
    bool m_fitAll = false;  // Fit, double-click: all of it
    bool m_dragging = false;
    ImVec2 m_pressAt{0, 0}, m_panAtPress{0, 0};
    Hit m_pressHit;
    // Opening or folding a chain keeps its first version where it was on screen.
    int32_t m_anchorNode = -1;
    ImVec2 m_anchorAt{0, 0};

    // Published.
    core::Value m_drawn;
    int64_t m_drawnCount = 0, m_edgesDrawn = 0;
    std::string m_hover;
};

}  // namespace mvr::app
