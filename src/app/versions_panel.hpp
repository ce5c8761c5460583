// Versions of the selected model: a clipped table that stays smooth with 100,000 rows, sortable by any
// column including any metric, filtered by text or conditions (metrics.auc > 0.9, tags.team = nlp,
// alias = production), with multi-select for comparing.
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "app/workspace.hpp"
#include "core/manifest.hpp"
#include "storage/registry.hpp"

namespace mvr::app {

struct PanelContext;

class VersionsPanel {
public:
    void draw(const PanelContext& ctx);
    std::string filter() const { return m_filter; }
    void setFilter(const std::string& f);
    const std::string& filterError() const { return m_filterError; }
    // Ctrl+F or /: the filter takes the keyboard on the next frame.
    void focusFilter() { m_focusFilter = true; }
    // Enter was pressed on a version: true once (the app shows the version panel).
    bool takeOpened() { return std::exchange(m_opened, false); }

private:
    void reload(const PanelContext& ctx);
    void reloadAliases(const PanelContext& ctx);
    void sortRows();
    // Column widths from the content (a sample of the rows), so that nothing is cut when first shown.
    void computeWidths();
    // The header row, counting headers narrower than their text (app/text_fit.hpp).
    void headersRow();
    // Up/Down/Home/End/PageUp/PageDown move the focused version (the version panel follows), Space ticks
    // it, Enter opens it; not while a text field has the keyboard.
    void keyboard(const PanelContext& ctx);
    void focusRow(Selection& sel, int displayRow);

    char m_filter[256] = "";
    std::string m_appliedFilter;
    std::string m_filterError;
    std::string m_model;
    uint64_t m_loadedGeneration = 0;
    std::vector<storage::VersionSummary> m_rows;
    std::vector<size_t> m_order;  // display order: indices into m_rows
    std::unordered_map<int64_t, size_t> m_rowOfId;  // version id -> index in m_rows
    struct MetricColumn {
        std::string name;
        core::Goal goal = core::Goal::None;
        std::vector<double> values;  // per row of m_rows; NaN when the version lacks it
    };
    std::vector<std::string> m_allMetrics;
    std::vector<MetricColumn> m_metricColumns;
    struct Widths {
        float version = 80, aliases = 90, parent = 56, created = 150, author = 130, description = 320;
        std::vector<float> metrics;
    } m_widths;
    int m_cursor = -1;             // display row of the focused version
    bool m_scrollToCursor = false;
    bool m_focusFilter = false;
    bool m_opened = false;
    int m_sortColumn = 1;  // default: version (arrival order)
    bool m_sortDescending = true;
    bool m_needSort = true;
};

}  // namespace mvr::app
