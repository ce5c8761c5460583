#include "app/plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "app/chart_gpu.hpp"
#include "app/theme.hpp"
#include "core/axis.hpp"
#include "core/m4.hpp"
#include "imgui_internal.h"

namespace mvr::app {

namespace {

constexpr float kNaNf = std::numeric_limits<float>::quiet_NaN();
constexpr float kHoverRadius = 12;  // pixels from a point that still hover it
constexpr float kDragThreshold = 4;

// [lo, hi] with a little room, or [0, 1] when there is nothing to show.
void fitRange(double lo, double hi, double& outLo, double& outHi) {
    if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) {
        outLo = 0;
        outHi = 1;
        return;
    }
    core::Scale s = core::Scale(lo, hi, false).padded(0.03);
    outLo = s.lo();
    outHi = s.hi();
}

// A zoomed range stays one the doubles can tell apart.
bool usableRange(double lo, double hi) {
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo)) return false;
    double mag = std::max(std::fabs(lo), std::fabs(hi));
    return hi - lo > mag * 1e-12 && hi - lo > 1e-300;
}

std::vector<core::Tick> xTicks(PlotX kind, double lo, double hi, int target) {
    switch (kind) {
    case PlotX::Time: return core::timeTicks(lo, hi, target);
    case PlotX::Integer: return core::integerTicks(lo, hi, target);
    case PlotX::Number: break;
    }
    return core::valueTicks(core::Scale(lo, hi, false), target);
}

// The segments that draw a polyline (x, y pairs in pixels; a point not finite breaks it) at one pixel per column.
// Where several points share a column (M4 keeps up to four: first, smallest, largest, last), one vertical segment
// from the column's lowest to its highest point. Where a column follows the one just left of it, the line between
// them is folded into that vertical (it reaches to the previous column's last point), drawn at the column's
// middle; otherwise a segment joins the previous column's last point to this column's first. A dense line is then
// one segment a column, adjacent ones overlapping by the line's width: the raster of the polyline to within the
// half pixel the vertical moves, with a quarter of the segments M4's order would give and far less overdraw (what
// costs on a software renderer: docs/performance.md).
void columnSegments(const std::vector<float>& xy, std::vector<float>& out) {
    out.clear();
    const size_t n = xy.size() / 2;
    bool open = false;      // a column is being collected
    float col = 0;          // its pixel column
    float cx = 0, lo = 0, hi = 0, lastX = 0, lastY = 0;
    size_t inColumn = 0;
    bool folded = false;    // the line from the previous column is part of this column's vertical
    auto closeColumn = [&] {
        if (!open) return;
        if (folded || (inColumn > 1 && hi > lo)) out.insert(out.end(), {folded ? col + 0.5f : cx, lo, folded ? col + 0.5f : cx, hi});
        else if (inColumn == 1 && out.empty()) out.insert(out.end(), {cx, lo, cx, lo});  // a lone point: a dot
    };
    for (size_t i = 0; i < n; ++i) {
        float x = xy[2 * i], y = xy[2 * i + 1];
        if (!std::isfinite(x) || !std::isfinite(y)) {
            closeColumn();
            open = false;
            continue;
        }
        float c = std::floor(x);
        if (open && c == col) {
            lo = std::min(lo, y);
            hi = std::max(hi, y);
            lastX = x;
            lastY = y;
            ++inColumn;
            continue;
        }
        const bool joined = open;
        const bool adjacent = open && c == col + 1;
        const float prevY = lastY;
        closeColumn();
        if (joined && !adjacent) out.insert(out.end(), {lastX, lastY, x, y});
        open = true;
        col = c;
        cx = x;
        lo = hi = lastY = y;
        if (adjacent) {
            lo = std::min(lo, prevY);
            hi = std::max(hi, prevY);
        }
        folded = adjacent;
        lastX = x;
        inColumn = 1;
    }
    closeColumn();
}

// The segments of columnSegments' output that reach into left..right: [a, b). Along a line both ends go up, x1
// exactly and x0 to within the half pixel a folded column's vertical moves, which the caller's margin covers.
void segmentsBetween(const std::vector<float>& segs, float left, float right, size_t& a, size_t& b) {
    const size_t n = segs.size() / 4;
    a = 0;
    for (size_t count = n; count > 0;) {  // the first whose right end reaches `left`
        const size_t half = count / 2;
        if (segs[4 * (a + half) + 2] < left) {
            a += half + 1;
            count -= half + 1;
        } else {
            count = half;
        }
    }
    b = a;
    for (size_t count = n - a; count > 0;) {  // the first that starts past `right`
        const size_t half = count / 2;
        if (segs[4 * (b + half)] <= right) {
            b += half + 1;
            count -= half + 1;
        } else {
            count = half;
        }
    }
}

}  // namespace

const Plot::Reduced& Plot::reduce(size_t line, const PlotLine& l, double lo, double hi, int width, bool wide) {
    if (m_reduced.size() <= line) m_reduced.resize(line + 1);
    Reduced& r = m_reduced[line];
    // The reduction is kept for a view it holds whose columns fall on its own: the same width of view (its
    // columns' width), inside its range, moved from where it was made by whole columns (a pan).
    auto holds = [&] {
        if (r.x != l.x || r.y != l.y || r.n != l.n || r.width != width) return false;
        if (r.lo == lo && r.hi == hi) return true;
        if (l.scatter || !(r.span > 0) || std::fabs((hi - lo) - r.span) > r.span * 1e-9) return false;
        const double column = r.span / width;
        if (lo < r.lo - column * 1e-3 || hi > r.hi + column * 1e-3) return false;
        const double shift = (lo - r.lo) / column;
        return std::fabs(shift - std::round(shift)) < 1e-3;
    };
    if (!holds()) {
        r.x = l.x;
        r.y = l.y;
        r.n = l.n;
        r.width = width;
        r.span = hi - lo;
        const bool around = wide && !l.scatter;
        r.lo = around ? lo - r.span : lo;
        r.hi = around ? hi + r.span : hi;
        if (l.scatter) {
            const double* from = std::lower_bound(l.x, l.x + l.n, lo);
            const double* to = std::upper_bound(l.x, l.x + l.n, hi);
            r.kept.resize(to > from ? static_cast<size_t>(to - from) : 0);
            std::iota(r.kept.begin(), r.kept.end(), static_cast<uint32_t>(from - l.x));
        } else {
            if (r.indexX != l.x || r.indexY != l.y || r.indexN != l.n) {
                r.index = core::M4Index<double>(l.x, l.y, l.n);
                r.indexX = l.x;
                r.indexY = l.y;
                r.indexN = l.n;
                r.columns.clear();
            }
            r.kept = l.n ? r.index.reduce(core::PixelColumns(r.lo, r.hi, around ? 3 * width : width), &r.columns)
                         : std::vector<uint32_t>();
        }
        r.xy.clear();
        r.viewHi = r.viewLo - 1;  // the view's part is found again
    }
    if (r.viewLo != lo || r.viewHi != hi) {
        // The points in view, the kept ones among them (kept is in x order) and their extent (for the y range).
        r.viewLo = lo;
        r.viewHi = hi;
        const double* from = std::lower_bound(l.x, l.x + l.n, lo);
        const double* to = std::upper_bound(l.x, l.x + l.n, hi);
        r.visible = to > from ? static_cast<size_t>(to - from) : 0;
        r.keptFrom = static_cast<size_t>(std::lower_bound(r.kept.begin(), r.kept.end(), lo, [&](uint32_t k, double v) { return l.x[k] < v; }) -
                                         r.kept.begin());
        r.keptTo = static_cast<size_t>(std::upper_bound(r.kept.begin(), r.kept.end(), hi, [&](double v, uint32_t k) { return v < l.x[k]; }) -
                                       r.kept.begin());
        r.keptTo = std::max(r.keptTo, r.keptFrom);
        r.yLo = std::numeric_limits<double>::infinity();
        r.yHi = -r.yLo;
        r.positiveLo = r.yLo;
        for (size_t i = r.keptFrom; i < r.keptTo; ++i) {
            const double y = l.y[r.kept[i]];
            if (!std::isfinite(y)) continue;
            r.yLo = std::min(r.yLo, y);
            r.yHi = std::max(r.yHi, y);
            if (y > 0) r.positiveLo = std::min(r.positiveLo, y);
        }
    }
    return r;
}

ImVec2 Plot::pointPixel(const PlotLine& l, size_t i) const {
    if (i >= l.n || !std::isfinite(l.y[i]) || l.x[i] < m_xLo || l.x[i] > m_xHi) return ImVec2(kNaNf, kNaNf);
    core::Scale ys(m_yLo, m_yHi, logY && !m_logRefused);
    if (ys.log() && !(l.y[i] > 0)) return ImVec2(kNaNf, kNaNf);
    float w = m_rect.z - m_rect.x, h = m_rect.w - m_rect.y;
    return ImVec2(m_rect.x + static_cast<float>((l.x[i] - m_xLo) / (m_xHi - m_xLo) * w),
                  m_rect.w - static_cast<float>(ys.fraction(l.y[i]) * h));
}

Plot::Result Plot::draw(const char* id, const char* title, ImVec2 size, PlotX xKind, PlotXView& xview, double dataLo,
                        double dataHi, const std::vector<PlotLine>& lines, const std::vector<PlotMark>& marks,
                        const std::function<std::string(double)>& xLabel) {
    Result res;
    ImGuiIO& io = ImGui::GetIO();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    size.x = std::max(size.x, 160.0f);
    size.y = std::max(size.y, 90.0f);
    const float lineH = ImGui::GetTextLineHeight();

    // The x view: the user's, or the data's.
    if (!xview.user || !usableRange(xview.lo, xview.hi)) {
        fitRange(dataLo, dataHi, xview.lo, xview.hi);
        xview.user = false;
    }
    m_xLo = xview.lo;
    m_xHi = xview.hi;

    // The y labels' width comes from the previous frame's range (it settles in a frame after a change).
    const bool wantLog = logY;
    core::Scale prevY(m_yLo, m_yHi, wantLog && !m_logRefused);
    float margin = 0;
    for (const core::Tick& t : core::valueTicks(prevY, 5)) margin = std::max(margin, ImGui::CalcTextSize(t.label.c_str()).x);
    margin += 10;
    const int frame = ImGui::GetFrameCount();
    if (xview.frame != frame) {
        xview.margin = xview.marginSeen;
        xview.marginSeen = 0;
        xview.frame = frame;
    }
    xview.marginSeen = std::max(xview.marginSeen, margin);
    margin = std::max(margin, xview.margin);
    m_rect = ImVec4(origin.x + margin, origin.y + lineH + 6, origin.x + size.x - 10, origin.y + size.y - lineH - 8);
    const float w = std::max(m_rect.z - m_rect.x, 10.0f), h = std::max(m_rect.w - m_rect.y, 10.0f);
    m_rect.z = m_rect.x + w;
    m_rect.w = m_rect.y + h;
    const int columns = static_cast<int>(w);

    // Reduce each line for this width and find the y range of what is visible.
    double lo = std::numeric_limits<double>::infinity(), hi = -lo, positiveLo = lo;
    m_kept = m_visible = 0;
    const bool panning = frame - xview.panFrame <= 2;
    for (size_t i = 0; i < lines.size(); ++i) {
        const Reduced& r = reduce(i, lines[i], m_xLo, m_xHi, columns, panning);
        m_kept += r.keptTo - r.keptFrom;
        m_visible += r.visible;
        lo = std::min(lo, r.yLo);
        hi = std::max(hi, r.yHi);
        positiveLo = std::min(positiveLo, r.positiveLo);
    }
    m_logRefused = wantLog && !std::isfinite(positiveLo);
    const bool log = wantLog && !m_logRefused;
    if (!m_yUser || !usableRange(m_yLo, m_yHi) || (log && !(m_yLo > 0))) {
        m_yUser = false;
        if (!std::isfinite(lo)) {
            lo = log ? 1 : 0;
            hi = log ? 10 : 1;
        }
        if (log) lo = positiveLo;
        core::Scale s = core::Scale(lo, hi, log).padded(0.06);
        m_yLo = s.lo();
        m_yHi = s.hi();
    }
    const core::Scale ys(m_yLo, m_yHi, log);

    // The item that takes the mouse: the plot area.
    ImGui::SetCursorScreenPos(ImVec2(m_rect.x, m_rect.y));
    ImGui::InvisibleButton(id, ImVec2(w, h), ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    if (hovered) ImGui::SetItemKeyOwner(ImGuiKey_MouseWheelY);

    // Frame, grid, ticks and their labels.
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImU32 grid = ui::chartGrid();
    dl->AddRectFilled(ImVec2(m_rect.x, m_rect.y), ImVec2(m_rect.z, m_rect.w), ui::chartBackground());
    dl->AddText(ImVec2(origin.x + 2, origin.y), text, title);
    auto px = [&](double x) { return m_rect.x + static_cast<float>((x - m_xLo) / (m_xHi - m_xLo) * w); };
    auto py = [&](double y) { return m_rect.w - static_cast<float>(ys.fraction(y) * h); };
    {
        float labelW = ImGui::CalcTextSize(xKind == PlotX::Time ? "2026-11-02 09:30" : "0000000").x + 16;
        float lastRight = -1e9f;
        for (const core::Tick& t : xTicks(xKind, m_xLo, m_xHi, std::max(2, static_cast<int>(w / labelW)))) {
            float x = px(t.value);
            if (x < m_rect.x - 0.5f || x > m_rect.z + 0.5f) continue;
            dl->AddLine(ImVec2(x, m_rect.y), ImVec2(x, m_rect.w), grid);
            std::string label = xKind == PlotX::Integer && xLabel ? xLabel(t.value) : t.label;
            ImVec2 ts = ImGui::CalcTextSize(label.c_str());
            float lx = std::clamp(x - ts.x / 2, origin.x, origin.x + size.x - ts.x);
            if (lx < lastRight + 8) continue;
            dl->AddText(ImVec2(lx, m_rect.w + 3), muted, label.c_str());
            lastRight = lx + ts.x;
        }
        for (const core::Tick& t : core::valueTicks(ys, std::max(2, static_cast<int>(h / (lineH * 2.2f))))) {
            float y = py(t.value);
            if (y < m_rect.y - 0.5f || y > m_rect.w + 0.5f) continue;
            dl->AddLine(ImVec2(m_rect.x, y), ImVec2(m_rect.z, y), grid);
            ImVec2 ts = ImGui::CalcTextSize(t.label.c_str());
            dl->AddText(ImVec2(m_rect.x - 6 - ts.x, std::clamp(y - ts.y / 2, origin.y + lineH, m_rect.w - ts.y / 2)), muted,
                        t.label.c_str());
        }
    }

    dl->PushClipRect(ImVec2(m_rect.x, m_rect.y), ImVec2(m_rect.z, m_rect.w), true);
    // Marks first, under the lines: a thin line each, labels along the top in the first of two rows where they
    // do not overlap another (strong marks come first and take the first row), left out where neither has room.
    float rowRight[2] = {-1e9f, -1e9f}, rowLeft[2] = {1e9f, 1e9f};
    for (const PlotMark& m : marks) {
        if (m.x < m_xLo || m.x > m_xHi) continue;
        float x = px(m.x);
        ImVec4 c = ImGui::ColorConvertU32ToFloat4(m.colour);
        c.w *= m.strong ? 0.8f : 0.45f;
        dl->AddLine(ImVec2(x, m_rect.y), ImVec2(x, m_rect.w), ImGui::ColorConvertFloat4ToU32(c), m.strong ? 2.0f : 1.0f);
        ImVec2 ts = ImGui::CalcTextSize(m.text.c_str());
        float lx = x + 3 + ts.x <= m_rect.z - 2 ? x + 3 : x - 3 - ts.x;  // right of the mark, else left of it
        for (int row = 0; row < 2; ++row) {
            if (!(lx > rowRight[row] + 4 || lx + ts.x < rowLeft[row] - 4)) continue;
            dl->AddText(ImVec2(lx, m_rect.y + 2 + row * lineH), m.colour, m.text.c_str());
            rowRight[row] = std::max(rowRight[row], lx + ts.x);
            rowLeft[row] = std::min(rowLeft[row], lx);
            break;
        }
    }
    // The kept points in pixels and the line's segments, made again only when the reduction or the plot's place
    // changed (not while the mouse only hovers, nor while a pan stays inside what was reduced: then the GPU draws
    // the part of the same segments in view, moved by dx and mapped to the y range of the frame).
    const float placed[4] = {m_rect.x, m_rect.y, w, h};
    for (size_t i = 0; i < lines.size(); ++i) {
        const PlotLine& l = lines[i];
        Reduced& r = m_reduced[i];
        // The y range the pixels were made for, mapped to this frame's: an affine map of pixel y (the scale is
        // linear in y or in log y), y * sy + ty. Kept while it neither shrinks nor stretches by more than 4x
        // (float pixels then stay well inside a hundredth of a pixel).
        float sy = 1, ty = 0;
        bool yKept = r.placedLog == log && r.placedYLo == m_yLo && r.placedYHi == m_yHi;
        if (!yKept && r.placedLog == log && !r.xy.empty()) {
            const double f0 = ys.fraction(r.placedYLo), f1 = ys.fraction(r.placedYHi), k = f1 - f0;
            if (std::isfinite(f0) && std::isfinite(k) && k > 0.25 && k < 4) {
                sy = static_cast<float>(k);
                ty = static_cast<float>(m_rect.w - h * f0 - m_rect.w * k);
                yKept = true;
            }
        }
        if (r.xy.size() != r.kept.size() * 2 || r.xy.empty() || !yKept || !std::equal(placed, placed + 4, r.placed)) {
            sy = 1;
            ty = 0;
            std::vector<float>& xy = r.xy;
            xy.resize(r.kept.size() * 2);
            for (size_t k = 0; k < r.kept.size(); ++k) {
                double x = l.x[r.kept[k]], y = l.y[r.kept[k]];
                bool ok = std::isfinite(y) && (!log || y > 0);
                xy[2 * k] = ok ? px(x) : kNaNf;
                xy[2 * k + 1] = ok ? py(y) : kNaNf;
            }
            if (!l.scatter) columnSegments(xy, r.segs);
            std::copy(placed, placed + 4, r.placed);
            r.placedXLo = m_xLo;
            r.placedLog = log;
            r.placedYLo = m_yLo;
            r.placedYHi = m_yHi;
            r.generation = ChartGpu::newGeneration();
        }
        const float dx = static_cast<float>((r.placedXLo - m_xLo) / (m_xHi - m_xLo) * w);
        if (!l.scatter) {
            // The segments that reach into the plot (moved by dx).
            const float reach = l.width + 2;
            size_t a = 0, b = 0;
            segmentsBetween(r.segs, m_rect.x - dx - reach, m_rect.z - dx + reach, a, b);
            ChartGpu::get().segments(dl, r.generation, r.segs.data(), r.segs.size() / 4, l.colour, l.width, {a, b - a, dx, sy, ty});
        }
        // Points when there is room to tell them apart (then every visible point was kept).
        if (l.scatter || (l.markers && r.visible * 8 <= static_cast<size_t>(columns))) {
            const float* xy = r.xy.data() + 2 * r.keptFrom;
            const size_t count = r.keptTo - r.keptFrom;
            if (dx != 0 || sy != 1 || ty != 0) {
                m_markerXY.assign(xy, xy + 2 * count);
                for (size_t k = 0; k < count; ++k) {
                    m_markerXY[2 * k] += dx;
                    m_markerXY[2 * k + 1] = m_markerXY[2 * k + 1] * sy + ty;
                }
                xy = m_markerXY.data();
            }
            ChartGpu::get().markers(dl, xy, count, nullptr, l.colour, l.radius, l.ring);
        }
    }

    // Hover: the nearest kept point within reach (the kept points are the ones drawn).
    const ImVec2 mouse = io.MousePos;
    if (hovered && !m_dragging) {
        float best = kHoverRadius * kHoverRadius;
        for (size_t i = 0; i < lines.size(); ++i) {
            const PlotLine& l = lines[i];
            if (!l.hoverable) continue;
            const Reduced& r = m_reduced[i];
            double xFrom = m_xLo + (mouse.x - kHoverRadius - m_rect.x) / w * (m_xHi - m_xLo);
            auto it = std::lower_bound(r.kept.begin(), r.kept.end(), xFrom,
                                       [&](uint32_t k, double v) { return l.x[k] < v; });
            for (; it != r.kept.end(); ++it) {
                double x = l.x[*it], y = l.y[*it];
                float sx = px(x);
                if (sx > mouse.x + kHoverRadius) break;
                if (!std::isfinite(y) || (log && !(y > 0)) || x < m_xLo || x > m_xHi) continue;
                float dx = sx - mouse.x, dy = py(y) - mouse.y;
                if (dx * dx + dy * dy <= best) {
                    best = dx * dx + dy * dy;
                    res.hover = PlotHit{static_cast<int>(i), *it};
                }
            }
        }
        if (res.hover) {
            const PlotLine& l = lines[static_cast<size_t>(res.hover.line)];
            float p[2] = {px(l.x[res.hover.index]), py(l.y[res.hover.index])};
            dl->AddLine(ImVec2(p[0], m_rect.y), ImVec2(p[0], m_rect.w), ui::chartGrid(), 1.0f);
            ChartGpu::get().markers(dl, p, 1, nullptr, l.colour, 6.0f, 2.0f);
        }
    }

    // A drag: the box being drawn, or the pan.
    if (ImGui::IsItemActivated()) {
        m_dragFrom = mouse;
        m_panning = io.KeyShift || ImGui::IsMouseDown(ImGuiMouseButton_Right);
        m_dragging = false;
        m_panXLo = m_xLo;
        m_panXHi = m_xHi;
        m_panYLo = m_yLo;
        m_panYHi = m_yHi;
    }
    if (active) {
        ImVec2 d(mouse.x - m_dragFrom.x, mouse.y - m_dragFrom.y);
        if (std::fabs(d.x) > kDragThreshold || std::fabs(d.y) > kDragThreshold) m_dragging = true;
        if (m_dragging && m_panning) {
            xview.panFrame = frame;
            // By whole pixel columns: the columns that stay in view then hold the same points, and M4 takes
            // them again instead of searching (core::M4Columns).
            const double column = (m_panXHi - m_panXLo) / columns;
            const double dx = std::round(-d.x / w * columns) * column;
            if (usableRange(m_panXLo + dx, m_panXHi + dx)) {
                xview.lo = m_panXLo + dx;
                xview.hi = m_panXHi + dx;
                xview.user = true;
            }
            core::Scale start(m_panYLo, m_panYHi, log);
            double f = d.y / h;
            double nlo = start.value(f), nhi = start.value(1 + f);
            if (usableRange(nlo, nhi) && (!log || nlo > 0)) {
                m_yLo = nlo;
                m_yHi = nhi;
                m_yUser = true;
            }
        } else if (m_dragging) {
            ImVec2 a(std::clamp(m_dragFrom.x, m_rect.x, m_rect.z), std::clamp(m_dragFrom.y, m_rect.y, m_rect.w));
            ImVec2 b(std::clamp(mouse.x, m_rect.x, m_rect.z), std::clamp(mouse.y, m_rect.y, m_rect.w));
            bool flat = std::fabs(b.y - a.y) < 2 * kDragThreshold;
            if (flat) {
                a.y = m_rect.y;
                b.y = m_rect.w;
            }
            ImVec4 acc = ui::tone(ui::Tone::Accent);
            dl->AddRectFilled(ImMin(a, b), ImMax(a, b), ImGui::ColorConvertFloat4ToU32(ImVec4(acc.x, acc.y, acc.z, 0.15f)));
            dl->AddRect(ImMin(a, b), ImMax(a, b), ImGui::ColorConvertFloat4ToU32(ImVec4(acc.x, acc.y, acc.z, 0.8f)));
        }
    }
    dl->PopClipRect();
    if (ImGui::IsItemDeactivated()) {
        if (m_dragging && !m_panning) {
            float ax = std::clamp(m_dragFrom.x, m_rect.x, m_rect.z), bx = std::clamp(mouse.x, m_rect.x, m_rect.z);
            float ay = std::clamp(m_dragFrom.y, m_rect.y, m_rect.w), by = std::clamp(mouse.y, m_rect.y, m_rect.w);
            if (std::fabs(bx - ax) > kDragThreshold) {
                double nlo = m_xLo + (std::min(ax, bx) - m_rect.x) / w * (m_xHi - m_xLo);
                double nhi = m_xLo + (std::max(ax, bx) - m_rect.x) / w * (m_xHi - m_xLo);
                if (usableRange(nlo, nhi)) {
                    xview.lo = nlo;
                    xview.hi = nhi;
                    xview.user = true;
                }
            }
            if (std::fabs(by - ay) >= 2 * kDragThreshold) {
                double nlo = ys.value((m_rect.w - std::max(ay, by)) / h), nhi = ys.value((m_rect.w - std::min(ay, by)) / h);
                if (usableRange(nlo, nhi)) {
                    m_yLo = nlo;
                    m_yHi = nhi;
                    m_yUser = true;
                }
            }
        } else if (!m_dragging && res.hover) {
            res.clicked = res.hover;
        }
        m_dragging = false;
    }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        xview.user = false;
        m_yUser = false;
    }
    if (hovered && io.MouseWheel != 0 && !active) {
        double factor = std::pow(0.85, static_cast<double>(io.MouseWheel));
        double c = m_xLo + (mouse.x - m_rect.x) / w * (m_xHi - m_xLo);
        double nlo = c - (c - m_xLo) * factor, nhi = c + (m_xHi - c) * factor;
        if (usableRange(nlo, nhi)) {
            xview.lo = nlo;
            xview.hi = nhi;
            xview.user = true;
        }
    }
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(size);
    return res;
}

}  // namespace mvr::app
