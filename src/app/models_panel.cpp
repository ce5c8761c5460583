#include "app/models_panel.hpp"

#include "app/focus_ring.hpp"
#include "app/panel_context.hpp"
#include "app/text_fit.hpp"
#include "app/theme.hpp"
#include "core/diff_format.hpp"
#include "core/text.hpp"
#include "imgui.h"

namespace mvr::app {

void ModelsPanel::load(const std::vector<storage::ModelInfo>& models) {
    m_rows.clear();
    for (const storage::ModelInfo& m : models) {
        Row row;
        row.name = m.name;
        std::string alias;
        for (const auto& a : m.aliases) {
            if (alias.empty() || a.first == "production") alias = a.first + " \xE2\x86\x92 " + a.second;
            if (m.aliases.size() > 1) row.aliases += a.first + " \xE2\x86\x92 " + a.second + "\n";
        }
        row.facts = std::to_string(m.versions) + (m.versions == 1 ? " version" : " versions");
        if (!alias.empty())
            row.facts += " \xC2\xB7 " + alias + (m.aliases.size() > 1 ? " +" + std::to_string(m.aliases.size() - 1) : "");
        m_rows.push_back(std::move(row));
    }
    applyFilter();
}

void ModelsPanel::applyFilter() {
    m_appliedFilter = m_filter;
    m_shown.clear();
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (core::containsIgnoringCase(m_rows[i].name, m_appliedFilter)) m_shown.push_back(i);
    m_state = core::Value::makeArray();
    for (size_t k = 0; k < m_shown.size() && k < 200; ++k) {
        core::Value r = core::Value::makeObject();
        r.set("name", core::Value::makeString(m_rows[m_shown[k]].name));
        r.set("facts", core::Value::makeString(m_rows[m_shown[k]].facts));
        m_state.push(std::move(r));
    }
}

void ModelsPanel::draw(const PanelContext& ctx) {
    // The models are asked for when the registry changes; until they come the rows drawn are the last ones.
    if (m_askedGeneration != ctx.dataGeneration) {
        m_askedGeneration = ctx.dataGeneration;
        m_asked = ctx.engine.models();
        m_askedFrame = ImGui::GetFrameCount();
    }
    if (m_asked.ready()) {
        if (m_asked.failed()) {
            m_error = m_asked.error();
        } else {
            m_error.clear();
            load(m_asked.value());
            m_loaded = true;
        }
        m_asked = {};
    }
    ImGui::SetNextItemWidth(-1);
    ui::tabStop("models.filter");
    ImGui::InputTextWithHint("##modelfilter", "Filter models", m_filter, sizeof m_filter);
    ui::endTabStop();
    publishItem("models.filter");
    if (ImGui::IsItemActive() && ImGui::IsKeyPressed(ImGuiKey_Escape)) m_filter[0] = 0;
    if (m_appliedFilter != m_filter) applyFilter();
    if (!m_error.empty()) ImGui::TextColored(ui::tone(ui::Tone::Bad), "The models could not be read: %s", m_error.c_str());
    // A first answer that takes longer than a few frames (a registry read from its host) says so.
    if (!m_loaded && m_asked.valid() && ImGui::GetFrameCount() - m_askedFrame > 2) ImGui::TextDisabled("reading the models…");
    Selection& sel = ctx.selection;
    // One row of three lines a model: its name; its version count and aliases (production first); its best
    // version by its headline metric (Registry::headline). A narrow pane cuts nothing: what does not fit is
    // shortened and shown whole on hover. Only the rows on screen are drawn.
    ImGui::BeginChild("##models", ImVec2(0, 0), ImGuiChildFlags_None);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float rowHeight = ImGui::GetTextLineHeight() * 3 + style.ItemSpacing.y * 2;
    const ImVec4 muted = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(m_shown.size()), rowHeight + style.ItemSpacing.y);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            Row& row = m_rows[m_shown[static_cast<size_t>(i)]];
            if (!row.bestAsked.valid()) {
                // Only for the rows on screen, once per change of the registry: a query on the model's versions.
                row.bestAsked = ctx.engine.headline(row.name);
            } else if (row.bestAsked.ready() && row.best.empty() && !row.bestAsked.failed()) {
                const engine::HeadlineAnswer& a = row.bestAsked.value();
                const storage::Headline& h = a.headline;
                if (a.found && !h.label.empty())
                    row.best = "best " + h.metric + ": " + h.label + " (" + core::formatNumber(h.value) + ")";
            }
            bool selected = sel.model == row.name;
            ImGui::PushID(row.name.c_str());
            ImVec2 start = ImGui::GetCursorPos();
            if (ImGui::Selectable("##model", selected, ImGuiSelectableFlags_AllowOverlap, ImVec2(0, rowHeight)))
                if (!selected) ctx.actions.selectModel(row.name);
            publishItem(("model:" + row.name).c_str());
            ImGui::SetCursorPos(start);
            ui::fittedText(row.name);
            ui::fittedText(row.facts, &muted);
            if (!row.aliases.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row.aliases.c_str());
            if (!row.best.empty()) ui::fittedText(row.best, &muted);
            else ImGui::TextDisabled(" ");
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
}

}  // namespace mvr::app
