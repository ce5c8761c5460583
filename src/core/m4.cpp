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

template std::vector<uint32_t> m4<float>(const double*, const float*, size_t, const PixelColumns&);
template std::vector<uint32_t> m4<double>(const double*, const double*, size_t, const PixelColumns&);

}  // namespace mvr::core
