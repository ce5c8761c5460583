#include "app/app.hpp"
#include "app/theme.hpp"

#include <algorithm>
#include <cfloat>
#include <iterator>
#include <stdexcept>
#include <utility>

#include "core/json_value.hpp"
#include "core/json_reader.hpp"
#include "core/link_codec.hpp"
#include "core/registry_format.hpp"
#include "core/text.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "app/focus_ring.hpp"
#include "app/text_fit.hpp"
#include "ops/file_import.hpp"
#include "ops/rules.hpp"
#include "platform/browser.hpp"

namespace mvr::app {

namespace {
constexpr int kFilterWaitFrames = 30;  // for the versions filter to take the keyboard after "/" or Ctrl+F

std::string vs_join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += x + "\x1f";
    return out;
}

// Unwinds ImGui's stacks to a window depth after an exception: windows, child windows, menus and popups
// begun inside are ended, then the tables, trees, IDs and styles of the window we return to are popped.
void recoverImGuiTo(int windowDepth) {
    ImGuiContext& g = *GImGui;
    while (g.CurrentWindowStack.Size > windowDepth) {
        ImGui::ErrorCheckEndWindowRecover(nullptr);
        if (g.CurrentWindow->Flags & ImGuiWindowFlags_ChildWindow) ImGui::EndChild();
        else ImGui::End();
    }
    if (g.CurrentWindowStack.Size > 1) ImGui::ErrorCheckEndWindowRecover(nullptr);
}
}  // namespace

template <class F>
void App::guarded(const char* what, F&& f) {
    int depth = GImGui->CurrentWindowStack.Size;
    try {
        f();
    } catch (const std::exception& e) {
        recoverImGuiTo(depth);
        actionFailed(what, e.what());
    } catch (...) {
        recoverImGuiTo(depth);
        actionFailed(what, "unknown error");
    }
}

void App::actionFailed(const std::string& what, const std::string& why) {
    // A read of the pack on screen failed: the view's message names the host and what happened.
    if (packFailed()) return;
    m_actionError = what + " failed: " + core::showInvalidBytes(why);
}

App::App(platform::Persistence& persistence, bool readOnly, const std::string& initialFragment)
    : m_persistence(persistence),
      m_ws(std::make_unique<storage::Registry>("mvr-pages", readOnly), readOnly),
      m_layout(parseLayout(platform::loadSetting("panes"))) {
    m_showingExample = platform::loadSetting("example") == "1" && m_ws.own().versionCount() > 0;
    m_storageProblem = platform::storageProblem();
    m_storageDamage = platform::storageDamage();
    if (!initialFragment.empty()) applyFragment(initialFragment);
}

void App::dataChanged(bool aliasesOnly) {
    ++m_dataGeneration;
    if (!aliasesOnly) m_structureGeneration = m_dataGeneration;
    ++m_ws.selection().generation;
    m_ws.retryPendingRoute();
}

// After a good import the view goes to what was imported (unless a route from the URL waits for its
// model); the example banner stays only while the registry holds nothing but the example.
void App::importCommitted() {
    const bool example = m_importingExample;
    if (m_importingExample) m_importingExample = false;
    else if (m_showingExample && !m_ws.viewing()) {
        m_showingExample = false;
        platform::saveSetting("example", "0");
    }
    const std::string& model = m_import.lastModel();
    if (!model.empty() && !m_ws.routePending() && model != m_ws.selection().model) m_ws.selection().set(model, {});
    if (!example) applyRulesAfterImport();
}

void App::selectModel(const std::string& model) {
    m_ws.cancelPendingRoute();
    m_ws.selection().set(model, {});
}

namespace {
// The first 16 bytes of every SQLite database file ("SQLite format 3" and its NUL).
bool isSqliteFile(const std::string& bytes) {
    static const std::string kHeader("SQLite format 3\0", 16);
    return bytes.size() >= kHeader.size() && bytes.compare(0, kHeader.size(), kHeader) == 0;
}
}  // namespace

void App::openRemote(const std::string& url, std::string bytes) {
    if (isSqliteFile(bytes)) {
        // A pack the host gave whole (it ignores Range requests): read in place from this copy, as from the host.
        auto held = std::make_shared<const std::string>(std::move(bytes));
        storage::RangeFetch fetch = [held](uint64_t offset, size_t len, std::vector<uint8_t>& out, std::string& error) {
            if (offset + len > held->size()) {
                error = "past the end of the downloaded copy";
                return false;
            }
            out.assign(held->begin() + static_cast<std::ptrdiff_t>(offset),
                       held->begin() + static_cast<std::ptrdiff_t>(offset + len));
            return true;
        };
        m_packRemote = false;
        openPackReader(url, std::make_unique<storage::RangeReader>(held->size(), std::move(fetch), 65536));
        return;
    }
    m_ws.openView(url, false);
    m_viewFailed = false;
    m_remoteError.clear();
    m_remoteNote.clear();
    m_viewBytes = bytes;
    m_import.enqueue(url, std::move(bytes), false);
    dataChanged();
}

void App::openPack(const std::string& url, uint64_t size, int pageSize) {
    m_packBlockedMs = 0;
    m_packBlockedMax = 0;
    m_packFrameMs = 0;
    m_packFailure.clear();
    // After the first failure no request is made again (the panels ask each frame): the view says why, and a
    // reload tries again.
    storage::RangeFetch fetch = [this, url, size](uint64_t offset, size_t len, std::vector<uint8_t>& out,
                                                  std::string& error) {
        if (!m_packFailure.empty()) {
            error = m_packFailure;
            return false;
        }
        double started = platform::nowMs();
        bool ok = platform::rangeGet(url, offset, len, size, out, error);
        double ms = platform::nowMs() - started;
        m_packBlockedMs += ms;
        m_packFrameMs += ms;
        if (!ok) m_packFailure = error;
        return ok;
    };
    m_packRemote = true;
    openPackReader(url, std::make_unique<storage::RangeReader>(size, std::move(fetch),
                                                               static_cast<size_t>(std::max(4096, pageSize))));
    m_packBlockedMax = std::max(m_packBlockedMax, std::exchange(m_packFrameMs, 0.0));
}

void App::openPackReader(const std::string& url, std::unique_ptr<storage::RangeReader> reader) {
    m_remoteError.clear();
    m_remoteNote.clear();
    m_viewBytes.clear();
    m_viewFailed = true;  // nothing is imported: the check of a fetched file's import does not apply
    try {
        m_ws.openPackView(url, std::move(reader));
        dataChanged();
    } catch (const std::exception& e) {
        m_remoteError = e.what();
        m_ws.closeView();
        dataChanged();
    }
}

bool App::packFailed() {
    if (!m_ws.viewReader() || m_packFailure.empty()) return false;
    m_remoteError = "Reading " + m_ws.viewTitle() + " failed: " + m_packFailure +
                    ". What is on screen may be incomplete; reload the page to try again.";
    return true;
}

void App::remoteError(const std::string& message) { m_remoteError = message; }

void App::openLink(const std::string& payload, const std::string& options) {
    std::vector<core::Value> docs;
    std::string error;
    if (!core::decodeLinkPayload(payload, docs, error)) {
        m_remoteError = "This comparison link cannot be opened: " + error;
        return;
    }
    // The versions go into a registry of their own, in memory: the user's registry is not touched.
    core::Value list = core::Value::makeArray();
    for (core::Value& d : docs) list.push(std::move(d));
    m_viewBytes = core::toCanonical(list);
    storage::Registry& view = m_ws.openView("a shared comparison", true);
    auto session = view.beginImport();
    storage::FileReport rep = mvr::ops::importText(*session, "link", m_viewBytes);
    if (!session->commit()) {
        m_remoteError = "The versions in this link are not valid: " +
                        (rep.problems.empty() ? std::string("unknown problem") : rep.problems[0].message);
        m_ws.closeView();
        return;
    }
    Route route = parseRoute(options);  // the view's settings; the versions are the link's own
    route.model.clear();
    route.versions.clear();
    core::Diagnostics diags;
    core::readManifests(m_viewBytes, "link", diags, [&](core::Manifest&& m) {
        if (route.model.empty()) route.model = m.model;
        if (m.model == route.model) route.versions.push_back(m.label);
    });
    if (route.focused.empty() && !route.versions.empty()) route.focused = route.versions.back();
    m_ws.requestRoute(route);
    dataChanged();
}

void App::importViewed() {
    if (!m_ws.viewing() || m_ws.ownIsReadOnly()) return;
    // A pack is not held as text: its export is (every page of it read).
    std::string bytes = m_ws.viewReader() ? m_ws.exportOnScreen(ExportScope::Registry) : std::move(m_viewBytes);
    std::string title = m_ws.viewTitle();
    closeView();
    m_import.enqueue(title, std::move(bytes), false);
}

void App::closeView() {
    m_ws.closeView();
    m_viewBytes.clear();
    m_remoteError.clear();
    m_remoteNote.clear();
    dataChanged();
}

void App::copyLink() {
    std::vector<core::Value> docs;
    for (const core::Manifest* m : m_compare.manifests()) {
        core::Diagnostics d;
        core::Value v;
        core::parseJson(core::exportedManifest(m->doc, m->aliases), v, d);
        docs.push_back(std::move(v));
    }
    std::vector<const core::Value*> ptrs;
    for (const core::Value& v : docs) ptrs.push_back(&v);
    if (ptrs.size() < 2) return;
    // The link carries the view's settings too: "only differences" off stays off.
    Route options;
    options.onlyDifferences = m_compare.onlyDifferences();
    platform::makeLink(core::encodeLinkPayload(ptrs), formatRoute(options));
}

void App::say(std::string message) {
    m_message = std::move(message);
    m_messageAt = platform::nowMs();
}

// The last action's outcome, for a few seconds above the status bar where it is seen (it stays in the
// status bar after).
void App::drawNotice() {
    constexpr double kShowMs = 5000;
    if (m_message.empty() || platform::nowMs() - m_messageAt > kShowMs) return;
    ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - 12, vp->WorkPos.y + vp->WorkSize.y - ImGui::GetFrameHeight() * 2 - 12),
                            ImGuiCond_Always, ImVec2(1, 1));
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(vp->WorkSize.x * 0.5f, FLT_MAX));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ui::toneBackground(ui::Tone::Good));
    ImGui::Begin("##notice", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
    ImGui::PushTextWrapPos(vp->WorkSize.x * 0.5f - 16);
    ImGui::TextUnformatted(m_message.c_str());
    ImGui::PopTextWrapPos();
    publishWindow("notice");
    ImGui::End();
    ImGui::PopStyleColor();
}

void App::linkMade(const std::string& url, bool tooLong) {
    if (tooLong)
        say("This comparison is too large for a link (" + std::to_string(url.size()) +
            " characters); use Export JSON and share the file instead.");
    else
        say("Link copied (" + std::to_string(url.size()) + " characters): it carries these versions themselves.");
}

std::string App::currentFragment() const {
    return formatRoute(m_ws.currentRoute(m_compare.onlyDifferences(), m_versions.filter()));
}

// A route was applied (now or once its model arrived): the panels take its settings, and the fragment
// written next is this one (no new history entry for it).
void App::routeApplied() {
    const Route& r = m_ws.appliedRoute();
    m_compare.setOnlyDifferences(r.onlyDifferences);
    m_versions.setFilter(r.filter);
    m_lastFragment = currentFragment();
    m_lastFragmentModel = m_ws.selection().model;
    m_lastFragmentVersions = vs_join(m_ws.selection().versions);
}

void App::applyFragment(const std::string& fragment) {
    std::string f = fragment;
    if (!f.empty() && f[0] == '#') f.erase(0, 1);
    if (f.rfind("c=", 0) == 0) return;  // a comparison link: the page hands it to openLink
    if (m_ws.viewing() && !m_ws.viewIsLink()) return;
    m_ws.requestRoute(parseRoute(f));
}

void App::queueImport(std::string name, std::string bytes, bool example) {
    if (example) {
        m_showingExample = true;
        m_importingExample = true;
        platform::saveSetting("example", "1");
    }
    m_import.enqueue(std::move(name), std::move(bytes), example);
}

void App::askToClear() {
    if (m_ws.ownIsReadOnly()) return;
    m_clearContents = m_ws.ownContents();
    m_clearAsked = true;
}

void App::clearRegistry() {
    // Drops every version in one transaction (so it is one commit), then forgets the example flag.
    m_ws.clearOwn();
    m_showingExample = false;
    platform::saveSetting("example", "0");
    platform::announceCommit();
    say("Cleared " + std::to_string(m_clearContents.versions) + " versions in " +
                std::to_string(m_clearContents.models) + " models.");
    dataChanged();
}

void App::setAlias(const std::string& model, const std::string& alias, const std::string& label) {
    try {
        storage::MoveContext why;
        why.author = platform::loadSetting("author");
        std::string before = m_ws.own().setAlias(model, alias, label, why);
        say(alias + " → " + model + "@" + label + (before.empty() || before == label ? "" : " (was " + before + ")"));
        platform::announceCommit();
        refreshAfterSave();
    } catch (const std::exception& e) {
        say(std::string("alias not set: ") + e.what());
    }
}

void App::removeAlias(const std::string& model, const std::string& alias) {
    try {
        if (m_ws.own().removeAlias(model, alias)) say("removed alias " + alias);
        platform::announceCommit();
        refreshAfterSave();
    } catch (const std::exception& e) {
        say(std::string("alias not removed: ") + e.what());
    }
}

std::string App::saveRule(const std::string& text, bool replace, const std::string& author) {
    if (m_ws.viewing() || m_ws.ownIsReadOnly()) return "This registry is read-only here: the rule was not saved.";
    try {
        std::string name = m_ws.own().saveRule(text, author, replace);
        say("saved rule " + name);
        platform::announceCommit();
        refreshAfterSave();
        dataChanged();
        return "";
    } catch (const std::exception& e) {
        return e.what();
    }
}

void App::removeRule(const std::string& name, const std::string& author) {
    try {
        if (m_ws.own().removeRule(name, author)) say("removed rule " + name);
        platform::announceCommit();
        dataChanged();
    } catch (const std::exception& e) {
        say(std::string("rule not removed: ") + e.what());
    }
}

namespace {
std::string movesText(const std::vector<core::RuleEvaluation>& moved) {
    std::string out;
    for (const core::RuleEvaluation& e : moved)
        out += (out.empty() ? "" : "; ") + e.alias + " \xE2\x86\x92 " + e.model + "@" + e.to() +
               (e.holder.empty() ? "" : " (was " + e.holder + ")") + " by rule " + e.rule;
    return out;
}
}  // namespace

void App::applyRule(const std::string& rule, const std::string& model, const std::string& author) {
    try {
        ops::RuleScope scope;
        scope.rule = rule;
        scope.model = model;
        std::vector<core::RuleEvaluation> moved = ops::applyRules(m_ws.own(), author, scope);
        say(moved.empty() ? "rule " + rule + " moved nothing" : movesText(moved));
        platform::announceCommit();
        refreshAfterSave();
    } catch (const std::exception& e) {
        say(std::string("rule not applied: ") + e.what());
    }
}

void App::deprecateVersion(const std::string& model, const std::string& label, bool deprecated) {
    try {
        m_ws.own().deprecate({core::VersionRef{model, label}}, deprecated, platform::loadSetting("author"));
        say(model + "@" + label + (deprecated ? " deprecated" : ": deprecation undone"));
        platform::announceCommit();
        dataChanged();
    } catch (const std::exception& e) {
        say(std::string("not changed: ") + e.what());
    }
}

void App::deleteVersion(const std::string& model, const std::string& label, bool force) {
    try {
        m_ws.own().deleteVersions({core::VersionRef{model, label}}, force, platform::loadSetting("author"));
        say("deleted " + model + "@" + label);
        Selection& sel = m_ws.selection();
        std::vector<std::string> kept;
        for (const std::string& v : sel.versions)
            if (v != label) kept.push_back(v);
        sel.set(model, kept);
        platform::announceCommit();
        dataChanged();
    } catch (const std::exception& e) {
        say(std::string("not deleted: ") + e.what());
    }
}

void App::newVersion(const std::string& model, const std::string& from) {
    if (m_ws.viewing() || m_ws.ownIsReadOnly()) {
        say("versions can be made only in your own registry, in the tab that writes it");
        return;
    }
    m_versionForm.open(m_ws.own(), model, from);
}

std::string App::createVersion(const ops::NewVersion& v) {
    try {
        std::string author = platform::loadSetting("author");
        ops::NewVersion made = v;
        if (made.author.empty()) made.author = author;
        ops::Draft d;
        if (!ops::createVersion(m_ws.own(), made, author.empty() ? "app" : author, d)) {
            const auto& items = d.problems.items();
            return items.empty() ? "not created" : core::formatDiagnostic(items.front());
        }
        say("created " + made.model + "@" + d.label);
        platform::announceCommit();
        dataChanged();
        applyRulesAfterImport();
        // The new version is the one shown.
        Selection& sel = m_ws.selection();
        if (sel.model != made.model) selectModel(made.model);
        sel.focused = d.label;
        ++sel.generation;
        return "";
    } catch (const std::exception& e) {
        return std::string("not created: ") + e.what();
    }
}

std::string App::editVersion(const std::string& model, const std::string& label, const storage::CurationEdit& edit) {
    try {
        std::vector<storage::CurationChange> changes =
            m_ws.own().editCuration(core::VersionRef{model, label}, edit, platform::loadSetting("author"));
        say(changes.empty() ? model + "@" + label + ": nothing changed"
                            : model + "@" + label + ": " + std::to_string(changes.size()) + (changes.size() == 1 ? " change" : " changes") +
                                  " recorded");
        platform::announceCommit();
        dataChanged();
        return "";
    } catch (const std::exception& e) {
        return e.what();
    }
}

void App::applyRulesAfterImport() {
    if (m_ws.viewing() || m_ws.ownIsReadOnly()) return;
    try {
        std::vector<core::RuleEvaluation> moved = ops::applyRules(m_ws.own(), platform::loadSetting("author"));
        if (moved.empty()) return;
        say("rules moved: " + movesText(moved));
        platform::announceCommit();
        refreshAfterSave();
    } catch (const std::exception& e) {
        say(std::string("the rules did not run after the import: ") + e.what());
    }
}

// An alias moved: the panels show it once the commit is saved (a few ms), or after 100 ms at the latest.
// Refreshing them first (a 100-version comparison rebuilds its matrix) would make the save wait for that
// frame: IndexedDB reports completion on this thread.
void App::refreshAfterSave() {
    m_aliasRefreshPending = true;
    m_aliasRefreshSince = platform::nowMs();
}

void App::selectFirst(size_t n) {
    std::vector<std::string> labels;
    for (const storage::VersionSummary& v : registry().versions(m_ws.selection().model)) {
        if (labels.size() >= n) break;
        labels.push_back(v.label);
    }
    m_ws.selection().set(m_ws.selection().model, labels);
}

// The visible part of the item: clipped to where the window draws it now (a scrolled table's cell, a pane),
// so that a test clicks what a person can see; nothing visible publishes an empty rectangle.
void publishItem(const char* label) {
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 ca = dl->GetClipRectMin(), cb = dl->GetClipRectMax();
    a = ImVec2(std::max(a.x, ca.x), std::max(a.y, ca.y));
    b = ImVec2(std::min(b.x, cb.x), std::min(b.y, cb.y));
    platform::publishWidget(label, a.x, a.y, std::max(0.0f, b.x - a.x), std::max(0.0f, b.y - a.y));
}

void publishWindow(const char* label) {
    ImVec2 a = ImGui::GetWindowPos(), sz = ImGui::GetWindowSize();
    platform::publishWidget(label, a.x, a.y, sz.x, sz.y);
}

void App::openLink() {
    if (m_link && m_linkScreen == m_ws.screenGeneration()) return;
    if (m_linkScreen) ++m_dataGeneration;  // what was asked of the last one is not answered: ask again
    m_link = std::make_unique<engine::LocalLink>(m_ws.onScreen());
    m_linkScreen = m_ws.screenGeneration();
}

void App::flushLink() {
    if (!m_link) return;
    // The registry it answers from is gone (or soon): nothing it was asked is answered.
    if (m_linkScreen != m_ws.screenGeneration()) m_link.reset();
    else m_link->client().flush();
}

PanelContext App::panelContext() {
    return PanelContext{m_ws.onScreen(),       m_link->client(), m_ws.selection(),    m_dataGeneration,
                        m_structureGeneration, m_ws.readOnly(),  m_ws.routePending(), *this};
}

// Exports what is on screen: a hosted registry or a link's versions while one is viewed, else the user's.
void App::exportJson(const std::string& what) {
    if (!m_failNextExport.empty()) throw std::runtime_error(std::exchange(m_failNextExport, std::string()));
    if (what == "comparison") {
        std::string out = m_compare.currentJson();
        if (out.empty()) return;
        platform::download("mvr-comparison.json", "application/json", out);
        say("Saved mvr-comparison.json: the comparison of " + std::to_string(m_ws.selection().versions.size()) + " versions");
        return;
    }
    if (what == "markdown") {
        platform::download("mvr-diff.md", "text/markdown", m_compare.currentMarkdown());
        say("Saved mvr-diff.md: the diff of two versions as Markdown");
        return;
    }
    ExportScope scope = what == "model" ? ExportScope::Model : what == "selection" ? ExportScope::Ticked : ExportScope::Registry;
    size_t versions = 0;
    std::string out = m_ws.exportOnScreen(scope, &versions);
    if (out.empty()) return;
    platform::download(m_ws.exportFileName(scope), "application/json", out);
    say("Saved " + m_ws.exportFileName(scope) + ": " + std::to_string(versions) + " version" + (versions == 1 ? "" : "s") +
        (m_ws.viewing() ? " from the registry on screen" : ""));
}

void App::drawMenu() {
    if (!ImGui::BeginMainMenuBar()) return;
    const Selection& sel = m_ws.selection();
    // "mvr" opens the help (what mvr is, the shortcuts).
    ImGui::PushStyleColor(ImGuiCol_Text, ui::tone(ui::Tone::Accent));
    if (ImGui::MenuItem("mvr")) m_helpAsked = true;
    ImGui::PopStyleColor();
    publishItem("menu.mvr");
    if (ImGui::BeginMenu("Export")) {
        if (ImGui::MenuItem(m_ws.viewing() ? "Registry on screen (JSON)" : "Whole registry (JSON)")) guarded("Export", [&] { exportJson("registry"); });
        publishItem("menu.export.registry");
        if (ImGui::MenuItem("This model (JSON)", nullptr, false, !sel.model.empty())) guarded("Export", [&] { exportJson("model"); });
        publishItem("menu.export.model");
        if (ImGui::MenuItem("Ticked versions (JSON)", nullptr, false, !sel.versions.empty())) guarded("Export", [&] { exportJson("selection"); });
        publishItem("menu.export.selection");
        if (ImGui::MenuItem("Comparison (JSON)", nullptr, false, sel.versions.size() >= 2)) guarded("Export", [&] { exportJson("comparison"); });
        if (ImGui::MenuItem("Diff (Markdown)", nullptr, false, sel.versions.size() == 2)) guarded("Export", [&] { exportJson("markdown"); });
        ImGui::EndMenu();
    }
    publishItem("menu.export");
    if (ImGui::BeginMenu("View")) {
        if (ImGui::BeginMenu("Theme")) {
            const ui::ThemeChoice choices[] = {ui::ThemeChoice::System, ui::ThemeChoice::Light, ui::ThemeChoice::Dark};
            const char* names[] = {"Follow the system", "Light", "Dark"};
            for (int i = 0; i < 3; ++i) {
                if (ImGui::MenuItem(names[i], nullptr, ui::themeChoice() == choices[i])) {
                    ui::applyTheme(choices[i], platform::prefersDark());
                    platform::saveSetting("theme", ui::themeChoiceName(choices[i]));
                }
                publishItem((std::string("menu.view.theme.") + ui::themeChoiceName(choices[i])).c_str());
            }
            ImGui::EndMenu();
        }
        publishItem("menu.view.theme");
        ImGui::EndMenu();
    }
    publishItem("menu.view");
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("Shortcuts and help", "?")) m_helpAsked = true;
        ImGui::EndMenu();
    }
    publishItem("menu.help");
    if (ImGui::BeginMenu("Registry")) {
        if (ImGui::MenuItem("Clear the registry…", nullptr, false, !m_ws.ownIsReadOnly())) guarded("Clear", [&] { askToClear(); });
        publishItem("menu.registry.clear");
        ImGui::EndMenu();
    }
    publishItem("menu.registry");
    ImGui::EndMainMenuBar();
}

// Clearing deletes the user's only copy: it is asked first, naming what goes, with an export at hand.
void App::drawClearDialog() {
    if (m_clearAsked) {
        ImGui::OpenPopup("Clear the registry?");
        m_clearAsked = false;
    }
    ImVec2 center = ImGui::GetMainViewport()->GetCenter();
    ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal("Clear the registry?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    publishWindow("clear.dialog");
    const Contents& c = m_clearContents;
    ImGui::Text("This deletes %lld version%s in %lld model%s from this browser's storage.", static_cast<long long>(c.versions),
                c.versions == 1 ? "" : "s", static_cast<long long>(c.models), c.models == 1 ? "" : "s");
    ImGui::TextColored(ui::tone(ui::Tone::Warn), "It cannot be undone. Export a copy first to keep one.");
    ImGui::Spacing();
    if (ImGui::Button("Export a copy first")) {
        guarded("Export", [&] {
            std::string out;
            m_ws.own().exportTo({}, [&](std::string_view s) { out.append(s); });
            platform::download("registry-before-clear.mvr.json", "application/json", out);
            say("Exported a copy of " + std::to_string(c.versions) + " versions.");
        });
    }
    publishItem("clear.export");
    ImGui::SameLine();
    std::string label = "Delete " + std::to_string(c.versions) + " version" + (c.versions == 1 ? "" : "s");
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.6f, 0.18f, 0.16f, 1));
    if (ImGui::Button(label.c_str())) {
        ImGui::CloseCurrentPopup();
        guarded("Clearing the registry", [&] { clearRegistry(); });
    }
    ImGui::PopStyleColor();
    publishItem("clear.confirm");
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGuiKey_Escape)) ImGui::CloseCurrentPopup();
    publishItem("clear.cancel");
    ImGui::EndPopup();
}

// Keys that work anywhere but in a text field: Ctrl+F and / go to the versions filter, ? opens the help.
// What is typed right after them is the filter's: held until it has the keyboard, then put before this frame's
// characters, so that "/2024" typed at once filters by 2024.
void App::shortcuts() {
    ImGuiIO& io = ImGui::GetIO();
    if (m_filterWait > 0) {
        if (io.WantTextInput) {
            if (ui::lastFocusedField() == "versions.filter" && !m_filterTyped.empty()) {
                ImVector<ImWchar> typed;
                for (ImWchar c : m_filterTyped) typed.push_back(c);
                for (ImWchar c : io.InputQueueCharacters) typed.push_back(c);
                io.InputQueueCharacters.swap(typed);
            }
            m_filterTyped.clear();  // handed over, or another field took the keyboard
            m_filterWait = 0;
        } else {
            for (ImWchar c : io.InputQueueCharacters) m_filterTyped.push_back(c);
            io.InputQueueCharacters.resize(0);
            if (--m_filterWait == 0) m_filterTyped.clear();
        }
    }
    if (ImGui::IsKeyChordPressed(ImGuiMod_Ctrl | ImGuiKey_F)) {
        m_layout.unfold(Pane::Versions);
        m_versions.focusFilter();
        m_filterWait = kFilterWaitFrames;
    }
    if (io.WantTextInput) return;
    bool toFilter = false;
    for (ImWchar c : io.InputQueueCharacters) {
        if (toFilter) {
            m_filterTyped.push_back(c);
            continue;
        }
        if (c == '/') {
            m_layout.unfold(Pane::Versions);
            m_versions.focusFilter();
            m_filterWait = kFilterWaitFrames;
            toFilter = true;
        }
        if (c == '?') m_helpAsked = true;
    }
    if (m_versions.takeOpened()) m_layout.unfold(Pane::Detail);
}

void App::drawHelp() {
    if (m_helpAsked) {
        ImGui::OpenPopup("Help");
        m_helpAsked = false;
    }
    ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(vp->WorkSize.x * 0.9f, vp->WorkSize.y * 0.9f));
    if (!ImGui::BeginPopupModal("Help", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    publishWindow("help.dialog");
    const float wrap = ImGui::GetFontSize() * 34;
    ImGui::PushTextWrapPos(wrap);
    ImGui::TextUnformatted("mvr is a model version registry that runs entirely in this browser tab: your registry is an "
                           "SQLite database kept in this browser's storage, and nothing is sent anywhere. Import version "
                           "manifests (mvr JSON, MLflow, DVC, Hugging Face, W&B), compare versions, move aliases such as "
                           "production, export JSON, and share a comparison as a link.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    ImGui::SeparatorText("Keyboard");
    static const char* const keys[][2] = {
        {"Up / Down", "move to the previous or next version (the version panel follows)"},
        {"Page Up / Page Down, Home / End", "move by ten versions, to the first or the last"},
        {"Space", "tick the version (ticked versions are compared; the first is the baseline)"},
        {"Enter", "open the version in the version panel"},
        {"Ctrl+F or /", "filter the versions"},
        {"Tab / Shift+Tab", "the next or previous text field (filters, alias, params search)"},
        {"Esc", "clear the filter, close a dialog"},
        {"?", "this help"},
    };
    if (ImGui::BeginTable("help.keys", 2, ImGuiTableFlags_SizingFixedFit)) {
        for (const auto& k : keys) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(ui::tone(ui::Tone::Accent), "%s", k[0]);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(k[1]);
        }
        ImGui::EndTable();
    }
    ImGui::SeparatorText("Filters");
    ImGui::PushTextWrapPos(wrap);
    ImGui::TextUnformatted("Text finds versions by label, description, author or tag. Conditions: metrics.auc > 0.9, "
                           "params.optimizer.lr <= 0.001, tags.team = nlp, alias = production, joined with and.");
    ImGui::PopTextWrapPos();
    ImGui::SeparatorText("Documentation");
    ImGui::TextUnformatted("The README and the guides are in the docs folder of this site:");
    if (ImGui::SmallButton("Open the README")) platform::openUrl("docs/README.md");
    publishItem("help.readme");
    ImGui::SameLine();
    if (ImGui::SmallButton("Architecture")) platform::openUrl("docs/architecture.md");
    ImGui::Spacing();
    if (ImGui::Button("Close") || ImGui::IsKeyPressed(ImGuiKey_Escape)) ImGui::CloseCurrentPopup();
    publishItem("help.close");
    ImGui::EndPopup();
}

// What went wrong in the last action that failed, where the user looks, until dismissed.
void App::drawActionError() {
    if (m_actionError.empty()) return;
    ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + 8), ImGuiCond_Always, ImVec2(0.5f, 0));
    ImGui::SetNextWindowSizeConstraints(ImVec2(360, 0), ImVec2(vp->WorkSize.x * 0.7f, FLT_MAX));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ui::toneBackground(ui::Tone::Bad));
    ImGui::Begin("##action-error", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoFocusOnAppearing);
    ImGui::PushTextWrapPos(vp->WorkSize.x * 0.7f - 16);
    ImGui::TextUnformatted(m_actionError.c_str());
    ImGui::PopTextWrapPos();
    publishItem("action.error");
    if (ImGui::SmallButton("Dismiss")) m_actionError.clear();
    publishItem("action.error.dismiss");
    ImGui::End();
    ImGui::PopStyleColor();
}

void App::drawViewBanner() {
    if (!m_remoteError.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ui::tone(ui::Tone::Bad), "%s", m_remoteError.c_str());
        ImGui::PopTextWrapPos();
        publishItem("view.error");
        if (ImGui::SmallButton("Dismiss")) m_remoteError.clear();
    }
    if (!m_ws.viewing()) return;
    ImGui::TextColored(ui::tone(ui::Tone::Accent), "Viewing %s (read-only, not in your registry).", m_ws.viewTitle().c_str());
    publishItem("view.banner");
    if (!m_remoteNote.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ui::tone(ui::Tone::Warn), "%s", m_remoteNote.c_str());
        ImGui::PopTextWrapPos();
        publishItem("view.note");
    }
    ImGui::SameLine();
    if (!m_ws.ownIsReadOnly() && !importing()) {
        if (ImGui::SmallButton(m_ws.viewIsLink() ? "Import these versions" : "Import into my registry")) {
            importViewed();
            return;
        }
        publishItem("view.import");
        ImGui::SameLine();
    }
    if (ImGui::SmallButton("Back to my registry")) closeView();
    publishItem("view.close");
}

void App::drawStorageBanner() {
    if (!m_storageDamage.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ui::tone(ui::Tone::Bad),
                           "The stored registry is damaged: %s. It is shown read-only, so nothing is written over it: "
                           "export what is readable, then clear the registry and import the export.",
                           m_storageDamage.c_str());
        ImGui::PopTextWrapPos();
        publishItem("storage.damaged");
        if (ImGui::SmallButton("Export what is readable")) exportJson("registry");
        publishItem("storage.export");
        return;
    }
    if (m_storageProblem.empty()) return;
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ui::tone(ui::Tone::Bad), "Nothing will be saved: %s. What you import or change lives in this tab only.",
                       m_storageProblem.c_str());
    ImGui::PopTextWrapPos();
    publishItem("storage.banner");
    if (ImGui::SmallButton("Export the registry")) exportJson("registry");
    publishItem("storage.export");
}

void App::drawExampleBanner() {
    if (!m_showingExample) return;
    ImGui::TextColored(ui::tone(ui::Tone::Warn), "This is the bundled example registry, loaded because your registry was empty.");
    publishItem("example.banner");
    ImGui::SameLine();
    if (ImGui::SmallButton("Clear it…")) askToClear();
    publishItem("example.clear");
}

// The comparison and the monitoring views share a pane: its tabs sit in the pane's title bar (no room taken
// from what they show), and the chosen one is drawn in the pane, inside its own error boundary.
namespace {
const char* const kAnalysisTabs[] = {"Diff", "Trends", "Scatter", "Training curves", "Leaderboard", "Rules", "Lineage"};
}

void App::drawAnalysisTabs() {
    if (!ImGui::BeginTabBar("analysis", ImGuiTabBarFlags_FittingPolicyScroll)) return;
    for (int i = 0; i < static_cast<int>(std::size(kAnalysisTabs)); ++i) {
        bool open = ImGui::BeginTabItem(kAnalysisTabs[i]);
        publishItem((std::string("tab:") + kAnalysisTabs[i]).c_str());
        if (!open) continue;
        m_analysisTab = i;
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

void App::drawAnalysis(const PanelContext& ctx) {
    switch (m_analysisTab) {
    case 0: guarded("The comparison", [&] { m_compare.draw(ctx); }); break;
    case 5: guarded("The rules", [&] { m_rules.draw(ctx); }); break;
    case 6: guarded("The lineage", [&] { m_lineage.draw(ctx); }); break;
    default: guarded("The charts", [&] { m_monitor.draw(ctx, static_cast<MonitorTab>(m_analysisTab - 1)); }); break;
    }
    if (m_monitor.takeOpened() || m_lineage.takeOpened()) m_layout.unfold(Pane::Detail);
}

void App::publishState() {
    core::Value s = core::Value::makeObject();
    platform::SaveStatus st = m_persistence.status();
    if (m_countGeneration != m_dataGeneration) {
        m_countGeneration = m_dataGeneration;
        try {
            m_versionCount = registry().versionCount();
        } catch (const std::exception& e) {
            actionFailed("Counting the versions", e.what());
        }
    }
    const Selection& sel = m_ws.selection();
    s.set("versions", core::Value::makeInteger(m_versionCount));
    s.set("model", core::Value::makeString(sel.model));
    s.set("versionsReading", core::Value::makeBool(m_versions.reading()));
    s.set("focused", core::Value::makeString(sel.focused));
    core::Value picked = core::Value::makeArray();
    for (const auto& v : sel.versions) picked.push(core::Value::makeString(v));
    s.set("selected", std::move(picked));
    s.set("importing", core::Value::makeBool(importing()));
    s.set("importProgress", core::Value::makeNumberLexeme(std::to_string(m_import.progress())));
    s.set("lastImport", core::Value::makeInteger(m_import.lastOutcome()));
    s.set("lastImportProblems", core::Value::makeInteger(static_cast<int64_t>(m_import.lastProblems())));
    s.set("firstImportProblem", core::Value::makeString(m_import.firstProblem()));
    s.set("importLine", core::Value::makeString(m_import.progressText()));
    s.set("textFocus", core::Value::makeString(ui::focusedField()));
    if (m_link) {
        // What the panels asked through the engine's protocol, and what came back (the e2e tests check that the
        // first screen's models and counts are asked this way).
        core::Value e = core::Value::makeObject();
        e.set("batches", core::Value::makeInteger(static_cast<int64_t>(m_link->client().batchesSent())));
        e.set("answered", core::Value::makeInteger(static_cast<int64_t>(m_link->engine().answered())));
        e.set("bytesIn", core::Value::makeInteger(static_cast<int64_t>(m_link->engine().bytesIn())));
        e.set("bytesOut", core::Value::makeInteger(static_cast<int64_t>(m_link->engine().bytesOut())));
        e.set("waiting", core::Value::makeInteger(static_cast<int64_t>(m_link->client().inFlight())));
        s.set("engine", std::move(e));
    }
    // Text as laid out (CSS pixels) and as rasterised in the font atlas (device pixels on a high-DPI screen).
    s.set("fontSize", core::Value::makeNumberLexeme(std::to_string(ImGui::GetFontSize())));
    s.set("fontPixels", core::Value::makeNumberLexeme(std::to_string(ImGui::GetFont()->FontSize)));
    if (m_analysisTab > 0 && m_analysisTab < 5) s.set("charts", m_monitor.state());
    if (m_analysisTab == 5) s.set("rules", m_rules.state());
    if (m_analysisTab == 6) s.set("lineage", m_lineage.state());
    if (m_versionForm.isOpen()) s.set("form", m_versionForm.state());
    s.set("analysisTab", core::Value::makeInteger(m_analysisTab));
    s.set("compareRows", core::Value::makeInteger(static_cast<int64_t>(m_compare.rowCount())));
    s.set("onlyDifferences", core::Value::makeBool(m_compare.onlyDifferences()));
    s.set("filter", core::Value::makeString(m_versions.filter()));
    s.set("filterError", core::Value::makeString(m_versions.filterError()));
    s.set("saved", core::Value::makeBool(st.saved()));
    s.set("commits", core::Value::makeInteger(static_cast<int64_t>(st.commitsDone)));
    s.set("bytesWritten", core::Value::makeInteger(static_cast<int64_t>(st.bytesWritten)));  // by the last commit
    s.set("saveError", core::Value::makeString(st.message));
    s.set("example", core::Value::makeBool(m_showingExample));
    s.set("readOnly", core::Value::makeBool(m_ws.readOnly()));
    s.set("viewing", core::Value::makeString(m_ws.viewing() ? (m_ws.viewIsLink() ? "link" : "remote") : ""));
    s.set("error", core::Value::makeString(m_remoteError));
    s.set("remoteNote", core::Value::makeString(m_remoteNote));
    s.set("modelRows", m_models.state());
    // A pack read in place: what its Range requests cost so far (bytes, requests) and how long the main thread
    // waited for them (in all, and the longest in one frame).
    if (const storage::RangeReader* r = m_ws.viewReader()) {
        core::Value pack = core::Value::makeObject();
        pack.set("inPlace", core::Value::makeBool(m_packRemote));
        pack.set("size", core::Value::makeInteger(static_cast<int64_t>(r->size())));
        pack.set("block", core::Value::makeInteger(static_cast<int64_t>(r->blockSize())));
        pack.set("requests", core::Value::makeInteger(static_cast<int64_t>(r->stats().requests)));
        pack.set("bytes", core::Value::makeInteger(static_cast<int64_t>(r->stats().bytes)));
        pack.set("blockedMs", core::Value::makeNumberLexeme(std::to_string(m_packBlockedMs)));
        pack.set("frameBlockedMaxMs", core::Value::makeNumberLexeme(std::to_string(m_packBlockedMax)));
        pack.set("failure", core::Value::makeString(m_packFailure));
        s.set("pack", std::move(pack));
    }
    s.set("storageProblem", core::Value::makeString(m_storageProblem));
    s.set("storageDamage", core::Value::makeString(m_storageDamage));
    s.set("actionError", core::Value::makeString(m_actionError));
    s.set("clearDialog", core::Value::makeBool(ImGui::IsPopupOpen("Clear the registry?")));
    s.set("help", core::Value::makeBool(ImGui::IsPopupOpen("Help")));
    s.set("theme", core::Value::makeString(ui::themeIsDark() ? "dark" : "light"));
    core::Value panes = core::Value::makeObject();
    for (int i = 0; i < kPaneCount; ++i) {
        Pane p = static_cast<Pane>(i);
        ImVec4 r = m_layout.paneRect(p);
        core::Value rect = core::Value::makeObject();
        rect.set("x", core::Value::makeInteger(static_cast<int64_t>(r.x)));
        rect.set("y", core::Value::makeInteger(static_cast<int64_t>(r.y)));
        rect.set("w", core::Value::makeInteger(static_cast<int64_t>(r.z)));
        rect.set("h", core::Value::makeInteger(static_cast<int64_t>(r.w)));
        rect.set("folded", core::Value::makeBool(m_layout.folded(p)));
        panes.set(paneTitle(p), std::move(rect));
    }
    s.set("panes", std::move(panes));
    s.set("message", core::Value::makeString(m_message));
    // What did not fit this frame (app/text_fit.hpp): the tests require none shortened or cut.
    const ui::FitStats& fit = ui::fitStats();
    core::Value fitState = core::Value::makeObject();
    fitState.set("shortened", core::Value::makeInteger(fit.shortened));
    fitState.set("abbreviated", core::Value::makeInteger(fit.abbreviated));
    fitState.set("cut", core::Value::makeInteger(fit.cut));
    core::Value examples = core::Value::makeArray();
    for (const std::string& e : fit.examples) examples.push(core::Value::makeString(e));
    fitState.set("examples", std::move(examples));
    s.set("fit", std::move(fitState));
    m_state = std::move(s);
    platform::publishFrame([this] { return core::toCanonical(m_state); });
}

// Keeps the URL fragment in step with what is on screen: a new history entry when the model or the compared
// versions change (so back and forward move between them), a replacement otherwise. Not while a route from
// the URL waits for its model: the URL is what the user asked for.
void App::syncFragment() {
    if (m_ws.viewIsLink() || m_ws.routePending()) return;
    std::string frag = currentFragment();
    if (frag == m_lastFragment) return;
    const Selection& sel = m_ws.selection();
    std::string versions = vs_join(sel.versions);
    bool push = sel.model != m_lastFragmentModel || versions != m_lastFragmentVersions;
    platform::setFragment(frag, push && !m_lastFragment.empty());
    m_lastFragment = frag;
    m_lastFragmentModel = sel.model;
    m_lastFragmentVersions = versions;
}

void App::frame() {
    m_packFrameMs = 0;
    ui::beginFrame();
    ui::beginFocusFrame();
    // Following the system: a change of the browser's colour scheme shows within a second.
    if (ui::themeChoice() == ui::ThemeChoice::System && platform::nowMs() - m_themeCheckedAt > 1000) {
        m_themeCheckedAt = platform::nowMs();
        if (platform::prefersDark() != ui::themeIsDark()) ui::applyTheme(ui::ThemeChoice::System, platform::prefersDark());
    }
    // An import gets most of each frame: the UI still answers (about 15 frames per second) while a large
    // file goes in at close to full speed.
    guarded("Import", [&] {
        if (m_import.step(canImport() ? &m_ws.onScreen() : nullptr, m_persistence, 50.0)) {
            importCommitted();
            dataChanged();
        }
    });
    if (m_aliasRefreshPending && (m_persistence.status().saved() || platform::nowMs() - m_aliasRefreshSince > 100)) {
        m_aliasRefreshPending = false;
        dataChanged(true);
    }
    if (m_ws.routeGeneration() != m_seenRouteGeneration) {
        m_seenRouteGeneration = m_ws.routeGeneration();
        routeApplied();
    }
    if (platform::otherTabChanged() && m_ws.ownIsReadOnly()) platform::reloadPage();
    // With nothing selected and no route waiting, the first model (what a first visit shows).
    if (m_defaultModelGeneration != m_dataGeneration) {
        m_defaultModelGeneration = m_dataGeneration;
        guarded("Choosing a model", [&] { m_ws.selectDefaultModel(); });
    }
    // What the panels asked last frame is answered now (their batch went out at the end of it).
    openLink();
    guarded("Reading the registry", [&] { m_link->deliver(); });
    PanelContext ctx = panelContext();
    guarded("A shortcut", [&] { shortcuts(); });

    ImGuiIO& io = ImGui::GetIO();
    float W = io.DisplaySize.x, H = io.DisplaySize.y;
    guarded("The menu", [&] { drawMenu(); });
    float top = ImGui::GetFrameHeight();
    float statusH = ImGui::GetFrameHeightWithSpacing() + 6;

    // The panes fill one host window between the menu and the status bar; nothing floats or overlaps.
    ImGui::SetNextWindowPos(ImVec2(0, top));
    ImGui::SetNextWindowSize(ImVec2(W, H - top - statusH));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
    ImGui::Begin("##workspace", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PopStyleVar(2);
    // Every pane runs inside the error boundary: what one throws is shown, the others still draw.
    m_layout.draw(ImVec2(0, top), ImVec2(W, H - top - statusH), [&](Pane p) {
        switch (p) {
        case Pane::Models: guarded("The models list", [&] { m_models.draw(ctx); }); break;
        case Pane::Import: guarded("Import", [&] { m_import.draw(); }); break;
        case Pane::Versions:
            guarded("The versions table", [&] {
                drawViewBanner();
                drawStorageBanner();
                if (!m_ws.viewing()) drawExampleBanner();
                m_versions.draw(ctx);
            });
            break;
        case Pane::Compare: drawAnalysis(ctx); break;
        case Pane::Detail: guarded("The version panel", [&] { m_detail.draw(ctx); }); break;
        }
    }, [&](Pane p) {
        if (p == Pane::Compare) guarded("The tabs", [&] { drawAnalysisTabs(); });
    });
    ImGui::End();
    if (m_layout.takeChanged()) platform::saveSetting("panes", formatLayout(m_layout.layout()));

    ImGui::SetNextWindowPos(ImVec2(0, H - statusH));
    ImGui::SetNextWindowSize(ImVec2(W, statusH));
    ImGui::Begin("##status", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoBringToFrontOnFocus);
    guarded("The status bar", [&] {
        m_status.draw(StatusFacts{m_link->client(), m_dataGeneration, m_persistence.status(), importing(), m_message,
                                  m_ws.ownIsReadOnly() && !m_ws.viewing() && m_storageDamage.empty(),
                                  m_packRemote ? m_ws.viewReader() : nullptr});
    });
    ImGui::End();
    guarded("Clearing the registry", [&] { drawClearDialog(); });
    guarded("The new version form", [&] { m_versionForm.draw(ctx); });
    guarded("The help", [&] { drawHelp(); });
    drawActionError();
    drawNotice();

    // A fetched registry that does not import is a message where the user is looking.
    if (m_ws.viewing() && !m_ws.viewIsLink() && !importing() && m_import.lastOutcome() == 0 && m_remoteError.empty() &&
        !m_viewFailed) {
        m_viewFailed = true;
        m_remoteError = m_ws.viewTitle() + " is not a valid mvr registry: " + m_import.firstProblem() +
                        (m_import.lastProblems() > 1 ? " (and " + std::to_string(m_import.lastProblems() - 1) + " more problems: see Import)" : "");
    }

    syncFragment();
    // The frame's reads go out together (answered here for now; by the engine worker later).
    guarded("Asking the registry", [&] { flushLink(); });
    // A read of the pack on screen that failed inside the engine (which answers it as a failed request, not an
    // exception here) is the view's message too.
    if (m_remoteError.empty()) packFailed();
    m_packBlockedMax = std::max(m_packBlockedMax, m_packFrameMs);

    // Table column widths, order and sorting (ImGui's settings) are saved as soon as ImGui has them.
    if (io.WantSaveIniSettings) {
        platform::saveSetting("layout", ImGui::SaveIniSettingsToMemory());
        io.WantSaveIniSettings = false;
    }
    publishState();
}

}  // namespace mvr::app
