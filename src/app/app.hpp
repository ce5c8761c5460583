// The mvr browser app: the registry, what the user has selected, the import queue, and one panel per
// file (models, versions, detail, compare, import, status bar). Panels hold view state only.
#pragma once

#include <deque>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "app/compare_panel.hpp"
#include "app/detail_panel.hpp"
#include "app/import_panel.hpp"
#include "app/models_panel.hpp"
#include "app/status_bar.hpp"
#include "app/versions_panel.hpp"
#include "platform/persist.hpp"
#include "storage/registry.hpp"

namespace mvr::app {

// What is selected, shared by the panels (the data the views are about, not view state).
struct Selection {
    std::string model;
    std::vector<std::string> versions;  // labels, in the order picked; the first is the baseline
    std::string focused;                // the version the detail panel shows
    uint64_t generation = 0;            // bumped on every change, so panels know to recompute
    bool has(const std::string& label) const;
    void toggle(const std::string& label);
    void set(const std::string& model, std::vector<std::string> labels);
};

struct PendingFile {
    std::string name;
    std::string bytes;
};

class App {
public:
    App(platform::Persistence& persistence, bool readOnly);

    void frame();  // one UI frame
    void queueImport(std::string name, std::string bytes, bool example = false);
    bool importing() const { return m_import.busy(); }

    storage::Registry& registry() { return *m_registry; }
    platform::Persistence& persistence() { return m_persistence; }
    Selection& selection() { return m_selection; }
    bool readOnly() const { return m_readOnly; }
    // Bumped after every change to the registry, so cached queries refresh.
    uint64_t dataGeneration() const { return m_dataGeneration; }
    void dataChanged();
    bool showingExample() const { return m_showingExample; }
    void clearRegistry();
    // Widgets the end-to-end tests need to find publish their rectangle under a label.
    void publish(const char* label);
    void exportJson(const std::string& what);
    // Alias changes (one commit each); problems become a message in the status bar.
    void setAlias(const std::string& model, const std::string& alias, const std::string& label);
    void removeAlias(const std::string& model, const std::string& alias);
    const std::string& message() const { return m_message; }
    // Ticks the first n versions of the selected model (benchmarks of the compare view).
    void selectFirst(size_t n);

private:
    void drawMenu();
    void drawExampleBanner();
    void publishState();

    platform::Persistence& m_persistence;
    std::unique_ptr<storage::Registry> m_registry;
    bool m_readOnly;
    bool m_showingExample = false;
    Selection m_selection;
    std::string m_message;
    uint64_t m_dataGeneration = 1;
    uint64_t m_countGeneration = 0;
    int64_t m_versionCount = 0;

    ModelsPanel m_models;
    VersionsPanel m_versions;
    DetailPanel m_detail;
    ComparePanel m_compare;
    ImportPanel m_import;
    StatusBar m_status;
};

}  // namespace mvr::app
