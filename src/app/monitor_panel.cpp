#include "app/monitor_panel.hpp"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <numeric>

#include "app/chart_gpu.hpp"
#include "app/panel_context.hpp"
#include "app/text_fit.hpp"
#include "app/theme.hpp"
#include "core/diff_format.hpp"
#include "core/filter.hpp"
#include "imgui.h"
#include "platform/browser.hpp"

namespace mvr::app {

namespace {

constexpr double kCurveBudgetMs = 16;  // of a frame, for reading training histories (at least one version a frame)

const char* const kUp = "\xE2\x96\xB2";    // ▲
const char* const kDown = "\xE2\x96\xBC";  // ▼

std::string goalWord(core::Goal g) {
    return g == core::Goal::Max ? "higher is better" : g == core::Goal::Min ? "lower is better" : "no goal";
}

// "+0.0123 (+1.4%) ▲ better" against the baseline's value.
std::string deltaText(double value, double base, core::Goal goal) {
    if (!std::isfinite(value) || !std::isfinite(base)) return "";
    double d = value - base;
    // Six significant digits: the difference of two decimals is seldom short in binary (1.6 not 1.5999999999999996).
    char num[40];
    std::snprintf(num, sizeof num, "%+.6g", d);
    std::string out = num;
    if (base != 0) {
        char pct[32];
        std::snprintf(pct, sizeof pct, " (%+.2f%%)", d / std::fabs(base) * 100);
        out += pct;
    }
    if (d == 0 || goal == core::Goal::None) return out;
    bool better = goal == core::Goal::Max ? d > 0 : d < 0;
    return out + " " + (better ? kUp : kDown) + (better ? " better" : " worse");
}

// A checkbox list of metrics in a popup: the chosen ones, in the order of names.
// publish: the combo's label for the tests (each metric's checkbox as publish + ":" + name).
bool chooseMetrics(const char* id, const char* publish, const std::vector<std::string>& names, const std::vector<core::Goal>& goals,
                   std::vector<std::string>& chosen) {
    bool changed = false;
    std::string preview = chosen.empty() ? "none" : chosen.size() == 1 ? chosen[0] : std::to_string(chosen.size()) + " metrics";
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    bool open = ImGui::BeginCombo(id, preview.c_str(), ImGuiComboFlags_HeightLarge);
    publishItem(publish);
    if (open) {
        for (size_t i = 0; i < names.size(); ++i) {
            bool on = std::find(chosen.begin(), chosen.end(), names[i]) != chosen.end();
            std::string label = names[i] + (goals[i] == core::Goal::Max ? "  (max)" : goals[i] == core::Goal::Min ? "  (min)" : "");
            bool clicked = ImGui::Checkbox(label.c_str(), &on);
            publishItem((std::string(publish) + ":" + names[i]).c_str());
            if (clicked) {
                changed = true;
                if (on) chosen.push_back(names[i]);
                else chosen.erase(std::remove(chosen.begin(), chosen.end(), names[i]), chosen.end());
            }
        }
        ImGui::EndCombo();
    }
    if (changed) {
        std::vector<std::string> ordered;
        for (const std::string& n : names)
            if (std::find(chosen.begin(), chosen.end(), n) != chosen.end()) ordered.push_back(n);
        chosen = std::move(ordered);
    }
    return changed;
}

// One metric in a combo; "" for none.
void chooseMetric(const char* id, const std::vector<std::string>& names, std::string& chosen, float width) {
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo(id, chosen.empty() ? "choose" : chosen.c_str(), ImGuiComboFlags_HeightLarge)) {
        for (const std::string& n : names)
            if (ImGui::Selectable(n.c_str(), n == chosen)) chosen = n;
        ImGui::EndCombo();
    }
}

core::Value rectValue(ImVec4 r) {
    core::Value a = core::Value::makeArray();
    for (float v : {r.x, r.y, r.z, r.w}) a.push(core::Value::makeNumberLexeme(std::to_string(static_cast<int>(std::lround(v)))));
    return a;
}

// 17 significant digits read back as the same double: one snprintf, where the shortest such text (formatNumber)
// costs up to a dozen formatting and parsing rounds for a range that a pan moves every frame.
core::Value numberValue(double v) {
    if (!std::isfinite(v)) return core::Value();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return core::Value::makeNumberLexeme(buf);
}

core::Value rangeValue(double lo, double hi) {
    core::Value a = core::Value::makeArray();
    a.push(numberValue(lo));
    a.push(numberValue(hi));
    return a;
}

}  // namespace

void MonitorPanel::open(const PanelContext& ctx, const std::string& label) {
    ctx.selection.focused = label;
    ++ctx.selection.generation;
    m_opened = true;
}

std::string MonitorPanel::baseline(const PanelContext& ctx) const {
    if (!ctx.selection.versions.empty()) return ctx.selection.versions.front();
    for (const auto& [v, alias] : m_trend.aliases)
        if (alias == "production") return std::string(m_trend.labels[v]);
    return "";
}

void MonitorPanel::loadMetrics(const PanelContext& ctx) {
    const std::string& model = ctx.selection.model;
    if (model == m_model && m_metricsGeneration == ctx.dataGeneration) return;
    if (model != m_model) {
        m_chosen.clear();
        m_chosenByUser = false;
        m_scatterA.clear();
        m_scatterB.clear();
        m_boardMetric.clear();
        m_curveMetric.clear();
        m_xview = PlotXView();
        m_scatterX = PlotXView();
        m_curveX = PlotXView();
    }
    m_model = model;
    m_metricsGeneration = ctx.dataGeneration;
    m_metricNames = model.empty() ? std::vector<std::string>() : ctx.registry.metricNames(model);
    m_metricGoals.clear();
    for (const std::string& n : m_metricNames) m_metricGoals.push_back(ctx.registry.metricGoal(model, n));
    // Metrics that left the model are no longer charted.
    auto known = [&](const std::string& n) { return std::find(m_metricNames.begin(), m_metricNames.end(), n) != m_metricNames.end(); };
    m_chosen.erase(std::remove_if(m_chosen.begin(), m_chosen.end(), [&](const std::string& n) { return !known(n); }), m_chosen.end());
    if (!m_chosenByUser && m_chosen.empty()) {
        // At first: the metrics with a goal (up to three), else the first metric.
        for (size_t i = 0; i < m_metricNames.size() && m_chosen.size() < 3; ++i)
            if (m_metricGoals[i] != core::Goal::None) m_chosen.push_back(m_metricNames[i]);
        if (m_chosen.empty() && !m_metricNames.empty()) m_chosen.push_back(m_metricNames[0]);
    }
    std::vector<std::string> goalMetrics;
    for (size_t i = 0; i < m_metricNames.size(); ++i)
        if (m_metricGoals[i] != core::Goal::None) goalMetrics.push_back(m_metricNames[i]);
    // The scatter starts with a trade-off where there is one: the first metric to raise against the first to lower.
    auto firstWith = [&](core::Goal g) {
        for (size_t i = 0; i < m_metricNames.size(); ++i)
            if (m_metricGoals[i] == g) return m_metricNames[i];
        return std::string();
    };
    if (!known(m_scatterA) || !known(m_scatterB)) {
        m_scatterA = firstWith(core::Goal::Max);
        m_scatterB = firstWith(core::Goal::Min);
        if (m_scatterA.empty() || m_scatterB.empty()) {
            m_scatterA = goalMetrics.size() > 0 ? goalMetrics[0] : m_metricNames.empty() ? "" : m_metricNames[0];
            m_scatterB = goalMetrics.size() > 1 ? goalMetrics[1] : m_metricNames.size() > 1 ? m_metricNames[1] : m_scatterA;
        }
    }
    if (!known(m_boardMetric)) m_boardMetric = goalMetrics.empty() ? "" : goalMetrics[0];
}

void MonitorPanel::loadTrend(const PanelContext& ctx) {
    // Every metric any tab needs, in one load: the chosen ones and the scatter's two.
    std::vector<std::string> metrics = m_chosen;
    for (const std::string* m : {&m_scatterA, &m_scatterB})
        if (!m->empty() && std::find(metrics.begin(), metrics.end(), *m) == metrics.end()) metrics.push_back(*m);
    std::string key = m_model + '\n' + (m_x == ops::TrendX::Time ? "t" : "o");
    for (const std::string& m : metrics) key += '\n' + m;
    if (key == m_trendKey && m_trendGeneration == ctx.dataGeneration) return;
    m_trendKey = key;
    m_trendGeneration = ctx.dataGeneration;
    m_trend = ops::Trend();
    m_bestCorners.clear();
    m_trendError.clear();
    if (m_model.empty()) return;
    m_trendError = ops::loadTrend(ctx.registry, m_model, metrics, m_x, m_trend);
    // The running best is a staircase: drawn from its corners (the same line, core::withoutFlatRuns), it costs a
    // chart a few hundred points where the values cost 100,000.
    for (const ops::TrendMetric& m : m_trend.metrics)
        m_bestCorners.push_back(m.best.size() == m_trend.size() ? core::withoutFlatRuns(m_trend.x.data(), m.best.data(), m.best.size())
                                                                : core::Series());
    m_production = ctx.registry.aliasHistory(m_model, "production");
    m_scatterKey.clear();
    for (auto& p : m_plots) p->invalidate();
}

void MonitorPanel::draw(const PanelContext& ctx, MonitorTab tab) {
    m_tab = tab;
    m_published = core::Value::makeObject();
    m_hover = Hover();
    loadMetrics(ctx);
    if (m_model.empty()) {
        ImGui::TextDisabled("Pick a model to see how its metrics move.");
        return;
    }
    if (m_metricNames.empty() && tab != MonitorTab::Leaderboard) {
        ImGui::TextDisabled("The versions of %s have no metrics to chart.", m_model.c_str());
        return;
    }
    switch (tab) {
    case MonitorTab::Trends: drawTrends(ctx); break;
    case MonitorTab::Scatter: drawScatter(ctx); break;
    case MonitorTab::Curves: drawCurves(ctx); break;
    case MonitorTab::Leaderboard: drawLeaderboard(ctx); break;
    }
}

void MonitorPanel::tooltip(const PanelContext& ctx, size_t v, size_t metric) {
    const ops::TrendMetric& m = m_trend.metrics[metric];
    std::string label(m_trend.labels[v]);
    std::string base = baseline(ctx);
    m_hover.version = label;
    m_hover.metric = m.name;
    m_hover.value = core::formatNumber(m.values[v]);
    ImGui::BeginTooltip();
    ImGui::Text("%s@%s", m_model.c_str(), label.c_str());
    std::vector<std::string> aliases = m_trend.aliasesOf(static_cast<uint32_t>(v));
    for (const std::string& a : aliases) {
        ImGui::SameLine();
        ImGui::TextColored(ui::tone(ui::Tone::Accent), "%s", a.c_str());
    }
    ImGui::Text("%s = %s", m.name.c_str(), m_hover.value.c_str());
    if (!base.empty() && base != label) {
        // Where the baseline is, looked up once per trend and baseline (not every frame while hovering).
        if (base != m_baseLabel || m_baseKey != m_trendKey || m_baseGeneration != m_trendGeneration) {
            m_baseLabel = base;
            m_baseKey = m_trendKey;
            m_baseGeneration = m_trendGeneration;
            m_baseIndex = SIZE_MAX;
            for (size_t i = 0; i < m_trend.size(); ++i)
                if (m_trend.labels[i] == base) {
                    m_baseIndex = i;
                    break;
                }
        }
        if (m_baseIndex != SIZE_MAX) {
            m_hover.delta = deltaText(m.values[v], m.values[m_baseIndex], m.goal);
            if (!m_hover.delta.empty()) ImGui::TextDisabled("vs %s: %s", base.c_str(), m_hover.delta.c_str());
        }
    }
    if (!m_trend.createdOn[v].empty()) ImGui::TextDisabled("created %.*s", static_cast<int>(m_trend.createdOn[v].size()), m_trend.createdOn[v].data());
    ImGui::TextDisabled("click to open");
    ImGui::EndTooltip();
}

void MonitorPanel::publishPlot(const char* name, const Plot& p, const PlotLine& line,
                               const std::function<std::string(size_t)>& labelOf) {
    core::Value c = core::Value::makeObject();
    c.set("name", core::Value::makeString(name));
    c.set("rect", rectValue(p.plotRect()));
    c.set("y", rangeValue(p.yLo(), p.yHi()));
    c.set("kept", core::Value::makeInteger(static_cast<int64_t>(p.keptPoints())));
    c.set("visible", core::Value::makeInteger(static_cast<int64_t>(p.visiblePoints())));
    c.set("log", core::Value::makeBool(p.logY && !p.logRefused()));
    // A few points on screen (the last ones drawn), so that a test can aim the mouse at one.
    core::Value pts = core::Value::makeArray();
    // From the last point in view back (not from the end of the line: zoomed in, that walks every point each frame).
    const size_t last = static_cast<size_t>(std::upper_bound(line.x, line.x + line.n, p.xHi()) - line.x);
    for (size_t i = last; i-- > 0 && pts.items.size() < 8;) {
        ImVec2 at = p.pointPixel(line, i);
        if (!std::isfinite(at.x) || !std::isfinite(at.y)) continue;
        core::Value o = core::Value::makeObject();
        o.set("label", core::Value::makeString(labelOf(i)));
        o.set("x", core::Value::makeInteger(std::lround(at.x)));
        o.set("y", core::Value::makeInteger(std::lround(at.y)));
        pts.push(std::move(o));
    }
    c.set("points", std::move(pts));
    if (!m_published.find("plots")) m_published.set("plots", core::Value::makeArray());
    m_published.find("plots")->push(std::move(c));
}

void MonitorPanel::drawTrends(const PanelContext& ctx) {
    if (chooseMetrics("##trend-metrics", "trends.metrics", m_metricNames, m_metricGoals, m_chosen)) m_chosenByUser = true;
    ImGui::SameLine();
    int x = m_x == ops::TrendX::Time ? 1 : 0;
    if (ImGui::RadioButton("by version", &x, 0)) m_xview = PlotXView();
    ImGui::SameLine();
    if (ImGui::RadioButton("by time", &x, 1)) m_xview = PlotXView();
    m_x = x ? ops::TrendX::Time : ops::TrendX::Order;
    ImGui::SameLine();
    ImGui::Checkbox("best so far", &m_best);
    ImGui::SameLine();
    ImGui::Checkbox("log", &m_log);
    publishItem("trends.log");
    ui::sameLineIfRoom(ui::smallButtonWidth("Reset zoom"));
    if (ImGui::SmallButton("Reset zoom")) {
        m_xview = PlotXView();
        for (auto& p : m_plots) p->resetY();
    }
    publishItem("trends.reset");
    loadTrend(ctx);
    if (!m_trendError.empty()) {
        ImGui::TextColored(ui::tone(ui::Tone::Bad), "%s", m_trendError.c_str());
        return;
    }
    if (m_chosen.empty()) {
        ImGui::TextDisabled("Choose the metrics to chart.");
        return;
    }
    if (m_trend.size() == 0) {
        ImGui::TextDisabled(m_x == ops::TrendX::Time ? "No version of %s has a creation time." : "%s has no versions.", m_model.c_str());
        return;
    }
    if (m_trend.undated) {
        ImGui::TextDisabled("%zu version%s without a creation time left out.", m_trend.undated, m_trend.undated == 1 ? "" : "s");
    }
    // Small multiples: one chart per metric, one above the other, sharing x.
    std::vector<const ops::TrendMetric*> shown;
    for (const std::string& name : m_chosen)
        for (const ops::TrendMetric& m : m_trend.metrics)
            if (m.name == name) shown.push_back(&m);
    while (m_plots.size() < shown.size()) m_plots.push_back(std::make_unique<Plot>());
    const float avail = ImGui::GetContentRegionAvail().y;
    const float each = std::max(ImGui::GetFontSize() * 6.5f, (avail - ImGui::GetStyle().ItemSpacing.y * (shown.size() - 1)) / shown.size());
    const PlotX kind = m_x == ops::TrendX::Time ? PlotX::Time : PlotX::Integer;
    const double lo = m_trend.x.front(), hi = m_trend.x.back();
    // Alias holders, production drawn strongest.
    std::vector<PlotMark> marks;
    for (const auto& [v, alias] : m_trend.aliases) {
        bool prod = alias == "production";
        marks.push_back({m_trend.x[v], alias + "@" + std::string(m_trend.labels[v]),
                         ImGui::ColorConvertFloat4ToU32(ui::tone(prod ? ui::Tone::Good : ui::Tone::Accent)), prod});
    }
    // By time, production over time: where it moved (from the alias history), so one sees who held it when.
    if (m_x == ops::TrendX::Time)
        for (const storage::AliasMove& mv : m_production) {
            double at = core::secondsSinceEpoch(mv.at);
            if (!std::isfinite(at)) continue;
            marks.push_back({at, "production \xE2\x86\x92 " + (mv.to.empty() ? std::string("(removed)") : mv.to),
                             ImGui::ColorConvertFloat4ToU32(ui::tone(ui::Tone::Good)), false});
        }
    std::stable_sort(marks.begin(), marks.end(), [](const PlotMark& a, const PlotMark& b) { return a.strong > b.strong; });
    auto label = [&](double v) {
        long i = std::lround(v) - 1;
        return i >= 0 && static_cast<size_t>(i) < m_trend.size() ? std::string(m_trend.labels[static_cast<size_t>(i)]) : std::string();
    };
    core::Value plots = core::Value::makeArray();
    for (size_t k = 0; k < shown.size(); ++k) {
        const ops::TrendMetric& m = *shown[k];
        Plot& p = *m_plots[k];
        p.logY = m_log;
        std::vector<PlotLine> lines;
        PlotLine values;
        values.name = m.name;
        values.x = m_trend.x.data();
        values.y = m.values.data();
        values.n = m_trend.size();
        values.colour = ui::seriesColour(k);
        values.width = 1.75f;
        values.markers = true;
        lines.push_back(values);
        if (m_best && !m.best.empty()) {
            PlotLine best;
            best.name = "best so far";
            const core::Series& corners = m_bestCorners[static_cast<size_t>(&m - m_trend.metrics.data())];
            best.x = corners.x.data();
            best.y = corners.y.data();
            best.n = corners.size();
            best.colour = ui::seriesColour(k, 0.45f);
            best.width = 1.25f;
            best.hoverable = false;
            lines.push_back(best);
        }
        std::string title = m.name + "  (" + goalWord(m.goal) + (m.present < m_trend.size() ? ", " + std::to_string(m.present) + " of " + std::to_string(m_trend.size()) + " versions have it" : "") + ")";
        Plot::Result r = p.draw(("##trend:" + m.name).c_str(), title.c_str(), ImVec2(ImGui::GetContentRegionAvail().x, each), kind,
                                m_xview, lo, hi, lines, marks, label);
        publishItem(("trend:" + m.name).c_str());
        publishPlot(m.name.c_str(), p, values, [&](size_t i) { return std::string(m_trend.labels[i]); });
        size_t metricIndex = static_cast<size_t>(&m - m_trend.metrics.data());
        if (r.hover) tooltip(ctx, r.hover.index, metricIndex);
        if (r.clicked) open(ctx, std::string(m_trend.labels[r.clicked.index]));
        if (p.logRefused()) ImGui::TextDisabled("%s has no positive values: drawn linear.", m.name.c_str());
    }
    m_published.set("x", rangeValue(m_xview.lo, m_xview.hi));
    m_published.set("zoomed", core::Value::makeBool(m_xview.user));
}

void MonitorPanel::drawScatter(const PanelContext& ctx) {
    const float w = ImGui::GetFontSize() * 11;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("x");
    ImGui::SameLine();
    chooseMetric("##scatter-a", m_metricNames, m_scatterA, w);
    publishItem("scatter.x");
    ImGui::SameLine();
    ImGui::TextUnformatted("y");
    ImGui::SameLine();
    chooseMetric("##scatter-b", m_metricNames, m_scatterB, w);
    publishItem("scatter.y");
    ui::sameLineIfRoom(ui::smallButtonWidth("Reset zoom"));
    if (ImGui::SmallButton("Reset zoom")) {
        m_scatterX = PlotXView();
        m_scatterPlot.resetY();
    }
    loadTrend(ctx);
    if (!m_trendError.empty()) {
        ImGui::TextColored(ui::tone(ui::Tone::Bad), "%s", m_trendError.c_str());
        return;
    }
    const ops::TrendMetric *a = nullptr, *b = nullptr;
    for (const ops::TrendMetric& m : m_trend.metrics) {
        if (m.name == m_scatterA) a = &m;
        if (m.name == m_scatterB) b = &m;
    }
    if (!a || !b) return;
    std::string key = m_trendKey + '\n' + std::to_string(m_trendGeneration) + '\n' + a->name + '\n' + b->name;
    if (key != m_scatterKey) {
        m_scatterKey = key;
        m_scatterPlot.invalidate();
        // Points grouped by the alias they hold (production first), the rest as "versions"; each group sorted by x.
        std::vector<uint32_t> order;
        for (uint32_t i = 0; i < m_trend.size(); ++i)
            if (std::isfinite(a->values[i]) && std::isfinite(b->values[i])) order.push_back(i);
        std::stable_sort(order.begin(), order.end(), [&](uint32_t i, uint32_t j) { return a->values[i] < a->values[j]; });
        m_groupName = {"versions"};
        std::vector<int> groupOf(m_trend.size(), 0);
        for (const auto& [v, alias] : m_trend.aliases) {
            auto it = std::find(m_groupName.begin(), m_groupName.end(), alias);
            int g = static_cast<int>(it - m_groupName.begin());
            if (it == m_groupName.end()) m_groupName.push_back(alias);
            if (groupOf[v] == 0 || alias == "production") groupOf[v] = g;
        }
        m_groupX.assign(m_groupName.size(), {});
        m_groupY.assign(m_groupName.size(), {});
        m_groupVersion.assign(m_groupName.size(), {});
        for (uint32_t i : order) {
            int g = groupOf[i];
            m_groupX[g].push_back(a->values[i]);
            m_groupY[g].push_back(b->values[i]);
            m_groupVersion[g].push_back(i);
        }
        m_frontX.clear();
        m_frontY.clear();
        std::vector<uint32_t> front = core::paretoFront(a->values.data(), a->goal, b->values.data(), b->goal, m_trend.size());
        std::stable_sort(front.begin(), front.end(), [&](uint32_t i, uint32_t j) { return a->values[i] < a->values[j]; });
        for (uint32_t i : front) {
            m_frontX.push_back(a->values[i]);
            m_frontY.push_back(b->values[i]);
        }
    }
    if (a->goal == core::Goal::None || b->goal == core::Goal::None)
        ImGui::TextDisabled("The Pareto front needs a goal for both metrics.");
    else
        ImGui::TextDisabled("Pareto front (ringed): %zu version%s no other beats on both %s and %s.", m_frontX.size(),
                            m_frontX.size() == 1 ? "" : "s", a->name.c_str(), b->name.c_str());
    std::vector<PlotLine> lines;
    if (!m_frontX.empty()) {
        PlotLine f;
        f.name = "Pareto front";
        f.x = m_frontX.data();
        f.y = m_frontY.data();
        f.n = m_frontX.size();
        f.colour = ImGui::ColorConvertFloat4ToU32(ui::tone(ui::Tone::Good));
        f.width = 1.5f;
        f.hoverable = false;
        f.markers = true;
        f.radius = 6.0f;
        f.ring = 1.5f;
        lines.push_back(f);
    }
    const size_t firstGroup = lines.size();
    double lo = INFINITY, hi = -INFINITY;
    for (size_t g = 0; g < m_groupName.size(); ++g) {
        PlotLine l;
        l.name = m_groupName[g];
        l.x = m_groupX[g].data();
        l.y = m_groupY[g].data();
        l.n = m_groupX[g].size();
        l.colour = g == 0 ? ui::seriesColour(6, 0.7f)
                          : m_groupName[g] == "production" ? ImGui::ColorConvertFloat4ToU32(ui::tone(ui::Tone::Good)) : ui::seriesColour(g - 1);
        l.width = 0;
        l.markers = true;
        l.scatter = true;
        lines.push_back(l);
        if (l.n) {
            lo = std::min(lo, l.x[0]);
            hi = std::max(hi, l.x[l.n - 1]);
        }
    }
    // The legend: one colour per group.
    for (size_t g = 0, shown = 0; g < m_groupName.size(); ++g) {
        if (m_groupX[g].empty()) continue;  // an alias on a version shown in another group (production's)
        if (shown++) ImGui::SameLine();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(lines[firstGroup + g].colour), "\xE2\x97\x8F %s (%zu)", m_groupName[g].c_str(),
                           m_groupX[g].size());
    }
    std::string title = b->name + " against " + a->name;
    Plot::Result r = m_scatterPlot.draw("##scatter", title.c_str(), ImGui::GetContentRegionAvail(), PlotX::Number, m_scatterX, lo, hi,
                                        lines, {});
    publishItem("scatter.plot");
    if (lines.size() > firstGroup)
        publishPlot("scatter", m_scatterPlot, lines[firstGroup], [&](size_t i) { return std::string(m_trend.labels[m_groupVersion[0][i]]); });
    if (r.hover && static_cast<size_t>(r.hover.line) >= firstGroup) {
        uint32_t v = m_groupVersion[static_cast<size_t>(r.hover.line) - firstGroup][r.hover.index];
        tooltip(ctx, v, static_cast<size_t>(b - m_trend.metrics.data()));
        if (r.clicked) open(ctx, std::string(m_trend.labels[v]));
    }
    m_published.set("x", rangeValue(m_scatterX.lo, m_scatterX.hi));
    m_published.set("zoomed", core::Value::makeBool(m_scatterX.user));
    m_published.set("front", core::Value::makeInteger(static_cast<int64_t>(m_frontX.size())));
}

void MonitorPanel::drawCurves(const PanelContext& ctx) {
    // The ticked versions, else the one open in the version panel.
    std::vector<std::string> versions = ctx.selection.versions;
    if (versions.empty() && !ctx.selection.focused.empty()) versions.push_back(ctx.selection.focused);
    std::string key = m_model + '\n' + std::to_string(ctx.dataGeneration) + '\n' + (m_curveByTime ? "t" : "s");
    for (const std::string& v : versions) key += '\n' + v;
    if (key != m_curveKey) {
        m_curveKey = key;
        m_curveQueue = versions;
        m_curveNext = 0;
        m_curveMetrics.clear();
        m_curves.clear();
        m_curveVersions.clear();
        m_smoothed.clear();
        m_smoothedWith = m_smoothing;
        m_curvePlot.invalidate();
    }
    // Read the histories of these versions only, from their stored text (core::readStoredStepHistories: a version
    // is not loaded), a few a frame so that 10 versions of 100,000 steps do not hold one frame for their whole
    // read. The metric shown stays the one chosen while some version has it; else it becomes the first (by name)
    // of the first version that has histories (the versions before it had none), so no version is read twice.
    const double until = platform::nowMs() + kCurveBudgetMs;
    while (m_curveNext < m_curveQueue.size()) {
        core::StepHistories h;
        std::string label;
        if (ctx.registry.stepHistories(m_model, m_curveQueue[m_curveNext++], m_curveMetric, m_curveByTime, h, &label)) {
            for (const std::string& n : h.names)
                if (std::find(m_curveMetrics.begin(), m_curveMetrics.end(), n) == m_curveMetrics.end()) m_curveMetrics.push_back(n);
            std::sort(m_curveMetrics.begin(), m_curveMetrics.end());
            if (!h.names.empty() && std::find(m_curveMetrics.begin(), m_curveMetrics.end(), m_curveMetric) == m_curveMetrics.end())
                m_curveMetric = h.metric;
            m_curves.push_back(h.metric == m_curveMetric ? std::move(h.series) : core::Series());
            m_curveVersions.push_back(std::move(label));
            if (m_smoothedWith == m_smoothing && m_smoothed.size() + 1 == m_curves.size())  // in this frame's budget
                m_smoothed.push_back(core::ema(m_curves.back().y.data(), m_curves.back().size(), m_smoothing));
        }
        if (platform::nowMs() >= until) break;
    }
    const bool reading = m_curveNext < m_curveQueue.size();
    m_published.set("reading", core::Value::makeBool(reading));
    if (reading) {
        // The chart waits for the last: drawn with some of the lines, its x range and every line's reduction
        // would change with each frame's versions (measured: twice the CPU of waiting, for the same end).
        ImGui::TextDisabled("Reading the training histories: %zu of %zu versions...", m_curveNext, m_curveQueue.size());
        return;
    }
    if (versions.empty()) {
        ImGui::TextDisabled("Tick versions (or open one) to see their training curves.");
        return;
    }
    if (m_curveMetrics.empty()) {
        ImGui::TextDisabled("The versions shown have no step histories (metrics with \"steps\").");
        return;
    }
    std::string before = m_curveMetric;
    chooseMetric("##curve-metric", m_curveMetrics, m_curveMetric, ImGui::GetFontSize() * 11);
    publishItem("curves.metric");
    if (m_curveMetric != before) m_curveKey.clear();
    ImGui::SameLine();
    int x = m_curveByTime ? 1 : 0;
    ImGui::RadioButton("by step", &x, 0);
    ImGui::SameLine();
    ImGui::RadioButton("by time", &x, 1);
    if ((x == 1) != m_curveByTime) {
        m_curveByTime = x == 1;
        m_curveKey.clear();
        m_curveX = PlotXView();
    }
    ui::sameLineIfRoom(ImGui::GetFontSize() * 8 + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize("smoothing").x);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::SliderFloat("smoothing", &m_smoothing, 0.0f, 0.99f, "%.2f");
    publishItem("curves.smoothing");
    ui::sameLineIfRoom(ui::smallButtonWidth("Reset zoom"));
    if (ImGui::SmallButton("Reset zoom")) {
        m_curveX = PlotXView();
        m_curvePlot.resetY();
    }
    publishItem("curves.reset");
    if (m_smoothedWith != m_smoothing) {
        m_smoothed.clear();
        m_smoothedWith = m_smoothing;
        m_curvePlot.invalidate();
    }
    while (m_smoothed.size() < m_curves.size()) {  // the lines read since (all of them after a change)
        const core::Series& s = m_curves[m_smoothed.size()];
        m_smoothed.push_back(core::ema(s.y.data(), s.size(), m_smoothing));
    }
    std::vector<PlotLine> lines;
    double lo = INFINITY, hi = -INFINITY;
    size_t points = 0;
    for (size_t i = 0; i < m_curves.size(); ++i) {
        const core::Series& s = m_curves[i];
        if (!s.size()) continue;
        lo = std::min(lo, s.x.front());
        hi = std::max(hi, s.x.back());
        points += s.size();
        PlotLine raw;
        raw.name = m_curveVersions[i] + " (raw)";
        raw.x = s.x.data();
        raw.y = s.y.data();
        raw.n = s.size();
        raw.colour = ui::seriesColour(i, m_smoothing > 0 ? 0.22f : 1.0f);
        raw.width = 1.0f;
        raw.hoverable = m_smoothing == 0;
        lines.push_back(raw);
        if (m_smoothing > 0) {
            PlotLine sm = raw;
            sm.name = m_curveVersions[i];
            sm.y = m_smoothed[i].data();
            sm.colour = ui::seriesColour(i);
            sm.width = 1.75f;
            sm.hoverable = true;
            lines.push_back(sm);
        }
    }
    for (size_t i = 0; i < m_curveVersions.size(); ++i) {  // the legend, in as many lines as the pane needs
        const std::string entry = "\xE2\x94\x81 " + m_curveVersions[i];
        if (i) ui::sameLineIfRoom(ImGui::CalcTextSize(entry.c_str()).x);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ui::seriesColour(i)), "%s", entry.c_str());
    }
    std::string title = m_curveMetric + " during training, " + std::to_string(points) + " steps";
    Plot::Result r = m_curvePlot.draw("##curves", title.c_str(), ImGui::GetContentRegionAvail(),
                                      m_curveByTime ? PlotX::Time : PlotX::Integer, m_curveX, lo, hi, lines, {});
    publishItem("curves.plot");
    if (!lines.empty()) {
        publishPlot("curves", m_curvePlot, lines.back(), [&](size_t i) { return core::formatNumber(lines.back().x[i]); });
    }
    if (r.hover) {
        const PlotLine& l = lines[static_cast<size_t>(r.hover.line)];
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(l.name.c_str());
        ImGui::Text("%s %s: %s", m_curveByTime ? "at" : "step", core::formatNumber(l.x[r.hover.index]).c_str(),
                    core::formatNumber(l.y[r.hover.index]).c_str());
        ImGui::EndTooltip();
        m_hover.version = l.name;
        m_hover.metric = m_curveMetric;
        m_hover.value = core::formatNumber(l.y[r.hover.index]);
    }
    m_published.set("x", rangeValue(m_curveX.lo, m_curveX.hi));
    m_published.set("zoomed", core::Value::makeBool(m_curveX.user));
    m_published.set("points", core::Value::makeInteger(static_cast<int64_t>(points)));
}

void MonitorPanel::drawLeaderboard(const PanelContext& ctx) {
    std::vector<std::string> goalMetrics;
    for (size_t i = 0; i < m_metricNames.size(); ++i)
        if (m_metricGoals[i] != core::Goal::None) goalMetrics.push_back(m_metricNames[i]);
    if (goalMetrics.empty()) {
        ImGui::TextDisabled("No metric of %s has a goal (\"max\" or \"min\") to rank by.", m_model.c_str());
        return;
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("rank by");
    ImGui::SameLine();
    chooseMetric("##board-metric", goalMetrics, m_boardMetric, ImGui::GetFontSize() * 11);
    publishItem("board.metric");
    ImGui::SameLine();
    ImGui::TextUnformatted("top");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    ImGui::InputInt("##board-top", &m_top, 5, 50);
    m_top = std::clamp(m_top, 1, 1000);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##board-where", "where, e.g. metrics.latency_p99_ms <= 20", m_where, sizeof m_where);
    publishItem("board.where");
    std::string key = m_model + '\n' + std::to_string(ctx.dataGeneration) + '\n' + m_boardMetric + '\n' + m_where + '\n' +
                      std::to_string(m_top);
    if (key != m_boardKey) {
        m_boardKey = key;
        m_boardError.clear();
        core::Filter filter;
        std::string err;
        if (m_where[0] && !core::parseFilter(m_where, filter, err)) m_boardError = err;
        else m_boardError = ops::rankVersions(ctx.registry, m_model, m_boardMetric, core::Goal::None, filter, static_cast<size_t>(m_top), m_board);
        if (!m_boardError.empty()) m_board = ops::Leaderboard();
    }
    if (!m_boardError.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ui::tone(ui::Tone::Bad), "%s", m_boardError.c_str());
        ImGui::PopTextWrapPos();
        publishItem("board.error");
        m_published.set("error", core::Value::makeString(m_boardError));
        return;
    }
    ImGui::TextDisabled("top %zu of %zu by %s (%s)%s", m_board.top.size(), m_board.matched, m_boardMetric.c_str(),
                        goalWord(m_board.goal).c_str(),
                        m_board.missing ? (", " + std::to_string(m_board.missing) + " without it left out").c_str() : "");
    if (!ImGui::BeginTable("board", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#");
    ImGui::TableSetupColumn("Version");
    ImGui::TableSetupColumn(m_boardMetric.c_str());
    ImGui::TableSetupColumn("Aliases");
    ImGui::TableSetupColumn("Created", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    core::Value rows = core::Value::makeArray();
    for (size_t i = 0; i < m_board.top.size(); ++i) {
        const ops::RankedVersion& r = m_board.top[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%zu", i + 1);
        ImGui::TableNextColumn();
        if (ImGui::Selectable(r.version.label.c_str(), ctx.selection.focused == r.version.label, ImGuiSelectableFlags_SpanAllColumns))
            open(ctx, r.version.label);
        publishItem(("board.row:" + r.version.label).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(core::formatNumber(r.value).c_str());
        ImGui::TableNextColumn();
        std::string al;
        for (const std::string& a : r.version.aliases) al += (al.empty() ? "" : ", ") + a;
        if (!al.empty()) ImGui::TextColored(ui::tone(ui::Tone::Accent), "%s", al.c_str());
        ImGui::TableNextColumn();
        ui::fittedText(r.version.createdOn);
        rows.push(core::Value::makeString(r.version.label));
    }
    ImGui::EndTable();
    m_published.set("rows", std::move(rows));
}

core::Value MonitorPanel::state() const {
    core::Value s = m_published.kind == core::Kind::Object ? m_published : core::Value::makeObject();
    static const char* const kTabs[] = {"trends", "scatter", "curves", "leaderboard"};
    s.set("tab", core::Value::makeString(kTabs[static_cast<int>(m_tab)]));
    if (!m_hover.version.empty()) {
        core::Value h = core::Value::makeObject();
        h.set("version", core::Value::makeString(m_hover.version));
        h.set("metric", core::Value::makeString(m_hover.metric));
        h.set("value", core::Value::makeString(m_hover.value));
        h.set("delta", core::Value::makeString(m_hover.delta));
        s.set("hover", std::move(h));
    }
    core::Value gpu = core::Value::makeObject();
    gpu.set("segments", core::Value::makeInteger(static_cast<int64_t>(ChartGpu::get().segments())));
    gpu.set("markers", core::Value::makeInteger(static_cast<int64_t>(ChartGpu::get().markerCount())));
    gpu.set("drawCalls", core::Value::makeInteger(static_cast<int64_t>(ChartGpu::get().drawCalls())));
    gpu.set("segmentTexelsUploaded", core::Value::makeInteger(static_cast<int64_t>(ChartGpu::get().segmentTexelsUploaded())));
    s.set("gpu", std::move(gpu));
    return s;
}

}  // namespace mvr::app
