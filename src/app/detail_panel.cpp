#include "app/detail_panel.hpp"

#include "app/panel_context.hpp"
#include "core/diff_format.hpp"
#include "imgui.h"
#include "platform/browser.hpp"

namespace mvr::app {

namespace {

// Right-click on the last item offers to copy it.
void copyMenu(const std::string& id, const std::string& value, const std::string& path = "") {
    if (ImGui::BeginPopupContextItem(id.c_str())) {
        if (ImGui::MenuItem("Copy value")) platform::setClipboard(value);
        if (!path.empty() && ImGui::MenuItem("Copy path")) platform::setClipboard(path);
        ImGui::EndPopup();
    }
}

bool subtreeMatches(const core::Value& v, std::string& path, const std::string& search) {
    if (search.empty() || path.find(search) != std::string::npos) return true;
    size_t base = path.size();
    if (v.isObject()) {
        for (const core::Member& m : v.members) {
            core::appendKeySegment(path, m.key);
            bool hit = subtreeMatches(m.value, path, search);
            path.resize(base);
            if (hit) return true;
        }
    } else if (v.isArray()) {
        for (size_t i = 0; i < v.items.size(); ++i) {
            core::appendIndexSegment(path, i);
            bool hit = subtreeMatches(v.items[i], path, search);
            path.resize(base);
            if (hit) return true;
        }
    } else if (v.isString() && v.text.find(search) != std::string::npos) {
        return true;
    }
    return false;
}

}  // namespace

void DetailPanel::load(const PanelContext& ctx) {
    const Selection& sel = ctx.selection;
    m_model = sel.model;
    m_label = sel.focused;
    m_loadedGeneration = ctx.dataGeneration;
    m_loaded = !m_label.empty() && ctx.registry.load(m_model, m_label, m_manifest);
    m_children = m_loaded ? ctx.registry.children(m_model, m_label) : std::vector<std::string>{};
}

void DetailPanel::paramTree(const PanelContext& ctx, const core::Value& v, std::string& path, const std::string& search) {
    size_t base = path.size();
    auto child = [&](const std::string& label, const core::Value& c) {
        if (!subtreeMatches(c, path, search)) return;
        if (c.isObject() || c.isArray()) {
            ImGuiTreeNodeFlags f = ImGuiTreeNodeFlags_SpanFullWidth | (search.empty() ? 0 : ImGuiTreeNodeFlags_DefaultOpen);
            if (!search.empty()) ImGui::SetNextItemOpen(true, ImGuiCond_Always);
            bool open = ImGui::TreeNodeEx(path.c_str(), f, "%s  %s", label.c_str(),
                                          c.isObject() ? ("{" + std::to_string(c.members.size()) + "}").c_str()
                                                       : ("[" + std::to_string(c.items.size()) + "]").c_str());
            copyMenu(path, core::toCanonical(c), path);
            if (open) {
                paramTree(ctx, c, path, search);
                ImGui::TreePop();
            }
        } else {
            ImGui::TreeNodeEx(path.c_str(), ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen | ImGuiTreeNodeFlags_SpanFullWidth,
                              "%s", label.c_str());
            copyMenu(path, c.isString() ? c.text : core::toCanonical(c), path);
            ImGui::SameLine(ImGui::GetContentRegionAvail().x * 0.45f + ImGui::GetCursorPosX() * 0.0f);
            std::string shown = c.isString() ? "\"" + core::valueText(c, 200) + "\"" : core::valueText(c, 200);
            ImVec4 color = c.isString() ? ImVec4(0.8f, 0.9f, 0.6f, 1) : c.isNumber() ? ImVec4(0.6f, 0.8f, 1, 1) : ImVec4(0.9f, 0.7f, 0.9f, 1);
            ImGui::TextColored(color, "%s", shown.c_str());
        }
    };
    if (v.isObject()) {
        for (const core::Member& m : v.members) {
            core::appendKeySegment(path, m.key);
            child(m.key, m.value);
            path.resize(base);
        }
    } else if (v.isArray()) {
        for (size_t i = 0; i < v.items.size(); ++i) {
            core::appendIndexSegment(path, i);
            child("[" + std::to_string(i) + "]", v.items[i]);
            path.resize(base);
        }
    }
}

void DetailPanel::draw(const PanelContext& ctx) {
    Selection& sel = ctx.selection;
    if (m_model != sel.model || m_label != sel.focused || m_loadedGeneration != ctx.dataGeneration) load(ctx);
    if (!m_loaded) {
        ImGui::TextDisabled("Click a version to see its details.");
        return;
    }
    const core::Manifest& m = m_manifest;
    ImGui::Text("%s @ %s", m.model.c_str(), m.label.c_str());
    publishItem("detail.title");
    std::string removeAlias;
    for (const std::string& a : m.aliases) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.55f, 0.8f, 1.0f, 1.0f), "[%s]", a.c_str());
        if (!ctx.readOnly) {
            ImGui::SameLine(0, 2);
            ImGui::PushID(a.c_str());
            if (ImGui::SmallButton("×")) removeAlias = a;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove alias %s", a.c_str());
            ImGui::PopID();
        }
    }
    if (!removeAlias.empty()) {
        ctx.actions.removeAlias(m.model, removeAlias);
        return;
    }
    if (!ctx.readOnly) {
        ImGui::SetNextItemWidth(160);
        bool enter = ImGui::InputTextWithHint("##alias", "alias, e.g. production", m_alias, sizeof m_alias,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
        publishItem("detail.alias-input");
        ImGui::SameLine();
        if ((ImGui::Button("Set alias") || enter) && m_alias[0]) {
            ctx.actions.setAlias(m.model, m_alias, m.label);
            m_alias[0] = 0;
        }
        publishItem("detail.alias-set");
    }
    if (!m.description.empty()) ImGui::TextWrapped("%s", m.description.c_str());
    if (ImGui::BeginTable("fields", 2, ImGuiTableFlags_SizingFixedFit)) {
        auto row = [&](const char* k, const std::string& v) {
            if (v.empty()) return;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", k);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(v.c_str());
            copyMenu(k, v);
        };
        row("created", m.createdOn);
        row("author", m.author);
        row("digest", "blake2b-256:" + m.digest);
        std::string tags;
        for (const auto& t : m.tags) tags += (tags.empty() ? "" : ", ") + t.first + (t.second.empty() ? "" : "=" + t.second);
        row("tags", tags);
        ImGui::EndTable();
    }
    if (m.hasParent) {
        ImGui::TextDisabled("parent");
        ImGui::SameLine();
        std::string p = m.parent.model == m.model ? m.parent.label : m.parent.model + "@" + m.parent.label;
        if (ImGui::SmallButton(p.c_str())) {
            if (m.parent.model != m.model) sel.set(m.parent.model, {});
            sel.focused = m.parent.label;
            ++sel.generation;
        }
    }
    if (!m_children.empty()) {
        ImGui::TextDisabled("children");
        for (const std::string& c : m_children) {
            ImGui::SameLine();
            if (ImGui::SmallButton(c.c_str())) {
                size_t at = c.find('@');
                if (at != std::string::npos) {
                    sel.set(c.substr(0, at), {});
                    sel.focused = c.substr(at + 1);
                } else {
                    sel.focused = c;
                }
                ++sel.generation;
                return;
            }
        }
    }
    if (ImGui::CollapsingHeader("Metrics", ImGuiTreeNodeFlags_DefaultOpen) && !m.metrics.empty()) {
        if (ImGui::BeginTable("metrics", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
            ImGui::TableSetupColumn("Metric");
            ImGui::TableSetupColumn("Value");
            ImGui::TableSetupColumn("Goal");
            ImGui::TableSetupColumn("History");
            ImGui::TableHeadersRow();
            for (const core::Metric& x : m.metrics) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(x.name.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(x.lexeme.c_str());
                copyMenu("metric." + x.name, x.lexeme);
                ImGui::TableNextColumn();
                ImGui::TextDisabled("%s", x.goal == core::Goal::Max ? "higher is better" : x.goal == core::Goal::Min ? "lower is better" : "");
                ImGui::TableNextColumn();
                if (x.steps) {
                    // A sparkline of the step history.
                    const core::Value* mv = m.doc.find("metrics") ? m.doc.find("metrics")->find(x.name) : nullptr;
                    const core::Value* steps = mv ? mv->find("steps") : nullptr;
                    std::vector<float> ys;
                    if (steps)
                        for (const core::Value& s : steps->items) {
                            const core::Value* val = s.isObject() ? s.find("value") : &s;
                            if (val && val->isNumber()) ys.push_back(static_cast<float>(val->number));
                        }
                    ImGui::PlotLines(("##spark" + x.name).c_str(), ys.data(), static_cast<int>(ys.size()), 0, nullptr, FLT_MAX, FLT_MAX, ImVec2(120, 18));
                }
            }
            ImGui::EndTable();
        }
    }
    auto data = [&](const char* title, const std::vector<core::DataRef>& list) {
        if (list.empty() || !ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen)) return;
        if (ImGui::BeginTable(title, 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Resizable)) {
            ImGui::TableSetupColumn("Name");
            ImGui::TableSetupColumn("Digest");
            ImGui::TableSetupColumn("Size");
            ImGui::TableHeadersRow();
            for (const core::DataRef& d : list) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(d.key.c_str());
                if (!d.uri.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", d.uri.c_str());
                copyMenu(std::string(title) + d.key, d.uri.empty() ? d.key : d.uri);
                ImGui::TableNextColumn();
                std::string dg = d.digestText();
                ImGui::TextUnformatted(dg.size() > 30 ? (dg.substr(0, 30) + "…").c_str() : dg.c_str());
                if (ImGui::IsItemHovered() && !dg.empty()) ImGui::SetTooltip("%s", dg.c_str());
                copyMenu(std::string(title) + d.key + ".digest", dg);
                ImGui::TableNextColumn();
                if (d.hasSize) ImGui::Text("%lld", static_cast<long long>(d.size));
            }
            ImGui::EndTable();
        }
    };
    data("Datasets", m.datasets);
    data("Artifacts", m.artifacts);
    if (const core::Value* p = m.params(); p && ImGui::CollapsingHeader("Params", ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##paramsearch", "Search params (path or value)", m_search, sizeof m_search);
        std::string path;
        paramTree(ctx, *p, path, m_search);
    }
}

}  // namespace mvr::app
