#include "app/lineage_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "app/panel_context.hpp"
#include "app/theme.hpp"
#include "core/diff_format.hpp"
#include "core/series.hpp"
#include "imgui_internal.h"
#include "platform/browser.hpp"

namespace mvr::app {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr float kMinZoom = 0.001f, kMaxZoom = 3.0f;  // 5,000 versions open fit in a few hundred pixels
constexpr float kReadableZoom = 0.85f;  // a model's first view is never smaller: its newest end is shown instead
constexpr float kTextZoom = 0.6f;       // below, nodes are drawn without their text (it would not read)
constexpr float kDragThreshold = 4;
constexpr size_t kPublishedNodes = 300;
const char* const kEllipsis = "\xE2\x80\xA6";  // …

// Viridis (uniform in lightness, told apart without colour vision), from a little above its darkest end so that
// the worst value still stands out from a dark background.
ImVec4 ramp(double t) {
    static const float stops[][3] = {{72, 36, 117},  {62, 74, 137},  {49, 104, 142}, {38, 130, 142},
                                     {31, 158, 137}, {53, 183, 121}, {110, 206, 88}, {181, 222, 43}, {253, 231, 37}};
    constexpr int last = 8;
    float x = static_cast<float>(std::clamp(t, 0.0, 1.0)) * last;
    int i = std::min(last - 1, static_cast<int>(x));
    float f = x - static_cast<float>(i);
    auto mix = [&](int k) { return (stops[i][k] + (stops[i + 1][k] - stops[i][k]) * f) / 255.0f; };
    return ImVec4(mix(0), mix(1), mix(2), 1);
}

// Black or white text, whichever stands further from c (WCAG relative luminance).
ImU32 inkOn(ImVec4 c) {
    auto lin = [](float v) { return v <= 0.04045f ? v / 12.92f : std::pow((v + 0.055f) / 1.055f, 2.4f); };
    float l = 0.2126f * lin(c.x) + 0.7152f * lin(c.y) + 0.0722f * lin(c.z);
    return l > 0.179f ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255);
}

ImU32 withAlpha(ImVec4 c, float a) { return ImGui::ColorConvertFloat4ToU32(ImVec4(c.x, c.y, c.z, a)); }

// A deprecated version: grey, with grey text that still reads (about 4.9:1 on its fill in either theme).
ImU32 greyFill() { return ui::themeIsDark() ? IM_COL32(58, 58, 58, 255) : IM_COL32(218, 218, 218, 255); }
ImU32 greyInk() { return ui::themeIsDark() ? IM_COL32(170, 170, 170, 255) : IM_COL32(90, 90, 90, 255); }

// A polyline drawn as dashes of `dash` pixels with gaps as long.
void dashed(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 col, float thickness, float dash) {
    float phase = 0;
    bool on = true;
    for (size_t i = 0; i + 1 < pts.size(); ++i) {
        ImVec2 a = pts[i], b = pts[i + 1];
        float len = std::hypot(b.x - a.x, b.y - a.y);
        for (float at = 0; at < len;) {
            float step = std::min(dash - phase, len - at);
            if (on) {
                float u = at / len, v = (at + step) / len;
                dl->AddLine(ImVec2(a.x + (b.x - a.x) * u, a.y + (b.y - a.y) * u), ImVec2(a.x + (b.x - a.x) * v, a.y + (b.y - a.y) * v), col,
                            thickness);
            }
            at += step;
            phase += step;
            if (phase >= dash) {
                phase = 0;
                on = !on;
            }
        }
    }
}

void dashedRect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float dash) {
    dashed(dl, {a, ImVec2(b.x, a.y), b, ImVec2(a.x, b.y), a}, col, 1.0f, dash);
}

// Text at a scale of the font, placed on whole pixels so that it stays crisp.
void text(ImDrawList* dl, ImVec2 at, float scale, ImU32 col, const std::string& s) {
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize() * scale, ImVec2(std::round(at.x), std::round(at.y)), col, s.c_str(),
                s.c_str() + s.size());
}

// Publishes the part of [a, b] inside the clip rectangle [ca, cb] (nothing when none of it is).
void publishRect(const std::string& label, ImVec2 a, ImVec2 b, ImVec2 ca, ImVec2 cb) {
    a = ImVec2(std::max(a.x, ca.x), std::max(a.y, ca.y));
    b = ImVec2(std::min(b.x, cb.x), std::min(b.y, cb.y));
    if (b.x > a.x && b.y > a.y) platform::publishWidget(label, a.x, a.y, b.x - a.x, b.y - a.y);
}

core::Value integer(int64_t v) { return core::Value::makeInteger(v); }

// Starts the next element of a row that wraps: on this line if `width` fits what is left of it, else on the next.
void flow(bool first, float width) {
    if (first) return;
    ImGui::SameLine(0, ImGui::GetFontSize());
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

// A metric's value in the legend: four significant digits (its range, not its exact ends, is what it shows).
std::string shortNumber(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

const char* goalWord(core::Goal g) { return g == core::Goal::Max ? "max" : g == core::Goal::Min ? "min" : "none"; }

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// Data: read once per change of the registry or of the model.

void LineagePanel::load(const PanelContext& ctx) {
    const std::string& model = ctx.selection.model;
    if (model == m_model && ctx.dataGeneration == m_generation) return;
    if (model != m_model) {
        m_expanded.clear();
        m_metricByUser = false;
        m_needFit = true;
        m_anchorNode = -1;
        // Another model: nothing of the last one stays on screen while its versions are read.
        m_nodes.clear();
        m_info.clear();
        m_ownVersions = 0;
        m_dirty = true;
    }
    m_model = model;
    m_generation = ctx.dataGeneration;
    m_askOthers.clear();
    m_waitingOthers = false;
    m_askGoal = {};
    m_askValues = {};
    m_readError.clear();
    if (model.empty()) {
        m_askOwn = {};
        return;
    }
    m_askOwn = ctx.engine.versions(model);
    m_askNames = ctx.engine.metricNames(model);
    m_askHeadline = ctx.engine.headline(model);
}

void LineagePanel::read(const PanelContext& ctx) {
    if (m_askOwn.valid() && m_askOwn.ready() && m_askNames.ready() && m_askHeadline.ready()) {
        for (const std::string* why : {&m_askOwn.error(), &m_askNames.error(), &m_askHeadline.error()})
            if (!why->empty()) m_readError = *why;
        if (!m_readError.empty()) {
            m_askOwn = {};
            return;
        }
        m_nextNodes.clear();
        m_nextInfo.clear();
        std::map<std::string, std::vector<std::string>> elsewhere;  // parents in other models: model -> labels
        for (storage::VersionSummary& v : m_askOwn.take()) {
            core::LineageNode n;
            n.key = v.label;
            n.parent = v.parent;
            n.time = v.createdOn.empty() ? kNaN : core::secondsSinceEpoch(v.createdOn);
            n.seq = v.seq;
            n.alias = !v.aliases.empty();
            n.deprecated = v.deprecated;
            size_t at = v.parent.find('@');
            if (at != std::string::npos) elsewhere[v.parent.substr(0, at)].push_back(v.parent.substr(at + 1));
            NodeInfo info;
            info.label = std::move(v.label);
            info.createdOn = std::move(v.createdOn);
            for (const std::string& a : v.aliases) info.aliases += (info.aliases.empty() ? "" : ", ") + a;
            info.aliasList = std::move(v.aliases);
            info.id = v.id;
            m_nextNodes.push_back(std::move(n));
            m_nextInfo.push_back(std::move(info));
        }
        m_nextOwn = m_nextNodes.size();
        // Each other model named as a parent is asked once; a parent it does not have stays dangling.
        for (auto& [other, labels] : elsewhere) {
            if (other == m_model) continue;
            std::sort(labels.begin(), labels.end());
            labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
            m_askOthers.push_back(OtherModel{other, std::move(labels), ctx.engine.versions(other)});
        }
        m_metricNames = m_askNames.value();
        if (!m_metricByUser || std::find(m_metricNames.begin(), m_metricNames.end(), m_metric) == m_metricNames.end()) {
            const engine::HeadlineAnswer& h = m_askHeadline.value();
            m_metric = h.found ? h.headline.metric : m_metricNames.empty() ? "" : m_metricNames[0];
        }
        m_askOwn = {};
        m_waitingOthers = true;
        loadMetric(ctx);
    }
    // The graph changes once, when its parents' models and the metric have come too (drawn with its colours).
    bool metricCame = !m_askGoal.valid() || (m_askGoal.ready() && m_askValues.ready());
    if (metricCame && m_askGoal.valid()) {
        m_goal = m_askGoal.failed() ? core::Goal::None : m_askGoal.value();
        m_values = m_askValues.value();
        m_askGoal = {};
        m_askValues = {};
        if (!m_waitingOthers) applyValues();
    }
    bool othersCame = true;
    for (const OtherModel& o : m_askOthers) othersCame = othersCame && o.versions.ready();
    if (m_waitingOthers && othersCame && metricCame) {
        for (OtherModel& o : m_askOthers) {
            for (storage::VersionSummary& v : o.versions.take()) {  // empty when it failed
                if (!std::binary_search(o.labels.begin(), o.labels.end(), v.label)) continue;
                core::LineageNode n;
                n.key = o.model + "@" + v.label;
                n.time = v.createdOn.empty() ? kNaN : core::secondsSinceEpoch(v.createdOn);
                n.seq = -1;
                n.external = true;
                n.deprecated = v.deprecated;
                NodeInfo info;
                info.model = o.model;
                info.label = std::move(v.label);
                info.createdOn = std::move(v.createdOn);
                m_nextNodes.push_back(std::move(n));
                m_nextInfo.push_back(std::move(info));
            }
        }
        m_askOthers.clear();
        m_nodes.swap(m_nextNodes);
        m_info.swap(m_nextInfo);
        m_ownVersions = m_nextOwn;
        m_nextNodes.clear();
        m_nextInfo.clear();
        m_waitingOthers = false;
        m_dirty = true;
        applyValues();
    }
}

void LineagePanel::loadMetric(const PanelContext& ctx) {
    // The colours of the last metric stay until the new one's values come.
    if (m_metric.empty()) {
        m_askGoal = {};
        m_askValues = {};
        m_values.clear();
        m_goal = core::Goal::None;
        if (!m_waitingOthers) applyValues();
        return;
    }
    m_askGoal = ctx.engine.metricGoal(m_model, m_metric);
    m_askValues = ctx.engine.metricValues(m_model, m_metric);
}

void LineagePanel::applyValues() {
    m_lo = HUGE_VAL;
    m_hi = -HUGE_VAL;
    for (size_t i = 0; i < m_info.size(); ++i) {
        NodeInfo& info = m_info[i];
        auto it = i < m_ownVersions ? m_values.find(info.id) : m_values.end();
        info.value = it == m_values.end() || !std::isfinite(it->second) ? kNaN : it->second;
        if (std::isnan(info.value)) continue;
        m_lo = std::min(m_lo, info.value);
        m_hi = std::max(m_hi, info.value);
    }
}

void LineagePanel::relayout() {
    double t0 = platform::nowMs();
    m_layout = core::layoutLineage(m_nodes, m_expanded);
    m_layoutMs = platform::nowMs() - t0;
    ++m_layouts;
    m_dirty = false;
    measure();
}

std::string LineagePanel::labelOf(uint32_t item) const {
    const core::LineageItem& it = m_layout.items[item];
    const NodeInfo& first = m_info[it.first];
    switch (it.kind) {
    case core::LineageKind::Version: return first.model.empty() ? first.label : first.model + "@" + first.label;
    case core::LineageKind::Chain:
        return first.label + " " + kEllipsis + " " + m_info[it.last].label + " (" + std::to_string(it.count) + " versions)";
    case core::LineageKind::Missing: return "parent " + m_nodes[it.first].parent + " (deleted)";
    }
    return "";
}

// Each item's box and tag at zoom 1, and the x of its column (every column holds one item, as wide as its box
// or its tag, whichever is wider, and a gap for the edges that leave it).
void LineagePanel::measure() {
    const float f = ImGui::GetFontSize();
    m_font = f;
    m_boxH = std::round(f * 1.6f);
    m_tagH = std::round(f * 1.35f);
    m_pitch = m_tagH + m_boxH + std::round(f * 0.7f);
    m_gap = std::round(f * 1.8f);
    const float pad = std::round(f * 0.55f);
    const size_t n = m_layout.items.size();
    m_text.assign(n, "");
    m_textW.assign(n, 0);
    m_tag.assign(n, "");
    m_colX.assign(n, 0);
    m_colW.assign(n, 0);
    m_boxW.assign(n, 0);
    m_tagW.assign(n, 0);
    for (const core::LineageChain& ch : m_layout.expanded) m_tag[ch.firstItem] = "collapse " + std::to_string(ch.count);
    float x = 0;
    for (uint32_t i = 0; i < n; ++i) {
        const core::LineageItem& it = m_layout.items[i];
        m_text[i] = labelOf(i);
        if (m_tag[i].empty() && it.kind == core::LineageKind::Version) m_tag[i] = m_info[it.first].aliases;
        m_textW[i] = ImGui::CalcTextSize(m_text[i].c_str()).x;
        m_boxW[i] = std::max(f * 2, m_textW[i] + 2 * pad);
        if (it.kind == core::LineageKind::Chain) m_boxW[i] += 6;  // the stack drawn behind it
        m_tagW[i] = m_tag[i].empty() ? 0 : ImGui::CalcTextSize(m_tag[i].c_str()).x + pad;
        m_colX[i] = x;
        m_colW[i] = std::max(m_boxW[i], m_tagW[i]);
        x += m_colW[i] + m_gap;
    }
    m_worldW = n ? x - m_gap : 0;
    m_worldH = static_cast<float>(m_layout.lanes) * m_pitch;
}

// ---------------------------------------------------------------------------------------------------------
// Geometry on screen.

void LineagePanel::boxOf(uint32_t item, ImVec2& a, ImVec2& b) const {
    const float s = std::min(m_zoom, 1.0f);
    const core::LineageItem& it = m_layout.items[item];
    float x = m_origin.x + m_pan.x + m_colX[item] * m_zoom;
    float mid = m_origin.y + m_pan.y + (static_cast<float>(it.lane) * m_pitch + m_tagH + m_boxH * 0.5f) * m_zoom;
    float w = (it.kind == core::LineageKind::Chain ? m_boxW[item] - 6 : m_boxW[item]) * s;
    a = ImVec2(x, mid - m_boxH * s * 0.5f);
    b = ImVec2(x + w, mid + m_boxH * s * 0.5f);
}

void LineagePanel::tagOf(uint32_t item, ImVec2& a, ImVec2& b) const {
    const float s = std::min(m_zoom, 1.0f);
    ImVec2 ba, bb;
    boxOf(item, ba, bb);
    a = ImVec2(ba.x, ba.y - (m_tagH - 2) * s);
    b = ImVec2(ba.x + m_tagW[item] * s, ba.y - 3 * s);
}

ImU32 LineagePanel::fillOf(uint32_t item, bool& onRamp) const {
    onRamp = false;
    const core::LineageItem& it = m_layout.items[item];
    if (it.kind != core::LineageKind::Version) return ui::chartBackground();
    const NodeInfo& info = m_info[it.first];
    if (m_nodes[it.first].deprecated) return greyFill();
    if (!info.model.empty() || std::isnan(info.value)) return ui::chartBackground();
    onRamp = true;
    double t = m_hi > m_lo ? (info.value - m_lo) / (m_hi - m_lo) : 0.5;
    if (m_goal == core::Goal::Min) t = 1 - t;
    return ImGui::ColorConvertFloat4ToU32(ramp(t));
}

LineagePanel::Hit LineagePanel::hitTest(ImVec2 mouse) const {
    Hit h;
    if (m_colX.empty()) return h;
    float wx = (mouse.x - m_origin.x - m_pan.x) / m_zoom;
    auto col = std::upper_bound(m_colX.begin(), m_colX.end(), wx);
    if (col == m_colX.begin()) return h;
    uint32_t c = static_cast<uint32_t>(col - m_colX.begin() - 1);
    auto inside = [&](ImVec2 a, ImVec2 b) { return mouse.x >= a.x && mouse.x < b.x && mouse.y >= a.y && mouse.y < b.y; };
    ImVec2 a, b;
    boxOf(c, a, b);
    if (inside(a, b)) {
        h.item = static_cast<int32_t>(c);
        return h;
    }
    const core::LineageItem& it = m_layout.items[c];
    if (it.expandedChain >= 0 && m_layout.expanded[it.expandedChain].firstItem == c) {
        tagOf(c, a, b);
        if (inside(a, b)) {
            h.item = static_cast<int32_t>(c);
            h.fold = true;
        }
    }
    return h;
}

void LineagePanel::fit(ImVec2 size, bool readable) {
    const float margin = m_font;
    float zx = (size.x - 2 * margin) / std::max(1.0f, m_worldW), zy = (size.y - 2 * margin) / std::max(1.0f, m_worldH);
    m_zoom = std::clamp(std::min({zx, zy, 1.0f}), kMinZoom, 1.0f);
    // From the left (the oldest first); a tree that its width made small is centred in the height it leaves.
    m_pan = ImVec2(margin, zx < zy && zx < 1 ? std::max(margin, (size.y - m_worldH * m_zoom) / 2) : margin);
    if (readable && m_zoom < kReadableZoom) {
        // Too big to read whole: the newest end, at a size that reads, from the first lane down.
        m_zoom = kReadableZoom;
        m_pan = ImVec2(size.x - margin - m_worldW * m_zoom, margin);
    }
}

// ---------------------------------------------------------------------------------------------------------
// Interaction.

void LineagePanel::click(const PanelContext& ctx, const Hit& hit) {
    if (hit.item < 0) return;
    const uint32_t item = static_cast<uint32_t>(hit.item);
    const core::LineageItem& it = m_layout.items[item];
    auto anchor = [&](uint32_t node) {
        ImVec2 a, b;
        boxOf(item, a, b);
        m_anchorNode = static_cast<int32_t>(node);
        m_anchorAt = ImVec2(a.x - m_origin.x, a.y - m_origin.y);
    };
    if (hit.fold) {
        const core::LineageChain& ch = m_layout.expanded[it.expandedChain];
        anchor(it.first);
        m_expanded.erase(ch.id);
        m_dirty = true;
        return;
    }
    switch (it.kind) {
    case core::LineageKind::Chain:
        anchor(it.first);
        m_expanded.insert(core::lineageChainId(m_nodes, it.first));
        m_dirty = true;
        break;
    case core::LineageKind::Version: {
        const NodeInfo& info = m_info[it.first];
        if (!info.model.empty()) ctx.actions.selectModel(info.model);
        ctx.selection.focused = info.label;
        ++ctx.selection.generation;
        m_opened = true;
        break;
    }
    case core::LineageKind::Missing: break;
    }
}

void LineagePanel::tooltip(const Hit& hit) const {
    const core::LineageItem& it = m_layout.items[hit.item];
    const NodeInfo& info = m_info[it.first];
    ImGui::BeginTooltip();
    if (hit.fold) {
        ImGui::Text("%u versions in a row, each with one child", m_layout.expanded[it.expandedChain].count);
        ImGui::TextDisabled("click to fold them back into one");
    } else if (it.kind == core::LineageKind::Chain) {
        ImGui::Text("%s%s%s: %u versions", info.label.c_str(), kEllipsis, m_info[it.last].label.c_str(), it.count);
        ImGui::TextDisabled("each with one child, no alias, not deprecated");
        ImGui::TextDisabled("click to show them one by one");
    } else if (it.kind == core::LineageKind::Missing) {
        size_t children = 0;
        for (const core::LineageEdge& e : m_layout.edges) children += e.from == static_cast<uint32_t>(hit.item);
        ImGui::Text("%s is not in the registry (deleted)", m_nodes[it.first].parent.c_str());
        ImGui::TextDisabled("%zu version%s name%s it as parent", children, children == 1 ? "" : "s", children == 1 ? "s" : "");
    } else {
        ImGui::Text("%s@%s", info.model.empty() ? m_model.c_str() : info.model.c_str(), info.label.c_str());
        if (!info.aliases.empty()) ImGui::TextColored(ui::tone(ui::Tone::Accent), "%s", info.aliases.c_str());
        if (m_nodes[it.first].deprecated) ImGui::TextColored(ui::tone(ui::Tone::Warn), "deprecated");
        if (!info.createdOn.empty()) ImGui::TextDisabled("created %s", info.createdOn.c_str());
        if (!info.model.empty()) ImGui::TextDisabled("the parent of versions of %s, in another model", m_model.c_str());
        else if (!m_metric.empty() && std::isnan(info.value)) ImGui::TextDisabled("no %s", m_metric.c_str());
        else if (!m_metric.empty()) ImGui::Text("%s = %s", m_metric.c_str(), core::formatNumber(info.value).c_str());
        if (it.cycleCut) ImGui::TextColored(ui::tone(ui::Tone::Bad), "its parents lead back to it: that link is not drawn");
        ImGui::TextDisabled(info.model.empty() ? "click to open" : "click to open it in its model");
    }
    ImGui::EndTooltip();
}

// ---------------------------------------------------------------------------------------------------------
// Drawing.

void LineagePanel::draw(const PanelContext& ctx) {
    m_drawn = core::Value::makeArray();
    m_drawnCount = 0;
    m_edgesDrawn = 0;
    m_hover.clear();
    load(ctx);
    read(ctx);
    if (m_model.empty()) {
        ImGui::TextDisabled("Pick a model to see how its versions descend from each other.");
        return;
    }
    if (!m_readError.empty()) {
        ImGui::TextColored(ui::tone(ui::Tone::Bad), "The versions of %s could not be read: %s", m_model.c_str(),
                           m_readError.c_str());
        return;
    }
    if (reading() && m_ownVersions == 0) {
        ImGui::TextDisabled("Reading the versions of %s…", m_model.c_str());
        return;
    }
    if (m_ownVersions == 0) {
        ImGui::TextDisabled("%s has no versions.", m_model.c_str());
        return;
    }
    if (m_dirty) relayout();
    if (m_font != ImGui::GetFontSize()) measure();
    drawToolbar(ctx);
    drawLegend();
    drawCanvas(ctx);
}

void LineagePanel::drawToolbar(const PanelContext& ctx) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Colour by");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    bool open = ImGui::BeginCombo("##lineage-metric", m_metric.empty() ? "none" : m_metric.c_str(), ImGuiComboFlags_HeightLarge);
    publishItem("lineage.metric");
    if (open) {
        for (const std::string& name : m_metricNames) {
            if (ImGui::Selectable(name.c_str(), name == m_metric) && name != m_metric) {
                m_metric = name;
                m_metricByUser = true;
                loadMetric(ctx);
            }
            publishItem(("lineage.metric:" + name).c_str());
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button("Fit")) m_fitAll = true;
    publishItem("lineage.fit");
    std::string summary = std::to_string(m_ownVersions) + " versions";
    if (m_layout.chains) summary += ", " + std::to_string(m_layout.chains) + " runs folded";
    flow(false, ImGui::CalcTextSize(summary.c_str()).x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", summary.c_str());
}

void LineagePanel::drawLegend() {
    const float f = ImGui::GetFontSize();
    const ImVec2 sw(f * 1.6f, f);
    const float gap = std::round(f * 0.3f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text), border = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    bool first = true;
    // A swatch drawn by `paint` into its rectangle, then its words.
    auto entry = [&](const std::string& words, auto&& paint) {
        flow(first, sw.x + gap + ImGui::CalcTextSize(words.c_str()).x);
        first = false;
        ImGui::Dummy(sw);
        ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        paint(a, b);
        ImGui::SameLine(0, gap);
        ImGui::TextUnformatted(words.c_str());
    };
    if (!m_metric.empty() && m_hi >= m_lo) {
        const bool goal = m_goal != core::Goal::None;
        std::string left = (goal ? "worse " : "") + shortNumber(m_goal == core::Goal::Min ? m_hi : m_lo);
        std::string right = (goal ? "better " : "") + shortNumber(m_goal == core::Goal::Min ? m_lo : m_hi);
        const float bar = f * 6;
        flow(first, ImGui::CalcTextSize(left.c_str()).x + ImGui::CalcTextSize(right.c_str()).x + bar + 2 * gap);
        first = false;
        ImGui::TextUnformatted(left.c_str());
        ImGui::SameLine(0, gap);
        ImGui::Dummy(ImVec2(bar, f));
        ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        for (int i = 0; i < 8; ++i) {
            float x0 = a.x + bar * i / 8, x1 = a.x + bar * (i + 1) / 8;
            ImU32 c0 = ImGui::ColorConvertFloat4ToU32(ramp(i / 8.0)), c1 = ImGui::ColorConvertFloat4ToU32(ramp((i + 1) / 8.0));
            dl->AddRectFilledMultiColor(ImVec2(x0, a.y), ImVec2(x1, b.y), c0, c1, c1, c0);
        }
        ImGui::SameLine(0, gap);
        ImGui::TextUnformatted(right.c_str());
        entry("no " + m_metric, [&](ImVec2 a0, ImVec2 b0) {
            dl->AddRectFilled(a0, b0, ui::chartBackground(), 3);
            dl->AddRect(a0, b0, border, 3);
        });
    }
    bool deprecated = false, chains = m_layout.chains > 0, missing = false, other = false, alias = false;
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        deprecated |= m_nodes[i].deprecated && !m_nodes[i].external;
        other |= m_nodes[i].external;
        alias |= m_nodes[i].alias;
    }
    for (const core::LineageItem& it : m_layout.items) missing |= it.kind == core::LineageKind::Missing;
    if (alias)
        entry("alias", [&](ImVec2 a, ImVec2 b) {
            dl->AddRectFilled(a, b, withAlpha(ui::tone(ui::Tone::Accent), 0.16f), 3);
            dl->AddLine(ImVec2(a.x + 3, (a.y + b.y) / 2), ImVec2(b.x - 3, (a.y + b.y) / 2), ImGui::ColorConvertFloat4ToU32(ui::tone(ui::Tone::Accent)), 2);
        });
    if (deprecated)
        entry("deprecated", [&](ImVec2 a, ImVec2 b) {
            dl->AddRectFilled(a, b, greyFill(), 3);
            dl->AddLine(ImVec2(a.x + 3, (a.y + b.y) / 2), ImVec2(b.x - 3, (a.y + b.y) / 2), greyInk());
        });
    if (chains)
        entry("folded run", [&](ImVec2 a, ImVec2 b) {
            dl->AddRect(ImVec2(a.x + 4, a.y), ImVec2(b.x, b.y - 4), border, 3);
            dl->AddRectFilled(ImVec2(a.x, a.y + 4), ImVec2(b.x - 4, b.y), ui::chartBackground(), 3);
            dl->AddRect(ImVec2(a.x, a.y + 4), ImVec2(b.x - 4, b.y), ink, 3);
        });
    if (missing) entry("deleted parent", [&](ImVec2 a, ImVec2 b) { dashedRect(dl, a, b, border, 3); });
    if (other)
        entry("another model", [&](ImVec2 a, ImVec2 b) {
            dl->AddRect(a, b, ImGui::ColorConvertFloat4ToU32(ui::tone(ui::Tone::Uri)), 3, 0, 2);
        });
}

void LineagePanel::drawCanvas(const PanelContext& ctx) {
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::BeginChild("lineage.view", ImVec2(0, 0), ImGuiChildFlags_Border, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PopStyleVar();
    m_origin = ImGui::GetCursorScreenPos();
    m_size = ImGui::GetContentRegionAvail();
    m_size = ImVec2(std::max(m_size.x, 1.0f), std::max(m_size.y, 1.0f));
    const ImVec2 end(m_origin.x + m_size.x, m_origin.y + m_size.y);
    ImGuiIO& io = ImGui::GetIO();

    if (m_needFit || m_fitAll) fit(m_size, !m_fitAll);
    m_needFit = m_fitAll = false;
    ImGui::InvisibleButton("##lineage", m_size);
    publishItem("lineage.canvas");
    const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
    if (hovered) ImGui::SetItemKeyOwner(ImGuiKey_MouseWheelY);
    const ImVec2 mouse = io.MousePos;
    Hit hit = hovered || active ? hitTest(mouse) : Hit();
    if (ImGui::IsItemActivated()) {
        m_pressAt = mouse;
        m_panAtPress = m_pan;
        m_pressHit = hit;
        m_dragging = false;
    }
    if (active) {
        ImVec2 d(mouse.x - m_pressAt.x, mouse.y - m_pressAt.y);
        if (!m_dragging && d.x * d.x + d.y * d.y > kDragThreshold * kDragThreshold) m_dragging = true;
        if (m_dragging) {
            m_pan = ImVec2(m_panAtPress.x + d.x, m_panAtPress.y + d.y);
            ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
        }
    }
    if (ImGui::IsItemDeactivated()) {
        if (!m_dragging && hit == m_pressHit) click(ctx, hit);
        m_dragging = false;
    }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && hit.item < 0) fit(m_size, false);
    if (hovered && io.MouseWheel != 0 && !active) {
        float z = std::clamp(m_zoom * std::pow(1.15f, io.MouseWheel), kMinZoom, kMaxZoom);
        float wx = (mouse.x - m_origin.x - m_pan.x) / m_zoom, wy = (mouse.y - m_origin.y - m_pan.y) / m_zoom;
        m_zoom = z;
        m_pan = ImVec2(mouse.x - m_origin.x - wx * z, mouse.y - m_origin.y - wy * z);
    }
    if (m_dirty) {
        // A chain opened or folded: laid out at once, its first version kept where it was on screen.
        relayout();
        hit = Hit();
        if (m_anchorNode >= 0 && static_cast<size_t>(m_anchorNode) < m_layout.itemOfNode.size()) {
            ImVec2 a, b;
            boxOf(m_layout.itemOfNode[m_anchorNode], a, b);
            m_pan.x += m_origin.x + m_anchorAt.x - a.x;
            m_pan.y += m_origin.y + m_anchorAt.y - a.y;
        }
        m_anchorNode = -1;
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(m_origin, end, true);
    dl->AddRectFilled(m_origin, end, ui::chartBackground());
    const float s = std::min(m_zoom, 1.0f);
    const bool words = s >= kTextZoom;
    const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text), muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImU32 mutedInk = ImGui::ColorConvertFloat4ToU32(ui::tone(ui::Tone::Muted));
    const ImVec4 accent = ui::tone(ui::Tone::Accent);
    const ImU32 edgeColour = withAlpha(ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled), 0.85f);
    const float wx0 = -m_pan.x / m_zoom, wx1 = (m_size.x - m_pan.x) / m_zoom;
    const float wy0 = -m_pan.y / m_zoom, wy1 = (m_size.y - m_pan.y) / m_zoom;
    auto laneVisible = [&](uint32_t lo, uint32_t hi) {
        return static_cast<float>(hi + 1) * m_pitch >= wy0 && static_cast<float>(lo) * m_pitch <= wy1;
    };

    // Edges whose box meets the view: along the parent's lane to its column's end, down in the gap after it,
    // then along the child's lane.
    std::vector<ImVec2> pts;
    for (const core::LineageEdge& e : m_layout.edges) {
        const core::LineageItem& from = m_layout.items[e.from];
        const core::LineageItem& to = m_layout.items[e.to];
        if (m_colX[e.to] + m_colW[e.to] < wx0 || m_colX[e.from] > wx1 || !laneVisible(from.lane, to.lane)) continue;
        ImVec2 pa, pb, ca, cb;
        boxOf(e.from, pa, pb);
        boxOf(e.to, ca, cb);
        const float py = (pa.y + pb.y) / 2, cy = (ca.y + cb.y) / 2;
        pts.clear();
        pts.push_back(ImVec2(pb.x, py));
        if (from.lane != to.lane) {
            const float xa = m_origin.x + m_pan.x + (m_colX[e.from] + m_colW[e.from]) * m_zoom;
            const float xb = m_origin.x + m_pan.x + (m_colX[e.from] + m_colW[e.from] + m_gap) * m_zoom;
            pts.push_back(ImVec2(xa, py));
            for (int k = 1; k <= 12; ++k) {
                float t = k / 12.0f, u = 1 - t;
                // A cubic with both control points halfway across: leaves and arrives level.
                float xm = (xa + xb) / 2;
                float x = u * u * u * xa + 3 * u * u * t * xm + 3 * u * t * t * xm + t * t * t * xb;
                float y = u * u * u * py + 3 * u * u * t * py + 3 * u * t * t * cy + t * t * t * cy;
                pts.push_back(ImVec2(x, y));
            }
        }
        pts.push_back(ImVec2(ca.x, cy));
        if (e.dangling) dashed(dl, pts, edgeColour, 1.5f, 5);
        else dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), edgeColour, ImDrawFlags_None, 1.5f);
        ++m_edgesDrawn;
    }

    // Open chains: a bracket over their versions, from the fold handle to the last one.
    for (const core::LineageChain& ch : m_layout.expanded) {
        if (m_colX[ch.lastItem] + m_colW[ch.lastItem] < wx0 || m_colX[ch.firstItem] > wx1) continue;
        if (!laneVisible(m_layout.items[ch.firstItem].lane, m_layout.items[ch.firstItem].lane)) continue;
        ImVec2 ta, tb, la, lb;
        tagOf(ch.firstItem, ta, tb);
        boxOf(ch.lastItem, la, lb);
        const float y = (ta.y + tb.y) / 2;
        const ImU32 c = withAlpha(accent, 0.7f);
        dl->AddLine(ImVec2(tb.x + 3, y), ImVec2(lb.x, y), c, 1.0f);
        dl->AddLine(ImVec2(lb.x, y), ImVec2(lb.x, la.y - 1), c, 1.0f);
    }

    // Nodes: the columns in view, and of those the ones whose lane is.
    size_t c0 = static_cast<size_t>(std::upper_bound(m_colX.begin(), m_colX.end(), wx0) - m_colX.begin());
    if (c0 > 0) --c0;
    const Hit hoverHit = m_dragging ? Hit() : hit;
    for (size_t c = c0; c < m_colX.size() && m_colX[c] <= wx1; ++c) {
        const core::LineageItem& it = m_layout.items[c];
        if (!laneVisible(it.lane, it.lane)) continue;
        const uint32_t item = static_cast<uint32_t>(c);
        ImVec2 a, b;
        boxOf(item, a, b);
        if (b.x < m_origin.x || a.x > end.x || b.y < m_origin.y - m_tagH || a.y > end.y) continue;
        const NodeInfo& info = m_info[it.first];
        const bool deprecated = it.kind == core::LineageKind::Version && m_nodes[it.first].deprecated;
        const bool external = it.kind == core::LineageKind::Version && !info.model.empty();
        const bool focused = it.kind == core::LineageKind::Version && info.model.empty() && info.label == ctx.selection.focused;
        const bool isHovered = hoverHit.item == static_cast<int32_t>(item) && !hoverHit.fold;
        bool onRamp = false;
        const ImU32 fill = fillOf(item, onRamp);
        const float round = 4 * s;
        if (it.kind == core::LineageKind::Chain) {
            // A stack: two outlines behind the box.
            for (float k : {6.0f, 3.0f}) {
                ImVec2 oa(a.x + k * s, a.y - k * s), ob(b.x + k * s, b.y - k * s);
                dl->AddRectFilled(oa, ob, ui::chartBackground(), round);
                dl->AddRect(oa, ob, muted, round);
            }
        }
        if (it.kind == core::LineageKind::Missing) {
            dashedRect(dl, a, b, muted, 4);
        } else {
            dl->AddRectFilled(a, b, fill, round);
            ImU32 edge = external ? ImGui::ColorConvertFloat4ToU32(ui::tone(ui::Tone::Uri)) : onRamp ? withAlpha(ImGui::GetStyleColorVec4(ImGuiCol_Text), 0.35f) : muted;
            float thick = external ? 2.0f : 1.0f;
            if (isHovered) edge = ink, thick = 2.0f;
            if (focused) edge = ImGui::ColorConvertFloat4ToU32(accent), thick = 2.5f;
            dl->AddRect(a, b, edge, round, 0, thick);
        }
        const float pad = (m_boxW[item] - (it.kind == core::LineageKind::Chain ? 6 : 0) - m_textW[item]) / 2;
        if (words) {
            ImU32 tc = onRamp ? inkOn(ImGui::ColorConvertU32ToFloat4(fill)) : deprecated ? greyInk() : it.kind == core::LineageKind::Missing ? mutedInk : ink;
            ImVec2 at(a.x + pad * s, (a.y + b.y) / 2 - ImGui::GetFontSize() * s / 2);
            text(dl, at, s, tc, m_text[item]);
            if (deprecated) {
                float w = m_textW[item] * s;
                dl->AddLine(ImVec2(at.x - 1, (a.y + b.y) / 2), ImVec2(at.x + w + 1, (a.y + b.y) / 2), tc, 1.0f);
            }
        }
        if (!m_tag[item].empty()) {
            ImVec2 ta, tb;
            tagOf(item, ta, tb);
            const bool fold = it.expandedChain >= 0;
            const bool tagHovered = hoverHit.item == static_cast<int32_t>(item) && hoverHit.fold;
            dl->AddRectFilled(ta, tb, withAlpha(accent, tagHovered ? 0.35f : 0.16f), 3 * s);
            if (fold) dl->AddRect(ta, tb, withAlpha(accent, 0.8f), 3 * s);
            if (words) text(dl, ImVec2(ta.x + m_font * 0.27f * s, ta.y + ((tb.y - ta.y) - ImGui::GetFontSize() * s) / 2), s,
                             ImGui::ColorConvertFloat4ToU32(accent), m_tag[item]);
            else dl->AddCircleFilled(ImVec2(ta.x + 2, tb.y - 2), 2, ImGui::ColorConvertFloat4ToU32(accent));
            if (fold) publishRect("lineage.fold:" + m_layout.expanded[it.expandedChain].id, ta, tb, m_origin, end);
        }

        ++m_drawnCount;
        if (m_drawn.items.size() >= kPublishedNodes) continue;
        const char* kind = it.kind == core::LineageKind::Chain     ? "chain"
                           : it.kind == core::LineageKind::Missing ? "missing"
                           : external                               ? "external"
                                                                    : "version";
        std::string name = it.kind == core::LineageKind::Chain     ? info.label
                           : it.kind == core::LineageKind::Missing ? m_nodes[it.first].parent
                           : external                               ? info.model + "@" + info.label
                                                                    : info.label;
        const char* prefix = it.kind == core::LineageKind::Chain ? "lineage.chain:" : it.kind == core::LineageKind::Missing ? "lineage.missing:" : "lineage.node:";
        publishRect(prefix + name, a, b, m_origin, end);
        core::Value o = core::Value::makeObject();
        o.set("label", core::Value::makeString(name));
        o.set("kind", core::Value::makeString(kind));
        o.set("text", core::Value::makeString(m_text[item]));
        o.set("x", integer(std::lround(a.x)));
        o.set("y", integer(std::lround(a.y)));
        o.set("w", integer(std::lround(b.x - a.x)));
        o.set("h", integer(std::lround(b.y - a.y)));
        o.set("lane", integer(it.lane));
        o.set("count", integer(it.count));
        o.set("greyed", core::Value::makeBool(deprecated));
        o.set("coloured", core::Value::makeBool(onRamp));
        o.set("focused", core::Value::makeBool(focused));
        core::Value tags = core::Value::makeArray();
        if (it.kind == core::LineageKind::Version)
            for (const std::string& alias : info.aliasList) tags.push(core::Value::makeString(alias));
        o.set("aliases", std::move(tags));
        if (it.kind == core::LineageKind::Version && !std::isnan(info.value)) o.set("value", core::Value::makeNumberLexeme(core::formatNumber(info.value)));
        m_drawn.push(std::move(o));
    }
    dl->PopClipRect();

    if (hoverHit.item >= 0 && !active) {
        const core::LineageItem& it = m_layout.items[hoverHit.item];
        m_hover = it.kind == core::LineageKind::Chain ? "chain:" + m_info[it.first].label : m_text[hoverHit.item];
        if (hoverHit.fold) m_hover = "fold:" + m_layout.expanded[it.expandedChain].id;
        tooltip(hoverHit);
    }
    ImGui::EndChild();
}

core::Value LineagePanel::state() const {
    core::Value s = core::Value::makeObject();
    s.set("model", core::Value::makeString(m_model));
    s.set("metric", core::Value::makeString(m_metric));
    // Asked and not answered yet: the versions (the graph is the last one), or the metric (its colours are).
    s.set("reading", core::Value::makeBool(reading() || m_askGoal.valid()));
    s.set("goal", core::Value::makeString(goalWord(m_goal)));
    s.set("versions", integer(static_cast<int64_t>(m_ownVersions)));
    s.set("items", integer(static_cast<int64_t>(m_layout.items.size())));
    s.set("chains", integer(m_layout.chains));
    s.set("expanded", integer(static_cast<int64_t>(m_layout.expanded.size())));
    s.set("lanes", integer(m_layout.lanes));
    s.set("cyclesCut", integer(m_layout.cyclesCut));
    s.set("layouts", integer(m_layouts));
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.3f", m_layoutMs);
    s.set("layoutMs", core::Value::makeNumberLexeme(ms));
    s.set("zoom", core::Value::makeNumberLexeme(core::formatNumber(m_zoom)));
    core::Value offset = core::Value::makeArray();
    offset.push(integer(std::lround(m_pan.x)));
    offset.push(integer(std::lround(m_pan.y)));
    s.set("offset", std::move(offset));
    s.set("drawn", integer(m_drawnCount));
    s.set("edgesDrawn", integer(m_edgesDrawn));
    s.set("hover", core::Value::makeString(m_hover));
    s.set("nodes", m_drawn);
    return s;
}

}  // namespace mvr::app
