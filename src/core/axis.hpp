// The axes of a chart, apart from how it is drawn: the range values are drawn in (a flat or empty range widened,
// linear or log10), where ticks go (1-2-5 steps, powers of ten, calendar steps for times) and their labels.
// Sensible for any finite values, 1e-300 to 1e300 included: no NaN position, no empty axis.
#pragma once

#include <string>
#include <vector>

namespace mvr::core {

class Scale {
public:
    // The range [lo, hi] of the values to show (finite; lo > 0 for log). A flat range is widened around its value.
    Scale(double lo, double hi, bool log);
    double lo() const { return m_lo; }
    double hi() const { return m_hi; }
    bool log() const { return m_log; }
    // 0 at lo, 1 at hi (not clamped).
    double fraction(double v) const;
    // The inverse of fraction.
    double value(double fraction) const;
    // The same scale with room around its range: `margin` of its span (of its decades for log) on each side.
    Scale padded(double margin) const;

private:
    double m_lo, m_hi;
    bool m_log;
};

struct Tick {
    double value;
    std::string label;
};

// About `target` ticks within the scale's range: multiples of 1, 2 or 5 times a power of ten; for log scales the
// powers of ten (every k-th when there are many), or 1-2-5 steps when the range spans less than two of them.
std::vector<Tick> valueTicks(const Scale& s, int target);
// Ticks for integer x (versions in order, 1 to n): integer steps of at least 1; labels are the numbers.
std::vector<Tick> integerTicks(double lo, double hi, int target);
// Ticks for x in seconds since 1970 (UTC): calendar steps (seconds to years), labelled "2026-11-02" for steps of
// a day or more, "2026-11-02 09:30" below, and with seconds below a minute.
std::vector<Tick> timeTicks(double lo, double hi, int target);

}  // namespace mvr::core
