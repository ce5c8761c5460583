// M4 aggregation of a line for drawing at a pixel width (Jugel et al., "M4: A Visualization-Oriented Time Series
// Data Aggregation", PVLDB 7(10), 2014): per pixel column the first, last, smallest and largest point, which
// rasterises exactly like the whole line at that width, whatever its length (tests/core/m4.test.cpp shows it).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/series.hpp"

namespace mvr::core {

// The pixel columns of an x range: [x0, x1] cut into `width` columns of equal size. Renderers place points with
// pixel() and M4 groups them by column(), so both see the same columns. Computed on half values, so that a range
// as wide as the doubles allow (-1e308 to 1e308) does not overflow; an empty or non-finite range is one column.
class PixelColumns {
public:
    PixelColumns(double x0, double x1, int width)
        : m_x0(x0), m_x1(x1), m_width(width < 1 ? 1 : width) {
        double span = 0.5 * x1 - 0.5 * x0;
        m_scale = std::isfinite(span) && span > 0 ? m_width / span : 0;
    }
    double x0() const { return m_x0; }
    double x1() const { return m_x1; }
    int width() const { return m_width; }
    // Pixels right of x0 (0 at x0, width at x1); not clamped.
    double pixel(double x) const { return (0.5 * x - 0.5 * m_x0) * m_scale; }
    // The column of an x within [x0, x1]; x1 is in the last column.
    int column(double x) const {
        double p = pixel(x);
        if (!(p > 0)) return 0;
        return p >= m_width ? m_width - 1 : static_cast<int>(p);
    }

private:
    double m_x0, m_x1;
    int m_width;
    double m_scale;
};

// The points of a line to draw at these columns, as ascending indices into it. x must be ascending (not NaN).
// Consecutive drawable points (core::drawable) are joined; a point that is not drawable (y NaN or infinite)
// breaks the line, and one such point is kept between the kept parts it separates, as the gap marker: a renderer
// that draws the kept indices in order, breaking at points that are not drawable, draws what the whole line
// draws. Per pixel column and per unbroken part of the line, the first, last, smallest and largest point are
// kept (ties: the first); points outside [x0, x1] are left out, but for the nearest one on each side when the
// line runs from it into the range. At most 4 per column and part: about 4 * width for a line without gaps;
// a line broken again and again in every column keeps up to all of its points (each part is drawn).
template <class Y>
std::vector<uint32_t> m4(const double* x, const Y* y, size_t n, const PixelColumns& columns);

template <class Y>
std::vector<uint32_t> m4(const BasicSeries<Y>& s, const PixelColumns& columns) {
    return m4(s.x.data(), s.y.data(), s.size(), columns);
}

// M4 of one line at any columns, computed from a summary built once, for a line that is reduced again and again
// (a chart being panned or zoomed): per column, where its points begin and end is found by binary search, and
// the smallest and largest point from blocks of 8, 16, 32... points whose index of their smallest and largest
// point is kept (ties: the first, as m4 does). A column of k points costs about 2 log2(k) + 14 steps instead of k:
// a million points on 1,000 columns about 20,000 instead of a million. The summary holds 2 bytes a point. A
// line with a point that is not drawable (a gap) is reduced by m4 itself, whose groups are then parts of columns.
// reduce() returns exactly what m4 returns for the same line and columns (tests/core/m4.test.cpp). The line's
// arrays must outlive the index and not change.
// The columns one reduction found (each one's first and end index and its smallest and largest point), handed to
// the next reduction of the same line so that a column holding exactly the same points is taken again instead of
// searched: a pan by whole columns (as app/plot snaps it) finds almost every column again, and checks each with
// two calls of column(), so the result stays exactly m4's.
struct M4Columns {
    std::vector<uint32_t> first, end, low, high;
    size_t reused = 0;  // how many of the last reduction's columns were taken again
    void clear() { first.clear(), end.clear(), low.clear(), high.clear(), reused = 0; }
    size_t size() const { return first.size(); }
};

template <class Y>
class M4Index {
public:
    M4Index() = default;
    M4Index(const double* x, const Y* y, size_t n);
    std::vector<uint32_t> reduce(const PixelColumns& columns) const { return reduce(columns, nullptr); }
    // The same, taking again the columns `reuse` holds where they hold the same points, and leaving in it this
    // reduction's columns (for a line with gaps, which m4 reduces, it is left empty).
    std::vector<uint32_t> reduce(const PixelColumns& columns, M4Columns* reuse) const;
    bool hasGaps() const { return m_gaps; }
    size_t bytes() const;

private:
    // The smallest and largest point of [a, b) (a < b, no gap in it), ties to the first.
    void range(size_t a, size_t b, size_t& low, size_t& high) const;

    const double* m_x = nullptr;
    const Y* m_y = nullptr;
    size_t m_n = 0;
    bool m_gaps = false;
    // m_low[L][j], m_high[L][j]: the smallest and largest point of the block of kBlock << L points from
    // j * (kBlock << L).
    std::vector<std::vector<uint32_t>> m_low, m_high;
};

// The kept points as a series of their own (gap markers kept as NaN y).
template <class Y>
BasicSeries<Y> m4Series(const BasicSeries<Y>& s, const PixelColumns& columns) {
    BasicSeries<Y> out;
    for (uint32_t i : m4(s, columns)) out.push(s.x[i], s.y[i]);
    return out;
}

}  // namespace mvr::core
