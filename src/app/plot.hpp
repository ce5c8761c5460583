// One chart: lines (and points) of numeric series in an ImGui region, drawn on the GPU (app/chart_gpu), with
// axes, ticks and labels, hover, click, box zoom, pan, wheel zoom, reset and a log scale.
//
// Each line is reduced for the chart's width with M4 (core/m4) before it is drawn, so a line of a million
// points costs what about 4 points per pixel column cost, and draws the same raster. The reduction is kept
// while the view and the data stay the same (hovering re-uses it). y follows the visible part of the lines
// unless the user zoomed it.
//
// Mouse: drag a box to zoom (a flat box zooms x only), Shift+drag or right-drag to pan, the wheel zooms x
// around the mouse, double-click resets. A click on a point reports it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/m4.hpp"
#include "imgui.h"

namespace mvr::app {

enum class PlotX { Number, Integer, Time };

struct PlotLine {
    std::string name;
    const double* x = nullptr;  // ascending
    const double* y = nullptr;  // NaN (or infinite) breaks the line
    size_t n = 0;
    ImU32 colour = 0;
    float width = 1.5f;
    bool markers = false;  // its points, when few enough are in view to tell apart
    bool hoverable = true;
    bool scatter = false;  // points only, every one in view (x sorted): neither reduced nor joined
    float radius = 3.0f;   // of its markers
    float ring = 0;        // > 0: markers drawn as rings this thick
};

// A vertical mark at x (a version holding an alias), labelled at the top.
struct PlotMark {
    double x = 0;
    std::string text;
    ImU32 colour = 0;
    bool strong = false;
};

// The x range that charts drawn one above the other share.
struct PlotXView {
    double lo = 0, hi = 0;
    bool user = false;  // the user zoomed or panned it (else it follows the data)
    // The plots that share the view share their left margin (the widest y labels among them, last frame), so
    // their x axes line up and their plot areas have the same pixel columns.
    float margin = 0, marginSeen = 0;
    int frame = -1;
    // The last frame in which one of the plots was panned (Shift+drag or right-drag). While a pan goes on, the
    // lines are reduced over the view and a view's width either side of it, and the segments stay on the GPU,
    // moved by a pan (ChartGpu's parts), until the view leaves that range.
    int panFrame = -1000;
};

struct PlotHit {
    int line = -1;  // index into the lines, -1: none
    size_t index = 0;
    explicit operator bool() const { return line >= 0; }
};

class Plot {
public:
    struct Result {
        PlotHit hover;
        PlotHit clicked;
    };
    // Draws the chart at the cursor, `size` big. dataLo/dataHi: the x range of all the data (the view when the
    // user has not zoomed). xLabel: the label of an integer x (PlotX::Integer), e.g. a version's label.
    Result draw(const char* id, const char* title, ImVec2 size, PlotX xKind, PlotXView& xview, double dataLo, double dataHi,
                const std::vector<PlotLine>& lines, const std::vector<PlotMark>& marks = {},
                const std::function<std::string(double)>& xLabel = {});

    bool logY = false;
    void resetY() { m_yUser = false; }
    // The lines' data changed where it was (same arrays, new values): reduce them again.
    void invalidate() { m_reduced.clear(); }

    // What the last draw showed, for the published state.
    ImVec4 plotRect() const { return m_rect; }  // x0, y0, x1, y1 of the plot area
    double yLo() const { return m_yLo; }
    double xHi() const { return m_xHi; }
    double yHi() const { return m_yHi; }
    size_t keptPoints() const { return m_kept; }
    size_t visiblePoints() const { return m_visible; }
    // Where the i-th point of line l is on screen (NaN when not drawable or outside the view).
    ImVec2 pointPixel(const PlotLine& l, size_t i) const;
    bool logRefused() const { return m_logRefused; }

private:
    struct Reduced {
        const double* x = nullptr;
        const double* y = nullptr;
        size_t n = 0;
        double lo = 0, hi = 0;  // the range reduced: the view, or while panning the view and a width either side
        double span = 0;        // the width of the view it was reduced for (its columns are span / width wide)
        int width = 0;          // the plot's columns
        std::vector<uint32_t> kept;
        // M4's summary of the line, kept while its arrays stay the same: a pan or zoom reduces it again in
        // about 2 log2(k) steps a column of k points instead of k (core::M4Index).
        const double* indexX = nullptr;
        const double* indexY = nullptr;
        size_t indexN = 0;
        core::M4Index<double> index;
        // The columns of the last reduction, which a pan by whole columns takes again (core::M4Columns).
        core::M4Columns columns;
        // The view the following are for: the points in it, the kept ones in it (kept[keptFrom, keptTo)) and
        // their extent.
        double viewLo = 0, viewHi = -1;
        size_t visible = 0, keptFrom = 0, keptTo = 0;
        double yLo = 0, yHi = 0, positiveLo = 0;
        // The kept points in pixels and the segments drawn, for the plot placed as `placed` (x, y, w, h) with
        // the x view starting at placedXLo and the y range placedYLo..placedYHi (empty: to be made); a new
        // generation each time they are made (ChartGpu keeps the segments on the GPU while it is the same).
        std::vector<float> xy, segs;
        float placed[4] = {0, 0, 0, 0};
        double placedXLo = 0, placedYLo = 0, placedYHi = 0;
        bool placedLog = false;
        uint64_t generation = 0;
    };
    // Reduces line `line` for the view lo..hi at `width` columns; `wide` (a pan going on): over a view's width
    // more either side. A reduction that holds the view with its columns where the view's are is kept.
    const Reduced& reduce(size_t line, const PlotLine& l, double lo, double hi, int width, bool wide);

    std::vector<Reduced> m_reduced;
    bool m_yUser = false;
    double m_yLo = 0, m_yHi = 1;
    double m_xLo = 0, m_xHi = 1;
    ImVec4 m_rect{0, 0, 0, 0};
    size_t m_kept = 0, m_visible = 0;
    bool m_logRefused = false;
    // A drag in progress: where it started (screen), and whether it pans.
    bool m_dragging = false, m_panning = false;
    std::vector<float> m_markerXY;  // the markers in view, moved as the segments are
    ImVec2 m_dragFrom{0, 0};
    double m_panXLo = 0, m_panXHi = 0, m_panYLo = 0, m_panYHi = 0;
};

}  // namespace mvr::app
