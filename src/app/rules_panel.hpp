// Promotion rules in the app (issue 15), a tab beside the comparison: the registry's rules, one edited at a time
// with its errors and warnings located (line:column) as one types, a live preview on the selected model (each
// candidate, each condition with the values it compared, and which version would take the alias), Apply with a
// confirmation naming the move, and the model's alias history as a timeline (who moved what, when, why).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/json_value.hpp"
#include "core/rule_eval.hpp"
#include "core/rules.hpp"
#include "storage/registry.hpp"

namespace mvr::app {

struct PanelContext;

class RulesPanel {
public:
    void draw(const PanelContext& ctx);
    // What the tab shows, for the published state: the rule edited, its problems, the preview, the history.
    core::Value state() const { return m_published; }

private:
    void load(const PanelContext& ctx);
    void edit(const std::string& name, const std::string& text);
    void check(const PanelContext& ctx);
    void drawEditor(const PanelContext& ctx);
    void drawPreview(const PanelContext& ctx);
    void drawHistory(const PanelContext& ctx);

    uint64_t m_generation = ~0ull;
    std::vector<storage::StoredRule> m_rules;
    std::string m_editing;  // the stored rule's name ("": a new rule)
    std::string m_storedText;
    std::vector<char> m_text;
    std::string m_checkedText, m_checkedModel;
    uint64_t m_checkedGeneration = ~0ull;
    bool m_parsed = false;
    core::Rule m_rule;
    std::vector<core::Diagnostic> m_problems;
    core::RuleEvaluation m_preview;
    std::string m_previewError;
    std::vector<core::KnownModel> m_known;
    uint64_t m_knownGeneration = ~0ull;
    std::string m_firstMatch;  // the first model the rule applies to
    bool m_confirm = false;
    std::string m_saveError;
    std::string m_historyModel;
    uint64_t m_historyGeneration = ~0ull;
    std::vector<storage::AliasMove> m_history;
    char m_author[80] = "";
    bool m_authorLoaded = false;
    core::Value m_published;
};

}  // namespace mvr::app
