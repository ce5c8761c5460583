#include "core/m4.hpp"

#include <algorithm>

namespace mvr::core {

namespace {

// The output of one reduction: kept indices, with at most one gap marker between kept parts.
class Kept {
public:
    explicit Kept(size_t reserve) { m_out.reserve(reserve); }
    void point(uint32_t i) {
        if (m_out.empty() || m_out.back() != i) m_out.push_back(i);
        m_gap = false;
    }
    void gap(uint32_t i) {
        if (!m_out.empty() && !m_gap) m_out.push_back(i);
        m_gap = true;
    }
    std::vector<uint32_t> take() {
        if (m_gap && !m_out.empty()) m_out.pop_back();  // nothing after the last gap
        return std::move(m_out);
    }

private:
    std::vector<uint32_t> m_out;
    bool m_gap = false;
};

}  // namespace

template <class Y>
std::vector<uint32_t> m4(const double* x, const Y* y, size_t n, const PixelColumns& columns) {
    const double* lo = std::lower_bound(x, x + n, columns.x0());
    const double* hi = std::upper_bound(lo, x + n, columns.x1());
    const size_t from = static_cast<size_t>(lo - x), to = static_cast<size_t>(hi - x);
    Kept kept(std::min(n, 4 * static_cast<size_t>(columns.width()) + 8));
    auto joined = [&](size_t i) { return drawable(y[i]) && drawable(y[i + 1]); };
    // The line from the last point left of the range into it.
    if (from > 0 && from < n && joined(from - 1)) kept.point(static_cast<uint32_t>(from - 1));

    // Column by column: where a column's points end is found by binary search (column() is monotone in x), so
    // the loop over its points only compares values. Within a column, each unbroken part is one group.
    size_t k = from;
    while (k < to) {
        const int c = columns.column(x[k]);
        const size_t end =
            static_cast<size_t>(std::partition_point(x + k, x + to, [&](double v) { return columns.column(v) <= c; }) - x);
        while (k < end) {
            if (!drawable(y[k])) {
                kept.gap(static_cast<uint32_t>(k++));
                continue;
            }
            size_t first = k, low = k, high = k;
            Y lowY = y[k], highY = y[k];
            for (++k; k < end; ++k) {
                const Y v = y[k];
                if (!drawable(v)) break;
                if (v < lowY) lowY = v, low = k;
                if (v > highY) highY = v, high = k;
            }
            kept.point(static_cast<uint32_t>(first));
            kept.point(static_cast<uint32_t>(std::min(low, high)));
            kept.point(static_cast<uint32_t>(std::max(low, high)));
            kept.point(static_cast<uint32_t>(k - 1));
        }
    }
    // The line from the range to the first point right of it (also across the whole range when no point is in it).
    if (to > 0 && to < n && joined(to - 1)) kept.point(static_cast<uint32_t>(to));
    return kept.take();
}

namespace {
constexpr unsigned kBlockBits = 3;
// Trailing zero bits of a (not 0) and the index of the highest set bit of v (not 0), without C++20's <bit>.
unsigned trailingZeros(size_t a) { return static_cast<unsigned>(__builtin_ctzll(static_cast<unsigned long long>(a))); }
unsigned highestBit(size_t v) { return 63u - static_cast<unsigned>(__builtin_clzll(static_cast<unsigned long long>(v))); }
constexpr size_t kBlock = size_t{1} << kBlockBits;  // the smallest summarised block; shorter runs are compared point by point
}  // namespace

template <class Y>
M4Index<Y>::M4Index(const double* x, const Y* y, size_t n) : m_x(x), m_y(y), m_n(n) {
    for (size_t i = 0; i < n && !m_gaps; ++i) m_gaps = !drawable(y[i]);
    if (m_gaps || n < 2 * kBlock) return;
    // Level 0 from the points, each next level from pairs of the one below (the left one on ties).
    std::vector<uint32_t> low, high;
    for (size_t b = 0; b + kBlock <= n; b += kBlock) {
        size_t l = b, h = b;
        for (size_t i = b + 1; i < b + kBlock; ++i) {
            if (y[i] < y[l]) l = i;
            if (y[i] > y[h]) h = i;
        }
        low.push_back(static_cast<uint32_t>(l));
        high.push_back(static_cast<uint32_t>(h));
    }
    while (low.size() >= 2) {
        std::vector<uint32_t> nextLow, nextHigh;
        for (size_t j = 0; j + 1 < low.size(); j += 2) {
            nextLow.push_back(y[low[j + 1]] < y[low[j]] ? low[j + 1] : low[j]);
            nextHigh.push_back(y[high[j + 1]] > y[high[j]] ? high[j + 1] : high[j]);
        }
        m_low.push_back(std::move(low));
        m_high.push_back(std::move(high));
        low = std::move(nextLow);
        high = std::move(nextHigh);
    }
    m_low.push_back(std::move(low));
    m_high.push_back(std::move(high));
}

template <class Y>
size_t M4Index<Y>::bytes() const {
    size_t b = 0;
    for (size_t L = 0; L < m_low.size(); ++L) b += (m_low[L].size() + m_high[L].size()) * sizeof(uint32_t);
    return b;
}

template <class Y>
void M4Index<Y>::range(size_t a, size_t b, size_t& low, size_t& high) const {
    low = high = a;
    auto take = [&](size_t l, size_t h) {
        if (m_y[l] < m_y[low]) low = l;
        if (m_y[h] > m_y[high]) high = h;
    };
    const unsigned top = static_cast<unsigned>(m_low.size() - 1);
    for (++a; a < b;) {
        if ((a & (kBlock - 1)) || a + kBlock > b) {
            take(a, a);
            ++a;
            continue;
        }
        // The largest summarised block that starts at a (a multiple of its size) and ends within b: bit counts,
        // not divisions, which cost tens of cycles each (a column visits about 2 log2(k) blocks).
        const unsigned aligned = trailingZeros(a) - kBlockBits;
        const unsigned fits = highestBit((b - a) >> kBlockBits);
        const unsigned level = std::min({aligned, fits, top});
        const size_t j = a >> (level + kBlockBits);
        take(m_low[level][j], m_high[level][j]);
        a += kBlock << level;
    }
}

template <class Y>
std::vector<uint32_t> M4Index<Y>::reduce(const PixelColumns& columns, M4Columns* reuse) const {
    M4Columns before;
    if (reuse) {
        before = std::move(*reuse);
        reuse->clear();
    }
    if (m_gaps || m_low.empty()) return m4(m_x, m_y, m_n, columns);
    const double* x = m_x;
    const size_t n = m_n;
    const double* lo = std::lower_bound(x, x + n, columns.x0());
    const double* hi = std::upper_bound(lo, x + n, columns.x1());
    const size_t from = static_cast<size_t>(lo - x), to = static_cast<size_t>(hi - x);
    Kept kept(std::min(n, 4 * static_cast<size_t>(columns.width()) + 8));
    // As m4: the line from the last point left of the range, each column's group, the line to the next point.
    if (from > 0 && from < n) kept.point(static_cast<uint32_t>(from - 1));
    const int last = columns.width() - 1;
    // On half values, as PixelColumns computes, so that the widest ranges do not overflow.
    const double halfColumn = (0.5 * columns.x1() - 0.5 * columns.x0()) / columns.width();
    size_t p = 0;  // the first of the earlier columns that may start at k or after it
    for (size_t k = from; k < to;) {
        const int c = columns.column(x[k]);
        size_t end = to, low = 0, high = 0;
        bool found = false;
        // An earlier column that starts at k holds the same points when its last point is still in column c and
        // the point after it is not (column() is monotone in x, and the point before k is in an earlier column).
        while (p < before.size() && before.first[p] < k) ++p;
        if (p < before.size() && before.first[p] == k) {
            const size_t e = before.end[p];
            if (e <= to && e > k && (c == last ? e == to : columns.column(x[e - 1]) == c && (e == to || columns.column(x[e]) > c))) {
                end = e;
                low = before.low[p];
                high = before.high[p];
                found = true;
                if (reuse) ++reuse->reused;
            }
        }
        if (!found) {
            // Where the column ends: a binary search for its right edge in x (comparisons only), then corrected
            // by column() itself, point by point, so the groups are exactly m4's whatever the rounding.
            if (c < last) {
                const double edge = 2 * (0.5 * columns.x0() + halfColumn * (c + 1));
                // Galloping from k: the probes stay near the column (a search over the rest of the line would
                // miss the cache at every step).
                size_t step = 1, below = k;
                while (below + step < to && x[below + step] < edge) {
                    below += step;
                    step *= 2;
                }
                end = static_cast<size_t>(std::lower_bound(x + below + 1, x + std::min(to, below + step + 1), edge) - x);
                while (end < to && columns.column(x[end]) <= c) ++end;
                while (end > k + 1 && columns.column(x[end - 1]) > c) --end;
            }
            range(k, end, low, high);
        }
        if (reuse) {
            reuse->first.push_back(static_cast<uint32_t>(k));
            reuse->end.push_back(static_cast<uint32_t>(end));
            reuse->low.push_back(static_cast<uint32_t>(low));
            reuse->high.push_back(static_cast<uint32_t>(high));
        }
        kept.point(static_cast<uint32_t>(k));
        kept.point(static_cast<uint32_t>(std::min(low, high)));
        kept.point(static_cast<uint32_t>(std::max(low, high)));
        kept.point(static_cast<uint32_t>(end - 1));
        k = end;
    }
    if (to > 0 && to < n) kept.point(static_cast<uint32_t>(to));
    return kept.take();
}

template class M4Index<float>;
template class M4Index<double>;

template std::vector<uint32_t> m4<float>(const double*, const float*, size_t, const PixelColumns&);
template std::vector<uint32_t> m4<double>(const double*, const double*, size_t, const PixelColumns&);

}  // namespace mvr::core
