#include "app/app.hpp"

#include <algorithm>

#include "core/json.hpp"
#include "imgui.h"
#include "platform/browser.hpp"

namespace mvr::app {

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

void App::dataChanged() {
    ++m_dataGeneration;
    ++m_selection.generation;
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
        dataChanged();
    } catch (const std::exception& e) {
        m_message = std::string("alias not set: ") + e.what();
    }
}

void App::removeAlias(const std::string& model, const std::string& alias) {
    try {
        if (m_registry->removeAlias(model, alias)) m_message = "removed alias " + alias;
        platform::announceCommit();
        dataChanged();
    } catch (const std::exception& e) {
        m_message = std::string("alias not removed: ") + e.what();
    }
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
        m_versionCount = m_registry->versionCount();
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
    s.set("compareRows", core::Value::makeInteger(static_cast<int64_t>(m_compare.rowCount())));
    s.set("onlyDifferences", core::Value::makeBool(m_compare.onlyDifferences()));
    s.set("saved", core::Value::makeBool(st.saved()));
    s.set("commits", core::Value::makeInteger(static_cast<int64_t>(st.commitsDone)));
    s.set("saveError", core::Value::makeString(st.message));
    s.set("example", core::Value::makeBool(m_showingExample));
    s.set("readOnly", core::Value::makeBool(m_readOnly));
    platform::publishFrame(core::toCanonical(s));
}

void App::frame() {
    // An import gets most of each frame; the UI stays responsive (about 30 frames per second) meanwhile.
    m_import.step(*this, 24.0);
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
        drawExampleBanner();
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

    if (io.WantSaveIniSettings) {
        platform::saveSetting("layout", ImGui::SaveIniSettingsToMemory());
        io.WantSaveIniSettings = false;
    }
    publishState();
}

}  // namespace mvr::app
