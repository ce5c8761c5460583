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
            double x = m_metricColumns[m].values[i];
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

void VersionsPanel::focusRow(Selection& sel, int displayRow) {
    if (displayRow < 0 || displayRow >= static_cast<int>(m_order.size())) return;
    m_cursor = displayRow;
    sel.focused = m_rows[m_order[static_cast<size_t>(displayRow)]].label;
    ++sel.generation;
}

void VersionsPanel::keyboard(const PanelContext& ctx) {
    if (m_order.empty() || ImGui::GetIO().WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
    const ImGuiKey keys[] = {ImGuiKey_DownArrow, ImGuiKey_UpArrow, ImGuiKey_PageDown, ImGuiKey_PageUp, ImGuiKey_Home,
                             ImGuiKey_End,       ImGuiKey_Space,   ImGuiKey_Enter,    ImGuiKey_KeypadEnter};
    if (std::none_of(std::begin(keys), std::end(keys), [](ImGuiKey k) { return ImGui::IsKeyPressed(k); })) return;
    Selection& sel = ctx.selection;
    // Where the focused version is now (a click, a route or a sort may have moved it): looked up only when a
    // key asks, not every frame (a search of up to every row).
    if (m_cursor < 0 || m_cursor >= static_cast<int>(m_order.size()) || m_rows[m_order[static_cast<size_t>(m_cursor)]].label != sel.focused) {
        m_cursor = -1;
        for (size_t r = 0; r < m_order.size(); ++r)
            if (m_rows[m_order[r]].label == sel.focused) m_cursor = static_cast<int>(r);
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
        focusRow(sel, to);
        m_scrollToCursor = true;
    }
    if (m_cursor < 0) return;
    const std::string& label = m_rows[m_order[static_cast<size_t>(m_cursor)]].label;
    if (ImGui::IsKeyPressed(ImGuiKey_Space, false)) sel.toggle(label);
    if (ImGui::IsKeyPressed(ImGuiKey_Enter, false) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false)) {
        m_opened = true;  // the app unfolds the version panel
        focusRow(sel, m_cursor);
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
    core::Filter filter;
    if (!core::parseFilter(m_filter, filter, m_filterError)) filter = core::Filter();
    m_appliedFilter = m_filter;
    // A filter the parser accepted but the query refused (it should not happen) is shown like a parse error:
    // a link's f= parameter is untrusted text.
    try {
        m_rows = m_model.empty() ? std::vector<storage::VersionSummary>{} : ctx.registry.versions(m_model, filter);
    } catch (const std::exception& e) {
        m_filterError = e.what();
        m_rows = m_model.empty() ? std::vector<storage::VersionSummary>{} : ctx.registry.versions(m_model);
    }
    if (modelChanged || m_allMetrics.empty()) {
        m_allMetrics = m_model.empty() ? std::vector<std::string>{} : ctx.registry.metricNames(m_model);
        std::vector<std::string> keep;
        if (!modelChanged)
            for (const MetricColumn& c : m_metricColumns) keep.push_back(c.name);
        if (keep.empty()) {
            // Metrics with a goal first: they are the ones people rank versions by.
            for (const std::string& n : m_allMetrics)
                if (keep.size() < kDefaultMetricColumns && ctx.registry.metricGoal(m_model, n) != core::Goal::None)
                    keep.push_back(n);
            for (const std::string& n : m_allMetrics)
                if (keep.size() < kDefaultMetricColumns && std::find(keep.begin(), keep.end(), n) == keep.end())
                    keep.push_back(n);
        }
        m_metricColumns.clear();
        for (const std::string& n : keep) m_metricColumns.push_back(MetricColumn{n, ctx.registry.metricGoal(m_model, n), {}});
    }
    for (MetricColumn& c : m_metricColumns) {
        auto values = ctx.registry.metricValues(m_model, c.name);
        c.values.assign(m_rows.size(), std::numeric_limits<double>::quiet_NaN());
        for (size_t i = 0; i < m_rows.size(); ++i) {
            auto it = values.find(m_rows[i].id);
            if (it != values.end()) c.values[i] = it->second;
        }
    }
    m_order.resize(m_rows.size());
    for (size_t i = 0; i < m_order.size(); ++i) m_order[i] = i;
    m_rowOfId.clear();
    for (size_t i = 0; i < m_rows.size(); ++i) m_rowOfId.emplace(m_rows[i].id, i);
    m_needSort = true;
    computeWidths();
}

// Only aliases moved: the rows stay, their alias lists are read again (one small query, not the whole table).
void VersionsPanel::reloadAliases(const PanelContext& ctx) {
    m_loadedGeneration = ctx.dataGeneration;
    for (storage::VersionSummary& row : m_rows) row.aliases.clear();
    for (auto& [id, name] : ctx.registry.modelAliases(m_model)) {
        auto it = m_rowOfId.find(id);
        if (it != m_rowOfId.end()) m_rows[it->second].aliases.push_back(std::move(name));
    }
    if (m_sortColumn == kAliases) m_needSort = true;
}

void VersionsPanel::sortRows() {
    auto cmp = [&](size_t a, size_t b) -> bool {
        const storage::VersionSummary& x = m_rows[a];
        const storage::VersionSummary& y = m_rows[b];
        int c = m_sortColumn;
        bool less, greater;
        switch (c) {
        case kVersion: less = x.seq < y.seq; greater = y.seq < x.seq; break;
        case kCreated: less = x.createdOn < y.createdOn; greater = y.createdOn < x.createdOn; break;
        case kAuthor: less = x.author < y.author; greater = y.author < x.author; break;
        case kParent: less = core::labelLess(x.parent, y.parent); greater = core::labelLess(y.parent, x.parent); break;
        case kDescription: less = x.description < y.description; greater = y.description < x.description; break;
        case kAliases: less = x.aliases.size() < y.aliases.size(); greater = y.aliases.size() < x.aliases.size(); break;
        default: {
            size_t mi = static_cast<size_t>(c - kFirstMetric);
            if (mi >= m_metricColumns.size()) return x.seq < y.seq;
            double va = m_metricColumns[mi].values[a], vb = m_metricColumns[mi].values[b];
            // Versions without the metric sort last in either direction.
            if (std::isnan(va) != std::isnan(vb)) return std::isnan(vb);
            less = va < vb;
            greater = vb < va;
        }
        }
        if (!less && !greater) return x.seq > y.seq;
        return m_sortDescending ? greater : less;
    };
    std::stable_sort(m_order.begin(), m_order.end(), cmp);
    m_needSort = false;
}

void VersionsPanel::draw(const PanelContext& ctx) {
    Selection& sel = ctx.selection;
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
                if (shown) m_metricColumns.push_back(MetricColumn{n, ctx.registry.metricGoal(m_model, n), {}});
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
    ImGui::Text("%zu shown", m_rows.size());
    if (!m_filterError.empty()) ImGui::TextColored(ui::tone(ui::Tone::Bad), "Filter: %s", m_filterError.c_str());

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
    if (m_needSort) sortRows();
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
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            size_t i = m_order[static_cast<size_t>(r)];
            const storage::VersionSummary& v = m_rows[i];
            ImGui::PushID(static_cast<int>(v.id));
            ImGui::TableNextRow();
            // A deprecated version stays in the table, greyed (its label says so on hover).
            if (v.deprecated) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            bool checked = sel.has(v.label);
            bool focused = sel.focused == v.label;
            auto rowClicked = [&] {
                if (ImGui::GetIO().KeyCtrl || ImGui::GetIO().KeyShift) sel.toggle(v.label);
                focusRow(sel, r);
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
                double x = m_metricColumns[m].values[i];
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
