#include "app/models_panel.hpp"

#include "app/panel_context.hpp"
#include "app/text_fit.hpp"
#include "core/text.hpp"
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
    if (ImGui::IsItemActive() && ImGui::IsKeyPressed(ImGuiKey_Escape)) m_filter[0] = 0;
    Selection& sel = ctx.selection;
    // One row of two lines a model: its name, then its version count and aliases (production first), so that
    // a narrow pane cuts nothing; what does not fit is shortened and shown whole on hover.
    ImGui::BeginChild("##models", ImVec2(0, 0), ImGuiChildFlags_None);
    const float line = ImGui::GetTextLineHeight();
    const ImGuiStyle& style = ImGui::GetStyle();
    for (const storage::ModelInfo& m : m_models) {
        if (!core::containsIgnoringCase(m.name, m_filter)) continue;
        bool selected = sel.model == m.name;
        ImGui::PushID(m.name.c_str());
        ImVec2 start = ImGui::GetCursorPos();
        if (ImGui::Selectable("##model", selected, ImGuiSelectableFlags_AllowOverlap, ImVec2(0, line * 2 + style.ItemSpacing.y)))
            if (!selected) ctx.actions.selectModel(m.name);
        publishItem(("model:" + m.name).c_str());
        ImGui::SetCursorPos(start);
        ui::fittedText(m.name);
        std::string alias, all;
        for (const auto& a : m.aliases) {
            if (alias.empty() || a.first == "production") alias = a.first + " \xE2\x86\x92 " + a.second;
            all += a.first + " \xE2\x86\x92 " + a.second + "\n";
        }
        std::string facts = std::to_string(m.versions) + (m.versions == 1 ? " version" : " versions");
        if (!alias.empty()) facts += " \xC2\xB7 " + alias + (m.aliases.size() > 1 ? " +" + std::to_string(m.aliases.size() - 1) : "");
        ImVec4 muted = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
        ui::fittedText(facts, &muted);
        if (m.aliases.size() > 1 && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", all.c_str());
        ImGui::PopID();
    }
    ImGui::EndChild();
}

}  // namespace mvr::app
