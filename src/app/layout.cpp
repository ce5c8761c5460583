#include "app/layout.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <utility>

#include "app/panel_context.hpp"

namespace mvr::app {

namespace {
constexpr float kSplitter = 6;       // px between panes, where the splitters are
constexpr float kStrip = 26;         // px of a column whose panes are all folded
constexpr float kMinColumn = 180;    // px: narrower columns cannot be dragged to
constexpr float kMinMiddle = 320;
const PaneLayout kDefault;
}  // namespace

const char* paneTitle(Pane p) {
    switch (p) {
    case Pane::Models: return "Models";
    case Pane::Import: return "Import";
    case Pane::Versions: return "Versions";
    case Pane::Compare: return "Compare";
    case Pane::Detail: return "Version";
    }
    return "";
}

bool PaneLayout::operator==(const PaneLayout& o) const {
    if (leftWidth != o.leftWidth || rightWidth != o.rightWidth || leftSplit != o.leftSplit || middleSplit != o.middleSplit) return false;
    for (int i = 0; i < kPaneCount; ++i)
        if (folded[i] != o.folded[i]) return false;
    return true;
}

std::string formatLayout(const PaneLayout& l) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "panes1 %.4f %.4f %.4f %.4f ", l.leftWidth, l.rightWidth, l.leftSplit, l.middleSplit);
    std::string out = buf;
    for (bool f : l.folded) out += f ? '1' : '0';
    return out;
}

PaneLayout parseLayout(const std::string& text) {
    std::istringstream in(text);
    std::string tag, folded;
    PaneLayout l;
    if (!(in >> tag >> l.leftWidth >> l.rightWidth >> l.leftSplit >> l.middleSplit >> folded) || tag != "panes1" ||
        folded.size() != kPaneCount)
        return kDefault;
    auto ok = [](float f, float lo, float hi) { return f >= lo && f <= hi; };
    if (!ok(l.leftWidth, 0.05f, 0.6f) || !ok(l.rightWidth, 0.05f, 0.7f) || !ok(l.leftSplit, 0.05f, 0.95f) ||
        !ok(l.middleSplit, 0.05f, 0.95f))
        return kDefault;
    for (int i = 0; i < kPaneCount; ++i) {
        if (folded[i] != '0' && folded[i] != '1') return kDefault;
        l.folded[i] = folded[i] == '1';
    }
    return l;
}

void Layout::unfold(Pane p) {
    bool& f = m_layout.folded[static_cast<int>(p)];
    if (f) {
        f = false;
        m_changed = true;
    }
}

bool Layout::takeChanged() { return std::exchange(m_changed, false); }

void Layout::splitter(const char* id, ImVec2 pos, ImVec2 size, bool vertical, float& value, float span, float lo, float hi,
                      float reset, float sign) {
    ImGui::SetCursorScreenPos(pos);
    ImGui::InvisibleButton(id, size);
    publishItem(id);
    bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
    if (hovered || active) ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImU32 col = ImGui::GetColorU32(active ? ImGuiCol_SeparatorActive : hovered ? ImGuiCol_SeparatorHovered : ImGuiCol_Separator);
    if (vertical)
        dl->AddLine(ImVec2(pos.x + size.x * 0.5f, pos.y), ImVec2(pos.x + size.x * 0.5f, pos.y + size.y), col, active || hovered ? 2.0f : 1.0f);
    else
        dl->AddLine(ImVec2(pos.x, pos.y + size.y * 0.5f), ImVec2(pos.x + size.x, pos.y + size.y * 0.5f), col, active || hovered ? 2.0f : 1.0f);
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        value = reset;
        m_changed = true;
        return;
    }
    if (active && span > 0) {
        float d = vertical ? ImGui::GetIO().MouseDelta.x : ImGui::GetIO().MouseDelta.y;
        if (d != 0) value = std::clamp(value + sign * d / span, lo, hi);
    }
    if (ImGui::IsItemDeactivated()) m_changed = true;
}

void Layout::pane(Pane p, ImVec2 pos, ImVec2 size, const std::function<void(Pane)>& drawPane) {
    int i = static_cast<int>(p);
    m_rects[i] = ImVec4(pos.x, pos.y, size.x, size.y);
    ImGui::SetCursorScreenPos(pos);
    std::string id = std::string("pane.") + paneTitle(p);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(8, 4));
    ImGui::BeginChild(id.c_str(), size, ImGuiChildFlags_Border,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PopStyleVar();
    bool& folded = m_layout.folded[i];
    // The title bar: an arrow that folds or unfolds, and the title.
    if (ImGui::ArrowButton("##fold", folded ? ImGuiDir_Right : ImGuiDir_Down)) {
        folded = !folded;
        m_changed = true;
    }
    publishItem((id + ".fold").c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(folded ? "Show %s" : "Fold %s", paneTitle(p));
    bool strip = size.x < kStrip * 2;
    if (!strip) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(paneTitle(p));
    }
    publishItem((id + ".title").c_str());
    if (!strip && !folded && m_titleBar && *m_titleBar) {
        ImGui::SameLine();
        (*m_titleBar)(p);
    }
    if (!folded) {
        ImGui::Separator();
        ImGui::BeginChild("##body", ImVec2(0, 0), ImGuiChildFlags_None);
        drawPane(p);
        ImGui::EndChild();
    }
    ImGui::EndChild();
}

void Layout::draw(ImVec2 pos, ImVec2 size, const std::function<void(Pane)>& drawPane,
                  const std::function<void(Pane)>& titleBar) {
    m_titleBar = &titleBar;
    PaneLayout& l = m_layout;
    const float W = size.x, H = size.y;
    const float header = ImGui::GetFrameHeight() + 8;
    auto isFolded = [&](Pane p) { return l.folded[static_cast<int>(p)]; };
    bool leftStrip = isFolded(Pane::Models) && isFolded(Pane::Import);
    bool rightStrip = isFolded(Pane::Detail);
    // Column widths: the saved fractions, kept to what leaves the middle column room.
    float left = leftStrip ? kStrip : std::max(kMinColumn, l.leftWidth * W);
    float right = rightStrip ? kStrip : std::max(kMinColumn, l.rightWidth * W);
    float middle = W - left - right - 2 * kSplitter;
    if (middle < kMinMiddle) {
        float over = kMinMiddle - middle;
        float shrinkable = (leftStrip ? 0 : left - kMinColumn) + (rightStrip ? 0 : right - kMinColumn);
        if (shrinkable > 0) {
            float k = std::min(1.0f, over / shrinkable);
            if (!leftStrip) left -= (left - kMinColumn) * k;
            if (!rightStrip) right -= (right - kMinColumn) * k;
        }
        middle = std::max(0.0f, W - left - right - 2 * kSplitter);
    }
    // A column's two panes: the top one gets split of the height, a folded one only its title bar.
    auto column = [&](Pane top, Pane bottom, float x, float w, float& split, float reset, const char* splitterId) {
        float avail = H - kSplitter;
        float topH = isFolded(top) ? header : isFolded(bottom) ? avail - header : std::clamp(split * H, header * 2, avail - header * 2);
        pane(top, ImVec2(x, pos.y), ImVec2(w, topH), drawPane);
        if (!isFolded(top) && !isFolded(bottom))
            splitter(splitterId, ImVec2(x, pos.y + topH), ImVec2(w, kSplitter), false, split, H, 0.1f, 0.9f, reset, 1);
        float bottomY = pos.y + topH + kSplitter;
        pane(bottom, ImVec2(x, bottomY), ImVec2(w, pos.y + H - bottomY), drawPane);
    };
    if (leftStrip) {
        // Both left panes folded: a strip with their fold buttons.
        pane(Pane::Models, ImVec2(pos.x, pos.y), ImVec2(left, H * 0.5f - kSplitter * 0.5f), drawPane);
        pane(Pane::Import, ImVec2(pos.x, pos.y + H * 0.5f + kSplitter * 0.5f), ImVec2(left, H * 0.5f - kSplitter * 0.5f), drawPane);
    } else {
        column(Pane::Models, Pane::Import, pos.x, left, l.leftSplit, kDefault.leftSplit, "splitter.left");
    }
    float midX = pos.x + left + kSplitter;
    if (!leftStrip)
        splitter("splitter.left-middle", ImVec2(pos.x + left, pos.y), ImVec2(kSplitter, H), true, l.leftWidth, W, 0.08f, 0.5f,
                 kDefault.leftWidth, 1);
    column(Pane::Versions, Pane::Compare, midX, middle, l.middleSplit, kDefault.middleSplit, "splitter.middle");
    float rightX = midX + middle + kSplitter;
    if (!rightStrip)
        splitter("splitter.middle-right", ImVec2(midX + middle, pos.y), ImVec2(kSplitter, H), true, l.rightWidth, W, 0.1f, 0.6f,
                 kDefault.rightWidth, -1);
    pane(Pane::Detail, ImVec2(rightX, pos.y), ImVec2(right, H), drawPane);
    m_titleBar = nullptr;
}

}  // namespace mvr::app
