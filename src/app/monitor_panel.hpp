// Monitoring, beside the comparison (tabs in its pane): how the selected model's metrics move across its versions
// (trends, small multiples with a shared x, best so far, alias holders marked), one metric against another with
// the Pareto front (scatter), the training curves of the ticked versions (steps, EMA smoothing), and the
// leaderboard by a metric under a filter. Charts are app/plot on the GPU; the data comes from ops/trend (one
// indexed query per metric) and, for curves, from the ticked versions' documents only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/plot.hpp"
#include "core/json_value.hpp"
#include "core/series.hpp"
#include "ops/trend.hpp"

namespace mvr::app {

struct PanelContext;

enum class MonitorTab { Trends, Scatter, Curves, Leaderboard };

class MonitorPanel {
public:
    void draw(const PanelContext& ctx, MonitorTab tab);
    // True once after a click opened a version (the App shows the version panel).
    bool takeOpened() { return std::exchange(m_opened, false); }
    // What the charts show, for the published state (tests): the tab, the x range, each chart's rectangle,
    // y range and a few of its points on screen, what is hovered.
    core::Value state() const;

private:
    struct Hover {
        std::string version, metric, value, delta;
    };
    void drawTrends(const PanelContext& ctx);
    void drawScatter(const PanelContext& ctx);
    void drawCurves(const PanelContext& ctx);
    void drawLeaderboard(const PanelContext& ctx);
    // The model's metrics (names, goals), read when the model or the data changes.
    void loadMetrics(const PanelContext& ctx);
    void loadTrend(const PanelContext& ctx);
    void open(const PanelContext& ctx, const std::string& label);
    // The version deltas are taken against: the comparison's baseline, else the holder of production.
    std::string baseline(const PanelContext& ctx) const;
    void tooltip(const PanelContext& ctx, size_t version, size_t metric);
    void publishPlot(const char* name, const Plot& p, const PlotLine& line, const std::function<std::string(size_t)>& labelOf);
    void publishPlot(const char* name, const Plot& p, const PlotLine& line, const core::TextColumn& labels);

    MonitorTab m_tab = MonitorTab::Trends;
    bool m_opened = false;
    std::string m_model;
    uint64_t m_metricsGeneration = ~0ull;
    std::vector<std::string> m_metricNames;
    std::vector<core::Goal> m_metricGoals;

    // Trends.
    std::vector<std::string> m_chosen;  // metrics charted
    bool m_chosenByUser = false;
    ops::TrendX m_x = ops::TrendX::Order;
    bool m_best = true, m_log = false;
    ops::Trend m_trend;
    std::vector<core::Series> m_bestCorners;  // per metric of m_trend, its best so far without the inside of flat runs
    std::vector<storage::AliasMove> m_production;
    std::string m_baseLabel, m_baseKey;  // the baseline's place in the trend, found once
    uint64_t m_baseGeneration = ~0ull;
    size_t m_baseIndex = SIZE_MAX;  // the history of the model's production alias
    std::string m_trendError;
    uint64_t m_trendGeneration = ~0ull;
    std::string m_trendKey;
    PlotXView m_xview;
    std::vector<std::unique_ptr<Plot>> m_plots;

    // Scatter.
    std::string m_scatterA, m_scatterB;
    Plot m_scatterPlot;
    PlotXView m_scatterX;
    std::vector<std::vector<double>> m_groupX, m_groupY;  // points by alias group
    std::vector<std::vector<uint32_t>> m_groupVersion;
    std::vector<std::string> m_groupName;
    std::vector<double> m_frontX, m_frontY;
    std::string m_scatterKey;

    // Curves.
    std::string m_curveMetric;
    bool m_curveByTime = false;
    float m_smoothing = 0.6f;
    std::string m_curveKey;
    // The versions whose histories are read, a few each frame (a frame spends at most kCurveBudgetMs on them),
    // and how many of them have been.
    std::vector<std::string> m_curveQueue;
    size_t m_curveNext = 0;
    std::vector<std::string> m_curveVersions;  // the labels of those read, m_curves' order
    std::vector<core::Series> m_curves;
    std::vector<std::vector<double>> m_smoothed;
    float m_smoothedWith = -1;
    std::vector<std::string> m_curveMetrics;  // metrics with steps in the ticked versions
    Plot m_curvePlot;
    PlotXView m_curveX;

    // Leaderboard.
    std::string m_boardMetric;
    char m_where[256] = "";
    int m_top = 10;
    std::string m_boardKey, m_boardError;
    ops::Leaderboard m_board;

    // Published.
    core::Value m_published;
    Hover m_hover;
};

}  // namespace mvr::app
