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
    ImportPanel& importPanel() { return m_import; }
    bool importing() const { return m_import.busy(); }

    // The registry on screen: the user's own, or one being viewed (a hosted registry, a shared link).
    storage::Registry& registry() { return m_view ? *m_view : *m_registry; }
    storage::Registry& ownRegistry() { return *m_registry; }
    bool viewing() const { return m_view != nullptr; }
    platform::Persistence& persistence() { return m_persistence; }
    Selection& selection() { return m_selection; }
    bool readOnly() const { return m_readOnly || m_view != nullptr; }
    // Imports go to the registry on screen: a view always takes its own data; the user's registry only
    // in the tab that holds the write lock.
    bool canImport() const { return m_view != nullptr || !m_readOnly; }
    // Bumped after every change to the registry, so cached queries refresh.
    uint64_t dataGeneration() const { return m_dataGeneration; }
    // The generation of the last change that was more than aliases moving: a panel loaded at or after it
    // may update its aliases only.
    uint64_t structureGeneration() const { return m_structureGeneration; }
    void dataChanged(bool aliasesOnly = false);
    void refreshAfterSave();
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

    // Views that leave the user's registry alone: a registry file fetched from a URL, or the versions
    // carried by a comparison link. "Import" copies them into the user's registry.
    void openRemote(const std::string& url, std::string bytes);
    void remoteError(const std::string& message);
    void openLink(const std::string& payload);
    void importViewed();
    void closeView();
    // The comparison on screen as a self-contained link (the page compresses it and reports back).
    void copyLink();
    void linkMade(const std::string& url, bool tooLong);
    // URL fragment: "m=<model>&v=<label>,<label>&d=0&f=<filter>"; applied now or once the model exists.
    void applyFragment(const std::string& fragment);

private:
    void drawMenu();
    void drawViewBanner();
    std::string currentFragment() const;
    bool tryApplyFragment(const std::string& fragment);
    void drawExampleBanner();
    void publishState();

    platform::Persistence& m_persistence;
    std::unique_ptr<storage::Registry> m_registry;
    std::unique_ptr<storage::Registry> m_view;
    std::string m_viewTitle;
    std::string m_viewBytes;   // what "Import" copies into the user's registry
    bool m_viewIsLink = false;
    bool m_viewFailed = false;
    std::string m_remoteError;
    std::string m_pendingFragment;
    std::string m_lastFragment;
    std::string m_lastFragmentModel, m_lastFragmentVersions;
    bool m_readOnly;
    bool m_showingExample = false;
    Selection m_selection;
    std::string m_message;
    uint64_t m_dataGeneration = 1;
    uint64_t m_structureGeneration = 1;
    bool m_aliasRefreshPending = false;
    double m_aliasRefreshSince = 0;
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
