#include "app/rules_panel.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "app/panel_context.hpp"
#include "app/text_fit.hpp"
#include "app/theme.hpp"
#include "imgui.h"
#include "ops/rules.hpp"
#include "platform/browser.hpp"

namespace mvr::app {

namespace {

const char* const kPass = "\xE2\x9C\x93";  // ✓
const char* const kFail = "\xE2\x9C\x97";  // ✗

const char* const kTemplate =
    "rule: promote-challenger\n"
    "alias: production\n"
    "models: *\n"
    "candidates: alias staging\n"
    "compare: metrics.auc better by 0.5%\n"
    "choose: newest\n";

std::string diagnosticText(const core::Diagnostic& d) {
    std::string where = d.line ? std::to_string(d.line) + ":" + std::to_string(d.col) + ": " : "";
    return where + (d.code == "rule-warning" ? "warning: " : "") + d.message;
}

bool isWarning(const core::Diagnostic& d) { return d.code == "rule-warning"; }

}  // namespace

void RulesPanel::edit(const std::string& name, const std::string& text) {
    m_editing = name;
    m_storedText = name.empty() ? "" : text;
    m_text.assign(text.begin(), text.end());
    m_text.resize(text.size() + 4096, '\0');
    m_checkedText.clear();
    m_saveError.clear();
}

void RulesPanel::load(const PanelContext& ctx) {
    if (m_generation == ctx.dataGeneration) return;
    m_generation = ctx.dataGeneration;
    m_rules = ctx.registry.rules();
    if (m_text.empty()) {
        if (!m_rules.empty()) edit(m_rules.front().name, m_rules.front().text);
        else edit("", kTemplate);
    } else if (!m_editing.empty()) {
        auto it = std::find_if(m_rules.begin(), m_rules.end(), [&](const storage::StoredRule& r) { return r.name == m_editing; });
        if (it == m_rules.end()) m_editing.clear();  // removed (here or in another tab)
        else m_storedText = it->text;
    }
}

// Parses what is typed, checks it against the registry and runs it on the selected model: only when the text,
// the model or the registry changed.
void RulesPanel::check(const PanelContext& ctx) {
    const std::string text(m_text.data());
    if (text == m_checkedText && ctx.selection.model == m_checkedModel && m_checkedGeneration == ctx.dataGeneration) return;
    m_checkedText = text;
    m_checkedModel = ctx.selection.model;
    m_checkedGeneration = ctx.dataGeneration;
    m_problems.clear();
    m_rule = core::Rule();
    m_preview = core::RuleEvaluation();
    m_previewError.clear();
    m_parsed = core::parseRule(text, m_rule, m_problems);
    if (!m_parsed) return;
    // What the registry knows (every model's metrics and goals): read once per change of the data, not per keystroke.
    if (m_knownGeneration != ctx.dataGeneration) {
        m_knownGeneration = ctx.dataGeneration;
        m_known = ctx.registry.knownModels();
    }
    const std::vector<core::KnownModel>& known = m_known;
    core::checkRuleAgainst(m_rule, known, m_problems);
    m_firstMatch.clear();
    for (const core::KnownModel& k : known)
        if (m_rule.appliesTo(k.name)) {
            m_firstMatch = k.name;
            break;
        }
    if (std::any_of(m_problems.begin(), m_problems.end(), [](const core::Diagnostic& d) { return !isWarning(d); })) {
        m_parsed = false;
        return;
    }
    if (ctx.selection.model.empty() || !m_rule.appliesTo(ctx.selection.model)) return;
    try {
        m_preview = ops::evaluateRuleOn(ctx.registry, m_rule, ctx.selection.model);
    } catch (const std::exception& e) {
        m_previewError = e.what();
    }
}

void RulesPanel::draw(const PanelContext& ctx) {
    m_published = core::Value::makeObject();
    load(ctx);
    // Which rule: a stored one, or a new one.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Rule");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    std::string preview = m_editing.empty() ? "(new rule)" : m_editing;
    bool open = ImGui::BeginCombo("##rule-pick", preview.c_str());
    publishItem("rules.pick");
    if (open) {
        for (const storage::StoredRule& r : m_rules) {
            if (ImGui::Selectable(r.name.c_str(), r.name == m_editing)) edit(r.name, r.text);
            publishItem(("rules.pick:" + r.name).c_str());
        }
        if (ImGui::Selectable("New rule…", m_editing.empty())) edit("", kTemplate);
        publishItem("rules.new");
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%zu rule%s in this registry", m_rules.size(), m_rules.size() == 1 ? "" : "s");
    ImGui::SameLine();
    if (!m_authorLoaded) {
        m_authorLoaded = true;
        std::snprintf(m_author, sizeof m_author, "%s", platform::loadSetting("author").c_str());
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::InputTextWithHint("##author", "your name", m_author, sizeof m_author)) platform::saveSetting("author", m_author);
    publishItem("rules.author");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Recorded with the rules you change and the aliases you move.");

    check(ctx);
    drawEditor(ctx);
    drawPreview(ctx);
    drawHistory(ctx);
    m_published.set("editing", core::Value::makeString(m_editing));
    m_published.set("text", core::Value::makeString(m_text.data()));
    m_published.set("rules", core::Value::makeInteger(static_cast<int64_t>(m_rules.size())));
}

void RulesPanel::drawEditor(const PanelContext& ctx) {
    const float lines = 7.5f;
    ImGui::InputTextMultiline("##rule-text", m_text.data(), m_text.size(),
                              ImVec2(-1, ImGui::GetTextLineHeight() * lines + ImGui::GetStyle().FramePadding.y * 2),
                              ImGuiInputTextFlags_AllowTabInput);
    publishItem("rules.text");
    if (std::strlen(m_text.data()) + 1024 > m_text.size()) m_text.resize(m_text.size() * 2, '\0');
    // Problems, located.
    core::Value problems = core::Value::makeArray();
    for (const core::Diagnostic& d : m_problems) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ui::tone(isWarning(d) ? ui::Tone::Warn : ui::Tone::Bad), "%s", diagnosticText(d).c_str());
        ImGui::PopTextWrapPos();
        problems.push(core::Value::makeString(diagnosticText(d)));
    }
    if (!m_problems.empty()) publishItem("rules.problems");
    m_published.set("problems", std::move(problems));

    const std::string text(m_text.data());
    const bool changed = m_editing.empty() || text != m_storedText;
    const bool readOnly = ctx.readOnly;
    ImGui::BeginDisabled(!m_parsed || !changed || readOnly);
    if (ImGui::Button(m_editing.empty() ? "Add rule" : "Save changes")) {
        const bool renamed = !m_editing.empty() && m_rule.name != m_editing;
        m_saveError = ctx.actions.saveRule(text, !m_editing.empty() && !renamed, platform::loadSetting("author"));
        if (m_saveError.empty()) {
            if (renamed) ctx.actions.removeRule(m_editing, platform::loadSetting("author"));
            m_editing = m_rule.name;
            m_storedText = text;
        }
    }
    ImGui::EndDisabled();
    publishItem("rules.save");
    ImGui::SameLine();
    ImGui::BeginDisabled(m_editing.empty() || readOnly);
    if (ImGui::Button("Remove")) {
        ctx.actions.removeRule(m_editing, platform::loadSetting("author"));
        edit("", kTemplate);
    }
    ImGui::EndDisabled();
    publishItem("rules.remove");
    ImGui::SameLine();
    if (m_editing.empty() || changed) ImGui::TextDisabled(m_parsed ? "not saved" : "fix the errors to save");
    else ImGui::TextDisabled("saved");
    if (!m_saveError.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ui::tone(ui::Tone::Bad), "%s", m_saveError.c_str());
        ImGui::PopTextWrapPos();
        publishItem("rules.save-error");
    }
    m_published.set("saveError", core::Value::makeString(m_saveError));
    m_published.set("saved", core::Value::makeBool(!changed));
}

void RulesPanel::drawPreview(const PanelContext& ctx) {
    ImGui::Separator();
    const std::string& model = ctx.selection.model;
    core::Value preview = core::Value::makeObject();
    if (!m_parsed) {
        ImGui::TextDisabled("The preview shows once the rule parses.");
    } else if (model.empty()) {
        ImGui::TextDisabled("Pick a model to preview the rule on it.");
    } else if (!m_rule.appliesTo(model)) {
        std::string models;
        for (const std::string& m : m_rule.models) models += (models.empty() ? "" : ", ") + m;
        ImGui::TextDisabled("This rule does not apply to %s (models: %s).", model.c_str(), models.c_str());
        if (!m_firstMatch.empty()) {
            ImGui::SameLine();
            if (ImGui::SmallButton(("Preview on " + m_firstMatch).c_str())) ctx.actions.selectModel(m_firstMatch);
            publishItem("rules.preview-on");
        }
    } else if (!m_previewError.empty()) {
        ImGui::TextColored(ui::tone(ui::Tone::Bad), "%s", m_previewError.c_str());
    } else {
        const core::RuleEvaluation& e = m_preview;
        if (e.moves()) {
            ImGui::TextColored(ui::tone(ui::Tone::Good), "Would move %s of %s: %s \xE2\x86\x92 %s", e.alias.c_str(), model.c_str(),
                               e.holder.empty() ? "(none)" : e.holder.c_str(), e.to().c_str());
        } else {
            ImGui::TextDisabled("Nothing moves: %s", e.note.c_str());
        }
        publishItem("rules.verdict");
        ImGui::SameLine();
        const bool applicable = e.moves() && !m_editing.empty() && std::string(m_text.data()) == m_storedText && !ctx.readOnly;
        ImGui::BeginDisabled(!applicable);
        if (ImGui::SmallButton("Apply…")) m_confirm = true;
        ImGui::EndDisabled();
        publishItem("rules.apply");
        if (e.moves() && !applicable && !ctx.readOnly) {
            ImGui::SameLine();
            ImGui::TextDisabled("(save the rule to apply it)");
        }
        if (!e.reference.empty()) ImGui::TextDisabled("compared with %s@%s", model.c_str(), e.reference.c_str());
        // Each candidate, each condition with its values.
        core::Value candidates = core::Value::makeArray();
        if (ImGui::BeginTable("rule-candidates", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV)) {
            ImGui::TableSetupColumn("Candidate");
            ImGui::TableSetupColumn("Verdict");
            ImGui::TableSetupColumn("Conditions", ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableHeadersRow();
            for (size_t i = 0; i < e.candidates.size(); ++i) {
                const core::CandidateVerdict& c = e.candidates[i];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.label.c_str());
                ImGui::TableNextColumn();
                bool chosen = static_cast<int>(i) == e.chosen;
                ImGui::TextColored(ui::tone(c.passed ? ui::Tone::Good : ui::Tone::Bad), "%s %s%s", c.passed ? kPass : kFail,
                                   c.passed ? "passes" : "fails", chosen ? " (chosen)" : "");
                publishItem(("rules.candidate:" + c.label).c_str());
                ImGui::TableNextColumn();
                core::Value outs = core::Value::makeArray();
                for (const core::Outcome& o : c.outcomes) {
                    std::string line = std::string(o.skipped ? "\xE2\x80\x93" : o.passed ? kPass : kFail) + " " + o.condition;
                    if (!o.value.empty()) line += ": " + o.value;
                    if (!o.holder.empty()) line += " vs " + o.holder;
                    if (!o.note.empty()) line += " (" + o.note + ")";
                    ImGui::PushTextWrapPos(0);
                    ImGui::TextColored(ui::tone(o.skipped ? ui::Tone::Muted : o.passed ? ui::Tone::Good : ui::Tone::Bad), "%s", line.c_str());
                    ImGui::PopTextWrapPos();
                    outs.push(core::Value::makeString(line));
                }
                core::Value cv = core::Value::makeObject();
                cv.set("label", core::Value::makeString(c.label));
                cv.set("passed", core::Value::makeBool(c.passed));
                cv.set("chosen", core::Value::makeBool(chosen));
                cv.set("outcomes", std::move(outs));
                candidates.push(std::move(cv));
            }
            ImGui::EndTable();
        }
        if (e.candidates.empty()) ImGui::TextDisabled("No version is a candidate.");
        preview.set("moves", core::Value::makeBool(e.moves()));
        preview.set("holder", core::Value::makeString(e.holder));
        preview.set("to", core::Value::makeString(e.moves() ? e.to() : ""));
        preview.set("note", core::Value::makeString(e.note));
        preview.set("candidates", std::move(candidates));
    }
    m_published.set("preview", std::move(preview));

    // The confirmation names the move.
    if (m_confirm) {
        ImGui::OpenPopup("Apply the rule?");
        m_confirm = false;
    }
    if (ImGui::BeginPopupModal("Apply the rule?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        publishWindow("rules.confirm");
        const core::RuleEvaluation& e = m_preview;
        if (e.moves()) {
            ImGui::Text("Rule %s moves %s of %s", e.rule.c_str(), e.alias.c_str(), model.c_str());
            ImGui::Text("from %s to %s.", e.holder.empty() ? "no version" : e.holder.c_str(), e.to().c_str());
            ImGui::TextDisabled("The move is recorded in the alias history with the values compared.");
        }
        if (ImGui::Button("Apply") && e.moves()) {
            ctx.actions.applyRule(e.rule, model, platform::loadSetting("author"));
            ImGui::CloseCurrentPopup();
        }
        publishItem("rules.confirm.apply");
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        publishItem("rules.confirm.cancel");
        ImGui::EndPopup();
    }
}

void RulesPanel::drawHistory(const PanelContext& ctx) {
    const std::string& model = ctx.selection.model;
    if (model.empty()) return;
    if (model != m_historyModel || m_historyGeneration != ctx.dataGeneration) {
        m_historyModel = model;
        m_historyGeneration = ctx.dataGeneration;
        m_history = ctx.registry.aliasHistory(model);
    }
    ImGui::Separator();
    ImGui::Text("Alias history of %s", model.c_str());
    publishItem("rules.history");
    core::Value rows = core::Value::makeArray();
    if (m_history.empty()) {
        ImGui::TextDisabled("No alias of this model has moved since the registry keeps a history.");
    } else if (ImGui::BeginTable("alias-history", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV)) {
        ImGui::TableSetupColumn("When");
        ImGui::TableSetupColumn("Alias");
        ImGui::TableSetupColumn("Move");
        ImGui::TableSetupColumn("By");
        ImGui::TableSetupColumn("How");
        ImGui::TableSetupColumn("Why", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        // Newest first: the timeline reads down into the past.
        for (size_t k = m_history.size(); k-- > 0;) {
            const storage::AliasMove& m = m_history[k];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(m.at.empty() ? "before history" : m.at.c_str());
            ImGui::TableNextColumn();
            ImGui::TextColored(ui::tone(ui::Tone::Accent), "%s", m.alias.c_str());
            ImGui::TableNextColumn();
            std::string move = (m.from.empty() ? std::string("(none)") : m.from) + " \xE2\x86\x92 " + (m.to.empty() ? std::string("(removed)") : m.to);
            ImGui::TextUnformatted(move.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(m.author.empty() ? "-" : m.author.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(m.source.c_str());
            ImGui::TableNextColumn();
            std::string why = m.rule.empty() ? "" : "rule " + m.rule;
            ImGui::PushTextWrapPos(0);
            ImGui::TextDisabled("%s", why.c_str());
            ImGui::PopTextWrapPos();
            if (!m.detail.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", m.detail.c_str());
            core::Value r = core::Value::makeObject();
            r.set("alias", core::Value::makeString(m.alias));
            r.set("from", core::Value::makeString(m.from));
            r.set("to", core::Value::makeString(m.to));
            r.set("source", core::Value::makeString(m.source));
            r.set("rule", core::Value::makeString(m.rule));
            r.set("author", core::Value::makeString(m.author));
            rows.push(std::move(r));
        }
        ImGui::EndTable();
    }
    m_published.set("history", std::move(rows));
}

}  // namespace mvr::app
