#include "core/axis.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "core/series.hpp"

namespace mvr::core {

namespace {

// A 1, 2 or 5 times a power of ten near raw (> 0).
double niceStep(double raw) {
    double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double f = raw / mag;
    double n = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    return std::min(n * mag, DBL_MAX);
}

// Labels with as many significant digits as the step needs ("0.3", not "0.30000000000000004").
std::string stepLabel(double v, double step) {
    if (v == 0) return "0";
    int digits = static_cast<int>(std::floor(std::log10(std::fabs(v))) - std::floor(std::log10(step))) + 1;
    // and every digit of the integer part below 1e15 (no "5e+01" for 50).
    int whole = static_cast<int>(std::floor(std::log10(std::fabs(v)))) + 1;
    digits = std::clamp(std::max(digits, whole), 1, 15);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

// Multiples of step within [lo, hi], computed as k * step (no running sum to drift).
std::vector<Tick> multiples(double lo, double hi, double step) {
    std::vector<Tick> out;
    if (!(step > 0) || !std::isfinite(step)) return out;
    // A hair of tolerance: 0.7 / 0.1 is 6.999999999999999, and 0.7 is a tick of [0.1, 0.7].
    double k0 = std::ceil(lo / step - 1e-9), k1 = std::floor(hi / step + 1e-9);
    if (!std::isfinite(k0) || !std::isfinite(k1) || k1 - k0 > 1000) return out;
    for (double k = k0; k <= k1; ++k) {
        double v = k * step;
        if (std::fabs(v) < step * 1e-9) v = 0;
        out.push_back({v, stepLabel(v, step)});
    }
    return out;
}

std::vector<Tick> linearTicks(double lo, double hi, int target) {
    double half = 0.5 * hi - 0.5 * lo;  // no overflow for a range of -1e308 to 1e308
    std::vector<Tick> out = multiples(lo, hi, niceStep(half * (2.0 / std::max(target, 1))));
    if (out.empty()) out = {{lo, stepLabel(lo, std::fabs(lo))}, {hi, stepLabel(hi, std::fabs(hi))}};
    return out;
}

std::string timeLabel(double t, double step) {
    double days = std::floor(t / 86400);
    double rest = t - days * 86400;
    int y, m, d;
    civilFromDays(static_cast<int64_t>(days), y, m, d);
    int secs = static_cast<int>(std::lround(rest));
    char buf[48];
    if (step >= 86400) std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    else if (step >= 60) std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", y, m, d, secs / 3600, secs / 60 % 60);
    else std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
    return buf;
}

}  // namespace

Scale::Scale(double lo, double hi, bool log) : m_lo(lo), m_hi(hi), m_log(log) {
    if (!std::isfinite(m_lo) || !std::isfinite(m_hi) || (log && !(m_lo > 0 && m_hi > 0))) {
        m_lo = log ? 1 : 0;
        m_hi = log ? 10 : 1;
        return;
    }
    if (m_lo > m_hi) std::swap(m_lo, m_hi);
    if (m_lo < m_hi) return;
    // A flat line: its value in the middle of the axis.
    double v = m_lo;
    if (log) {
        m_lo = v / 2;
        m_hi = std::min(v * 2, DBL_MAX);
    } else if (v == 0) {
        m_lo = -1;
        m_hi = 1;
    } else {
        double a = std::fabs(v) / 10;
        m_lo = std::max(v - a, -DBL_MAX);
        m_hi = std::min(v + a, DBL_MAX);
    }
}

double Scale::fraction(double v) const {
    if (m_log) return (std::log10(v) - std::log10(m_lo)) / (std::log10(m_hi) - std::log10(m_lo));
    return (0.5 * v - 0.5 * m_lo) / (0.5 * m_hi - 0.5 * m_lo);
}

double Scale::value(double f) const {
    if (m_log) return std::pow(10.0, std::log10(m_lo) + f * (std::log10(m_hi) - std::log10(m_lo)));
    return 2 * (0.5 * m_lo + f * (0.5 * m_hi - 0.5 * m_lo));
}

Scale Scale::padded(double margin) const {
    double lo = value(-margin), hi = value(1 + margin);
    if (!std::isfinite(lo) || !std::isfinite(hi) || (m_log && !(lo > 0))) return *this;
    return Scale(lo, hi, m_log);
}

std::vector<Tick> valueTicks(const Scale& s, int target) {
    if (!s.log()) return linearTicks(s.lo(), s.hi(), target);
    double k0 = std::ceil(std::log10(s.lo())), k1 = std::floor(std::log10(s.hi()));
    if (k1 - k0 < 1) return linearTicks(s.lo(), s.hi(), target);
    double every = std::max(1.0, std::ceil((k1 - k0 + 1) / std::max(target, 1)));
    std::vector<Tick> out;
    for (double k = k0; k <= k1; k += every) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "1e%d", static_cast<int>(k));
        double v = std::pow(10.0, k);
        if (k >= 0 && k <= 4) std::snprintf(buf, sizeof buf, "%.0f", v);
        else if (k < 0 && k >= -3) std::snprintf(buf, sizeof buf, "%g", v);
        out.push_back({v, buf});
    }
    return out;
}

std::vector<Tick> integerTicks(double lo, double hi, int target) {
    double step = std::max(1.0, niceStep(std::max(hi - lo, 1.0) / std::max(target, 1)));
    std::vector<Tick> out = multiples(lo, hi, step);
    if (out.empty()) out.push_back({lo, stepLabel(lo, 1)});
    return out;
}

std::vector<Tick> timeTicks(double lo, double hi, int target) {
    std::vector<Tick> out;
    if (!std::isfinite(lo) || !std::isfinite(hi) || hi - lo > 1e13) return {{lo, timeLabel(lo, 86400)}};
    const double raw = (hi - lo) / std::max(target, 1);
    // Up to a week: steps of seconds, minutes, hours and days from 1970 (UTC midnight for days).
    static const double kSteps[] = {1,   2,    5,    10,   15,    30,    60,    120,   300,   600,    900,
                                    1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800};
    if (raw <= 604800) {
        double step = 604800;
        for (double st : kSteps)
            if (st >= raw) {
                step = st;
                break;
            }
        for (double k = std::ceil(lo / step); k * step <= hi && out.size() < 1000; ++k) out.push_back({k * step, timeLabel(k * step, step)});
    } else {
        // Longer: whole months (1, 2, 3 or 6) or years (1, 2, 5, 10, ...), on the first of the month, as 2024-03 or 2024.
        const double month = 2629746;  // a Gregorian year / 12
        int months = 12;
        for (int m : {1, 2, 3, 6, 12})
            if (m * month >= raw) {
                months = m;
                break;
            }
        if (months == 12 && raw > 12 * month) months = 12 * static_cast<int>(std::max(1.0, niceStep(raw / (12 * month))));
        int y, m, d;
        civilFromDays(static_cast<int64_t>(std::floor(lo / 86400)), y, m, d);
        int64_t index = static_cast<int64_t>(y) * 12 + (m - 1);  // months since year 0
        index = (index + months - 1) / months * months;             // the first tick month at or after lo's month
        for (; out.size() < 1000; index += months) {
            const int ty = static_cast<int>(index / 12), tm = static_cast<int>(index % 12) + 1;
            const double t = static_cast<double>(daysFromCivil(ty, tm, 1)) * 86400;
            if (t > hi) break;
            if (t < lo) continue;
            char buf[24];
            if (months % 12 == 0) std::snprintf(buf, sizeof buf, "%04d", ty);
            else std::snprintf(buf, sizeof buf, "%04d-%02d", ty, tm);
            out.push_back({t, buf});
        }
    }
    if (out.empty()) out.push_back({lo, timeLabel(lo, raw >= 86400 ? 86400 : 1)});
    return out;
}

}  // namespace mvr::core
