#include "app/models_panel.hpp"

#include "app/panel_context.hpp"
#include "imgui.h"

namespace mvr::app {

void ModelsPanel::draw(const PanelContext& ctx) {
    if (m_loadedGeneration != ctx.dataGeneration) {
        m_models = ctx.registry.models();
        m_loadedGeneration = ctx.dataGeneration;
    }
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##modelfilter", "Filter models", m_filter, sizeof m_filter);
    publishItem("models.filter");
    Selection& sel = ctx.selection;
    if (ImGui::BeginTable("models", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Model", ImGuiTableColumnFlags_WidthStretch, 3);
        ImGui::TableSetupColumn("Versions", ImGuiTableColumnFlags_WidthFixed, 58);
        ImGui::TableSetupColumn("Alias", ImGuiTableColumnFlags_WidthStretch, 2);
        ImGui::TableHeadersRow();
        std::string filter = m_filter;
        for (const storage::ModelInfo& m : m_models) {
            if (!filter.empty() && m.name.find(filter) == std::string::npos) continue;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            bool selected = sel.model == m.name;
            if (ImGui::Selectable(m.name.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns)) {
                if (!selected) ctx.actions.selectModel(m.name);
            }
            publishItem(("model:" + m.name).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(m.versions));
            ImGui::TableNextColumn();
            // One alias, production first, e.g. "production → 12"; all of them on hover.
            std::string alias, all;
            for (const auto& a : m.aliases) {
                if (alias.empty() || a.first == "production") alias = a.first + " → " + a.second;
                all += a.first + " → " + a.second + "\n";
            }
            ImGui::TextDisabled("%s", alias.c_str());
            if (!all.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", all.c_str());
        }
        ImGui::EndTable();
    }
}

}  // namespace mvr::app
