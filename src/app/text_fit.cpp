#include "app/text_fit.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "platform/browser.hpp"

namespace mvr::app::ui {

namespace {
FitStats g_stats;
constexpr size_t kExamples = 8;
const char* const kEllipsis = "\xE2\x80\xA6";  // …

void note(int& counter, const std::string& text) {
    ++counter;
    if (g_stats.examples.size() < kExamples) g_stats.examples.push_back(text.substr(0, 80));
}

float width(const std::string& s) { return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x; }

// The byte length of the longest prefix of s (whole UTF-8 characters) no wider than w.
size_t prefixFitting(const std::string& s, float w) {
    size_t lo = 0, hi = s.size();
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        while (mid > 0 && mid < s.size() && (static_cast<unsigned char>(s[mid]) & 0xC0) == 0x80) --mid;
        if (mid <= lo) break;
        if (ImGui::CalcTextSize(s.data(), s.data() + mid).x <= w) lo = mid;
        else hi = mid - 1;
    }
    while (lo > 0 && lo < s.size() && (static_cast<unsigned char>(s[lo]) & 0xC0) == 0x80) --lo;
    return lo;
}

// The byte offset of the shortest suffix start of s whose suffix is no wider than w.
size_t suffixFitting(const std::string& s, float w) {
    size_t start = s.size();
    while (start > 0) {
        size_t prev = start - 1;
        while (prev > 0 && (static_cast<unsigned char>(s[prev]) & 0xC0) == 0x80) --prev;
        if (ImGui::CalcTextSize(s.data() + prev, s.data() + s.size()).x > w) break;
        start = prev;
    }
    return start;
}
}  // namespace

void beginFrame() { g_stats = FitStats(); }
const FitStats& fitStats() { return g_stats; }

std::string shortenTo(const std::string& text, float w, Ellipsis where) {
    if (width(text) <= w) return text;
    float room = std::max(0.0f, w - width(kEllipsis));
    if (where == Ellipsis::End) return text.substr(0, prefixFitting(text, room)) + kEllipsis;
    std::string head = text.substr(0, prefixFitting(text, room * 0.5f));
    float left = room - width(head);
    return head + kEllipsis + text.substr(suffixFitting(text, left));
}

namespace {
// Draws text, or its shortened form shown (whole on hover and copied whole).
void drawFitted(const std::string& text, const std::string* shown, const ImVec4* color, bool expected) {
    const std::string& drawn = shown ? *shown : text;
    if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
    ImGui::TextUnformatted(drawn.data(), drawn.data() + drawn.size());
    if (color) ImGui::PopStyleColor();
    if (!shown) return;
    note(expected ? g_stats.shortened : g_stats.abbreviated, text);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40);
        ImGui::TextUnformatted(text.data(), text.data() + text.size());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    ImGui::PushID(&text);
    if (ImGui::BeginPopupContextItem("##fit-copy")) {
        if (ImGui::MenuItem("Copy")) platform::setClipboard(text);
        ImGui::EndPopup();
    }
    ImGui::PopID();
}

float room(float maxWidth) {
    float avail = ImGui::GetContentRegionAvail().x;
    return maxWidth > 0 ? std::min(avail, maxWidth) : avail;
}
}  // namespace

void fittedText(const std::string& text, const ImVec4* color, Ellipsis where, float maxWidth, bool expected) {
    // One line: a newline or an override in a description would break the row or reorder what follows.
    if (core::hasInvisible(text)) return fittedText(core::displayText(text), color, where, maxWidth, expected);
    float avail = room(maxWidth);
    if (width(text) <= avail + 0.5f) return drawFitted(text, nullptr, color, expected);
    const std::string shown = shortenTo(text, avail, where);
    drawFitted(text, &shown, color, expected);
}

void fittedText(const std::string& text, FitCache& cache, const ImVec4* color, Ellipsis where, float maxWidth, bool expected) {
    if (core::hasInvisible(text)) return fittedText(core::displayText(text), color, where, maxWidth, expected);
    float avail = room(maxWidth);
    if (cache.width < 0) cache.width = width(text);
    if (cache.width <= avail + 0.5f) return drawFitted(text, nullptr, color, expected);
    if (cache.shownFor != avail) {
        cache.shown = shortenTo(text, avail, where);
        cache.shownFor = avail;
    }
    drawFitted(text, &cache.shown, color, expected);
}

void checkFits(const std::string& text, float w) {
    if (width(text) > w + 0.5f) note(g_stats.cut, text);
}

float columnWidthFor(const std::vector<const std::string*>& texts, const char* header, float minWidth, float maxWidth) {
    float w = header ? ImGui::CalcTextSize(header).x + ImGui::GetStyle().CellPadding.x * 2 + ImGui::GetFontSize() : 0;
    for (const std::string* t : texts) w = std::max(w, width(*t));
    return std::clamp(w, minWidth, maxWidth);
}

void sameLineIfRoom(float width) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float next = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x;
    if (next + width <= right) ImGui::SameLine();
}

float smallButtonWidth(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

}  // namespace mvr::app::ui
