// The New version form and the Edit (description and tags) form.
#include "app/version_form.hpp"

#include <algorithm>
#include <cfloat>

#include "app/focus_ring.hpp"
#include "app/panel_context.hpp"
#include "app/text_fit.hpp"
#include "app/theme.hpp"
#include "imgui.h"

namespace mvr::app {

namespace {

int growString(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* s = static_cast<std::string*>(data->UserData);
        s->resize(static_cast<size_t>(data->BufTextLen));
        data->Buf = s->data();
    }
    return 0;
}

const char* const kGoals[] = {"no goal", "max", "min"};

void problemLines(const core::Diagnostics& d) {
    ImGui::PushTextWrapPos(0);
    for (const core::Diagnostic& x : d.items())
        ImGui::TextColored(ui::tone(ui::Tone::Bad), "%s", core::formatDiagnostic(x).c_str());
    ImGui::PopTextWrapPos();
}

// Opens (the first frame) and begins a form's modal window, centred, at most w x h (0: as tall as it needs) and
// never past the screen. False when it is not open (then open is cleared); keep goes false when its close box is
// clicked.
bool beginForm(const char* id, bool& open, bool& openRequested, bool& keep, float w, float h) {
    if (!open) return false;
    if (openRequested) {
        ImGui::OpenPopup(id);
        openRequested = false;
    }
    const float unit = ImGui::GetFontSize();
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowSize(ImVec2(std::min(w, io.DisplaySize.x - 2 * unit), h > 0 ? std::min(h, io.DisplaySize.y - 2 * unit) : 0),
                             ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(id, &keep, ImGuiWindowFlags_NoSavedSettings)) {
        open = false;
        return false;
    }
    return true;
}

}  // namespace

bool inputString(const char* id, std::string& text, const char* hint) {
    return ImGui::InputTextWithHint(id, hint ? hint : "", text.data(), text.capacity() + 1, ImGuiInputTextFlags_CallbackResize,
                                    growString, &text);
}

bool inputMultiline(const char* id, std::string& text, float width, float height) {
    return ImGui::InputTextMultiline(id, text.data(), text.capacity() + 1, ImVec2(width, height),
                                     ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_AllowTabInput, growString, &text);
}

void VersionForm::open(storage::Registry& r, const std::string& model, const std::string& from) {
    *this = VersionForm();
    m_model = model;
    m_from = from;
    core::Manifest m;
    if (!from.empty() && r.load(model, from, m)) {
        ops::NewVersion v = ops::fromVersion(m);
        m_description = v.description;
        m_params = v.params;
        m_parent = v.parent;
        for (const ops::NewMetric& x : v.metrics) m_metrics.push_back(MetricRow{x.name, x.value, x.goal == "max" ? 1 : x.goal == "min" ? 2 : 0});
        m_tags = v.tags;
        m_title = "New version from " + model + "@" + from;
    } else {
        m_from.clear();
        m_title = "New version";
        // The metrics the model has, with their goals, as rows to fill in.
        if (!model.empty())
            for (const std::string& name : r.metricNames(model)) {
                core::Goal g = r.metricGoal(model, name);
                m_metrics.push_back(MetricRow{name, "", g == core::Goal::Max ? 1 : g == core::Goal::Min ? 2 : 0});
            }
        if (!model.empty()) {
            std::vector<storage::VersionSummary> vs = r.versions(model);
            if (!vs.empty()) m_parent = vs.back().label;
        }
    }
    m_open = m_openRequested = true;
}

ops::NewVersion VersionForm::request() const {
    ops::NewVersion v;
    v.model = m_model;
    v.label = m_label;
    v.description = m_description;
    v.params = m_params;
    v.parent = m_parent;
    for (const MetricRow& r : m_metrics) {
        // A row left empty is a metric not given (the model's metric names are offered as rows).
        if (r.value.find_first_not_of(" \t") == std::string::npos) continue;
        v.metrics.push_back(ops::NewMetric{r.name, r.value, r.goal == 1 ? "max" : r.goal == 2 ? "min" : ""});
    }
    for (const auto& t : m_tags)
        if (!(t.first.empty() && t.second.empty())) v.tags.push_back(t);
    return v;
}

void VersionForm::check(const PanelContext& ctx) {
    // Checked again when a field changed (the fields say so as they are edited) or the registry did.
    if (!m_changed && m_checkedGeneration == ctx.dataGeneration) return;
    m_changed = false;
    m_checkedGeneration = ctx.dataGeneration;
    m_draft = ops::draftVersion(ctx.registry, request());
    m_nextLabel = m_model.empty() ? "" : ctx.registry.nextIntegerLabel(m_model);
}

void VersionForm::drawMetrics() {
    ImGui::TextUnformatted("Metrics");
    ImGui::SameLine();
    ImGui::TextDisabled("(empty values are left out)");
    const float unit = ImGui::GetFontSize();
    if (ImGui::BeginTable("##metrics", 4, ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthFixed, unit * 8);
        ImGui::TableSetupColumn("goal", ImGuiTableColumnFlags_WidthFixed, unit * 6);
        ImGui::TableSetupColumn("##x", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFrameHeight());
        int remove = -1;
        for (size_t i = 0; i < m_metrics.size(); ++i) {
            MetricRow& r = m_metrics[i];
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-1);
            m_changed |= inputString("##name", r.name, "name");
            publishItem(("form.metric-name:" + std::to_string(i)).c_str());
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-1);
            m_changed |= inputString("##value", r.value, "value");
            publishItem(("form.metric-value:" + std::to_string(i)).c_str());
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-1);
            m_changed |= ImGui::Combo("##goal", &r.goal, kGoals, 3);
            publishItem(("form.metric-goal:" + std::to_string(i)).c_str());
            ImGui::TableNextColumn();
            if (ImGui::SmallButton("x")) remove = static_cast<int>(i);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove this metric");
            ImGui::PopID();
        }
        ImGui::EndTable();
        if (remove >= 0) {
            m_metrics.erase(m_metrics.begin() + remove);
            m_changed = true;
        }
    }
    if (ImGui::SmallButton("+ metric")) {
        m_metrics.push_back(MetricRow{});
        m_changed = true;
    }
    publishItem("form.add-metric");
}

void VersionForm::drawTags() {
    ImGui::TextUnformatted("Tags");
    const float unit = ImGui::GetFontSize();
    if (!m_tags.empty() && ImGui::BeginTable("##tags", 3, ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, unit * 10);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("##x", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFrameHeight());
        int remove = -1;
        for (size_t i = 0; i < m_tags.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-1);
            m_changed |= inputString("##key", m_tags[i].first, "name");
            publishItem(("form.tag-key:" + std::to_string(i)).c_str());
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-1);
            m_changed |= inputString("##value", m_tags[i].second, "value");
            publishItem(("form.tag-value:" + std::to_string(i)).c_str());
            ImGui::TableNextColumn();
            if (ImGui::SmallButton("x")) remove = static_cast<int>(i);
            ImGui::PopID();
        }
        ImGui::EndTable();
        if (remove >= 0) {
            m_tags.erase(m_tags.begin() + remove);
            m_changed = true;
        }
    }
    if (ImGui::SmallButton("+ tag")) {
        m_tags.emplace_back();
        m_changed = true;
    }
    publishItem("form.add-tag");
}

void VersionForm::draw(const PanelContext& ctx) {
    const float unit = ImGui::GetFontSize();
    bool keep = true;
    if (!beginForm("New version###version-form", m_open, m_openRequested, keep, unit * 46, unit * 44)) return;
    publishWindow("form.window");
    check(ctx);
    ImGui::TextUnformatted(m_title.c_str());
    ImGui::Separator();
    // The problems outside params and the buttons stay in view at the foot; the fields scroll above them.
    core::Diagnostics others;
    for (const core::Diagnostic& x : m_draft.problems.items())
        if (x.path.rfind("params", 0) != 0) others.add(x);
    const size_t footLines = std::min<size_t>(others.items().size(), 4) + (m_submitError.empty() ? 0 : 1);
    const float footH = static_cast<float>(footLines) * ImGui::GetTextLineHeightWithSpacing() + ImGui::GetFrameHeightWithSpacing() +
                        ImGui::GetStyle().ItemSpacing.y * 2;
    ImGui::BeginChild("##form-body", ImVec2(0, -footH));
    const float labelW = unit * 7;
    auto field = [&](const char* name, const char* idName, std::string& text, const char* hint) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(name);
        ImGui::SameLine(labelW);
        ImGui::SetNextItemWidth(-1);
        ui::tabStop((std::string("form.") + idName).c_str());
        m_changed |= inputString((std::string("##") + idName).c_str(), text, hint);
        ui::endTabStop();
        publishItem((std::string("form.") + idName).c_str());
    };
    field("Model", "model", m_model, "model name (a new name makes a new model)");
    std::string labelHint = m_nextLabel.empty() ? "label" : "next number: " + m_nextLabel + " (or type a label)";
    field("Label", "label", m_label, labelHint.c_str());
    field("Parent", "parent", m_parent, "label, alias or model@label (empty: none)");
    field("Description", "description", m_description, "what changed in this version");

    ImGui::TextUnformatted("Params (JSON object)");
    const float paramsH = std::clamp(ImGui::GetContentRegionAvail().y * 0.4f, unit * 6, unit * 16);
    ui::tabStop("form.params");
    m_changed |= inputMultiline("##params", m_params, -1, paramsH);
    ui::endTabStop();
    publishItem("form.params");
    // Params problems right under the editor, as they are typed.
    core::Diagnostics paramsProblems;
    for (const core::Diagnostic& x : m_draft.problems.items())
        if (x.path.rfind("params", 0) == 0) paramsProblems.add(x);
    if (!paramsProblems.empty()) {
        problemLines(paramsProblems);
        publishItem("form.params-problem");
    }
    drawMetrics();
    drawTags();
    ImGui::EndChild();
    ImGui::Separator();
    for (size_t i = 0; i < others.items().size() && i < 4; ++i) {
        const ImVec4 bad = ui::tone(ui::Tone::Bad);
        std::string line = core::formatDiagnostic(others.items()[i]);
        if (i == 3 && others.items().size() > 4) line = std::to_string(others.items().size() - 3) + " more problems: " + line;
        ui::fittedText(line, &bad, ui::Ellipsis::End, 0, false);
    }
    if (!others.empty()) publishItem("form.problems");
    if (!m_submitError.empty()) ImGui::TextColored(ui::tone(ui::Tone::Bad), "%s", m_submitError.c_str());
    const bool blocked = !m_draft.ok() || ctx.readOnly;
    ImGui::BeginDisabled(blocked);
    std::string createText = "Create " + (m_model.empty() ? std::string("version") : m_model + "@" + m_draft.label);
    bool create = ImGui::Button(createText.c_str());
    ImGui::EndDisabled();
    publishItem("form.create");
    if (blocked && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip(ctx.readOnly ? "This registry is read-only here" : "Fix the problems listed first");
    ImGui::SameLine();
    bool cancel = ImGui::Button("Cancel") || (ImGui::IsKeyPressed(ImGuiKey_Escape) && !ImGui::IsAnyItemActive());
    publishItem("form.cancel");
    if (create && !blocked) {
        m_submitError = ctx.actions.createVersion(request());
        if (m_submitError.empty()) cancel = true;
    }
    if (cancel || !keep) {
        m_open = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

core::Value VersionForm::state() const {
    core::Value o = core::Value::makeObject();
    o.set("open", core::Value::makeBool(m_open));
    if (!m_open) return o;
    o.set("model", core::Value::makeString(m_model));
    o.set("label", core::Value::makeString(m_draft.label));
    o.set("parent", core::Value::makeString(m_parent));
    o.set("from", core::Value::makeString(m_from));
    o.set("params", core::Value::makeString(m_params));
    core::Value problems = core::Value::makeArray();
    for (const core::Diagnostic& x : m_draft.problems.items()) problems.push(core::Value::makeString(core::formatDiagnostic(x)));
    o.set("problems", std::move(problems));
    o.set("metrics", core::Value::makeInteger(static_cast<int64_t>(m_metrics.size())));
    return o;
}

void CurationForm::open(const core::Manifest& m) {
    *this = CurationForm();
    m_model = m.model;
    m_label = m.label;
    m_description = m_originalDescription = m.description;
    m_tags = m_originalTags = m.tags;
    m_open = m_openRequested = true;
}

void CurationForm::draw(const PanelContext& ctx) {
    const float unit = ImGui::GetFontSize();
    bool keep = true;
    if (!beginForm("Edit description and tags###curation-form", m_open, m_openRequested, keep, unit * 36, 0)) return;
    publishWindow("edit.window");
    ImGui::PushTextWrapPos(0);
    ImGui::Text("%s@%s: the description and tags change in place and each change is recorded (when, who, old and "
                "new). The version's content and digest stay as they are.",
                m_model.c_str(), m_label.c_str());
    ImGui::PopTextWrapPos();
    ImGui::TextUnformatted("Description");
    ui::tabStop("edit.description");
    inputMultiline("##description", m_description, -1, unit * 4);
    ui::endTabStop();
    publishItem("edit.description");
    ImGui::TextUnformatted("Tags");
    int remove = -1;
    for (size_t i = 0; i < m_tags.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::SetNextItemWidth(unit * 10);
        inputString("##key", m_tags[i].first, "name");
        publishItem(("edit.tag-key:" + std::to_string(i)).c_str());
        ImGui::SameLine();
        ImGui::SetNextItemWidth(-ImGui::GetFrameHeight() - unit);
        inputString("##value", m_tags[i].second, "value");
        publishItem(("edit.tag-value:" + std::to_string(i)).c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("x")) remove = static_cast<int>(i);
        publishItem(("edit.tag-remove:" + std::to_string(i)).c_str());
        ImGui::PopID();
    }
    if (remove >= 0) m_tags.erase(m_tags.begin() + remove);
    if (ImGui::SmallButton("+ tag")) m_tags.emplace_back();
    publishItem("edit.add-tag");

    // What Save would change: tags whose key is gone are removed, the others set.
    storage::CurationEdit edit;
    std::string problem;
    if (m_description != m_originalDescription) {
        edit.setDescription = true;
        edit.description = m_description;
    }
    std::vector<std::string> keys;
    for (const auto& tag : m_tags) {
        const std::string &k = tag.first, &v = tag.second;
        if (k.empty() && v.empty()) continue;
        if (k.empty()) problem = "a tag needs a name";
        else if (std::find(keys.begin(), keys.end(), k) != keys.end()) problem = "tag " + k + " is given twice";
        keys.push_back(k);
        auto was = std::find_if(m_originalTags.begin(), m_originalTags.end(), [&](const auto& t) { return t.first == k; });
        if (was == m_originalTags.end() || was->second != v) edit.setTags.emplace_back(k, v);
    }
    for (const auto& tag : m_originalTags)
        if (std::find(keys.begin(), keys.end(), tag.first) == keys.end()) edit.removeTags.push_back(tag.first);
    const bool nothing = !edit.setDescription && edit.setTags.empty() && edit.removeTags.empty();
    if (!problem.empty()) {
        ImGui::TextColored(ui::tone(ui::Tone::Bad), "%s", problem.c_str());
        publishItem("edit.problem");
    }
    if (!m_error.empty()) ImGui::TextColored(ui::tone(ui::Tone::Bad), "%s", m_error.c_str());
    ImGui::Separator();
    ImGui::BeginDisabled(nothing || !problem.empty() || ctx.readOnly);
    bool save = ImGui::Button("Save");
    ImGui::EndDisabled();
    publishItem("edit.save");
    ImGui::SameLine();
    bool cancel = ImGui::Button("Cancel") || (ImGui::IsKeyPressed(ImGuiKey_Escape) && !ImGui::IsAnyItemActive());
    publishItem("edit.cancel");
    if (save && !nothing && problem.empty()) {
        m_error = ctx.actions.editVersion(m_model, m_label, edit);
        if (m_error.empty()) cancel = true;
    }
    if (cancel || !keep) {
        m_open = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace mvr::app
