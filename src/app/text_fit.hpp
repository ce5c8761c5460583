// Text that is always readable: drawn whole when it fits the space it has, otherwise shortened with an
// ellipsis (at the end, or in the middle for digests, URIs and paths) and shown whole on hover, and copied
// whole from the right-click menu. Every frame counts what did not fit, so that the end-to-end tests can
// assert that nothing in the main views is cut (published as state "fit").
#pragma once

#include <string>
#include <vector>

#include "imgui.h"

namespace mvr::app::ui {

enum class Ellipsis { End, Middle };

// What the frame's texts needed. shortened: drawn with an ellipsis (readable on hover, but the layout
// should have made room); abbreviated: shortened on purpose (long digests in the middle); cut: wider
// than the space it was drawn in, without an ellipsis (checkFits).
struct FitStats {
    int shortened = 0;
    int abbreviated = 0;
    int cut = 0;
    std::vector<std::string> examples;  // the first few texts that were shortened or cut, for messages
};

void beginFrame();
const FitStats& fitStats();

// ImGui::SameLine() when an item `width` wide fits on this line after the last one; otherwise the next item
// starts a line of its own (a toolbar that wraps in a narrow pane instead of running past its edge).
void sameLineIfRoom(float width);
// The width ImGui::SmallButton(label) takes.
float smallButtonWidth(const char* label);

// Draws text in the space left on the line (or maxWidth when smaller and > 0). expected: false for a text
// whose shortening is by design (a 64-hex digest), counted as abbreviated instead of shortened.
void fittedText(const std::string& text, const ImVec4* color = nullptr, Ellipsis where = Ellipsis::End,
                float maxWidth = 0, bool expected = true);
// The same for a text drawn every frame from a table that keeps it: its width measured once, and its
// shortened form kept for the width it was made for (a digest's middle ellipsis is dozens of measurements).
struct FitCache {
    float width = -1;     // of the whole text (measured on first use when negative)
    float shownFor = -1;  // the space `shown` was shortened to
    std::string shown;
};
void fittedText(const std::string& text, FitCache& cache, const ImVec4* color = nullptr, Ellipsis where = Ellipsis::End,
                float maxWidth = 0, bool expected = true);
// The text shortened to width (whole when it fits), with "…" at the end or in the middle.
std::string shortenTo(const std::string& text, float width, Ellipsis where);
// Counts text as cut when it is wider than width (for items that draw text themselves: buttons,
// selectables, tree nodes, headers).
void checkFits(const std::string& text, float width);
// Width a column needs for these texts (and its header), between minWidth and maxWidth.
float columnWidthFor(const std::vector<const std::string*>& texts, const char* header, float minWidth, float maxWidth);

}  // namespace mvr::app::ui
