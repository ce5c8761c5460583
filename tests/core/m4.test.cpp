// M4 keeps what a line looks like: a small line rasteriser (per pixel column, the rows each segment covers
// there, and the pixel of each point) draws the whole series and its M4 reduction, and the two rasters must be
// the same, for random and adversarial series of 1,000,000 points (spikes, NaN gaps, flat runs, repeated x,
// infinities, 1e-300 and 1e300), widths 1 to 2000 and x ranges that cut the series or miss it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/m4.hpp"
#include "core/series.hpp"

using namespace mvr;
using core::PixelColumns;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Columns x rows, one byte a pixel; rows from the bottom of [ylo, yhi].
struct Raster {
    int w, h;
    std::vector<uint8_t> px;
    bool operator==(const Raster& o) const { return w == o.w && h == o.h && px == o.px; }
};

class Rasteriser {
public:
    Rasteriser(const PixelColumns& cols, double ylo, double yhi, int h) : m_cols(cols), m_ylo(ylo), m_yhi(yhi), m_h(h) {}

    // Draws the points of s at `order` (all of them when null) in order: consecutive drawable points joined,
    // a point that is not drawable breaks the line.
    template <class Y>
    Raster draw(const core::BasicSeries<Y>& s, const std::vector<uint32_t>* order) const {
        Raster r{m_cols.width(), m_h, std::vector<uint8_t>(static_cast<size_t>(m_cols.width()) * m_h)};
        const size_t n = order ? order->size() : s.size();
        bool havePrev = false;
        double px0 = 0, py0 = 0;
        for (size_t k = 0; k < n; ++k) {
            const size_t i = order ? (*order)[k] : k;
            if (!core::drawable(s.y[i])) {
                havePrev = false;
                continue;
            }
            double px = m_cols.pixel(s.x[i]), py = row(static_cast<double>(s.y[i]));
            if (px >= 0 && px <= m_cols.width()) mark(r, m_cols.column(s.x[i]), py, py);
            if (havePrev) segment(r, px0, py0, px, py);
            havePrev = true;
            px0 = px;
            py0 = py;
        }
        return r;
    }

private:
    double row(double y) const { return (0.5 * y - 0.5 * m_ylo) / (0.5 * m_yhi - 0.5 * m_ylo) * m_h; }
    void mark(Raster& r, int col, double ya, double yb) const {
        if (ya > yb) std::swap(ya, yb);
        int from = std::clamp(static_cast<int>(std::floor(ya)), 0, m_h - 1);
        int to = std::clamp(static_cast<int>(std::floor(yb)), 0, m_h - 1);
        for (int y = from; y <= to; ++y) r.px[static_cast<size_t>(col) * m_h + y] = 1;
    }
    // The rows the segment covers in each column it crosses (clipped to the columns).
    void segment(Raster& r, double xa, double ya, double xb, double yb) const {
        const int w = m_cols.width();
        if (xa == xb) {
            if (xa >= 0 && xa <= w) mark(r, std::min(static_cast<int>(xa), w - 1), ya, yb);
            return;
        }
        int c0 = std::max(0, static_cast<int>(std::floor(xa))), c1 = std::min(w - 1, static_cast<int>(std::floor(xb)));
        for (int c = c0; c <= c1; ++c) {
            double xl = std::max(xa, static_cast<double>(c)), xr = std::min(xb, static_cast<double>(c + 1));
            double yl = xl == xa ? ya : ya + (yb - ya) * ((xl - xa) / (xb - xa));
            double yr = xr == xb ? yb : ya + (yb - ya) * ((xr - xa) / (xb - xa));
            mark(r, c, yl, yr);
        }
    }
    PixelColumns m_cols;
    double m_ylo, m_yhi;
    int m_h;
};

template <class Y>
void yRange(const core::BasicSeries<Y>& s, double& lo, double& hi) {
    lo = kInf;
    hi = -kInf;
    for (Y v : s.y)
        if (core::drawable(v)) lo = std::min(lo, static_cast<double>(v)), hi = std::max(hi, static_cast<double>(v));
    if (!(lo < hi)) lo = hi = std::isfinite(lo) ? lo : 0, hi = lo + 1;
}

// The reduced series rasterises as the whole one at these columns; returns how many points were kept.
template <class Y>
size_t checkSameRaster(const core::BasicSeries<Y>& s, const PixelColumns& cols, int h) {
    double lo, hi;
    yRange(s, lo, hi);
    Rasteriser r(cols, lo, hi, h);
    std::vector<uint32_t> kept = core::m4(s, cols);
    INFO("width " << cols.width() << ", x range [" << cols.x0() << ", " << cols.x1() << "], " << s.size() << " points, "
                  << kept.size() << " kept");
    REQUIRE(std::is_sorted(kept.begin(), kept.end()));
    REQUIRE(std::adjacent_find(kept.begin(), kept.end()) == kept.end());
    Raster full = r.draw(s, nullptr), reduced = r.draw(s, &kept);
    size_t lit = std::count(full.px.begin(), full.px.end(), 1);
    INFO(lit << " pixels lit");
    REQUIRE(full == reduced);
    return kept.size();
}

core::Series walk(size_t n, uint32_t seed) {
    std::mt19937_64 g(seed);
    std::normal_distribution<double> step(0, 1);
    core::Series s;
    double y = 0;
    for (size_t i = 0; i < n; ++i) s.push(static_cast<double>(i), y += step(g));
    return s;
}

std::vector<int> widths() { return {1, 2, 3, 7, 64, 333, 1000, 1999, 2000}; }

}  // namespace

TEST_CASE("m4: a random walk of 1,000,000 points rasterises the same at every width, in at most 4 points a column") {
    core::Series s = walk(1000000, 1);
    for (int w : widths()) {
        size_t kept = checkSameRaster(s, PixelColumns(0, 999999, w), 300);
        CHECK(kept <= 4 * static_cast<size_t>(w));
    }
}

TEST_CASE("m4: spikes, NaN gaps, infinities, flat runs and repeated x give the same raster") {
    std::mt19937_64 g(7);
    std::uniform_real_distribution<double> u(0, 1);
    const size_t n = 1000000;
    core::Series s;
    double x = 0;
    for (size_t i = 0; i < n; ++i) {
        double r = u(g);
        // Repeated x now and then (vertical segments), irregular steps otherwise.
        if (r > 0.01) x += u(g) * 2;
        double y = std::sin(x / 5000) + 0.05 * u(g);
        if (r < 0.0005) y = 50 * (u(g) - 0.5);              // spikes up and down
        else if (r < 0.001) y = kNaN;                          // single gaps
        else if (r < 0.00102) y = r < 0.00101 ? kInf : -kInf;  // infinities: gaps too
        else if (i % 100000 < 3000) y = 0.25;                  // flat runs
        if (i % 250000 > 240000 && i % 250000 < 241000) y = kNaN;  // long gaps
        if (i % 77777 == 5) y = u(g);                               // a point alone between gaps:
        if (i % 77777 == 4 || i % 77777 == 6) y = kNaN;             // drawn as a dot
        s.push(x, y);
    }
    for (int w : widths()) {
        checkSameRaster(s, PixelColumns(s.x.front(), s.x.back(), w), 257);
        // A zoomed range, one that starts inside a gap, and one between two points (the line only crosses it).
        checkSameRaster(s, PixelColumns(s.x[123456], s.x[654321], w), 200);
        checkSameRaster(s, PixelColumns(s.x[240500], s.x[260000], w), 200);
        checkSameRaster(s, PixelColumns(s.x[500] + 1e-9, s.x[501] - 1e-9, w), 100);
    }
}

TEST_CASE("m4: alternating gaps keep every part of the line; the same raster") {
    core::Series s;
    for (size_t i = 0; i < 200000; ++i) s.push(static_cast<double>(i), i % 3 == 2 ? kNaN : std::cos(i * 0.37));
    for (int w : {1, 10, 2000}) checkSameRaster(s, PixelColumns(0, 199999, w), 120);
}

TEST_CASE("withoutFlatRuns: a running best drawn from its corners is the same raster, whole and zoomed") {
    // A noisy walk with a missing start, gaps and a stretch of infinities, and its running best both ways: a
    // staircase of long flat runs, with the missing start (NaN) of the walk's first values carried over.
    core::Series s = walk(200000, 11);
    for (size_t i = 0; i < 500; ++i) s.y[i] = kNaN;
    for (size_t i = 90000; i < 90040; ++i) s.y[i] = i < 90020 ? kNaN : kInf;
    for (core::Goal goal : {core::Goal::Max, core::Goal::Min}) {
        core::Series best;
        best.x = s.x;
        best.y = core::bestSoFar(s.y, goal);
        core::Series corners = core::withoutFlatRuns(best.x.data(), best.y.data(), best.size());
        INFO("kept " << corners.size() << " of " << best.size());
        CHECK(corners.size() < best.size() / 50);
        REQUIRE(std::is_sorted(corners.x.begin(), corners.x.end()));
        for (int w : {1, 7, 640, 2000})
            for (auto [a, b] : {std::pair<size_t, size_t>{0, 199999}, {400, 700}, {1234, 98765}, {150000, 150010}}) {
                PixelColumns cols(s.x[a], s.x[b], w);
                double lo, hi;
                yRange(best, lo, hi);
                Rasteriser r(cols, lo, hi, 240);
                INFO("width " << w << ", x [" << a << ", " << b << "]");
                CHECK(r.draw(best, nullptr) == r.draw(corners, nullptr));
                // And what M4 keeps of the corners draws that too (what a chart draws).
                std::vector<uint32_t> kept = core::m4(corners, cols);
                CHECK(r.draw(best, nullptr) == r.draw(corners, &kept));
            }
    }
    // Runs of three or more equal values lose their inside; the first and last points always stay.
    const double y[] = {kNaN, kNaN, kNaN, 1, 1, 1, 1, 2, 2, 3, kInf, kNaN, kInf, 3, 3, 3};
    double x[16];
    for (int i = 0; i < 16; ++i) x[i] = i;
    core::Series c = core::withoutFlatRuns(x, y, 16);
    CHECK(c.x == std::vector<double>{0, 2, 3, 6, 7, 8, 9, 10, 12, 13, 15});
    CHECK(core::withoutFlatRuns(x, y, 2).size() == 2);
    CHECK(core::withoutFlatRuns<double>(x, nullptr, 0).size() == 0);
}

TEST_CASE("m4: float values, magnitudes of 1e-300 and 1e300, and ranges as wide as the doubles") {
    core::SeriesF f;
    core::Series tiny, huge;
    std::mt19937_64 g(3);
    std::uniform_real_distribution<double> u(-1, 1);
    for (size_t i = 0; i < 1000000; ++i) {
        double x = static_cast<double>(i);
        f.push(x, static_cast<float>(u(g) + (i % 1000 == 0 ? 30 : 0)));
        tiny.push(x, 1e-300 * (2 + u(g)));
        huge.push(-1e308 + x * 2e302, 1e300 * u(g));
    }
    for (int w : {1, 640, 2000}) {
        checkSameRaster(f, PixelColumns(0, 999999, w), 300);
        checkSameRaster(tiny, PixelColumns(0, 999999, w), 300);
        checkSameRaster(huge, PixelColumns(huge.x.front(), huge.x.back(), w), 300);
    }
}

TEST_CASE("m4: 0, 1 or 2 points, all equal, all missing, all at one x") {
    core::Series empty;
    CHECK(core::m4(empty, PixelColumns(0, 1, 100)).empty());
    core::Series one;
    one.push(5, 2);
    CHECK(core::m4(one, PixelColumns(5, 5, 100)) == std::vector<uint32_t>{0});
    CHECK(core::m4(one, PixelColumns(0, 10, 0)) == std::vector<uint32_t>{0});  // width 0 is one column
    CHECK(core::m4(one, PixelColumns(6, 10, 100)).empty());                      // outside the range
    core::Series missing;
    for (int i = 0; i < 10; ++i) missing.push(i, kNaN);
    CHECK(core::m4(missing, PixelColumns(0, 9, 3)).empty());  // no gap marker without a line around it
    core::Series flat, column;
    for (int i = 0; i < 1000; ++i) flat.push(i, 0.5), column.push(3, i % 7);
    CHECK(core::m4(flat, PixelColumns(0, 999, 1)) == std::vector<uint32_t>{0, 999});
    CHECK(core::m4(flat, PixelColumns(0, 999, 1000)).size() == 1000);
    std::vector<uint32_t> c = core::m4(column, PixelColumns(3, 3, 50));  // first, smallest, largest, last
    CHECK(c == std::vector<uint32_t>{0, 6, 999});
    checkSameRaster(column, PixelColumns(3, 3, 50), 10);
    checkSameRaster(flat, PixelColumns(0, 999, 7), 10);
    // A gap in the middle: the two parts and one marker between them.
    core::Series gap;
    for (int i = 0; i < 9; ++i) gap.push(i, i == 4 || i == 5 ? kNaN : i);
    CHECK(core::m4(gap, PixelColumns(0, 8, 1)) == std::vector<uint32_t>{0, 3, 4, 6, 8});
    // Two points either side of the range: the line across it is kept.
    core::Series across;
    across.push(0, 0);
    across.push(10, 1);
    CHECK(core::m4(across, PixelColumns(4, 6, 10)) == std::vector<uint32_t>{0, 1});
    checkSameRaster(across, PixelColumns(4, 6, 10), 10);
}

TEST_CASE("m4: pixel columns cover the range evenly and never overflow") {
    PixelColumns c(0, 10, 10);
    CHECK(c.column(0) == 0);
    CHECK(c.column(0.999) == 0);
    CHECK(c.column(1) == 1);
    CHECK(c.column(10) == 9);
    CHECK(c.pixel(10) == 10);
    PixelColumns wide(-1.7e308, 1.7e308, 100);
    CHECK(wide.column(0) == 50);
    CHECK(std::isfinite(wide.pixel(1.7e308)));
    PixelColumns empty(3, 3, 100);
    CHECK(empty.column(3) == 0);
    PixelColumns nan(kNaN, 1, 100);
    CHECK(nan.column(0.5) == 0);
}

// The index that a chart keeps for a line it reduces again and again must give m4's very indices, for every
// range and width: the same points, so the same raster (shown above for m4).
TEST_CASE("m4: the index reduces exactly as m4 at every range and width; a line with gaps falls back to m4") {
    std::mt19937_64 g(11);
    std::uniform_real_distribution<double> u(0, 1);
    auto check = [&](const core::Series& s, int rounds) {
        core::M4Index<double> index(s.x.data(), s.y.data(), s.size());
        for (int r = 0; r < rounds; ++r) {
            const double span = s.x.back() - s.x.front();
            double a = s.x.front() + span * (u(g) * 1.2 - 0.1), b = a + span * u(g) * (r % 3 ? 0.05 : 1.2);
            if (r == 0) a = s.x.front(), b = s.x.back();
            const int w = r % 5 == 0 ? 1 + static_cast<int>(u(g) * 5) : 1 + static_cast<int>(u(g) * 2000);
            const PixelColumns cols(a, b, w);
            INFO("round " << r << ": [" << a << ", " << b << "] at " << w);
            REQUIRE(index.reduce(cols) == core::m4(s, cols));
        }
    };
    SECTION("a random walk of 1,000,000 points, with ties (values on a coarse grid) and repeated x") {
        core::Series s;
        double x = 0, y = 0;
        for (size_t i = 0; i < 1000000; ++i) {
            if (u(g) > 0.02) x += u(g);
            y += u(g) - 0.5;
            s.push(x, std::round(y));
        }
        check(s, 400);
        core::M4Index<double> index(s.x.data(), s.y.data(), s.size());
        CHECK(!index.hasGaps());
        CHECK(index.bytes() <= 2 * s.size() + 64);
    }
    SECTION("flat, tiny and odd lengths") {
        for (size_t n : {2u, 15u, 16u, 17u, 63u, 64u, 65u, 1000u, 4097u}) {
            core::Series s;
            for (size_t i = 0; i < n; ++i) s.push(static_cast<double>(i), i % 7 == 3 ? 1.0 : 0.5);
            check(s, 60);
        }
    }
    SECTION("a gap anywhere: the result is still m4's") {
        core::Series s = walk(100000, 3);
        s.y[54321] = kNaN;
        core::M4Index<double> index(s.x.data(), s.y.data(), s.size());
        CHECK(index.hasGaps());
        check(s, 50);
    }
    SECTION("columns taken again from the last reduction: a pan by whole columns finds them, anything else is m4 too") {
        core::Series s;
        double x = 0, y = 0;
        for (size_t i = 0; i < 300000; ++i) {
            x += i % 9 == 0 ? 0 : 1;  // repeated x, and integer x on integer column edges
            y += u(g) - 0.5;
            s.push(x, std::round(y * 4) / 4);
        }
        core::M4Index<double> index(s.x.data(), s.y.data(), s.size());
        core::M4Columns reuse;
        const int w = 883;
        double a = 1000, b = a + 50000;
        size_t reusedInPans = 0, columnsInPans = 0;
        for (int r = 0; r < 300; ++r) {
            const double column = (b - a) / w;
            if (r % 50 == 49) {          // a zoom: another column width
                b = a + (b - a) * (0.5 + u(g));
            } else if (r % 7 == 6) {     // a pan by a fraction of a column
                a += column * (u(g) * 40 - 20) + column * 0.37, b = a + column * w;
            } else {                     // a pan by whole columns, either way, as the chart snaps a drag
                const double by = std::round(u(g) * 60 - 30) * column;
                a += by, b += by;
            }
            const PixelColumns cols(a, b, w);
            INFO("round " << r << ": [" << a << ", " << b << "]");
            REQUIRE(index.reduce(cols, &reuse) == core::m4(s, cols));
            REQUIRE(reuse.size() > 0);
            if (r % 50 != 49 && r % 7 != 6 && r % 50 != 0) {
                reusedInPans += reuse.reused;
                columnsInPans += reuse.size();
            }
        }
        // Most columns of a whole-column pan come again (the ones that scrolled in are new).
        CHECK(reusedInPans > columnsInPans * 8 / 10);
        // A line with a gap is m4's, and leaves nothing to take again.
        s.y[5000] = kNaN;
        core::M4Index<double> gapped(s.x.data(), s.y.data(), s.size());
        const PixelColumns cols(0, 20000, 500);
        CHECK(gapped.reduce(cols, &reuse) == core::m4(s, cols));
        CHECK(reuse.size() == 0);
    }
    SECTION("float values") {
        core::SeriesF s;
        for (size_t i = 0; i < 300000; ++i) s.push(static_cast<double>(i), static_cast<float>(std::sin(i * 1e-3) + u(g) * 0.1));
        core::M4Index<float> index(s.x.data(), s.y.data(), s.size());
        for (int w : {1, 7, 640, 1920}) {
            const PixelColumns cols(1000.5, 250000.25, w);
            REQUIRE(index.reduce(cols) == core::m4(s, cols));
        }
    }
}
