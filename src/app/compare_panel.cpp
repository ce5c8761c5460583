#include "app/compare_panel.hpp"

#include <cmath>

#include "app/panel_context.hpp"
#include "core/diff_format.hpp"
#include "imgui.h"
#include "platform/browser.hpp"

namespace mvr::app {

namespace {
const ImVec4 kBetter(0.35f, 0.85f, 0.45f, 1), kWorse(1.0f, 0.45f, 0.4f, 1), kChanged(0.95f, 0.8f, 0.35f, 1),
    kAdded(0.45f, 0.8f, 1.0f, 1), kRemoved(0.75f, 0.6f, 0.9f, 1);

ImVec4 colorOf(core::Change c, core::Trend t) {
    if (t == core::Trend::Better) return kBetter;
    if (t == core::Trend::Worse) return kWorse;
    switch (c) {
    case core::Change::Added: return kAdded;
    case core::Change::Removed: return kRemoved;
    case core::Change::Changed: return kChanged;
    default: return ImGui::GetStyleColorVec4(ImGuiCol_Text);
    }
}
}  // namespace

void ComparePanel::recompute(const PanelContext& ctx) {
    const Selection& sel = ctx.selection;
    m_selGeneration = sel.generation;
    m_dataGeneration = ctx.dataGeneration;
    m_computedOnly = m_onlyDifferences;
    m_manifests.clear();
    m_error.clear();
    m_loadModel = sel.model;
    m_toLoad = sel.versions;
    m_loadNext = 0;
    m_loading.clear();
    m_built = false;
}

bool ComparePanel::loadSome(const PanelContext& ctx) {
    constexpr double kBudgetMs = 6;
    double start = platform::nowMs();
    if (m_loadNext < m_toLoad.size()) {
        while (m_loadNext < m_toLoad.size() && platform::nowMs() - start < kBudgetMs) {
            auto m = std::make_unique<core::Manifest>();
            if (ctx.registry.load(m_loadModel, m_toLoad[m_loadNext], *m)) m_loading.push_back(std::move(m));
            ++m_loadNext;
        }
        if (m_loadNext < m_toLoad.size()) return false;
        m_manifests = std::move(m_loading);
        m_loading.clear();
        if (platform::nowMs() - start > kBudgetMs / 2) return false;  // the comparison itself next frame
    }
    if (!m_built) rebuild();
    return true;
}

void ComparePanel::rebuild() {
    m_built = true;
    m_computedOnly = m_onlyDifferences;
    if (m_manifests.size() == 2) {
        core::DiffOptions opt;
        opt.includeSame = !m_onlyDifferences;
        m_diff = core::diffVersions(*m_manifests[0], *m_manifests[1], opt);
    } else if (m_manifests.size() > 2) {
        std::vector<const core::Manifest*> ptrs;
        for (const auto& m : m_manifests) ptrs.push_back(m.get());
        m_matrix = core::compareVersions(ptrs, 0, m_onlyDifferences);
    }
}

std::string ComparePanel::currentJson() const {
    if (m_manifests.size() == 2) return core::toPretty(core::diffToJson(m_diff)) + "\n";
    if (m_manifests.size() > 2) return core::toPretty(core::matrixToJson(m_matrix)) + "\n";
    return "";
}

std::vector<const core::Manifest*> ComparePanel::manifests() const {
    std::vector<const core::Manifest*> out;
    for (const auto& m : m_manifests) out.push_back(m.get());
    return out;
}

size_t ComparePanel::rowCount() const {
    if (m_manifests.size() == 2) return m_diff.entries.size();
    if (m_manifests.size() > 2) return m_matrix.rows.size();
    return 0;
}

std::string ComparePanel::currentMarkdown() const { return m_manifests.size() == 2 ? core::diffToMarkdown(m_diff) : ""; }

void ComparePanel::drawPair() {
    const core::VersionDiff& d = m_diff;
    ImGui::Text("%s  →  %s:  %zu changed, %zu added, %zu removed", d.left.c_str(), d.right.c_str(), d.count(core::Change::Changed),
                d.count(core::Change::Added), d.count(core::Change::Removed));
    publishItem("compare.summary");
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("pair", 5, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Section", ImGuiTableColumnFlags_WidthFixed, 70);
    ImGui::TableSetupColumn("Path", ImGuiTableColumnFlags_WidthStretch, 2);
    ImGui::TableSetupColumn(d.left.c_str(), ImGuiTableColumnFlags_WidthStretch, 2);
    ImGui::TableSetupColumn(d.right.c_str(), ImGuiTableColumnFlags_WidthStretch, 2);
    ImGui::TableSetupColumn("Delta", ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(d.entries.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const core::DiffEntry& e = d.entries[static_cast<size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", core::sectionName(e.section));
            ImGui::TableNextColumn();
            ImVec4 c = colorOf(e.change, e.trend);
            ImGui::TextColored(c, "%s", e.path.c_str());
            ImGui::TableNextColumn();
            if (e.change != core::Change::Added) ImGui::TextUnformatted(core::valueText(e.before, 200).c_str());
            ImGui::TableNextColumn();
            if (e.change != core::Change::Removed) ImGui::TextColored(e.change == core::Change::Same ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : c, "%s", core::valueText(e.after, 200).c_str());
            ImGui::TableNextColumn();
            if (e.numeric && e.change != core::Change::Same) {
                std::string delta = core::formatDelta(e);
                if (e.trend == core::Trend::Better) delta += "  better";
                if (e.trend == core::Trend::Worse) delta += "  worse";
                ImGui::TextColored(c, "%s", delta.c_str());
            } else {
                ImGui::TextDisabled("%s", e.change == core::Change::Same ? "" : core::changeName(e.change));
            }
        }
    }
    ImGui::EndTable();
    publishItem("compare.table");
}

void ComparePanel::drawMatrix() {
    const core::CompareMatrix& mx = m_matrix;
    ImGui::Text("%zu versions against baseline %s: %zu differing rows", mx.columns.size(), mx.columns[mx.baseline].c_str(),
                mx.differingRows());
    publishItem("compare.summary");
    int cols = 1 + static_cast<int>(mx.columns.size());
    if (cols > 512) cols = 512;  // ImGui's table limit; the JSON export has every column
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_BordersInnerV |
                            ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("matrix", cols, flags)) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("Field", ImGuiTableColumnFlags_WidthFixed, 260);
    for (int c = 1; c < cols; ++c) {
        std::string name = mx.columns[static_cast<size_t>(c - 1)] + (static_cast<size_t>(c - 1) == mx.baseline ? " (baseline)" : "");
        ImGui::TableSetupColumn(name.c_str(), ImGuiTableColumnFlags_WidthFixed, 130);
    }
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(mx.rows.size()));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const core::MatrixRow& row = mx.rows[static_cast<size_t>(r)];
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextDisabled("%s", core::sectionName(row.section));
            ImGui::SameLine();
            ImGui::TextUnformatted(row.key.c_str());
            for (int c = 1; c < cols; ++c) {
                // Columns scrolled out of view are skipped: 100 versions x 10,000 params stays cheap.
                if (!ImGui::TableSetColumnIndex(c)) continue;
                const core::MatrixCell& cell = row.cells[static_cast<size_t>(c - 1)];
                if (!cell.present) {
                    ImGui::TextDisabled("—");
                    continue;
                }
                std::string text = cell.value ? core::valueText(*cell.value, 40) : cell.text;
                if (static_cast<size_t>(c - 1) == mx.baseline || cell.change == core::Change::Same) ImGui::TextUnformatted(text.c_str());
                else ImGui::TextColored(colorOf(cell.change, cell.trend), "%s", text.c_str());
            }
        }
    }
    ImGui::EndTable();
    publishItem("compare.table");
}

void ComparePanel::draw(const PanelContext& ctx) {
    const Selection& sel = ctx.selection;
    if (m_selGeneration != sel.generation || m_dataGeneration != ctx.dataGeneration) recompute(ctx);
    if (!loadSome(ctx)) {
        ImGui::TextDisabled("Loading %zu of %zu versions…", m_loadNext, m_toLoad.size());
        return;
    }
    if (m_computedOnly != m_onlyDifferences) rebuild();
    if (m_manifests.size() < 2) {
        ImGui::TextDisabled("Tick two or more versions in the table to compare them (the first ticked is the baseline).");
        return;
    }
    if (ImGui::Checkbox("Only differences", &m_onlyDifferences)) rebuild();
    publishItem("compare.only-differences");
    ImGui::SameLine();
    if (ImGui::Button("Export JSON")) ctx.actions.exportJson("comparison");
    publishItem("compare.export-json");
    if (m_manifests.size() == 2) {
        ImGui::SameLine();
        if (ImGui::Button("Export Markdown")) ctx.actions.exportJson("markdown");
        publishItem("compare.export-markdown");
    }
    ImGui::SameLine();
    if (ImGui::Button("Copy link")) ctx.actions.copyLink();
    publishItem("compare.copy-link");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("A link that carries these versions themselves: whoever opens it sees this comparison");
    ImGui::SameLine();
    if (ImGui::Button("Clear selection")) {
        Selection& s = ctx.selection;
        s.set(s.model, {});
    }
    if (m_manifests.size() == 2) drawPair();
    else drawMatrix();
}

}  // namespace mvr::app
