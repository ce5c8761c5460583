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
#include "app/layout.hpp"
#include "app/lineage_panel.hpp"
#include "app/models_panel.hpp"
#include "app/monitor_panel.hpp"
#include "app/panel_context.hpp"
#include "app/rules_panel.hpp"
#include "app/status_bar.hpp"
#include "app/version_form.hpp"
#include "app/versions_panel.hpp"
#include "app/workspace.hpp"
#include "engine/client.hpp"
#include "platform/persist.hpp"
#include "storage/registry.hpp"

namespace mvr::app {

struct PendingFile {
    std::string name;
    std::string bytes;
};

// The App owns the workspace and the panels, runs each frame, and carries out what panels ask (Actions).
class App final : private Actions {
public:
    // initialFragment: the URL fragment the page was opened with; its view wins over any default.
    App(platform::Persistence& persistence, bool readOnly, const std::string& initialFragment = "");

    void frame();  // one UI frame
    void queueImport(std::string name, std::string bytes, bool example = false);
    ImportPanel& importPanel() { return m_import; }
    bool importing() const { return m_import.busy(); }
    // The registry on screen: the user's own, or one being viewed (a hosted registry, a shared link).
    storage::Registry& registry() { return m_ws.onScreen(); }

    // An exception from a user action becomes a visible message (see the error boundary in frame()).
    void actionFailed(const std::string& what, const std::string& why);
    // Fault injection for the end-to-end tests: the next export throws this message (see the boundary).
    void failNextExport(const std::string& message) { m_failNextExport = message; }
    // Ticks the first n versions of the selected model (benchmarks of the compare view).
    void selectFirst(size_t n);

    // Views that leave the user's registry alone: a registry file fetched from a URL, or the versions
    // carried by a comparison link. "Import" copies them into the user's registry.
    // bytes that are an SQLite file (a pack the host gave whole) open in place from memory, as openPack.
    void openRemote(const std::string& url, std::string bytes);
    // A pack (mvr pack) on a host that honours Range requests: read in place, only the pages each view needs,
    // each run of missing blocks one synchronous Range request (platform::rangeGet). size: the file's bytes,
    // pageSize: its SQLite page size (the read-ahead is at least one page).
    void openPack(const std::string& url, uint64_t size, int pageSize);
    void remoteError(const std::string& message);
    // Why a hosted registry was opened the way it was (a pack downloaded whole): shown with the view.
    void remoteNote(const std::string& message) { m_remoteNote = message; }
    // options: the route fragment that followed the payload ("d=0"), for the view's settings.
    void openLink(const std::string& payload, const std::string& options = "");
    // The page made the link copyLink asked for (tooLong: over what browsers take in a URL).
    void linkMade(const std::string& url, bool tooLong);
    // URL fragment: "m=<model>&v=<label>,<label>&d=0&f=<filter>"; applied now or once the model exists.
    void applyFragment(const std::string& fragment);

private:
    // Actions: what the panels ask for.
    void selectModel(const std::string& model) override;
    void exportJson(const std::string& what) override;
    void setAlias(const std::string& model, const std::string& alias, const std::string& label) override;
    void removeAlias(const std::string& model, const std::string& alias) override;
    // The comparison on screen as a self-contained link (the page compresses it and reports back).
    void copyLink() override;
    std::string saveRule(const std::string& text, bool replace, const std::string& author) override;
    void removeRule(const std::string& name, const std::string& author) override;
    void applyRule(const std::string& rule, const std::string& model, const std::string& author) override;
    void deprecateVersion(const std::string& model, const std::string& label, bool deprecated) override;
    void deleteVersion(const std::string& model, const std::string& label, bool force) override;
    void newVersion(const std::string& model, const std::string& from) override;
    std::string createVersion(const ops::NewVersion& v) override;
    std::string editVersion(const std::string& model, const std::string& label, const storage::CurationEdit& edit) override;
    // After an import into the user's registry: the rules run on what arrived (as imports from the CLI do).
    void applyRulesAfterImport();

    // Imports go to the registry on screen: a view always takes its own data (a pack read in place takes none:
    // it is read-only); the user's registry only in the tab that holds the write lock.
    bool canImport() const { return (m_ws.viewing() && !m_ws.viewReader()) || (!m_ws.viewing() && !m_ws.ownIsReadOnly()); }
    // Bumps the generations after a change to the registry (aliasesOnly: only aliases moved), so that
    // cached queries refresh.
    void dataChanged(bool aliasesOnly = false);
    // An alias moved: panels show it once the commit is saved.
    void refreshAfterSave();
    // Asks first (naming what goes, offering an export), then clears the user's registry.
    void askToClear();
    void importViewed();
    void drawAnalysis(const PanelContext& ctx);
    void drawAnalysisTabs();
    void importCommitted();
    void closeView();

    PanelContext panelContext();
    void drawMenu();
    void drawViewBanner();
    std::string currentFragment() const;
    void routeApplied();
    void drawExampleBanner();
    void drawStorageBanner();
    void drawClearDialog();
    void drawActionError();
    void shortcuts();
    void say(std::string message);
    void drawNotice();
    void drawHelp();
    void clearRegistry();
    void publishState();
    core::Value m_state;  // the last frame's published state (window.mvrState), made into JSON when read
    void syncFragment();
    // Runs one part of the frame; an exception is shown (actionFailed) and ImGui's stacks are unwound to
    // where they were, so the frame goes on and the next one draws.
    template <class F>
    void guarded(const char* what, F&& f);

    platform::Persistence& m_persistence;
    Workspace m_ws;
    // The engine the panels ask (PanelContext::engine): for now in this thread, bound to the registry on screen,
    // what a frame asked is answered at its end and handed over at the start of the next, as a worker's answers
    // would come. When the registry on screen becomes another one (a view opened or closed) the link is let go at
    // the end of that frame, unanswered, and made again for the new one at the start of the next; the data
    // generation then moves, so that the panels ask again.
    void openLink();
    void flushLink();
    std::unique_ptr<engine::LocalLink> m_link;
    uint64_t m_linkScreen = 0;  // the Workspace::screenGeneration it was made for
    Layout m_layout;
    std::string m_viewBytes;   // what "Import" copies into the user's registry
    bool m_viewFailed = false;
    std::string m_remoteError;
    std::string m_remoteNote;
    // A pack read in place: the time the main thread spent waiting for its Range requests, and the first
    // failure (after which no request is made: a host that is down is not asked again every frame).
    double m_packBlockedMs = 0;
    double m_packBlockedMax = 0;  // the longest wait in one frame
    double m_packFrameMs = 0;
    std::string m_packFailure;
    bool m_packRemote = false;  // the pack on screen is read from its host (not from a copy downloaded whole)
    // A read of the pack on screen failed: the view's error says so (true), instead of each action's.
    bool packFailed();
    // Opens a pack view over reader; a failure becomes the view's error message.
    void openPackReader(const std::string& url, std::unique_ptr<storage::RangeReader> reader);
    std::string m_lastFragment;
    std::string m_lastFragmentModel, m_lastFragmentVersions;
    uint64_t m_seenRouteGeneration = 0;
    bool m_showingExample = false;
    std::string m_storageProblem;  // why nothing can be saved (the tab runs in memory); "" normally
    std::string m_storageDamage;   // stored records that failed their checksum (opened read-only); "" normally
    bool m_importingExample = false;  // the batch running is the bundled example
    bool m_clearAsked = false;
    bool m_helpAsked = false;
    // Characters typed after "/" or Ctrl+F until the versions filter has the keyboard (the frame that asks for it
    // and the one it takes it in give it none), handed to it first; m_filterWait: frames left to wait for it.
    std::vector<ImWchar> m_filterTyped;
    int m_filterWait = 0;
    Contents m_clearContents;
    std::string m_actionError;
    std::string m_failNextExport;
    std::string m_message;
    double m_messageAt = 0;
    double m_themeCheckedAt = 0;
    uint64_t m_dataGeneration = 1;
    uint64_t m_structureGeneration = 1;
    bool m_aliasRefreshPending = false;
    double m_aliasRefreshSince = 0;
    uint64_t m_countGeneration = 0;
    uint64_t m_defaultModelGeneration = 0;
    int64_t m_versionCount = 0;

    ModelsPanel m_models;
    VersionsPanel m_versions;
    DetailPanel m_detail;
    VersionForm m_versionForm;
    ComparePanel m_compare;
    MonitorPanel m_monitor;
    RulesPanel m_rules;
    LineagePanel m_lineage;
    int m_analysisTab = 0;  // 0: the comparison, then the MonitorTab values + 1, 5 the rules, 6 the lineage
    ImportPanel m_import;
    StatusBar m_status;
};

}  // namespace mvr::app
