// mvr plot: a static SVG of a model's metrics across its versions, for CI reports and pull-request comments: one
// panel per metric over a shared x axis (version order or creation time), ticks and labels, the line drawn from
// its M4 reduction at the panel's width (core/m4), point markers when the points are few, the versions holding an
// alias marked with its name, and the best so far dashed. Built in memory, then written at once (io.hpp's
// writeFileAtomic): bad input writes nothing.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ostream>

#include "cli/context.hpp"
#include "cli/io.hpp"
#include "core/axis.hpp"
#include "core/m4.hpp"

namespace mvr::cli {

namespace {

// Layout in pixels: the title band, the space above each panel for its name, the x axis band below the last.
constexpr int kLeft = 76, kRight = 24, kTop = 30, kGap = 28, kBottom = 50, kMinPanel = 40;
const char* const kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

std::string px(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", std::isfinite(v) ? v : 0.0);
    return buf;
}

// One metric's panel: its points (the versions that have it, in x order) and their best so far.
struct Panel {
    const ops::TrendMetric* metric;
    core::Series line, best;
    std::vector<uint32_t> version;  // the version of each point
    double lo = INFINITY, hi = -INFINITY;
};

// A path through the points at `kept`, lifting the pen at points that cannot be drawn.
std::string pathData(const core::Series& s, const std::vector<uint32_t>& kept, double left, const core::PixelColumns& cols,
                     double top, double height, const core::Scale& scale) {
    std::string d;
    bool down = false;
    for (uint32_t i : kept) {
        if (!core::drawable(s.y[i])) {
            down = false;
            continue;
        }
        d += (down ? " L" : (d.empty() ? "M" : " M")) + px(left + cols.pixel(s.x[i])) + " " +
             px(top + height * (1 - scale.fraction(s.y[i])));
        down = true;
    }
    return d;
}

bool intOption(const Args& a, const char* name, int min, int max, int& out, std::string& error) {
    if (!a.values.count(name)) return true;
    const std::string v = a.value(name);
    char* end = nullptr;
    long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end || n < min || n > max) {
        error = std::string(name) + " takes a number of pixels from " + std::to_string(min) + " to " + std::to_string(max) +
                ", got \"" + v + "\"";
        return false;
    }
    out = static_cast<int>(n);
    return true;
}

class Plot {
public:
    Plot(const ops::Trend& t, std::vector<Panel>& panels, int width, int height, bool log)
        : m_t(t), m_panels(panels), m_width(width), m_height(height), m_log(log) {
        const int k = static_cast<int>(panels.size());
        m_plotW = width - kLeft - kRight;
        m_panelH = (height - kTop - kBottom - k * kGap) / k;
        double span = t.x.back() - t.x.front();
        double pad = t.xKind == ops::TrendX::Order ? std::max(0.5, span * 0.02) : (span > 0 ? span * 0.02 : 43200);
        m_x0 = t.x.front() - pad;
        m_x1 = t.x.back() + pad;
    }
    int panelHeight() const { return m_panelH; }

    std::string svg() {
        core::PixelColumns cols(m_x0, m_x1, m_plotW);
        std::vector<core::Tick> xTicks = m_t.xKind == ops::TrendX::Order
                                             ? core::integerTicks(m_t.x.front(), m_t.x.back(), std::max(2, m_plotW / 80))
                                             : core::timeTicks(m_t.x.front(), m_t.x.back(), std::max(2, m_plotW / 150));
        std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                        std::to_string(m_width) + "\" height=\"" + std::to_string(m_height) + "\" viewBox=\"0 0 " +
                        std::to_string(m_width) + " " + std::to_string(m_height) +
                        "\" font-family=\"sans-serif\" font-size=\"11\">\n"
                        "<style>.frame{fill:none;stroke:#888}.grid{stroke:#e4e4e4}.line{fill:none;stroke-width:1.5}"
                        ".best{fill:none;stroke:#555;stroke-width:1;stroke-dasharray:5 3}.alias{stroke:#b8860b;"
                        "stroke-dasharray:2 2}.alias-label{fill:#b8860b}.alias-point{fill:none;stroke:#b8860b;"
                        "stroke-width:1.5}.tick{fill:#444}</style>\n"
                        "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n";
        std::string title = m_t.model + ": ";
        for (size_t p = 0; p < m_panels.size(); ++p) title += (p ? ", " : "") + m_panels[p].metric->name;
        s += "<text class=\"title\" x=\"" + std::to_string(kLeft) + "\" y=\"18\" font-size=\"14\">" + xmlText(title) +
             (m_log ? " (log scale)" : "") + "</text>\n";
        for (size_t p = 0; p < m_panels.size(); ++p) s += panel(m_panels[p], p, cols, xTicks);
        // The shared x axis under the last panel.
        const double base = kTop + static_cast<double>(m_panels.size()) * (kGap + m_panelH);
        for (const auto& t : xTicks) {
            std::string label = t.label;
            if (m_t.xKind == ops::TrendX::Order) {
                const size_t rank = static_cast<size_t>(t.value);  // integer ticks within 1..n
                if (rank < 1 || rank > m_t.size()) continue;
                label = std::string(m_t.labels[rank - 1]);
            }
            // Centred under its tick, unless that would cut it at the edge of the image.
            const double x = kLeft + cols.pixel(t.value), half = 3.2 * static_cast<double>(label.size());
            const char* anchor = x - half < 0 ? "start" : x + half > m_width ? "end" : "middle";
            s += "<text class=\"tick x-tick\" x=\"" + px(x) + "\" y=\"" + px(base + 16) + "\" text-anchor=\"" + anchor + "\">" +
                 xmlText(label) + "</text>\n";
        }
        s += "<text class=\"axis-title\" x=\"" + px(kLeft + m_plotW / 2.0) + "\" y=\"" + px(base + 36) +
             "\" text-anchor=\"middle\">" +
             (m_t.xKind == ops::TrendX::Order ? "version (labels in order)" : "created (UTC)") + "</text>\n</svg>\n";
        return s;
    }

private:
    std::string panel(const Panel& p, size_t index, const core::PixelColumns& cols, const std::vector<core::Tick>& xTicks) {
        const double top = kTop + kGap + static_cast<double>(index) * (kGap + m_panelH), h = m_panelH;
        const core::Scale scale = (p.line.size() ? core::Scale(p.lo, p.hi, m_log) : core::Scale(0, 1, m_log)).padded(0.06);
        auto ypx = [&](double v) { return top + h * (1 - scale.fraction(v)); };
        auto xpx = [&](double x) { return kLeft + cols.pixel(x); };
        const char* color = kColors[index % (sizeof kColors / sizeof kColors[0])];
        const core::Goal goal = p.metric->goal;
        std::string s = "<g class=\"panel\" data-metric=\"" + xmlText(p.metric->name) + "\">\n";
        s += "<text class=\"panel-title\" x=\"" + std::to_string(kLeft) + "\" y=\"" + px(top - 8) + "\" font-size=\"12\">" +
             xmlText(p.metric->name) +
             (goal == core::Goal::Max ? " (higher is better)" : goal == core::Goal::Min ? " (lower is better)" : "") +
             "</text>\n";
        for (const auto& t : core::valueTicks(scale, std::max(2, m_panelH / 35))) {
            if (t.value < scale.lo() || t.value > scale.hi()) continue;
            s += "<line class=\"grid\" x1=\"" + std::to_string(kLeft) + "\" x2=\"" + std::to_string(kLeft + m_plotW) +
                 "\" y1=\"" + px(ypx(t.value)) + "\" y2=\"" + px(ypx(t.value)) + "\"/>\n";
            s += "<text class=\"tick y-tick\" x=\"" + std::to_string(kLeft - 6) + "\" y=\"" + px(ypx(t.value) + 4) +
                 "\" text-anchor=\"end\">" + xmlText(t.label) + "</text>\n";
        }
        for (const auto& t : xTicks)
            s += "<line class=\"grid\" x1=\"" + px(xpx(t.value)) + "\" x2=\"" + px(xpx(t.value)) + "\" y1=\"" + px(top) +
                 "\" y2=\"" + px(top + h) + "\"/>\n";
        s += "<rect class=\"frame\" x=\"" + std::to_string(kLeft) + "\" y=\"" + px(top) + "\" width=\"" +
             std::to_string(m_plotW) + "\" height=\"" + std::to_string(m_panelH) + "\"/>\n";
        if (!p.line.size())
            s += "<text class=\"empty\" x=\"" + px(kLeft + m_plotW / 2.0) + "\" y=\"" + px(top + h / 2) +
                 "\" text-anchor=\"middle\">no values</text>\n";
        // The versions holding aliases: a line across the panel, their names (on two rows, so that neighbours do
        // not overwrite each other; towards the left near the right edge), a ring on the point.
        int marked = 0;
        for (uint32_t v = 0; v < m_t.size(); ++v) {
            std::vector<std::string> names = m_t.aliasesOf(v);
            if (names.empty()) continue;
            std::string text;
            for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
            const double x = xpx(m_t.x[v]);
            const bool left = x + 6.5 * static_cast<double>(text.size()) > kLeft + m_plotW;
            s += "<line class=\"alias\" x1=\"" + px(x) + "\" x2=\"" + px(x) + "\" y1=\"" + px(top) + "\" y2=\"" + px(top + h) +
                 "\"/>\n<text class=\"alias-label\" x=\"" + px(left ? x - 3 : x + 3) + "\" y=\"" + px(top + 11 + 12 * (marked++ % 2)) +
                 (left ? "\" text-anchor=\"end\">" : "\">") + xmlText(text) + "</text>\n";
            auto at = std::find(p.version.begin(), p.version.end(), v);
            if (at != p.version.end())
                s += "<circle class=\"alias-point\" cx=\"" + px(x) + "\" cy=\"" + px(ypx(p.line.y[at - p.version.begin()])) +
                     "\" r=\"5\"/>\n";
        }
        if (p.best.size())
            s += "<path class=\"best\" d=\"" + pathData(p.best, core::m4(p.best, cols), kLeft, cols, top, h, scale) + "\"/>\n";
        if (p.line.size())
            s += "<path class=\"line\" stroke=\"" + std::string(color) + "\" d=\"" +
                 pathData(p.line, core::m4(p.line, cols), kLeft, cols, top, h, scale) + "\"/>\n";
        // Markers when there is room for them (6 pixels a point), each with its version and value.
        if (p.line.size() <= static_cast<size_t>(m_plotW / 6))
            for (size_t i = 0; i < p.line.size(); ++i)
                s += "<circle class=\"point\" fill=\"" + std::string(color) + "\" cx=\"" + px(xpx(p.line.x[i])) + "\" cy=\"" +
                     px(ypx(p.line.y[i])) + "\" r=\"2.5\"><title>" +
                     xmlText(m_t.model + "@" + std::string(m_t.labels[p.version[i]]) + ": " + p.metric->name + " = " +
                             numberCell(p.line.y[i])) +
                     "</title></circle>\n";
        return s + "</g>\n";
    }

    const ops::Trend& m_t;
    std::vector<Panel>& m_panels;
    int m_width, m_height, m_plotW, m_panelH;
    bool m_log;
    double m_x0, m_x1;
};

}  // namespace

int cmdPlot(Ctx& c, const Args& a) {
    const std::string out = a.value("--output");
    if (out.empty()) return c.usage("plot needs -o FILE (the SVG to write; - for stdout)");
    const size_t metrics = a.positional.size() > 1 ? a.positional.size() - 1 : 1;
    int width = 800, height = kTop + kBottom + static_cast<int>(metrics) * (kGap + 180);
    std::string err;
    if (!intOption(a, "--width", kLeft + kRight + 40, 20000, width, err) || !intOption(a, "--height", 100, 20000, height, err))
        return c.usage(err);
    storage::Registry r(c.db);
    ops::Trend t;
    int code = kOk;
    if (!loadTrendArgs(c, a, r, t, code)) return code;
    if (!t.size()) return c.fail("no version of " + t.model + " has a creation time to place it by (--x time)");
    const bool log = a.has("--log");
    std::vector<Panel> panels;
    for (const auto& m : t.metrics) {
        Panel p{&m, {}, {}, {}};
        for (uint32_t i = 0; i < t.size(); ++i) {
            const double v = m.values[i];
            if (std::isnan(v)) continue;
            if (log && !(v > 0))
                return c.fail("--log: " + m.name + " of " + t.model + "@" + std::string(t.labels[i]) + " is " + numberCell(v) +
                              ", and a log scale shows only values above 0");
            p.line.push(t.x[i], v);
            if (!m.best.empty()) p.best.push(t.x[i], m.best[i]);
            p.version.push_back(i);
            if (std::isfinite(v)) p.lo = std::min(p.lo, v), p.hi = std::max(p.hi, v);
        }
        panels.push_back(std::move(p));
    }
    Plot plot(t, panels, width, height, log);
    if (plot.panelHeight() < kMinPanel)
        return c.usage("--height " + std::to_string(height) + " leaves less than " + std::to_string(kMinPanel) +
                       " pixels for each of " + std::to_string(panels.size()) + " panels");
    const std::string svg = plot.svg();
    if (out == "-") {
        c.env.out << svg;
        return kOk;
    }
    if (!writeFileAtomic(out, svg, err)) return c.fail(err);
    c.env.err << "wrote " << out << " (" << panels.size() << " panel" << (panels.size() == 1 ? "" : "s") << ", " << t.size()
              << " version" << (t.size() == 1 ? "" : "s") << ")\n";
    return kOk;
}

}  // namespace mvr::cli
