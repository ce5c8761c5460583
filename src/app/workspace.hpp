// What the app is about, without a screen: which registry is on screen (the user's own, a hosted one, the
// versions of a comparison link), what is selected, the route (URL fragment <-> state), exports of what is
// on screen and clearing the user's registry. Plain C++ (no imgui, no emscripten): tested natively and under
// node; the panels draw what it holds.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/range_vfs.hpp"
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

// A view as a URL fragment: "m=<model>&v=<label>,<label>&d=0&f=<filter>&focus=<label>" (percent-encoded).
struct Route {
    std::string model;
    std::vector<std::string> versions;
    std::string focused;
    bool onlyDifferences = true;
    std::string filter;
    bool operator==(const Route& o) const;
    bool operator!=(const Route& o) const { return !(*this == o); }
};
std::string formatRoute(const Route& r);
// Unknown keys are ignored; a leading '#' is allowed. A comparison link ("c=...") is not a route.
Route parseRoute(std::string_view fragment);

// What an export takes from the registry on screen.
enum class ExportScope { Registry, Model, Ticked };

struct Contents {
    int64_t versions = 0;
    int64_t models = 0;
};

class Workspace {
public:
    Workspace(std::unique_ptr<storage::Registry> own, bool readOnly);

    // The registry on screen: a view while one is open, else the user's own.
    storage::Registry& onScreen() { return m_view ? *m_view : *m_own; }
    // Moves whenever onScreen() becomes another registry (a view opened or closed): what holds on to the one on
    // screen (the App's engine link) knows to let it go.
    uint64_t screenGeneration() const { return m_screenGeneration; }
    storage::Registry& own() { return *m_own; }
    bool viewing() const { return m_view != nullptr; }
    bool viewIsLink() const { return m_view && m_viewIsLink; }
    const std::string& viewTitle() const { return m_viewTitle; }
    // A registry of its own, in memory, for a hosted file or a link: the user's registry is not touched.
    storage::Registry& openView(const std::string& title, bool isLink);
    // A registry file read in place (a pack, docs/registry-format.md "Packed registries"): read-only through the
    // range VFS, every page through reader (HTTP Range requests in the page, or a copy in memory when the host
    // gave the whole file). Throws StorageError naming title when it cannot be read or is not an mvr registry of
    // this schema; the view before it is closed either way.
    storage::Registry& openPackView(const std::string& title, std::unique_ptr<storage::RangeReader> reader);
    // The reader of the pack on screen (its requests and bytes); null when no pack is.
    const storage::RangeReader* viewReader() const { return m_view ? m_viewReader.get() : nullptr; }
    void closeView();
    bool readOnly() const { return m_readOnly || m_view != nullptr; }
    bool ownIsReadOnly() const { return m_readOnly; }

    Selection& selection() { return m_selection; }
    const Selection& selection() const { return m_selection; }

    // The export of what is on screen, in the registry format. Model and Ticked need a selected model
    // (and ticked versions); empty when there is nothing to export. Throws on a storage failure.
    // versions, when given, is set to how many versions the export holds.
    std::string exportOnScreen(ExportScope scope, size_t* versions = nullptr);
    std::string exportFileName(ExportScope scope) const;

    // What clearing the user's registry would delete, and doing it (one transaction).
    Contents ownContents();
    void clearOwn();

    // Routing. The route the URL asks for wins over any default: requestRoute keeps it until the registry
    // on screen has its model (a registry still loading, an import under way), then applies it.
    void requestRoute(const Route& r);
    // Tries a pending route again (after the data changed); true when it was applied now.
    bool retryPendingRoute();
    bool routePending() const { return m_pending; }
    // The user chose something else: the route still waiting is dropped.
    void cancelPendingRoute() { m_pending = false; }
    // The route of what is on screen; panel state (only differences, the filter) is passed in by the app.
    Route currentRoute(bool onlyDifferences, const std::string& filter) const;
    // The route last applied (its panel state is for the app to hand to the panels).
    const Route& appliedRoute() const { return m_applied; }
    uint64_t routeGeneration() const { return m_routeGeneration; }
    // With nothing selected and no route pending, the first model (what a first visit shows).
    void selectDefaultModel();

private:
    bool applyRoute(const Route& r);

    std::unique_ptr<storage::Registry> m_own;
    std::unique_ptr<storage::Registry> m_view;
    uint64_t m_screenGeneration = 1;
    std::unique_ptr<storage::RangeReader> m_viewReader;  // the pack's, outlives m_view (its VFS reads it)
    std::string m_viewTitle;
    bool m_viewIsLink = false;
    bool m_readOnly;
    Selection m_selection;
    Route m_requested;
    bool m_pending = false;
    Route m_applied;
    uint64_t m_routeGeneration = 0;
};

}  // namespace mvr::app
