#include "core/series.hpp"

#include <algorithm>
#include <limits>

namespace mvr::core {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The value turned so that larger is better.
double better(double v, Goal g) { return g == Goal::Min ? -v : v; }

}  // namespace

std::vector<double> bestSoFar(const double* y, size_t n, Goal goal) {
    std::vector<double> out;
    if (goal == Goal::None) return out;
    out.resize(n, kNaN);
    double best = kNaN;
    for (size_t i = 0; i < n; ++i) {
        if (drawable(y[i]) && (std::isnan(best) || better(y[i], goal) > better(best, goal))) best = y[i];
        out[i] = best;
    }
    return out;
}

std::vector<uint32_t> paretoFront(const double* a, Goal goalA, const double* b, Goal goalB, size_t n) {
    std::vector<uint32_t> out;
    if (goalA == Goal::None || goalB == Goal::None) return out;
    std::vector<uint32_t> order;
    for (size_t i = 0; i < n; ++i)
        if (!std::isnan(a[i]) && !std::isnan(b[i])) order.push_back(static_cast<uint32_t>(i));
    // Best a first; within equal a, best b first; then by index.
    std::stable_sort(order.begin(), order.end(), [&](uint32_t i, uint32_t j) {
        double ai = better(a[i], goalA), aj = better(a[j], goalA);
        if (ai != aj) return ai > aj;
        return better(b[i], goalB) > better(b[j], goalB);
    });
    // A point is beaten by one with a better a and a b at least as good, or by one with the same a and a better b.
    double bestEarlier = -std::numeric_limits<double>::infinity();  // best b of the points with a better a
    bool anyEarlier = false;
    for (size_t g = 0; g < order.size();) {
        size_t end = g;
        const double ag = better(a[order[g]], goalA);
        while (end < order.size() && better(a[order[end]], goalA) == ag) ++end;
        const double groupBest = better(b[order[g]], goalB);
        for (size_t k = g; k < end && better(b[order[k]], goalB) == groupBest; ++k)
            if (!anyEarlier || groupBest > bestEarlier) out.push_back(order[k]);
        if (!anyEarlier || groupBest > bestEarlier) bestEarlier = groupBest;
        anyEarlier = true;
        g = end;
    }
    return out;
}

Series stepSeries(const Value& metric, bool byTime) {
    Series out;
    const Value* steps = metric.isObject() ? metric.find("steps") : nullptr;
    if (!steps || !steps->isArray()) return out;
    out.x.reserve(steps->items.size());
    out.y.reserve(steps->items.size());
    double next = 0;
    for (const Value& s : steps->items) {
        const Value* v = s.isObject() ? s.find("value") : &s;
        double y = v && v->isNumber() ? v->number : kNaN;
        double x = kNaN;
        if (byTime) {
            const Value* t = s.isObject() ? s.find("timestamp") : nullptr;
            if (t && t->isNumber()) x = stepTime(t->number);
            else if (t && t->isString()) x = secondsSinceEpoch(t->text);
            if (!std::isfinite(x)) continue;
        } else {
            const Value* n = s.isObject() ? s.find("step") : nullptr;
            x = n && n->isNumber() ? n->number : next;
            next = x + 1;
        }
        out.push(x, y);
    }
    sortSteps(out);
    return out;
}

void sortSteps(Series& s) {
    if (std::is_sorted(s.x.begin(), s.x.end())) return;
    std::vector<uint32_t> order(s.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return s.x[a] < s.x[b]; });
    Series sorted;
    sorted.x.reserve(order.size());
    sorted.y.reserve(order.size());
    for (uint32_t i : order) sorted.push(s.x[i], s.y[i]);
    s = std::move(sorted);
}

StepHistories stepHistories(const Value& doc, std::string_view want, bool byTime) {
    StepHistories out;
    const Value* metrics = doc.isObject() ? doc.find("metrics") : nullptr;
    if (!metrics || !metrics->isObject()) return out;
    for (const Member& m : metrics->members) {
        const Value* steps = m.value.isObject() ? m.value.find("steps") : nullptr;
        if (steps && steps->isArray() && !steps->items.empty()) out.names.push_back(m.key);
    }
    if (out.names.empty()) return out;
    if (std::find(out.names.begin(), out.names.end(), want) != out.names.end()) out.metric = want;
    else out.metric = *std::min_element(out.names.begin(), out.names.end());
    out.series = stepSeries(*metrics->find(out.metric), byTime);
    return out;
}

std::vector<double> ema(const double* y, size_t n, double weight) {
    std::vector<double> out(n, kNaN);
    if (!(weight >= 0)) weight = 0;
    if (weight >= 1) weight = 0.999;
    double acc = 0, debias = 1;
    for (size_t i = 0; i < n; ++i) {
        if (!drawable(y[i])) continue;
        acc = weight * acc + (1 - weight) * y[i];
        debias *= weight;
        out[i] = debias < 1 ? acc / (1 - debias) : y[i];
    }
    return out;
}

// H. Hinnant's days_from_civil and civil_from_days.
int64_t daysFromCivil(int64_t y, int m, int d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civilFromDays(int64_t days, int& y, int& m, int& d) {
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const int64_t doe = days - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

double secondsSinceEpoch(std::string_view s) {
    if (!isRfc3339(std::string(s))) return kNaN;
    // The digits at [at, at + len), which isRfc3339 has checked.
    auto number = [&](size_t at, size_t len) {
        int v = 0;
        for (size_t i = at; i < at + len; ++i) v = v * 10 + (s[i] - '0');
        return v;
    };
    int y = number(0, 4), mo = number(5, 2), d = number(8, 2), h = number(11, 2), mi = number(14, 2), sec = number(17, 2);
    double t = static_cast<double>(daysFromCivil(y, mo, d)) * 86400.0 + h * 3600.0 + mi * 60.0 + sec;
    size_t i = 19;
    if (s[i] == '.') {
        double scale = 0.1;
        for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, scale /= 10) t += (s[i] - '0') * scale;
    }
    if (s[i] == '+' || s[i] == '-') {
        int oh = number(i + 1, 2), om = number(i + 4, 2);
        t -= (s[i] == '+' ? 1 : -1) * (oh * 3600.0 + om * 60.0);
    }
    return t;
}

}  // namespace mvr::core
