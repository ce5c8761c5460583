// Series of numbers for charts and monitoring: points as columns (x double, y float or double, no object per
// point), packed text columns, the running best by a metric's goal, the Pareto front of two metrics, and the
// creation time of a version as an x. M4 reduction for drawing is core/m4.hpp.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_value.hpp"
#include "core/manifest.hpp"

namespace mvr::core {

// Points (x[i], y[i]) as two columns; x ascending where a function says so. A y that is NaN is a missing value.
template <class Y>
struct BasicSeries {
    std::vector<double> x;
    std::vector<Y> y;
    size_t size() const { return x.size(); }
    void push(double px, Y py) {
        x.push_back(px);
        y.push_back(py);
    }
};
using Series = BasicSeries<double>;
using SeriesF = BasicSeries<float>;  // 100,000 versions x 20 metrics in 8 MB of values

// A value a line can be drawn to: finite (NaN is a missing value, infinities cannot be placed on an axis).
template <class Y>
inline bool drawable(Y y) {
    return std::isfinite(y);
}

// Strings one after another in one buffer (labels, dates of 100,000 versions without an allocation each).
class TextColumn {
public:
    void push(std::string_view s) {
        m_bytes.append(s.data(), s.size());
        m_ends.push_back(m_bytes.size());
    }
    size_t size() const { return m_ends.size(); }
    std::string_view operator[](size_t i) const {
        size_t from = i ? m_ends[i - 1] : 0;
        return std::string_view(m_bytes).substr(from, m_ends[i] - from);
    }
    void reserve(size_t n) { m_ends.reserve(n); }

private:
    std::string m_bytes;
    std::vector<size_t> m_ends;
};

// out[i] is the best of y[0..i] by goal (largest for Max, smallest for Min), skipping values that are not
// drawable; NaN before the first one. Empty for Goal::None (no best without a goal).
std::vector<double> bestSoFar(const double* y, size_t n, Goal goal);
inline std::vector<double> bestSoFar(const std::vector<double>& y, Goal goal) { return bestSoFar(y.data(), y.size(), goal); }

// The points of a polyline (x ascending) that draw it: every point but those inside a run of equal y (three or
// more points in a row with the same value, or all not drawable). Such a point lies on the straight line between
// its run's first and last (or inside a break), so the line through what is kept is the same line: a running
// best of 100,000 versions, a staircase of a few hundred steps, is drawn and reduced from a few hundred points.
// The result keeps x order; a series of n < 3 points is kept whole.
template <class Y>
BasicSeries<Y> withoutFlatRuns(const double* x, const Y* y, size_t n) {
    BasicSeries<Y> out;
    auto same = [](Y a, Y b) { return drawable(a) ? drawable(b) && a == b : !drawable(b); };
    for (size_t i = 0; i < n; ++i)
        if (i == 0 || i + 1 == n || !same(y[i - 1], y[i]) || !same(y[i], y[i + 1])) out.push(x[i], y[i]);
    return out;
}

// The points (a[i], b[i]) no other point beats: at least as good on both metrics by their goals and better on
// one. Points equal on both are all on the front. NaN on either side leaves a point out; infinities compare as
// themselves. Indices from the best a to the worst (equal a: by index). Empty when a goal is Goal::None.
std::vector<uint32_t> paretoFront(const double* a, Goal goalA, const double* b, Goal goalB, size_t n);

// A metric's training history (its "steps" in a version's document, docs/manifest.md) as a line. x is the step
// number (a step without one: one more than the step before it, the first 0), or with byTime its timestamp in
// seconds since 1970 (RFC 3339, or a number: milliseconds when above 1e11, as MLflow writes them, else seconds;
// steps without a timestamp are left out). NaN where a step's value is not a number. Empty without steps. x is
// sorted ascending (stable), since histories merged from several runs need not be in order.
Series stepSeries(const Value& metric, bool byTime);
// stepSeries's last step: the points in the order the steps came, sorted by x (stable; nothing to do when they
// are in order already, as most histories are).
void sortSteps(Series& s);
// The x of a step from its "timestamp" as stepSeries reads it (a number, or RFC 3339 text).
inline double stepTime(double timestamp) { return timestamp > 1e11 ? timestamp / 1000 : timestamp; }

// The training histories a version's document holds, for the Training curves: the names of its metrics with a
// non-empty "steps" array (document order), and the series (stepSeries's) of one of them: `want` when it has
// steps, else the first of the names in sorted order; `metric` is the one read, empty when there are none.
struct StepHistories {
    std::vector<std::string> names;
    std::string metric;
    Series series;
};
// From a document read whole. core/stored_json's readStoredStepHistories gives the same from stored text
// without building the document.
StepHistories stepHistories(const Value& doc, std::string_view want, bool byTime);

// Exponential moving average as TensorBoard draws it: s[i] = w * s[i-1] + (1 - w) * y[i], debiased by
// 1 - w^k for the k drawable values so far (so the line starts at the first value rather than at 0); a value
// that is not drawable is NaN in the output and leaves the average as it was. weight in [0, 1): 0 is no
// smoothing.
std::vector<double> ema(const double* y, size_t n, double weight);

// Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar, and back.
int64_t daysFromCivil(int64_t y, int m, int d);
void civilFromDays(int64_t days, int& y, int& m, int& d);
// Seconds since 1970-01-01T00:00:00Z of an RFC 3339 date-time (with its offset and fraction); NaN when s is not one.
double secondsSinceEpoch(std::string_view s);

}  // namespace mvr::core
