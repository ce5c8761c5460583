// What a panel draws from and what it may ask for. Panels get this, never the App: they read the registry
// on screen and the selection, and ask for changes through Actions, which the App carries out. Anything
// that fills these in can drive a panel (the App does, once per frame, inside its error boundary).
#pragma once

#include <cstdint>
#include <string>

#include "app/workspace.hpp"
#include "engine/client.hpp"
#include "ops/create.hpp"
#include "storage/registry.hpp"

namespace mvr::app {

// The changes a panel can ask for.
class Actions {
public:
    virtual ~Actions() = default;
    // The user picked a model (a route still waiting for its model is dropped).
    virtual void selectModel(const std::string& model) = 0;
    // One commit each; problems become a message.
    virtual void setAlias(const std::string& model, const std::string& alias, const std::string& label) = 0;
    virtual void removeAlias(const std::string& model, const std::string& alias) = 0;
    // "registry", "model", "selection", "comparison" or "markdown".
    virtual void exportJson(const std::string& what) = 0;
    // The comparison on screen as a self-contained link.
    virtual void copyLink() = 0;
    // Promotion rules (author: who, for the record; "" unknown). saveRule returns why it was refused ("" saved);
    // replace: a rule of that name may be changed.
    virtual std::string saveRule(const std::string& text, bool replace, const std::string& author) = 0;
    virtual void removeRule(const std::string& name, const std::string& author) = 0;
    // Runs one stored rule on one model and moves what it chooses (one commit with its history record).
    virtual void applyRule(const std::string& rule, const std::string& model, const std::string& author) = 0;
    // Curation (issue 17): deprecate a version (or undo it); delete one (force: although versions name it as
    // their parent). One commit each; refusals become a message.
    virtual void deprecateVersion(const std::string& model, const std::string& label, bool deprecated) = 0;
    virtual void deleteVersion(const std::string& model, const std::string& label, bool force) = 0;
    // Opens the New version form for model (from: prefilled from that version, its parent).
    virtual void newVersion(const std::string& model, const std::string& from) = 0;
    // Stores a new version (ops::createVersion: one commit, then the rules run) and shows it; returns why it was
    // not created ("" when it was).
    virtual std::string createVersion(const ops::NewVersion& v) = 0;
    // Changes a version's description and tags in place (recorded); returns why not ("" done).
    virtual std::string editVersion(const std::string& model, const std::string& label, const storage::CurationEdit& edit) = 0;
};

struct PanelContext {
    storage::Registry& registry;   // the registry on screen (the user's own, a hosted one or a link's)
    // The same registry asked through the engine's protocol: a read returns a Pending, asked this frame and
    // answered in a later one (docs/architecture.md, "Where the engine runs"). A panel that reads this way keeps
    // what it showed until the answer comes; the panels not moved yet read `registry` directly.
    engine::Client& engine;
    Selection& selection;
    uint64_t dataGeneration;       // bumped after every change to the registry on screen
    uint64_t structureGeneration;  // the last change that was more than aliases moving
    bool readOnly;                 // nothing on screen may be changed (a view, or another tab writes)
    bool routePending;             // a route from the URL waits for its model: pick no default model
    Actions& actions;
};

// Publishes the last item's rectangle under label, for the end-to-end tests to find.
// (Only its visible part: a row scrolled half out of its table publishes what is on screen.)
void publishItem(const char* label);
// Publishes the current window's rectangle (a dialog) under label.
void publishWindow(const char* label);

}  // namespace mvr::app
