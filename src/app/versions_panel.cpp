#include "app/versions_panel.hpp"
#include "app/theme.hpp"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <iterator>
#include <limits>

#include "app/focus_ring.hpp"
#include "app/panel_context.hpp"
#include "app/text_fit.hpp"
#include "core/diff_format.hpp"
#include "core/filter.hpp"
#include "imgui.h"
#include "imgui_internal.h"

namespace mvr::app {

namespace {
// Column ids (ImGui's user ids, stable whatever the order): metrics come right after the version, since
// they are what people rank by; metric i has id kFirstMetric + i.
enum Column { kSelect, kVersion, kCreated, kAuthor, kAliases, kParent, kDescription, kFirstMetric };
constexpr size_t kDefaultMetricColumns = 4;
constexpr size_t kWidthSample = 1000;  // rows whose text sizes the columns
constexpr size_t kPageRows = 64;       // rows read at once as they come on screen

std::string metricHeader(const std::string& name, core::Goal goal) {
    return name + (goal == core::Goal::Max ? " \xE2\x86\x91" : goal == core::Goal::Min ? " \xE2\x86\x93" : "");
}

float textWidth(const std::string& s) { return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x; }
}  // namespace

void VersionsPanel::computeWidths() {
    const float pad = ImGui::GetStyle().CellPadding.x * 2;
    // A header needs its text, the sort arrow and the padding.
    auto header = [&](const std::string& h) { return textWidth(h) + ImGui::GetFontSize() + pad; };
    Widths w;
    w.version = header("Version");
    w.aliases = header("Aliases");
    w.parent = header("Parent");
    w.created = header("Created");
    w.author = header("Author");
    w.description = header("Description");
    w.metrics.clear();
    for (const MetricColumn& c : m_metricColumns) w.metrics.push_back(header(metricHeader(c.name, c.goal)));
    // The rows read so far: the first page on screen (the pane reads no more to size its columns).
    size_t n = std::min(m_rows.size(), kWidthSample);
    for (size_t i = 0; i < n; ++i) {
        const storage::VersionSummary& v = m_rows[i];
        w.version = std::max(w.version, textWidth(v.label) + pad);
        std::string a;
        for (const std::string& x : v.aliases) a += (a.empty() ? "" : ", ") + x;
        w.aliases = std::max(w.aliases, textWidth(a) + pad);
        w.parent = std::max(w.parent, textWidth(v.parent) + pad);
        w.created = std::max(w.created, textWidth(v.createdOn) + pad);
        w.author = std::max(w.author, textWidth(v.author) + pad);
        w.description = std::max(w.description, textWidth(v.description) + pad);
        for (size_t m = 0; m < m_metricColumns.size(); ++m) {
            double x = m_metricColumns[m].at(v.id);
            if (!std::isnan(x)) w.metrics[m] = std::max(w.metrics[m], textWidth(core::formatNumber(x)) + pad);
        }
    }
    // Up to a limit: one very long value does not push every other column off screen.
    const float em = ImGui::GetFontSize();
    w.version = std::min(w.version, em * 16);
    w.aliases = std::min(w.aliases, em * 16);
    w.parent = std::min(w.parent, em * 12);
    w.author = std::min(w.author, em * 16);
    w.description = std::min(w.description, em * 30);
    m_widths = w;
}

void VersionsPanel::headersRow() {
    ImGui::TableHeadersRow();
    ImGuiTable* table = ImGui::GetCurrentTable();
    for (int i = 0; i < table->ColumnsCount; ++i) {
        const ImGuiTableColumn& c = table->Columns[i];
        const char* name = ImGui::TableGetColumnName(i);
        if (!c.IsEnabled || !name || !name[0] || name[0] == '#') continue;
        // ImGui keeps room for the sort arrow on every sortable column.
        float room = c.WidthGiven - (c.Flags & ImGuiTableColumnFlags_NoSort ? 0 : ImGui::GetFontSize());
        ui::checkFits(name, room);
    }
}

double VersionsPanel::MetricColumn::at(int64_t id) const {
    auto it = values.find(id);
    return it == values.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

const storage::VersionSummary* VersionsPanel::rowAt(const PanelContext& ctx, int displayRow) {
    if (displayRow < 0 || displayRow >= static_cast<int>(m_order.size())) return nullptr;
    if (!m_keysWhole && displayRow >= static_cast<int>(m_prefix)) {
        ensureKeys(ctx);
        return nullptr;
    }
    int64_t id = m_order[static_cast<size_t>(displayRow)];
    auto it = m_rowOfId.find(id);
    if (it == m_rowOfId.end()) {
        ensureRows(ctx, displayRow, displayRow + 1);
        return nullptr;  // asked (or gone since the keys were read)
    }
    return &m_rows[it->second];
}

void VersionsPanel::focusRow(const PanelContext& ctx, int displayRow) {
    if (displayRow < 0 || displayRow >= static_cast<int>(m_order.size())) return;
    m_cursor = displayRow;
    const storage::VersionSummary* v = rowAt(ctx, displayRow);
    if (!v) {
        m_pendingFocus = displayRow;  // focused when its row comes (takeAnswers)
        return;
    }
    m_pendingFocus = -1;
    ctx.selection.focused = v->label;
    ++ctx.selection.generation;
}

void VersionsPanel::keyboard(const PanelContext& ctx) {
    if (m_order.empty() || ImGui::GetIO().WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
    const ImGuiKey keys[] = {ImGuiKey_DownArrow, ImGuiKey_UpArrow, ImGuiKey_PageDown, ImGuiKey_PageUp, ImGuiKey_Home,
                             ImGuiKey_End,       ImGuiKey_Space,   ImGuiKey_Enter,    ImGuiKey_KeypadEnter};
    if (std::none_of(std::begin(keys), std::end(keys), [](ImGuiKey k) { return ImGui::IsKeyPressed(k); })) return;
    Selection& sel = ctx.selection;
    // Where the focused version is now (a click, a route or a sort may have moved it): looked up only when a
    // key asks, not every frame, among the rows read (a focused version is one on screen, or one read for it).
    const storage::VersionSummary* atCursor = rowAt(ctx, m_cursor);
    if (m_pendingFocus < 0 && (!atCursor || atCursor->label != sel.focused)) {
        m_cursor = -1;
        int64_t focusedId = 0;
        bool known = false;
        for (const storage::VersionSummary& v : m_rows)
            if (v.label == sel.focused) {
                focusedId = v.id;
                known = true;
            }
        if (known)
            for (size_t r = 0; r < m_order.size(); ++r)
                if (m_order[r] == focusedId) m_cursor = static_cast<int>(r);
    }
    int last = static_cast<int>(m_order.size()) - 1, page = 10;
    int to = m_cursor;
    if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) to = m_cursor < 0 ? 0 : std::min(last, m_cursor + 1);
    if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) to = m_cursor < 0 ? 0 : std::max(0, m_cursor - 1);
    if (ImGui::IsKeyPressed(ImGuiKey_PageDown)) to = std::min(last, std::max(0, m_cursor) + page);
    if (ImGui::IsKeyPressed(ImGuiKey_PageUp)) to = std::max(0, m_cursor - page);
    if (ImGui::IsKeyPressed(ImGuiKey_Home, false)) to = 0;
    if (ImGui::IsKeyPressed(ImGuiKey_End, false)) to = last;
    if (to != m_cursor) {
        focusRow(ctx, to);
        m_scrollToCursor = true;
    }
    const storage::VersionSummary* v = rowAt(ctx, m_cursor);
    if (m_cursor < 0 || !v) return;
    const std::string label = v->label;
    if (ImGui::IsKeyPressed(ImGuiKey_Space, false)) sel.toggle(label);
    if (ImGui::IsKeyPressed(ImGuiKey_Enter, false) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false)) {
        m_opened = true;  // the app unfolds the version panel
        focusRow(ctx, m_cursor);
    }
}

void VersionsPanel::setFilter(const std::string& f) {
    std::snprintf(m_filter, sizeof m_filter, "%s", f.c_str());
    m_loadedGeneration = 0;  // reload with it
}

void VersionsPanel::reload(const PanelContext& ctx) {
    const Selection& sel = ctx.selection;
    bool modelChanged = m_model != sel.model;
    m_model = sel.model;
    m_loadedGeneration = ctx.dataGeneration;
    m_filterError.clear();
    m_readError.clear();
    m_appliedFilter = m_filter;
    // What was asked for the state on screen is not wanted any more.
    m_reloadAsk = ReloadAsk();
    m_askPages.clear();
    m_seqsAsked.clear();
    m_askValues.clear();
    m_askKeys = {};
    m_askAllRows = {};
    m_askAliases = {};
    m_pendingFocus = -1;
    m_settling = false;
    if (modelChanged) {
        // Another model: nothing of the last one stays on screen while its versions are read.
        m_rows.clear();
        m_rowOfId.clear();
        m_keys.clear();
        m_seqOf.clear();
        m_order.clear();
        m_keysWhole = true;
        m_allRows = false;
        m_prefix = m_total = 0;
        m_cursor = -1;
        m_allMetrics.clear();
        m_metricColumns.clear();
        m_goalOf.clear();
        m_tableReady = false;
    }
    if (m_model.empty()) return;
    core::Filter filter;
    if (!core::parseFilter(m_filter, filter, m_filterError)) filter = core::Filter();
    m_reloadAsk.active = true;
    m_reloadAsk.modelChanged = modelChanged;
    m_reloadAsk.metrics = modelChanged || m_allMetrics.empty();
    if (m_reloadAsk.metrics) m_reloadAsk.goals = ctx.engine.metricGoals(m_model);
    askRows(ctx, !filter.conditions.empty());
}

void VersionsPanel::askRows(const PanelContext& ctx, bool filtered) {
    // Without a filter the pane holds the model's keys (ids and seqs) and reads rows and values as they come on
    // screen. A filter's query returns its rows whole (what it keeps is what it read): they are kept.
    ReloadAsk& a = m_reloadAsk;
    a.filtered = filtered;
    a.newest = !filtered && m_sortColumn == kVersion && m_sortDescending;
    a.rows = {};
    a.count = {};
    a.keys = {};
    if (filtered) {
        a.rows = ctx.engine.versions(m_model, m_filter);
    } else if (a.newest) {
        // The first screen: the newest page and the count, not the keys.
        a.rows = ctx.engine.newestVersions(m_model, static_cast<int64_t>(kPageRows));
        a.count = ctx.engine.modelVersionCount(m_model);
    } else {
        a.keys = ctx.engine.versionKeys(m_model);
    }
}

void VersionsPanel::takeReload(const PanelContext& ctx) {
    ReloadAsk& a = m_reloadAsk;
    if (!a.active) return;
    auto pending = [](const auto& p) { return p.valid() && !p.ready(); };
    if (pending(a.rows) || pending(a.count) || pending(a.keys) || pending(a.goals)) return;
    // A filter the parser accepted but the query refused (it should not happen) is shown like a parse error, and
    // the rows are asked without it: a link's f= parameter is untrusted text.
    if (a.filtered && a.rows.failed()) {
        m_filterError = a.rows.error();
        askRows(ctx, false);
        return;
    }
    for (const std::string* why : {a.rows.valid() ? &a.rows.error() : nullptr, a.count.valid() ? &a.count.error() : nullptr,
                                   a.keys.valid() ? &a.keys.error() : nullptr, a.goals.valid() ? &a.goals.error() : nullptr})
        if (why && !why->empty()) m_readError = *why;
    ReloadAsk got = std::move(a);
    m_reloadAsk = ReloadAsk();
    m_rows.clear();
    m_rowOfId.clear();
    m_allRows = false;
    m_keysWhole = true;
    if (got.filtered || got.newest) {
        engine::Versions rows = got.rows.take();
        if (got.newest) std::reverse(rows.begin(), rows.end());
        engine::Keys keys;
        for (const storage::VersionSummary& v : rows) keys.push_back({v.id, v.seq});
        setKeys(std::move(keys));
        addRows(std::move(rows), false);
        m_allRows = got.filtered;
        if (got.newest) {
            m_prefix = m_keys.size();
            m_total = static_cast<size_t>(std::max<int64_t>(got.count.value(), 0));
            m_keysWhole = m_total <= m_prefix;
        }
    } else {
        setKeys(got.keys.take());
    }
    if (got.metrics) {
        m_allMetrics.clear();
        m_goalOf.clear();
        for (const auto& [name, goal] : got.goals.value()) {
            m_allMetrics.push_back(name);
            m_goalOf[name] = goal;
        }
        std::vector<std::string> keep;
        if (!got.modelChanged)
            for (const MetricColumn& c : m_metricColumns) keep.push_back(c.name);
        if (keep.empty()) {
            // Metrics with a goal first: they are the ones people rank versions by.
            for (const std::string& n : m_allMetrics)
                if (keep.size() < kDefaultMetricColumns && m_goalOf[n] != core::Goal::None) keep.push_back(n);
            for (const std::string& n : m_allMetrics)
                if (keep.size() < kDefaultMetricColumns && std::find(keep.begin(), keep.end(), n) == keep.end())
                    keep.push_back(n);
        }
        m_metricColumns.clear();
        for (const std::string& n : keep) m_metricColumns.push_back(MetricColumn{n, m_goalOf[n], {}, {}, false});
    }
    for (MetricColumn& c : m_metricColumns) {
        c.values.clear();
        c.asked.clear();
        c.all = false;
    }
    // The order, then the first page on screen, which sizes the columns (once it has come).
    m_order.clear();
    m_settling = true;
    if (sortRows(ctx)) ensureRows(ctx, 0, static_cast<int>(kPageRows));
}

void VersionsPanel::addRows(engine::Versions rows, bool keysOnly) {
    for (storage::VersionSummary& v : rows) {
        if (m_rowOfId.count(v.id) || (keysOnly && !m_seqOf.count(v.id))) continue;
        m_rowOfId.emplace(v.id, m_rows.size());
        m_rows.push_back(std::move(v));
    }
}

void VersionsPanel::setKeys(engine::Keys keys) {
    m_keys = std::move(keys);
    m_seqOf.clear();
    for (const storage::Registry::VersionKey& k : m_keys) m_seqOf.emplace(k.id, k.seq);
}

bool VersionsPanel::waiting() const {
    return m_reloadAsk.active || !m_askPages.empty() || !m_askValues.empty() || (m_askKeys.valid() && !m_askKeys.ready()) ||
           (m_askAllRows.valid() && !m_askAllRows.ready());
}

void VersionsPanel::takeAnswers(const PanelContext& ctx) {
    takeReload(ctx);
    for (auto it = m_askPages.begin(); it != m_askPages.end();) {
        if (!it->ready()) {
            ++it;
            continue;
        }
        if (it->failed()) m_readError = it->error();
        addRows(it->take(), false);
        it = m_askPages.erase(it);
    }
    for (auto it = m_askValues.begin(); it != m_askValues.end();) {
        if (!it->values.ready()) {
            ++it;
            continue;
        }
        if (it->values.failed()) m_readError = it->values.error();
        for (size_t m = 0; m < m_metricColumns.size(); ++m) {
            MetricColumn& c = m_metricColumns[m];
            if (c.name != it->column) continue;
            for (const auto& [id, value] : it->values.value())
                if (!it->all || m_seqOf.count(id)) c.values[id] = value;
            if (it->all) {
                c.all = true;
                if (m_sortColumn == kFirstMetric + static_cast<int>(m)) m_needSort = true;
            }
        }
        it = m_askValues.erase(it);
    }
    if (m_askKeys.valid() && m_askKeys.ready()) {
        if (m_askKeys.failed()) {
            m_readError = m_askKeys.error();  // kept: not asked again until the next reload
        } else {
            setKeys(m_askKeys.take());
            m_keysWhole = true;
            m_askKeys = {};
            m_needSort = true;
        }
    }
    if (m_askAllRows.valid() && m_askAllRows.ready()) {
        if (m_askAllRows.failed()) m_readError = m_askAllRows.error();
        addRows(m_askAllRows.take(), true);
        m_allRows = true;
        m_askAllRows = {};
        m_needSort = true;
    }
    if (m_askAliases.valid() && m_askAliases.ready()) {
        if (m_askAliases.failed()) {
            m_readError = m_askAliases.error();
        } else {
            for (storage::VersionSummary& row : m_rows) row.aliases.clear();
            for (const auto& [id, name] : m_askAliases.value()) {
                auto it = m_rowOfId.find(id);
                if (it != m_rowOfId.end()) m_rows[it->second].aliases.push_back(name);
            }
            if (m_sortColumn == kAliases) m_needSort = true;
        }
        m_askAliases = {};
    }
    if (m_needSort && !m_reloadAsk.active && sortRows(ctx) && m_settling) ensureRows(ctx, 0, static_cast<int>(kPageRows));
    if (m_pendingFocus >= 0 && !m_reloadAsk.active) {
        int row = m_pendingFocus;
        if (rowAt(ctx, row)) focusRow(ctx, row);
    }
    if (m_settling && !m_needSort && !waiting()) {
        computeWidths();
        m_tableReady = true;
        m_settling = false;
    }
}

bool VersionsPanel::ensureKeys(const PanelContext& ctx) {
    if (m_keysWhole) return true;
    if (!m_askKeys.valid()) m_askKeys = ctx.engine.versionKeys(m_model);
    return false;
}

void VersionsPanel::ensureRows(const PanelContext& ctx, int from, int to) {
    if (m_reloadAsk.active) return;
    from = std::max(from, 0);
    if (!m_keysWhole && to > static_cast<int>(m_prefix)) ensureKeys(ctx);  // until they come, the first screen's
    // A page at least: scrolling a row at a time reads a page now and then, not a query a frame.
    to = std::min(std::max(to, from + static_cast<int>(kPageRows)), static_cast<int>(m_keysWhole ? m_order.size() : m_prefix));
    if (from >= to) return;
    std::vector<int64_t> seqs;
    for (int r = from; r < to; ++r) {
        int64_t id = m_order[static_cast<size_t>(r)];
        if (m_rowOfId.count(id)) continue;
        auto seq = m_seqOf.find(id);
        if (seq != m_seqOf.end() && m_seqsAsked.insert(seq->second).second) seqs.push_back(seq->second);
    }
    if (!seqs.empty()) {
        std::sort(seqs.begin(), seqs.end());
        m_askPages.push_back(ctx.engine.versionsBySeq(m_model, std::move(seqs)));
    }
    for (MetricColumn& c : m_metricColumns) {
        if (c.all) continue;
        std::vector<int64_t> ids;
        for (int r = from; r < to; ++r) {
            int64_t id = m_order[static_cast<size_t>(r)];
            if (c.asked.insert(id).second) ids.push_back(id);
        }
        if (ids.empty()) continue;
        std::sort(ids.begin(), ids.end());
        m_askValues.push_back(ValuesAsk{c.name, false, ctx.engine.metricValuesOf(c.name, std::move(ids))});
    }
}

bool VersionsPanel::ensureAllRows(const PanelContext& ctx) {
    if (m_allRows) return true;
    if (!m_askAllRows.valid()) m_askAllRows = ctx.engine.versions(m_model);
    return false;
}

bool VersionsPanel::ensureAllValues(const PanelContext& ctx, size_t column) {
    MetricColumn& c = m_metricColumns[column];
    if (c.all || m_keys.empty()) return true;
    for (const ValuesAsk& a : m_askValues)
        if (a.all && a.column == c.name) return false;
    int64_t lo = m_keys.front().id, hi = lo;
    for (const storage::Registry::VersionKey& k : m_keys) {
        lo = std::min(lo, k.id);
        hi = std::max(hi, k.id);
    }
    // One run of the metric's index: in a pack the model's ids are one run; elsewhere other models' values in
    // the run are dropped when they come.
    m_askValues.push_back(ValuesAsk{c.name, true, ctx.engine.metricValuesBetween(c.name, lo, hi)});
    return false;
}

// Only aliases moved: the rows stay, their alias lists are asked again (one small query, not the whole table).
void VersionsPanel::reloadAliases(const PanelContext& ctx) {
    m_loadedGeneration = ctx.dataGeneration;
    m_askAliases = ctx.engine.modelAliases(m_model);
}

bool VersionsPanel::sortRows(const PanelContext& ctx) {
    m_needSort = true;
    if (m_reloadAsk.active) return false;
    if (!m_keysWhole && !(m_sortColumn == kVersion && m_sortDescending) && !ensureKeys(ctx)) return false;
    std::vector<int64_t> order;
    if (!m_keysWhole) {
        // The first screen's newest page, newest first; the rest of the count unknown until it is needed.
        for (auto k = m_keys.rbegin(); k != m_keys.rend(); ++k) order.push_back(k->id);
        order.resize(std::max(m_total, order.size()), 0);
        m_order.swap(order);
        m_needSort = false;
        return true;
    }
    order.reserve(m_keys.size());
    for (const storage::Registry::VersionKey& k : m_keys) order.push_back(k.id);
    // By version: the keys' own order (arrival), newest first when descending; no row is read. A metric column
    // no longer shown orders by arrival too.
    const bool metric = m_sortColumn >= kFirstMetric;
    if (m_sortColumn == kVersion || (metric && static_cast<size_t>(m_sortColumn - kFirstMetric) >= m_metricColumns.size())) {
        if (m_sortColumn == kVersion && m_sortDescending) std::reverse(order.begin(), order.end());
    } else if (metric) {
        // By a metric: that column's every value (one run of its index), not the rows.
        size_t mi = static_cast<size_t>(m_sortColumn - kFirstMetric);
        if (!ensureAllValues(ctx, mi)) return false;
        const MetricColumn& col = m_metricColumns[mi];
        auto cmp = [&](int64_t a, int64_t b) -> bool {
            double va = col.at(a), vb = col.at(b);
            // Versions without the metric sort last in either direction.
            if (std::isnan(va) != std::isnan(vb)) return std::isnan(vb);
            bool less = va < vb, greater = vb < va;
            if (!less && !greater) return m_seqOf[a] > m_seqOf[b];
            return m_sortDescending ? greater : less;
        };
        std::stable_sort(order.begin(), order.end(), cmp);
    } else {
        // By a column of the rows' text, or aliases: every row.
        if (!ensureAllRows(ctx)) return false;
        auto cmp = [&](int64_t ia, int64_t ib) -> bool {
            auto ra = m_rowOfId.find(ia), rb = m_rowOfId.find(ib);
            if (ra == m_rowOfId.end() || rb == m_rowOfId.end()) return ra != m_rowOfId.end() && rb == m_rowOfId.end();
            const storage::VersionSummary& x = m_rows[ra->second];
            const storage::VersionSummary& y = m_rows[rb->second];
            bool less, greater;
            switch (m_sortColumn) {
            case kCreated: less = x.createdOn < y.createdOn; greater = y.createdOn < x.createdOn; break;
            case kAuthor: less = x.author < y.author; greater = y.author < x.author; break;
            case kParent: less = core::labelLess(x.parent, y.parent); greater = core::labelLess(y.parent, x.parent); break;
            case kDescription: less = x.description < y.description; greater = y.description < x.description; break;
            case kAliases: less = x.aliases.size() < y.aliases.size(); greater = y.aliases.size() < x.aliases.size(); break;
            default: return x.seq < y.seq;
            }
            if (!less && !greater) return x.seq > y.seq;
            return m_sortDescending ? greater : less;
        };
        std::stable_sort(order.begin(), order.end(), cmp);
    }
    m_order.swap(order);
    m_needSort = false;
    return true;
}

void VersionsPanel::draw(const PanelContext& ctx) {
    Selection& sel = ctx.selection;
    takeAnswers(ctx);
    // An alias moving changes one column; a filter may select on aliases, so then the rows are read again.
    if (m_model != sel.model || m_loadedGeneration < ctx.structureGeneration ||
        (m_loadedGeneration != ctx.dataGeneration && !m_appliedFilter.empty()))
        reload(ctx);
    else if (m_loadedGeneration != ctx.dataGeneration)
        reloadAliases(ctx);
    if (m_model.empty()) {
        ImGui::TextDisabled("No model selected. Import manifests to start, or make a version by hand:");
        ImGui::BeginDisabled(ctx.readOnly);
        if (ImGui::Button("New version")) ctx.actions.newVersion("", "");
        ImGui::EndDisabled();
        publishItem("versions.new");
        return;
    }
    // The filter takes what the buttons and the count beside it leave.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float beside = ImGui::CalcTextSize("Columns").x + ImGui::CalcTextSize("New version").x + ImGui::CalcTextSize("0,000,000 shown").x +
                         style.FramePadding.x * 4 + style.ItemSpacing.x * 3;
    ImGui::SetNextItemWidth(-beside);
    if (m_focusFilter) {
        // The filter takes the keyboard next frame, as a click would make it (activated for text input).
        ImGui::ActivateItemByID(ImGui::GetID("##versionfilter"));
        GImGui->NavNextActivateFlags |= ImGuiActivateFlags_PreferInput;
        m_focusFilter = false;
    }
    ui::tabStop("versions.filter");
    bool enter = ImGui::InputTextWithHint("##versionfilter", "Filter: text, metrics.auc > 0.9, tags.team = nlp, alias = production",
                                          m_filter, sizeof m_filter, ImGuiInputTextFlags_EnterReturnsTrue);
    ui::endTabStop();
    publishItem("versions.filter");
    // Esc in the filter clears it (ImGui would only restore what it held before).
    if ((ImGui::IsItemActive() || ImGui::IsItemDeactivated()) && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        m_filter[0] = 0;
        ImGui::ClearActiveID();
        enter = true;
    }
    if (enter || (m_appliedFilter != m_filter && !ImGui::IsItemActive())) reload(ctx);
    ImGui::SameLine();
    if (ImGui::Button("Columns")) ImGui::OpenPopup("metric-columns");
    if (ImGui::BeginPopup("metric-columns")) {
        ImGui::TextDisabled("Metric columns");
        for (const std::string& n : m_allMetrics) {
            bool shown = std::any_of(m_metricColumns.begin(), m_metricColumns.end(), [&](const MetricColumn& c) { return c.name == n; });
            if (ImGui::Checkbox(n.c_str(), &shown)) {
                if (shown) m_metricColumns.push_back(MetricColumn{n, m_goalOf[n], {}});
                else
                    m_metricColumns.erase(std::remove_if(m_metricColumns.begin(), m_metricColumns.end(),
                                                         [&](const MetricColumn& c) { return c.name == n; }),
                                          m_metricColumns.end());
                m_loadedGeneration = 0;  // reload values
            }
        }
        ImGui::EndPopup();
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(ctx.readOnly);
    if (ImGui::Button("New version")) ctx.actions.newVersion(m_model, "");
    ImGui::EndDisabled();
    publishItem("versions.new");
    if (ctx.readOnly && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("A view or a read-only tab: import it into your registry to add versions");
    ImGui::SameLine();
    ImGui::Text("%zu shown", m_order.size());
    if (!m_filterError.empty()) ImGui::TextColored(ui::tone(ui::Tone::Bad), "Filter: %s", m_filterError.c_str());
    if (!m_readError.empty()) ImGui::TextColored(ui::tone(ui::Tone::Bad), "Reading the versions failed: %s", m_readError.c_str());
    if (!m_tableReady) {
        // A model's first page has not come: its table is made once it has (ImGui sizes a table's columns when it
        // is first drawn, and the widths come from that page).
        ImGui::TextDisabled("Reading the versions of %s\xE2\x80\xA6", m_model.c_str());
        return;
    }

    int columns = kFirstMetric + static_cast<int>(m_metricColumns.size());
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                            ImGuiTableFlags_Sortable | ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV |
                            ImGuiTableFlags_Hideable | ImGuiTableFlags_Reorderable;
    // One table (and so one set of saved column widths) a model: widths start from that model's content.
    if (!ImGui::BeginTable(("versions/" + m_model).c_str(), columns, flags)) return;
    // The tick and Version columns stay put while the rest scrolls right.
    ImGui::TableSetupScrollFreeze(2, 1);
    const Widths& w = m_widths;
    ImGui::TableSetupColumn("##sel", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSort | ImGuiTableColumnFlags_NoHide |
                                         ImGuiTableColumnFlags_NoReorder | ImGuiTableColumnFlags_NoResize, ImGui::GetFrameHeight(), kSelect);
    ImGui::TableSetupColumn("Version", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort |
                                            ImGuiTableColumnFlags_PreferSortDescending | ImGuiTableColumnFlags_NoHide |
                                            ImGuiTableColumnFlags_NoReorder, w.version, kVersion);
    for (size_t m = 0; m < m_metricColumns.size(); ++m) {
        const MetricColumn& c = m_metricColumns[m];
        ImGui::TableSetupColumn(metricHeader(c.name, c.goal).c_str(), ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending,
                                m < w.metrics.size() ? w.metrics[m] : 88, static_cast<ImGuiID>(kFirstMetric + m));
    }
    ImGui::TableSetupColumn("Aliases", ImGuiTableColumnFlags_WidthFixed, w.aliases, kAliases);
    ImGui::TableSetupColumn("Parent", ImGuiTableColumnFlags_WidthFixed, w.parent, kParent);
    ImGui::TableSetupColumn("Created", ImGuiTableColumnFlags_WidthFixed, w.created, kCreated);
    ImGui::TableSetupColumn("Author", ImGuiTableColumnFlags_WidthFixed, w.author, kAuthor);
    ImGui::TableSetupColumn("Description", ImGuiTableColumnFlags_WidthFixed, w.description, kDescription);
    headersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
        if (specs->SpecsDirty && specs->SpecsCount > 0) {
            m_sortColumn = static_cast<int>(specs->Specs[0].ColumnUserID);
            m_sortDescending = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
            m_needSort = true;
            specs->SpecsDirty = false;
        }
    }
    if (m_needSort) sortRows(ctx);
    keyboard(ctx);

    // A selectable spanning all columns cannot be hit across the frozen boundary: the first scrolling
    // column carries a second one for the rest of the row.
    ImGuiTable* table = ImGui::GetCurrentTable();
    int restColumn = table->ColumnsCount > 2 ? table->DisplayOrderToIndex[2] : -1;
    const ImVec4 aliasColor = ui::tone(ui::Tone::Accent);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(m_order.size()));
    if (m_scrollToCursor && m_cursor >= 0) clipper.IncludeItemByIndex(m_cursor);
    while (clipper.Step()) {
        // The rows on screen (and the rest of their page) are read when they first come into view.
        ensureRows(ctx, clipper.DisplayStart, clipper.DisplayEnd);
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            int64_t id = m_order[static_cast<size_t>(r)];
            auto found = m_rowOfId.find(id);
            if (found == m_rowOfId.end()) {
                // Asked and not come yet (or gone since the keys were read: the next reload drops it): a row of
                // the same height, so that nothing below it moves when it comes.
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::Dummy(ImVec2(ImGui::GetFrameHeight(), ImGui::GetFrameHeight()));
                ImGui::TableSetColumnIndex(1);
                ImGui::AlignTextToFramePadding();
                ImGui::TextDisabled("\xE2\x80\xA6");
                if (m_scrollToCursor && r == m_cursor) {
                    ImGui::SetScrollHereY(0.5f);
                    m_scrollToCursor = false;
                }
                continue;
            }
            const storage::VersionSummary& v = m_rows[found->second];
            ImGui::PushID(static_cast<int>(v.id));
            ImGui::TableNextRow();
            // A deprecated version stays in the table, greyed (its label says so on hover).
            if (v.deprecated) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            bool checked = sel.has(v.label);
            bool focused = sel.focused == v.label;
            auto rowClicked = [&] {
                if (ImGui::GetIO().KeyCtrl || ImGui::GetIO().KeyShift) sel.toggle(v.label);
                focusRow(ctx, r);
            };
            auto rest = [&](int column) {
                if (column != restColumn) return;
                ImVec2 at = ImGui::GetCursorPos();
                if (ImGui::Selectable("##rest", focused || checked, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowOverlap))
                    rowClicked();
                ImGui::SetCursorPos(at);
                ImGui::AlignTextToFramePadding();  // the row's text sits where the other cells' does
            };
            int col = 0;
            ImGui::TableSetColumnIndex(col++);
            if (ImGui::Checkbox("##pick", &checked)) sel.toggle(v.label);
            if (r < 8) publishItem(("versions.pick:" + v.label).c_str());
            ImGui::TableSetColumnIndex(col++);
            if (ImGui::Selectable(v.label.c_str(), focused || checked,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowOverlap))
                rowClicked();
            if (focused && m_scrollToCursor && r == m_cursor) {
                ImGui::SetScrollHereY(0.5f);
                m_scrollToCursor = false;
            }
            ui::checkFits(v.label, ImGui::GetItemRectSize().x);
            publishItem(("versions.row:" + v.label).c_str());  // every row on screen: the tests follow rows as they scroll
            if (v.deprecated) {
                publishItem(("versions.deprecated:" + v.label).c_str());
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s is deprecated: not to be used", v.label.c_str());
            }
            for (size_t m = 0; m < m_metricColumns.size(); ++m) {
                int c = col++;
                if (!ImGui::TableSetColumnIndex(c)) continue;
                rest(c);
                double x = m_metricColumns[m].at(v.id);
                if (std::isnan(x)) ImGui::TextDisabled("\xE2\x80\x94");
                else ui::fittedText(core::formatNumber(x));
            }
            std::string a;
            for (const std::string& x : v.aliases) a += (a.empty() ? "" : ", ") + x;
            const std::string* texts[] = {&a, &v.parent, &v.createdOn, &v.author, &v.description};
            for (int t = 0; t < 5; ++t) {
                int c = col++;
                if (!ImGui::TableSetColumnIndex(c)) continue;
                rest(c);
                // A description is prose: shortened on purpose, whole on hover and in the version panel.
                ui::fittedText(*texts[t], t == 0 ? &aliasColor : nullptr, ui::Ellipsis::End, 0, t != 4);
            }
            if (v.deprecated) ImGui::PopStyleColor();
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
    publishItem("versions.table");  // after EndTable: the item is then the whole table
}

}  // namespace mvr::app
