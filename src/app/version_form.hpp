// Making and editing versions by hand (issue 17). "New version" (empty, for the selected model) and "New version
// from this one" (prefilled from a version, which becomes the parent) open one form: model, label (the next number
// unless one is typed), description, params as JSON, metrics with goals, parent, tags. It is checked as you type by
// ops::draftVersion (every problem located: params:LINE:COLUMN, the metric, the label, the parent) and stored
// through the same operation as `mvr create`. "Edit" changes a version's description and tags in place (curation:
// recorded with when, who, old and new).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ops/create.hpp"
#include "storage/registry.hpp"

namespace mvr::app {

struct PanelContext;

// An ImGui text field over a std::string that grows as it is typed in (params can be long).
bool inputString(const char* id, std::string& text, const char* hint = nullptr);
bool inputMultiline(const char* id, std::string& text, float width, float height);

class VersionForm {
public:
    // Opens the form for model; with from, prefilled from that version (its params, metrics, tags, description)
    // and with it as the parent.
    void open(storage::Registry& r, const std::string& model, const std::string& from);
    void draw(const PanelContext& ctx);
    bool isOpen() const { return m_open; }
    // For the published state: what the form holds and the problems it shows.
    core::Value state() const;

private:
    void check(const PanelContext& ctx);
    ops::NewVersion request() const;
    void drawMetrics();
    void drawTags();

    bool m_open = false, m_openRequested = false;
    std::string m_title, m_from;
    std::string m_model, m_label, m_description, m_params, m_parent;
    struct MetricRow {
        std::string name, value;
        int goal = 0;  // 0 none, 1 max, 2 min
    };
    std::vector<MetricRow> m_metrics;
    std::vector<std::pair<std::string, std::string>> m_tags;
    // What the last check found; checked again when a field changed since (m_changed) or the registry did.
    bool m_changed = true;
    uint64_t m_checkedGeneration = ~0ull;
    ops::Draft m_draft;
    std::string m_nextLabel;
    std::string m_submitError;
};

// The description and tags of one version, edited in place.
class CurationForm {
public:
    void open(const core::Manifest& m);
    void draw(const PanelContext& ctx);
    bool isOpen() const { return m_open; }

private:
    bool m_open = false, m_openRequested = false;
    std::string m_model, m_label;
    std::string m_description, m_originalDescription;
    std::vector<std::pair<std::string, std::string>> m_tags, m_originalTags;
    std::string m_error;
};

}  // namespace mvr::app
