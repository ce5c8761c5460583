#include "app/app.hpp"

#include <algorithm>

#include "core/json_value.hpp"
#include "core/json_reader.hpp"
#include "core/link_codec.hpp"
#include "core/registry_format.hpp"
#include "imgui.h"
#include "platform/browser.hpp"

namespace mvr::app {

namespace {
std::string vs_join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += x + "\x1f";
    return out;
}
}  // namespace

bool Selection::has(const std::string& label) const {
    return std::find(versions.begin(), versions.end(), label) != versions.end();
}

void Selection::toggle(const std::string& label) {
    auto it = std::find(versions.begin(), versions.end(), label);
    if (it == versions.end()) versions.push_back(label);
    else versions.erase(it);
    ++generation;
}

void Selection::set(const std::string& m, std::vector<std::string> labels) {
    if (m != model) focused.clear();
    model = m;
    versions = std::move(labels);
    ++generation;
}

App::App(platform::Persistence& persistence, bool readOnly)
    : m_persistence(persistence),
      m_registry(std::make_unique<storage::Registry>("mvr-pages", readOnly)),
      m_readOnly(readOnly) {
    m_showingExample = platform::loadSetting("example") == "1" && m_registry->versionCount() > 0;
}

void App::dataChanged(bool aliasesOnly) {
    ++m_dataGeneration;
    if (!aliasesOnly) m_structureGeneration = m_dataGeneration;
    ++m_selection.generation;
    if (!m_pendingFragment.empty() && tryApplyFragment(m_pendingFragment)) m_pendingFragment.clear();
}

void App::openRemote(const std::string& url, std::string bytes) {
    m_view = std::make_unique<storage::Registry>(":memory:");
    m_viewTitle = url;
    m_viewIsLink = false;
    m_viewFailed = false;
    m_remoteError.clear();
    m_viewBytes = bytes;
    m_selection.set("", {});
    m_import.enqueue(url, std::move(bytes), false);
    dataChanged();
}

void App::remoteError(const std::string& message) { m_remoteError = message; }

void App::openLink(const std::string& payload) {
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
    m_view = std::make_unique<storage::Registry>(":memory:");
    m_viewTitle = "a shared comparison";
    m_viewIsLink = true;
    auto session = m_view->beginImport();
    storage::FileReport rep = session->addText("link", m_viewBytes);
    if (!session->commit()) {
        m_remoteError = "The versions in this link are not valid: " +
                        (rep.problems.empty() ? std::string("unknown problem") : rep.problems[0].message);
        m_view.reset();
        return;
    }
    std::vector<std::string> labels;
    std::string model;
    core::Diagnostics diags;
    core::readManifests(m_viewBytes, "link", diags, [&](core::Manifest&& m) {
        if (model.empty()) model = m.model;
        if (m.model == model) labels.push_back(m.label);
    });
    m_selection.set(model, labels);
    if (!labels.empty()) m_selection.focused = labels.back();
    dataChanged();
}

void App::importViewed() {
    if (!m_view || m_readOnly) return;
    std::string bytes = std::move(m_viewBytes);
    std::string title = m_viewTitle;
    closeView();
    m_import.enqueue(title, std::move(bytes), false);
}

void App::closeView() {
    m_view.reset();
    m_viewBytes.clear();
    m_remoteError.clear();
    m_selection.set("", {});
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
    platform::makeLink(core::encodeLinkPayload(ptrs));
}

void App::linkMade(const std::string& url, bool tooLong) {
    if (tooLong)
        m_message = "This comparison is too large for a link (" + std::to_string(url.size()) +
                    " characters); use Export JSON and share the file instead.";
    else
        m_message = "Link copied (" + std::to_string(url.size()) + " characters): it carries these versions themselves.";
}

std::string App::currentFragment() const {
    std::string f;
    auto add = [&](const char* k, const std::string& v) {
        if (v.empty()) return;
        f += (f.empty() ? "" : "&") + std::string(k) + "=" + core::percentEncode(v);
    };
    add("m", m_selection.model);
    std::string vs;
    for (const std::string& v : m_selection.versions) vs += (vs.empty() ? "" : ",") + core::percentEncode(v);
    if (!vs.empty()) f += (f.empty() ? "" : "&") + std::string("v=") + vs;
    if (!m_compare.onlyDifferences()) f += "&d=0";
    add("f", m_versions.filter());
    add("focus", m_selection.focused);
    return f;
}

bool App::tryApplyFragment(const std::string& fragment) {
    std::string model, filter, focus;
    std::vector<std::string> versions;
    bool onlyDiff = true;
    size_t i = 0;
    while (i <= fragment.size()) {
        size_t amp = fragment.find('&', i);
        if (amp == std::string::npos) amp = fragment.size();
        std::string part = fragment.substr(i, amp - i);
        size_t eq = part.find('=');
        if (eq != std::string::npos) {
            std::string k = part.substr(0, eq), v = part.substr(eq + 1);
            if (k == "m") model = core::percentDecode(v);
            else if (k == "f") filter = core::percentDecode(v);
            else if (k == "focus") focus = core::percentDecode(v);
            else if (k == "d") onlyDiff = v != "0";
            else if (k == "v") {
                size_t j = 0;
                while (j <= v.size()) {
                    size_t c = v.find(',', j);
                    if (c == std::string::npos) c = v.size();
                    if (c > j) versions.push_back(core::percentDecode(v.substr(j, c - j)));
                    j = c + 1;
                }
            }
        }
        i = amp + 1;
    }
    if (!model.empty() && !registry().hasModel(model)) return false;  // not there (yet): try again later
    m_selection.set(model, versions);
    m_selection.focused = focus;
    m_compare.setOnlyDifferences(onlyDiff);
    m_versions.setFilter(filter);
    m_lastFragment = currentFragment();
    m_lastFragmentModel = m_selection.model;
    m_lastFragmentVersions = vs_join(m_selection.versions);
    return true;
}

void App::applyFragment(const std::string& fragment) {
    std::string f = fragment;
    if (!f.empty() && f[0] == '#') f.erase(0, 1);
    if (f.rfind("c=", 0) == 0) return;  // a comparison link: the page hands it to openLink
    if (m_view && !m_viewIsLink) return;
    if (!tryApplyFragment(f)) m_pendingFragment = f;
}

void App::queueImport(std::string name, std::string bytes, bool example) {
    if (example) {
        m_showingExample = true;
        platform::saveSetting("example", "1");
    }
    m_import.enqueue(std::move(name), std::move(bytes), example);
}

void App::clearRegistry() {
    // Drops every version in one transaction (so it is one commit), then forgets the example flag.
    storage::Connection& c = m_registry->connection();
    storage::Transaction t(c);
    c.exec("DELETE FROM alias; DELETE FROM tag; DELETE FROM metric; DELETE FROM version; DELETE FROM model;");
    t.commit();
    c.exec("VACUUM");
    m_showingExample = false;
    platform::saveSetting("example", "0");
    m_selection.set("", {});
    platform::announceCommit();
    dataChanged();
}

void App::setAlias(const std::string& model, const std::string& alias, const std::string& label) {
    try {
        std::string before = m_registry->setAlias(model, alias, label);
        m_message = alias + " → " + model + "@" + label + (before.empty() || before == label ? "" : " (was " + before + ")");
        platform::announceCommit();
        refreshAfterSave();
    } catch (const std::exception& e) {
        m_message = std::string("alias not set: ") + e.what();
    }
}

void App::removeAlias(const std::string& model, const std::string& alias) {
    try {
        if (m_registry->removeAlias(model, alias)) m_message = "removed alias " + alias;
        platform::announceCommit();
        refreshAfterSave();
    } catch (const std::exception& e) {
        m_message = std::string("alias not removed: ") + e.what();
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
    for (const storage::VersionSummary& v : m_registry->versions(m_selection.model)) {
        if (labels.size() >= n) break;
        labels.push_back(v.label);
    }
    m_selection.set(m_selection.model, labels);
}

void App::publish(const char* label) {
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    platform::publishWidget(label, a.x, a.y, b.x - a.x, b.y - a.y);
}

void App::exportJson(const std::string& what) {
    std::string out;
    std::string name;
    storage::ExportSelection sel;
    if (what == "comparison") {
        out = m_compare.currentJson();
        name = "mvr-comparison.json";
    } else if (what == "markdown") {
        out = m_compare.currentMarkdown();
        platform::download("mvr-diff.md", "text/markdown", out);
        return;
    } else {
        if (what == "model") {
            if (m_selection.model.empty()) return;
            sel.models.push_back(m_selection.model);
            name = m_selection.model + ".mvr.json";
        } else if (what == "selection") {
            for (const std::string& l : m_selection.versions) sel.versions.push_back(core::VersionRef{m_selection.model, l});
            if (sel.versions.empty()) return;
            name = m_selection.model + "-selection.mvr.json";
        } else {
            name = "registry.mvr.json";
        }
        m_registry->exportTo(sel, [&](std::string_view s) { out.append(s); });
    }
    if (!out.empty()) platform::download(name, "application/json", out);
}

void App::drawMenu() {
    if (!ImGui::BeginMainMenuBar()) return;
    ImGui::TextColored(ImVec4(0.55f, 0.8f, 1.0f, 1.0f), "mvr");
    if (ImGui::BeginMenu("Export")) {
        if (ImGui::MenuItem("Whole registry (JSON)")) exportJson("registry");
        publish("menu.export.registry");
        if (ImGui::MenuItem("This model (JSON)", nullptr, false, !m_selection.model.empty())) exportJson("model");
        if (ImGui::MenuItem("Ticked versions (JSON)", nullptr, false, !m_selection.versions.empty())) exportJson("selection");
        if (ImGui::MenuItem("Comparison (JSON)", nullptr, false, m_selection.versions.size() >= 2)) exportJson("comparison");
        if (ImGui::MenuItem("Diff (Markdown)", nullptr, false, m_selection.versions.size() == 2)) exportJson("markdown");
        ImGui::EndMenu();
    }
    publish("menu.export");
    if (ImGui::BeginMenu("Registry")) {
        if (ImGui::MenuItem("Clear the registry", nullptr, false, !m_readOnly)) clearRegistry();
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
}

void App::drawViewBanner() {
    if (!m_remoteError.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", m_remoteError.c_str());
        ImGui::PopTextWrapPos();
        publish("view.error");
        if (ImGui::SmallButton("Dismiss")) m_remoteError.clear();
    }
    if (!m_view) return;
    ImGui::TextColored(ImVec4(0.55f, 0.8f, 1.0f, 1.0f), "Viewing %s (read-only, not in your registry).", m_viewTitle.c_str());
    publish("view.banner");
    ImGui::SameLine();
    if (!m_readOnly && !importing()) {
        if (ImGui::SmallButton(m_viewIsLink ? "Import these versions" : "Import into my registry")) {
            importViewed();
            return;
        }
        publish("view.import");
        ImGui::SameLine();
    }
    if (ImGui::SmallButton("Back to my registry")) closeView();
    publish("view.close");
}

void App::drawExampleBanner() {
    if (!m_showingExample) return;
    ImGui::TextColored(ImVec4(0.95f, 0.8f, 0.35f, 1), "This is the bundled example registry, loaded because your registry was empty.");
    ImGui::SameLine();
    if (ImGui::SmallButton("Clear it") && !m_readOnly) clearRegistry();
    publish("example.clear");
}

void App::publishState() {
    core::Value s = core::Value::makeObject();
    platform::SaveStatus st = m_persistence.status();
    if (m_countGeneration != m_dataGeneration) {
        m_versionCount = registry().versionCount();
        m_countGeneration = m_dataGeneration;
    }
    s.set("versions", core::Value::makeInteger(m_versionCount));
    s.set("model", core::Value::makeString(m_selection.model));
    s.set("focused", core::Value::makeString(m_selection.focused));
    core::Value picked = core::Value::makeArray();
    for (const auto& v : m_selection.versions) picked.push(core::Value::makeString(v));
    s.set("selected", std::move(picked));
    s.set("importing", core::Value::makeBool(importing()));
    s.set("importProgress", core::Value::makeNumberLexeme(std::to_string(m_import.progress())));
    s.set("lastImport", core::Value::makeInteger(m_import.lastOutcome()));
    s.set("lastImportProblems", core::Value::makeInteger(static_cast<int64_t>(m_import.lastProblems())));
    s.set("firstImportProblem", core::Value::makeString(m_import.firstProblem()));
    s.set("compareRows", core::Value::makeInteger(static_cast<int64_t>(m_compare.rowCount())));
    s.set("onlyDifferences", core::Value::makeBool(m_compare.onlyDifferences()));
    s.set("saved", core::Value::makeBool(st.saved()));
    s.set("commits", core::Value::makeInteger(static_cast<int64_t>(st.commitsDone)));
    s.set("bytesWritten", core::Value::makeInteger(static_cast<int64_t>(st.bytesWritten)));  // by the last commit
    s.set("saveError", core::Value::makeString(st.message));
    s.set("example", core::Value::makeBool(m_showingExample));
    s.set("readOnly", core::Value::makeBool(readOnly()));
    s.set("viewing", core::Value::makeString(m_view ? (m_viewIsLink ? "link" : "remote") : ""));
    s.set("error", core::Value::makeString(m_remoteError));
    s.set("message", core::Value::makeString(m_message));
    platform::publishFrame(core::toCanonical(s));
}

void App::frame() {
    // An import gets most of each frame: the UI still answers (about 15 frames per second) while a large
    // file goes in at close to full speed.
    m_import.step(*this, 50.0);
    if (m_aliasRefreshPending && (m_persistence.status().saved() || platform::nowMs() - m_aliasRefreshSince > 100)) {
        m_aliasRefreshPending = false;
        dataChanged(true);
    }
    if (platform::otherTabChanged() && m_readOnly) platform::reloadPage();

    ImGuiIO& io = ImGui::GetIO();
    float W = io.DisplaySize.x, H = io.DisplaySize.y;
    drawMenu();
    float top = ImGui::GetFrameHeight();
    float statusH = ImGui::GetFrameHeightWithSpacing() + 6;
    float bodyH = H - top - statusH;
    auto place = [&](float x, float y, float w, float h) {
        ImGui::SetNextWindowPos(ImVec2(x, y), ImGuiCond_FirstUseEver);
        ImGui::SetNextWindowSize(ImVec2(w, h), ImGuiCond_FirstUseEver);
    };
    float leftW = std::max(240.0f, W * 0.19f), rightW = std::max(300.0f, W * 0.28f);
    float midW = W - leftW - rightW;

    place(0, top, leftW, bodyH * 0.55f);
    if (ImGui::Begin("Models")) m_models.draw(*this);
    ImGui::End();
    place(0, top + bodyH * 0.55f, leftW, bodyH * 0.45f);
    if (ImGui::Begin("Import")) m_import.draw(*this);
    ImGui::End();
    place(leftW, top, midW, bodyH * 0.52f);
    if (ImGui::Begin("Versions")) {
        drawViewBanner();
        if (!m_view) drawExampleBanner();
        m_versions.draw(*this);
    }
    ImGui::End();
    place(leftW, top + bodyH * 0.52f, midW, bodyH * 0.48f);
    if (ImGui::Begin("Compare")) m_compare.draw(*this);
    ImGui::End();
    place(leftW + midW, top, rightW, bodyH);
    if (ImGui::Begin("Version")) m_detail.draw(*this);
    ImGui::End();

    ImGui::SetNextWindowPos(ImVec2(0, H - statusH));
    ImGui::SetNextWindowSize(ImVec2(W, statusH));
    ImGui::Begin("##status", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoBringToFrontOnFocus);
    m_status.draw(*this);
    ImGui::End();

    // A fetched registry that does not import is a message where the user is looking.
    if (m_view && !m_viewIsLink && !importing() && m_import.lastOutcome() == 0 && m_remoteError.empty() && !m_viewFailed) {
        m_viewFailed = true;
        m_remoteError = m_viewTitle + " is not a valid mvr registry: " + m_import.firstProblem() +
                        (m_import.lastProblems() > 1 ? " (and " + std::to_string(m_import.lastProblems() - 1) + " more problems: see Import)" : "");
    }

    // Keep the URL fragment in step with what is on screen: a new history entry when the model or the
    // compared versions change (so back and forward move between them), a replacement otherwise.
    if (!m_viewIsLink || !m_view) {
        std::string frag = currentFragment();
        if (frag != m_lastFragment && m_pendingFragment.empty()) {
            std::string versions = vs_join(m_selection.versions);
            bool push = m_selection.model != m_lastFragmentModel || versions != m_lastFragmentVersions;
            platform::setFragment(frag, push && !m_lastFragment.empty());
            m_lastFragment = frag;
            m_lastFragmentModel = m_selection.model;
            m_lastFragmentVersions = versions;
        }
    }

    if (io.WantSaveIniSettings) {
        platform::saveSetting("layout", ImGui::SaveIniSettingsToMemory());
        io.WantSaveIniSettings = false;
    }
    publishState();
}

}  // namespace mvr::app
