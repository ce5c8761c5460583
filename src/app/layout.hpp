// The workspace's panes: fixed and side by side, never overlapping. Splitters between them drag to resize
// (the cursor shows where one is), double-click resets them; each pane folds to its title bar, and a column
// whose panes are all folded narrows to a strip. The layout is saved the moment it changes.
//
//   +---------+----------------------+-----------+
//   | Models  | Versions             | Version   |
//   |         |                      | (detail)  |
//   +---------+----------------------+           |
//   | Import  | Compare              |           |
//   +---------+----------------------+-----------+
#pragma once

#include <functional>
#include <string>

#include "imgui.h"

namespace mvr::app {

enum class Pane { Models, Import, Versions, Compare, Detail };
constexpr int kPaneCount = 5;
const char* paneTitle(Pane p);

struct PaneLayout {
    float leftWidth = 0.22f;   // fractions of the workspace's width
    float rightWidth = 0.28f;
    float leftSplit = 0.5f;   // fractions of a column's height given to its top pane
    float middleSplit = 0.52f;
    bool folded[kPaneCount] = {};
    bool operator==(const PaneLayout& o) const;
};
std::string formatLayout(const PaneLayout& l);
// Anything it cannot read gives the default layout.
PaneLayout parseLayout(const std::string& text);

class Layout {
public:
    explicit Layout(const PaneLayout& l = PaneLayout()) : m_layout(l) {}
    const PaneLayout& layout() const { return m_layout; }
    // Unfolds a pane (keyboard and routes bring a folded pane back).
    void unfold(Pane p);
    bool folded(Pane p) const { return m_layout.folded[static_cast<int>(p)]; }
    // Draws the panes in the rectangle pos/size (one host window), calling drawPane inside each open one.
    // titleBar, when given, is called in each open pane's title bar after its title (on the same line): a pane
    // may put its tabs there.
    void draw(ImVec2 pos, ImVec2 size, const std::function<void(Pane)>& drawPane,
              const std::function<void(Pane)>& titleBar = {});
    // True once after the layout changed (a drag ended, a pane folded): save it now.
    bool takeChanged();
    // Where each pane was drawn this frame (for tests).
    ImVec4 paneRect(Pane p) const { return m_rects[static_cast<int>(p)]; }

private:
    void pane(Pane p, ImVec2 pos, ImVec2 size, const std::function<void(Pane)>& drawPane);
    // A splitter of thickness t at pos: dragging moves value by the mouse delta / span (clamped).
    void splitter(const char* id, ImVec2 pos, ImVec2 size, bool vertical, float& value, float span, float lo, float hi,
                  float reset, float sign);

    PaneLayout m_layout;
    const std::function<void(Pane)>* m_titleBar = nullptr;  // during draw()
    bool m_changed = false;
    ImVec4 m_rects[kPaneCount] = {};
};

}  // namespace mvr::app
