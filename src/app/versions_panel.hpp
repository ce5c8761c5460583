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
#include "engine/client.hpp"
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
    // A reload's answers (or its first page) have not come: what is drawn is the last state, or nothing yet
    // (mvrState.versionsReading, which the e2e tests wait on after opening the app or choosing a model).
    bool reading() const { return !m_model.empty() && (!m_tableReady || m_reloadAsk.active || m_settling); }

private:
    // Everything the pane reads is asked through the engine (PanelContext::engine) and comes in a later frame:
    // reload() asks for a model's rows (the newest page and the count, the keys, or what a filter keeps) and its
    // metrics with their goals; takeReload() makes the new state when they have come (what was on screen stays
    // until then), and the first page's values are asked; the table of a model is first drawn once those came,
    // its columns sized by them. Pages of rows and values, the whole keys, rows or a column for a sort, and the
    // aliases are asked as they are needed and taken in takeAnswers().
    void reload(const PanelContext& ctx);
    void askRows(const PanelContext& ctx, bool filtered);
    void takeReload(const PanelContext& ctx);
    void takeAnswers(const PanelContext& ctx);
    bool waiting() const;  // something asked has not come
    // Rows that came, added to those read (a row read already is kept; keysOnly: rows whose id is not a key, stored
    // since the keys were read, are left out).
    void addRows(engine::Versions rows, bool keysOnly);
    // The keys that came, and their id -> seq index.
    void setKeys(engine::Keys keys);
    void reloadAliases(const PanelContext& ctx);
    // The display order; false (the order as it was) while what it needs is asked.
    bool sortRows(const PanelContext& ctx);
    // Asks for the rows and metric values of display rows [from, to) that are not read or asked yet, with the rest
    // of their page: the pane reads what is on screen (a page of rows by seq, each metric column's values of those
    // ids), not what the model holds (docs/architecture.md, "A pack read in place").
    void ensureRows(const PanelContext& ctx, int from, int to);
    // Every row read (a sort by a column of the rows' text, or aliases, needs them all); false while asked.
    bool ensureAllRows(const PanelContext& ctx);
    // One metric column's values of every version (a sort by that column); false while asked.
    bool ensureAllValues(const PanelContext& ctx, size_t column);
    // The row at a display row, or null while it is asked (or it is gone).
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
    // The whole keys, asked when the first screen is left (a scroll past it, a key, another sort); false while
    // they have not come.
    bool ensureKeys(const PanelContext& ctx);
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

    // What was asked and has not come (dropped by the next reload).
    struct ReloadAsk {
        bool active = false, filtered = false, newest = false, metrics = false, modelChanged = false;
        engine::Pending<engine::Versions> rows;  // what the filter keeps, or the newest page
        engine::Pending<int64_t> count;
        engine::Pending<engine::Keys> keys;
        engine::Pending<engine::Goals> goals;
    } m_reloadAsk;
    struct ValuesAsk {
        std::string column;
        bool all = false;  // every version's (a sort), not a page's
        engine::Pending<engine::MetricValues> values;
    };
    std::vector<engine::Pending<engine::Versions>> m_askPages;
    std::unordered_set<int64_t> m_seqsAsked;
    std::vector<ValuesAsk> m_askValues;
    engine::Pending<engine::Keys> m_askKeys;       // kept when it failed, so that it is not asked every frame
    engine::Pending<engine::Versions> m_askAllRows;
    engine::Pending<engine::Aliases> m_askAliases;
    std::unordered_map<std::string, core::Goal> m_goalOf;  // every metric's goal, from the reload's answer
    bool m_tableReady = false;  // the model's first page has come and sized the columns: the table is drawn
    bool m_settling = false;    // a reload's answers came: the widths are computed once its first page has come
    int m_pendingFocus = -1;    // a display row focused by a key before its row had come
    std::string m_readError;
};

}  // namespace mvr::app
