// Version detail: params as a searchable tree, metrics with goals, datasets and artifacts with their URIs,
// sizes and digests, parent and children, aliases and tags; any value can be copied whole. Setting an alias
// is checked before it is asked for (the error stays next to the field with what was typed), and moving
// or removing a protected alias (production) asks first, naming from which version to which.
#pragma once

#include <string>
#include <vector>

#include "app/version_form.hpp"
#include "core/manifest.hpp"
#include "engine/client.hpp"
#include "storage/registry.hpp"

namespace mvr::app {

struct PanelContext;

class DetailPanel {
public:
    void draw(const PanelContext& ctx);

private:
    // Asks for the focused version (as stored) and its children when the focus or the data changed; take() reads
    // the answer into the manifest shown. Another version's answer replaces what is shown when it comes (until
    // then the pane is empty, not the last version's); the same version's stays until its new answer.
    void load(const PanelContext& ctx);
    void take();
    void drawAliases(const PanelContext& ctx);
    void submitAlias(const PanelContext& ctx);
    void drawConfirm(const PanelContext& ctx);
    void drawCuration(const PanelContext& ctx);
    void drawFields();
    void drawLineage(const PanelContext& ctx);
    void drawMetrics();
    void drawData(const char* title, const std::vector<core::DataRef>& list);
    void paramTree(const core::Value& v, std::string& path, const std::string& search);

    std::string m_model, m_label;
    uint64_t m_loadedGeneration = 0;
    bool m_loaded = false;
    core::Manifest m_manifest;
    std::vector<std::string> m_children;
    storage::DeletePlan m_deletePlan;  // what the delete dialog names
    CurationForm m_edit;               // the description and tags, edited in place
    std::vector<storage::CurationChange> m_log;  // the version's curation records
    engine::Pending<engine::LoadAnswer> m_askVersion;
    engine::Pending<std::vector<std::string>> m_askChildren;
    int m_askedFrame = 0;
    std::string m_readError;  // why the version could not be read
    char m_search[128] = "";
    char m_alias[160] = "";
    std::string m_aliasError;  // why the alias typed cannot be set; shown next to the field until it changes
    bool m_refocus = false, m_cursorToEnd = false;  // back into the field after a refusal, the cursor at the end
    // A protected alias waiting for the user's answer: move it to m_label (or remove it), from m_confirmFrom.
    struct Confirm {
        bool open = false;
        bool remove = false;
        std::string alias, from;
    } m_confirm;
};

}  // namespace mvr::app
