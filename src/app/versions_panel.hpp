// Versions of the selected model: a clipped table that stays smooth with 100,000 rows, sortable by any
// column including any metric, filtered by text or conditions (metrics.auc > 0.9, tags.team = nlp,
// alias = production), with multi-select for comparing.
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
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
    void sortRows(const PanelContext& ctx);
    // The rows and metric values of display rows [from, to) that are not read yet, with the rest of their page:
    // the pane reads what is on screen (a page of rows by seq, each metric column's values of those ids), not
    // what the model holds (docs/architecture.md, "A pack read in place").
    void ensureRows(const PanelContext& ctx, int from, int to);
    // Every row read (a sort by a column of the rows' text, or aliases, needs them all).
    void ensureAllRows(const PanelContext& ctx);
    // One metric column's values of every version (a sort by that column).
    void ensureAllValues(const PanelContext& ctx, size_t column);
    const storage::VersionSummary* rowAt(const PanelContext& ctx, int displayRow);
    // Column widths from the content (a sample of the rows), so that nothing is cut when first shown.
    void computeWidths();
    // The header row, counting headers narrower than their text (app/text_fit.hpp).
    void headersRow();
    // Up/Down/Home/End/PageUp/PageDown move the focused version (the version panel follows), Space ticks
    // it, Enter opens it; not while a text field has the keyboard.
    void keyboard(const PanelContext& ctx);
    void focusRow(const PanelContext& ctx, int displayRow);

    char m_filter[256] = "";
    std::string m_appliedFilter;
    std::string m_filterError;
    std::string m_model;
    uint64_t m_loadedGeneration = 0;
    // The whole keys, read when the first screen is left (a scroll past it, a key, another sort).
    void ensureKeys(const PanelContext& ctx);
    // The versions shown (the model's, or those the filter keeps), in arrival order: ids and seqs. On a first
    // screen in the default order (newest first, no filter) only the newest page of them (m_prefix), the order
    // padded to the model's count: reading the keys would read an entry of every version.
    std::vector<storage::Registry::VersionKey> m_keys;
    bool m_keysWhole = true;
    size_t m_prefix = 0;
    size_t m_total = 0;  // the model's count, while the keys are not whole
    std::unordered_map<int64_t, int64_t> m_seqOf;  // id -> seq, of m_keys
    // The rows read so far (all of them when a filter is applied or a sort needed them), by id.
    std::vector<storage::VersionSummary> m_rows;
    std::unordered_map<int64_t, size_t> m_rowOfId;  // version id -> index in m_rows
    bool m_allRows = false;
    std::vector<int64_t> m_order;  // display order: version ids
    struct MetricColumn {
        std::string name;
        core::Goal goal = core::Goal::None;
        std::unordered_map<int64_t, double> values;  // by version id, of the versions read; absent: lacks it
        std::unordered_set<int64_t> asked;           // ids whose value was read (present or not)
        bool all = false;                            // every version's value read
        double at(int64_t id) const;
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
