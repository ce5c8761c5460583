#include "app/versions_panel.hpp"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <limits>

#include "app/panel_context.hpp"
#include "core/diff_format.hpp"
#include "core/filter.hpp"
#include "imgui.h"

namespace mvr::app {

namespace {
// Column ids (ImGui's user ids, stable whatever the order): metrics come right after the version, since
// they are what people rank by; metric i has id kFirstMetric + i.
enum Column { kSelect, kVersion, kCreated, kAuthor, kAliases, kParent, kDescription, kFirstMetric };
constexpr size_t kDefaultMetricColumns = 4;
}  // namespace

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
        ImGui::TextDisabled("No model selected. Import manifests to start.");
        return;
    }
    ImGui::SetNextItemWidth(-200);
    bool enter = ImGui::InputTextWithHint("##versionfilter", "Filter: text, metrics.auc > 0.9, tags.team = nlp, alias = production",
                                          m_filter, sizeof m_filter, ImGuiInputTextFlags_EnterReturnsTrue);
    publishItem("versions.filter");
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
    ImGui::Text("%zu shown", m_rows.size());
    if (!m_filterError.empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "Filter: %s", m_filterError.c_str());

    int columns = kFirstMetric + static_cast<int>(m_metricColumns.size());
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                            ImGuiTableFlags_Sortable | ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV |
                            ImGuiTableFlags_Hideable | ImGuiTableFlags_Reorderable;
    if (!ImGui::BeginTable("versions", columns, flags)) return;
    // Only the header row is frozen: a row selectable spanning all columns cannot be hit across a frozen
    // column boundary, and people click anywhere on a row.
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("##sel", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoSort | ImGuiTableColumnFlags_NoHide, 22, kSelect);
    ImGui::TableSetupColumn("Version", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort |
                                            ImGuiTableColumnFlags_PreferSortDescending | ImGuiTableColumnFlags_NoHide, 80, kVersion);
    for (size_t m = 0; m < m_metricColumns.size(); ++m) {
        const MetricColumn& c = m_metricColumns[m];
        std::string label = c.name + (c.goal == core::Goal::Max ? " ↑" : c.goal == core::Goal::Min ? " ↓" : "");
        ImGui::TableSetupColumn(label.c_str(), ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending, 88,
                                static_cast<ImGuiID>(kFirstMetric + m));
    }
    ImGui::TableSetupColumn("Aliases", ImGuiTableColumnFlags_WidthFixed, 90, kAliases);
    ImGui::TableSetupColumn("Parent", ImGuiTableColumnFlags_WidthFixed, 56, kParent);
    ImGui::TableSetupColumn("Created", ImGuiTableColumnFlags_WidthFixed, 150, kCreated);
    ImGui::TableSetupColumn("Author", ImGuiTableColumnFlags_WidthFixed, 130, kAuthor);
    ImGui::TableSetupColumn("Description", ImGuiTableColumnFlags_WidthFixed, 320, kDescription);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
        if (specs->SpecsDirty && specs->SpecsCount > 0) {
            m_sortColumn = static_cast<int>(specs->Specs[0].ColumnUserID);
            m_sortDescending = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
            m_needSort = true;
            specs->SpecsDirty = false;
        }
    }
    if (m_needSort) sortRows();

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(m_order.size()));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            size_t i = m_order[static_cast<size_t>(r)];
            const storage::VersionSummary& v = m_rows[i];
            ImGui::PushID(static_cast<int>(v.id));
            ImGui::TableNextRow();
            int col = 0;
            ImGui::TableSetColumnIndex(col++);
            bool checked = sel.has(v.label);
            if (ImGui::Checkbox("##pick", &checked)) sel.toggle(v.label);
            if (r < 8) publishItem(("versions.pick:" + v.label).c_str());
            ImGui::TableSetColumnIndex(col++);
            bool focused = sel.focused == v.label;
            if (ImGui::Selectable(v.label.c_str(), focused || checked,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowOverlap)) {
                if (ImGui::GetIO().KeyCtrl || ImGui::GetIO().KeyShift) sel.toggle(v.label);
                sel.focused = v.label;
                ++sel.generation;
            }
            if (r < 8) publishItem(("versions.row:" + v.label).c_str());
            for (size_t m = 0; m < m_metricColumns.size(); ++m) {
                if (!ImGui::TableSetColumnIndex(col++)) continue;
                double x = m_metricColumns[m].values[i];
                if (std::isnan(x)) ImGui::TextDisabled("—");
                else ImGui::TextUnformatted(core::formatNumber(x).c_str());
            }
            if (ImGui::TableSetColumnIndex(col++)) {
                std::string a;
                for (const std::string& x : v.aliases) a += (a.empty() ? "" : ", ") + x;
                ImGui::TextColored(ImVec4(0.55f, 0.8f, 1.0f, 1.0f), "%s", a.c_str());
            }
            if (ImGui::TableSetColumnIndex(col++)) ImGui::TextUnformatted(v.parent.c_str());
            if (ImGui::TableSetColumnIndex(col++)) ImGui::TextUnformatted(v.createdOn.c_str());
            if (ImGui::TableSetColumnIndex(col++)) ImGui::TextUnformatted(v.author.c_str());
            if (ImGui::TableSetColumnIndex(col++)) ImGui::TextUnformatted(v.description.c_str());
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
    publishItem("versions.table");  // after EndTable: the item is then the whole table
}

}  // namespace mvr::app
