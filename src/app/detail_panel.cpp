#include "app/detail_panel.hpp"
#include "app/theme.hpp"

#include <algorithm>
#include <cfloat>

#include "app/focus_ring.hpp"
#include "app/panel_context.hpp"
#include "app/text_fit.hpp"
#include "core/diff_format.hpp"
#include "core/text.hpp"
#include "core/units.hpp"
#include "imgui.h"
#include "platform/browser.hpp"

namespace mvr::app {

namespace {

const char* const kMoveDialog = "Move a protected alias?";

// Right-click on the last item offers to copy it.
void copyMenu(const std::string& id, const std::string& value, const std::string& path = "") {
    if (ImGui::BeginPopupContextItem(id.c_str())) {
        if (ImGui::MenuItem("Copy value")) platform::setClipboard(value);
        if (!path.empty() && ImGui::MenuItem("Copy path")) platform::setClipboard(path);
        ImGui::EndPopup();
    }
}

// The next item of width w on this line when it fits, else on the next one (chips and buttons that wrap).
void flow(float w) {
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
}

// SmallButton differs from Button in its height only.
float buttonWidth(const std::string& text) { return ImGui::CalcTextSize(text.c_str()).x + ImGui::GetStyle().FramePadding.x * 2; }

// Wrapped at the space left (text that is long reads whole on several lines).
void wrapped(const std::string& text, const ImVec4* color = nullptr) {
    // Line breaks stay breaks; other controls and invisible formatting are shown as what they are.
    if (core::hasInvisible(text, false)) return wrapped(core::displayText(text, true), color);
    if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
    if (color) ImGui::PopStyleColor();
}

// A digest or another long token: whole when it fits, else with a middle ellipsis (abbreviated on purpose,
// whole on hover); copied whole from the right-click menu either way.
void token(const std::string& id, const std::string& text, const ImVec4* color = nullptr) {
    bool fits = ImGui::CalcTextSize(text.c_str()).x <= ImGui::GetContentRegionAvail().x + 0.5f;
    ui::fittedText(text, color, ui::Ellipsis::Middle, 0, false);
    if (fits) copyMenu(id, text);
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
    if (m_model != sel.model || m_label != sel.focused) {
        m_aliasError.clear();
        m_alias[0] = 0;
        m_confirm = Confirm();
    }
    if (m_model != sel.model || m_label != sel.focused) m_loaded = false;  // not the last version's fields meanwhile
    m_model = sel.model;
    m_label = sel.focused;
    m_loadedGeneration = ctx.dataGeneration;
    m_readError.clear();
    m_askVersion = {};
    m_askChildren = {};
    if (m_label.empty()) {
        m_loaded = false;
        return;
    }
    m_askVersion = ctx.engine.load(m_model, m_label);
    m_askChildren = ctx.engine.children(m_model, m_label);
    m_askedFrame = ImGui::GetFrameCount();
}

void DetailPanel::take() {
    if (!m_askVersion.valid() || !m_askVersion.ready() || !m_askChildren.ready()) return;
    engine::LoadAnswer a = m_askVersion.take();
    if (m_askVersion.failed() || m_askChildren.failed()) {
        m_readError = m_askVersion.failed() ? m_askVersion.error() : m_askChildren.error();
        m_loaded = false;
    } else if (!a.found) {
        m_loaded = false;  // gone (deleted, or an alias that moved away)
    } else {
        core::Manifest m;
        try {
            storage::readStoredVersion(m_model, a.version, m);
            m_manifest = std::move(m);
            m_children = m_askChildren.take();
            m_log = std::move(a.version.log);
            m_loaded = true;
        } catch (const std::exception& e) {
            m_readError = e.what();
            m_loaded = false;
        }
    }
    m_askVersion = {};
    m_askChildren = {};
}

void DetailPanel::submitAlias(const PanelContext& ctx) {
    const core::Manifest& m = m_manifest;
    std::string alias = m_alias;
    // Checked first, so that the error stays next to the field with the text that caused it.
    m_aliasError = ctx.registry.aliasProblem(m.model, alias, m.label);
    if (!m_aliasError.empty()) {
        m_refocus = true;  // Enter left the field: back into it, at the end of what was typed
        return;
    }
    std::string from = ctx.registry.resolveLabel(m.model, alias);
    if (storage::Registry::isProtectedAlias(alias) && !from.empty() && from != m.label) {
        m_confirm = Confirm{true, false, alias, from};
        ImGui::OpenPopup(kMoveDialog);
        return;
    }
    ctx.actions.setAlias(m.model, alias, m.label);
    m_alias[0] = 0;
}

void DetailPanel::drawConfirm(const PanelContext& ctx) {
    if (m_confirm.open && !ImGui::IsPopupOpen(kMoveDialog)) ImGui::OpenPopup(kMoveDialog);
    ImGui::SetNextWindowSizeConstraints(ImVec2(ImGui::GetFontSize() * 20, 0), ImVec2(ImGui::GetFontSize() * 36, FLT_MAX));
    if (!ImGui::BeginPopupModal(kMoveDialog, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) return;
    publishWindow("detail.move-dialog");
    const std::string& model = m_manifest.model;
    std::string text = m_confirm.remove
                           ? "\"" + m_confirm.alias + "\" is a protected alias. Remove it from " + model + "@" + m_confirm.from + "?"
                           : "\"" + m_confirm.alias + "\" is a protected alias. Move it from " + model + "@" + m_confirm.from +
                                 " to " + model + "@" + m_label + "?";
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    publishItem("detail.move-text");
    publishItem(("detail.move:" + m_confirm.alias + ":" + m_confirm.from + "->" + (m_confirm.remove ? "" : m_label)).c_str());
    ImGui::Spacing();
    bool yes = ImGui::Button(m_confirm.remove ? "Remove" : "Move");
    publishItem("detail.move-confirm");
    ImGui::SameLine();
    bool no = ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGuiKey_Escape);
    publishItem("detail.move-cancel");
    if (yes) {
        if (m_confirm.remove) {
            ctx.actions.removeAlias(model, m_confirm.alias);
        } else {
            ctx.actions.setAlias(model, m_confirm.alias, m_label);
            m_alias[0] = 0;
        }
    }
    if (yes || no) {
        m_confirm = Confirm();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void DetailPanel::drawAliases(const PanelContext& ctx) {
    const core::Manifest& m = m_manifest;
    std::string removeAlias;
    for (const std::string& a : m.aliases) {
        std::string chip = "[" + a + "]";
        flow(ImGui::CalcTextSize(chip.c_str()).x + (ctx.readOnly ? 0 : ImGui::GetFrameHeight() + 2));
        ImGui::TextColored(ui::tone(ui::Tone::Accent), "%s", chip.c_str());
        if (!ctx.readOnly) {
            ImGui::SameLine(0, 2);
            ImGui::PushID(a.c_str());
            if (ImGui::SmallButton("×")) removeAlias = a;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove alias %s", a.c_str());
            publishItem(("detail.alias-remove:" + a).c_str());
            ImGui::PopID();
        }
    }
    if (!removeAlias.empty()) {
        if (storage::Registry::isProtectedAlias(removeAlias)) m_confirm = Confirm{true, true, removeAlias, m.label};
        else ctx.actions.removeAlias(m.model, removeAlias);
    }
    if (ctx.readOnly) return;
    float inputW = std::min(ImGui::GetFontSize() * 12, std::max(ImGui::GetContentRegionAvail().x - buttonWidth("Set alias") - 8, 60.0f));
    ImGui::SetNextItemWidth(inputW);
    if (m_refocus) ImGui::SetKeyboardFocusHere();
    // Focusing selects all the text; the callback puts the cursor at its end instead, once.
    auto toEnd = [](ImGuiInputTextCallbackData* data) {
        bool* pending = static_cast<bool*>(data->UserData);
        if (*pending) {
            data->CursorPos = data->SelectionStart = data->SelectionEnd = data->BufTextLen;
            *pending = false;
        }
        return 0;
    };
    bool refocusing = m_refocus;
    m_refocus = false;
    m_cursorToEnd = m_cursorToEnd || refocusing;
    ui::tabStop("detail.alias");
    bool enter = ImGui::InputTextWithHint("##alias", "alias, e.g. production", m_alias, sizeof m_alias,
                                          ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackAlways, toEnd,
                                          &m_cursorToEnd);
    ui::endTabStop();
    if (ImGui::IsItemEdited()) m_aliasError.clear();  // the error is of the text it was shown for
    publishItem("detail.alias-input");
    flow(buttonWidth("Set alias"));
    if ((ImGui::Button("Set alias") || enter) && m_alias[0]) submitAlias(ctx);
    publishItem("detail.alias-set");
    if (!m_aliasError.empty()) {
        const ImVec4 errorColor = ui::tone(ui::Tone::Bad);
        wrapped(m_aliasError, &errorColor);
        publishItem("detail.alias-error");
        // Which rule refused it, for the tests (they cannot read the canvas).
        bool isLabel = m_aliasError.find("is the label of version") != std::string::npos;
        publishItem(isLabel ? "detail.alias-error:label" : m_aliasError.rfind("invalid alias", 0) == 0 ? "detail.alias-error:invalid" : "detail.alias-error:other");
    }
}

void DetailPanel::drawFields() {
    const core::Manifest& m = m_manifest;
    if (!m.description.empty()) wrapped(m.description);
    if (!ImGui::BeginTable("fields", 2, ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("created").x);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    auto row = [&](const char* k, const std::string& v, bool isToken) {
        if (v.empty()) return;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", k);
        ImGui::TableNextColumn();
        if (isToken) {
            token(k, v);
        } else {
            wrapped(v);
            copyMenu(k, v);
        }
        publishItem((std::string("detail.field:") + k).c_str());
    };
    row("created", m.createdOn, false);
    row("author", m.author, false);
    row("digest", "blake2b-256:" + m.digest, true);
    std::string tags;
    for (const auto& t : m.tags) tags += (tags.empty() ? "" : ", ") + t.first + (t.second.empty() ? "" : "=" + t.second);
    row("tags", tags, false);
    ImGui::EndTable();
}

void DetailPanel::drawLineage(const PanelContext& ctx) {
    Selection& sel = ctx.selection;
    const core::Manifest& m = m_manifest;
    if (m.hasParent) {
        ImGui::TextDisabled("parent");
        std::string p = m.parent.model == m.model ? m.parent.label : m.parent.model + "@" + m.parent.label;
        flow(buttonWidth(p));
        if (ImGui::SmallButton(p.c_str())) {
            if (m.parent.model != m.model) sel.set(m.parent.model, {});
            sel.focused = m.parent.label;
            ++sel.generation;
            return;
        }
    }
    if (!m_children.empty()) {
        ImGui::TextDisabled("children");
        for (const std::string& c : m_children) {
            flow(buttonWidth(c));
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
}

void DetailPanel::drawMetrics() {
    const core::Manifest& m = m_manifest;
    if (m.metrics.empty() || !ImGui::CollapsingHeader("Metrics", ImGuiTreeNodeFlags_DefaultOpen)) return;
    // Name, value and goal as wide as their texts; the history takes what is left, so it ends at the
    // panel's edge instead of past it.
    std::vector<const std::string*> names, values;
    for (const core::Metric& x : m.metrics) {
        names.push_back(&x.name);
        values.push_back(&x.lexeme);
    }
    static const std::string kGoals[] = {"higher", "lower"};
    float wName = ui::columnWidthFor(names, "Metric", 40, 400), wValue = ui::columnWidthFor(values, "Value", 30, 300);
    float wGoal = ui::columnWidthFor({&kGoals[0], &kGoals[1]}, "Better", 30, 200);
    // The history only when a metric has steps to draw: a column of its own when the panel has room for
    // one, else under the metric's name.
    bool steps = std::any_of(m.metrics.begin(), m.metrics.end(), [](const core::Metric& x) { return x.steps; });
    float pad = ImGui::GetStyle().CellPadding.x * 2;
    float needed = wName + wValue + wGoal + ui::columnWidthFor({}, "History", ImGui::GetFontSize() * 4, 400) + 4 * pad;
    bool column = steps && needed <= ImGui::GetContentRegionAvail().x;
    if (!ImGui::BeginTable("metrics", column ? 4 : 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) return;
    ImGui::TableSetupColumn("Metric", ImGuiTableColumnFlags_WidthFixed, wName);
    ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthFixed, wValue);
    ImGui::TableSetupColumn("Better", ImGuiTableColumnFlags_WidthFixed, wGoal);
    if (column) ImGui::TableSetupColumn("History", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    auto sparkline = [&](const core::Metric& x) {
        // A sparkline of the step history, as wide as its place is.
        const core::Value* mv = m.doc.find("metrics") ? m.doc.find("metrics")->find(x.name) : nullptr;
        const core::Value* st = mv ? mv->find("steps") : nullptr;
        std::vector<float> ys;
        if (st)
            for (const core::Value& v : st->items) {
                const core::Value* val = v.isObject() ? v.find("value") : &v;
                if (val && val->isNumber()) ys.push_back(static_cast<float>(val->number));
            }
        float w = std::clamp(ImGui::GetContentRegionAvail().x, 20.0f, ImGui::GetFontSize() * 10);
        ImGui::PlotLines(("##spark" + x.name).c_str(), ys.data(), static_cast<int>(ys.size()), 0, nullptr, FLT_MAX, FLT_MAX,
                         ImVec2(w, ImGui::GetTextLineHeight() + 2));
        publishItem(("detail.spark:" + x.name).c_str());
    };
    for (const core::Metric& x : m.metrics) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ui::fittedText(x.name);
        if (x.steps && !column) sparkline(x);
        ImGui::TableNextColumn();
        ui::fittedText(x.lexeme);
        copyMenu("metric." + x.name, x.lexeme);
        ImGui::TableNextColumn();
        if (x.goal != core::Goal::None) {
            ImGui::TextDisabled("%s", x.goal == core::Goal::Max ? kGoals[0].c_str() : kGoals[1].c_str());
            if (ImGui::IsItemHovered()) ImGui::SetTooltip(x.goal == core::Goal::Max ? "higher is better" : "lower is better");
        }
        if (!column || !x.steps) continue;
        ImGui::TableNextColumn();
        sparkline(x);
    }
    ImGui::EndTable();
}

void DetailPanel::drawData(const char* title, const std::vector<core::DataRef>& list) {
    if (list.empty() || !ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen)) return;
    // One block per dataset or artifact: its name and size, its URI (whole, wrapped), its digest.
    ImGui::PushID(title);
    for (const core::DataRef& d : list) {
        ImGui::PushID(d.key.c_str());
        ImGui::Indent(ImGui::GetStyle().IndentSpacing * 0.5f);
        wrapped(d.key);
        copyMenu("name", d.key);
        if (d.hasSize) {
            std::string size = core::humanBytes(d.size);
            flow(ImGui::CalcTextSize(size.c_str()).x);
            ImGui::TextDisabled("%s", size.c_str());
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", core::exactBytes(d.size).c_str());
            copyMenu("size", std::to_string(d.size));
            publishItem(("detail.size:" + std::string(title) + ":" + d.key + "=" + size).c_str());
        }
        ImGui::Indent(ImGui::GetStyle().IndentSpacing * 0.5f);
        if (!d.uri.empty()) {
            const ImVec4 uriColor = ui::tone(ui::Tone::Uri);
            wrapped(d.uri, &uriColor);
            copyMenu("uri", d.uri);
            publishItem(("detail.uri:" + std::string(title) + ":" + d.key).c_str());
        }
        if (std::string dg = d.digestText(); !dg.empty()) {
            const ImVec4 dim = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
            token("digest", dg, &dim);
            publishItem(("detail.digest:" + std::string(title) + ":" + d.key).c_str());
        }
        ImGui::Unindent(ImGui::GetStyle().IndentSpacing);
        ImGui::PopID();
    }
    ImGui::PopID();
}

void DetailPanel::paramTree(const core::Value& v, std::string& path, const std::string& search) {
    size_t base = path.size();
    auto child = [&](const std::string& label, const core::Value& c) {
        if (!subtreeMatches(c, path, search)) return;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        // The key: counted when its column (after the tree's indent) is narrower than it.
        float arrow = ImGui::GetTreeNodeToLabelSpacing();
        ui::checkFits(label, ImGui::GetContentRegionAvail().x - arrow);
        if (c.isObject() || c.isArray()) {
            if (!search.empty()) ImGui::SetNextItemOpen(true, ImGuiCond_Always);
            bool open = ImGui::TreeNodeEx(path.c_str(), ImGuiTreeNodeFlags_SpanFullWidth, "%s", label.c_str());
            copyMenu(path, core::toCanonical(c), path);
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", c.isObject() ? ("{" + std::to_string(c.members.size()) + "}").c_str()
                                                   : ("[" + std::to_string(c.items.size()) + "]").c_str());
            if (open) {
                paramTree(c, path, search);
                ImGui::TreePop();
            }
        } else {
            ImGui::TreeNodeEx(path.c_str(), ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen | ImGuiTreeNodeFlags_SpanFullWidth,
                              "%s", label.c_str());
            copyMenu(path, c.isString() ? c.text : core::toCanonical(c), path);
            ImGui::TableNextColumn();
            std::string shown = c.isString() ? "\"" + core::valueText(c, 400) + "\"" : core::valueText(c, 400);
            ImVec4 color = c.isString() ? ui::tone(ui::Tone::StringValue) : c.isNumber() ? ui::tone(ui::Tone::NumberValue) : ui::tone(ui::Tone::OtherValue);
            wrapped(shown, &color);
            copyMenu(path + "#value", c.isString() ? c.text : core::toCanonical(c), path);
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

// Curation (issue 17): deprecate or undo it, and delete after a confirmation that names what depends on the version
// (aliases it holds must move first; children keep a dangling parent link).
void DetailPanel::drawCuration(const PanelContext& ctx) {
    const core::Manifest& m = m_manifest;
    if (m.deprecated) {
        ImGui::TextColored(ui::tone(ui::Tone::Warn), "deprecated: not to be used (left out of rules' candidates and of best)");
        publishItem("detail.deprecated");
    }
    // What changed in place, newest first: when, who, the field, old and new.
    if (!m_log.empty()) {
        std::string title = "Changes in place (" + std::to_string(m_log.size()) + ")###curation-log";
        bool open = ImGui::TreeNodeEx(title.c_str(), ImGuiTreeNodeFlags_SpanAvailWidth);
        publishItem("detail.curation-log");
        if (open) {
            for (auto it = m_log.rbegin(); it != m_log.rend(); ++it) {
                const storage::CurationChange& x = *it;
                wrapped(x.at + "  " + x.field + ": " + (x.before.empty() ? "(none)" : x.before) + " \xE2\x86\x92 " +
                        (x.after.empty() ? "(none)" : x.after) + (x.author.empty() ? "" : "  by " + x.author));
            }
            ImGui::TreePop();
        }
    }
    if (ctx.readOnly) return;
    // The buttons flow onto the next line when the pane is narrow.
    auto sameLineFor = [](const char* next) {
        float w = ImGui::CalcTextSize(next, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
        float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w;
        if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
    };
    const char* deprecateText = m.deprecated ? "Undo deprecation" : "Deprecate";
    if (ImGui::SmallButton("New version from this one")) ctx.actions.newVersion(m.model, m.label);
    publishItem("detail.new-from");
    sameLineFor("Edit\xE2\x80\xA6");
    if (ImGui::SmallButton("Edit\xE2\x80\xA6")) m_edit.open(m);
    publishItem("detail.edit");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Change the description and tags in place (recorded)");
    sameLineFor(deprecateText);
    if (ImGui::SmallButton(deprecateText)) ctx.actions.deprecateVersion(m.model, m.label, !m.deprecated);
    publishItem("detail.deprecate");
    sameLineFor("Delete\xE2\x80\xA6");
    if (ImGui::SmallButton("Delete\xE2\x80\xA6")) {
        m_deletePlan = ctx.registry.deletePlan({core::VersionRef{m.model, m.label}});
        ImGui::OpenPopup("Delete this version?");
    }
    publishItem("detail.delete");
    m_edit.draw(ctx);
    ImGui::SetNextWindowSizeConstraints(ImVec2(ImGui::GetFontSize() * 20, 0), ImVec2(ImGui::GetFontSize() * 36, FLT_MAX));
    if (!ImGui::BeginPopupModal("Delete this version?", nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) return;
    publishWindow("detail.delete-dialog");
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
    ImGui::Text("Delete %s@%s from the registry? This cannot be undone (export first to keep a copy).", m.model.c_str(), m.label.c_str());
    for (const storage::DeletePlan::Held& h : m_deletePlan.aliases)
        ImGui::TextColored(ui::tone(ui::Tone::Bad), "It holds \"%s\": move or remove that alias first.", h.alias.c_str());
    for (const storage::DeletePlan::Child& c : m_deletePlan.children)
        ImGui::TextColored(ui::tone(ui::Tone::Warn), "%s@%s names it as its parent; that link will point at a deleted version.",
                           c.child.model.c_str(), c.child.label.c_str());
    ImGui::PopTextWrapPos();
    publishItem("detail.delete-text");
    const bool blocked = !m_deletePlan.aliases.empty();
    ImGui::BeginDisabled(blocked);
    bool yes = ImGui::Button(m_deletePlan.children.empty() ? "Delete" : "Delete anyway");
    ImGui::EndDisabled();
    publishItem("detail.delete-confirm");
    ImGui::SameLine();
    bool no = ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGuiKey_Escape);
    publishItem("detail.delete-cancel");
    if (yes && !blocked) {
        ctx.actions.deleteVersion(m.model, m.label, !m_deletePlan.children.empty());
        m_loaded = false;
    }
    if (yes || no) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void DetailPanel::draw(const PanelContext& ctx) {
    Selection& sel = ctx.selection;
    if (m_model != sel.model || m_label != sel.focused || m_loadedGeneration != ctx.dataGeneration) load(ctx);
    take();
    if (!m_readError.empty())
        ImGui::TextColored(ui::tone(ui::Tone::Bad), "%s@%s could not be read: %s", m_model.c_str(), m_label.c_str(),
                           m_readError.c_str());
    if (!m_loaded) {
        // An answer that takes longer than a few frames (a registry read from its host) says so.
        if (m_askVersion.valid()) {
            if (ImGui::GetFrameCount() - m_askedFrame > 2) ImGui::TextDisabled("Reading %s\xE2\x80\xA6", m_label.c_str());
        } else if (m_readError.empty()) {
            ImGui::TextDisabled("Click a version to see its details.");
        }
        return;
    }
    const core::Manifest& m = m_manifest;
    wrapped(m.model + " @ " + m.label);
    publishItem("detail.title");
    drawAliases(ctx);
    drawConfirm(ctx);
    drawCuration(ctx);
    if (!m_loaded) return;  // deleted
    drawFields();
    drawLineage(ctx);
    if (m_model != sel.model || m_label != sel.focused) return;  // a parent or child was clicked
    drawMetrics();
    drawData("Datasets", m.datasets);
    drawData("Artifacts", m.artifacts);
    if (const core::Value* p = m.params(); p && ImGui::CollapsingHeader("Params", ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::SetNextItemWidth(-1);
        ui::tabStop("detail.params-search");
        ImGui::InputTextWithHint("##paramsearch", "Search params (path or value)", m_search, sizeof m_search);
        ui::endTabStop();
        publishItem("detail.params-search");
        // Keys as a tree in one column, values wrapped in the other: long values read whole.
        if (ImGui::BeginTable("params", 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV)) {
            ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthStretch, 1.0f);
            ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch, 1.2f);
            std::string path;
            paramTree(*p, path, m_search);
            ImGui::EndTable();
        }
    }
}

}  // namespace mvr::app
