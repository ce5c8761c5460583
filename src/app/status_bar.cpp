#include "app/status_bar.hpp"
#include "app/theme.hpp"

#include <string>

#include "app/panel_context.hpp"
#include "imgui.h"
#include "platform/browser.hpp"

namespace mvr::app {

namespace {
std::string bytes(double b) {
    char buf[32];
    if (b < 1e6) std::snprintf(buf, sizeof buf, "%.0f KB", b / 1e3);
    else if (b < 1e9) std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
    else std::snprintf(buf, sizeof buf, "%.2f GB", b / 1e9);
    return buf;
}
}  // namespace

void StatusBar::draw(const StatusFacts& facts) {
    if (m_generation != facts.dataGeneration) {
        m_generation = facts.dataGeneration;
        m_askedVersions = facts.engine.versionCount();
        m_askedModels = facts.engine.modelCount();
        m_askedBytes = facts.engine.sizeBytes();
    }
    if (m_askedVersions.ready() && m_askedModels.ready() && m_askedBytes.ready()) {
        m_error.clear();
        for (const auto* p : {&m_askedVersions, &m_askedModels, &m_askedBytes})
            if (p->failed()) m_error = p->error();
        if (m_error.empty()) {
            m_versions = m_askedVersions.value();
            m_models = m_askedModels.value();
            m_bytes = m_askedBytes.value();
            m_answered = true;
        }
        m_askedVersions = m_askedModels = m_askedBytes = {};
    }
    if (!m_error.empty()) {
        ImGui::TextColored(ui::tone(ui::Tone::Bad), "counts not read: %s", m_error.c_str());
        ImGui::SameLine(0, 24);
    }
    if (m_answered) {
        ImGui::Text("%lld versions in %lld models", m_versions, m_models);
        ImGui::SameLine(0, 24);
        ImGui::TextDisabled("database %s", bytes(static_cast<double>(m_bytes)).c_str());
    } else {
        ImGui::TextDisabled("reading the registry…");
    }
    ImGui::SameLine(0, 24);
    if (facts.pack) {
        const storage::RangeStats& rs = facts.pack->stats();
        ImGui::TextColored(ui::tone(ui::Tone::Accent), "read in place: %s in %llu request%s", bytes(static_cast<double>(rs.bytes)).c_str(),
                           static_cast<unsigned long long>(rs.requests), rs.requests == 1 ? "" : "s");
        publishItem("status.pack");
        ImGui::SameLine(0, 24);
    }
    platform::StorageInfo si = platform::storageInfo();
    if (si.quota > 0) {
        ImGui::TextDisabled("storage %s of %s%s", bytes(si.usage).c_str(), bytes(si.quota).c_str(), si.persisted ? " (persistent)" : "");
        ImGui::SameLine(0, 24);
    }
    const platform::SaveStatus& st = facts.save;
    if (st.error) ImGui::TextColored(ui::tone(ui::Tone::Bad), "NOT SAVED: %s", st.message.c_str());
    else if (facts.importing) ImGui::TextColored(ui::tone(ui::Tone::Warn), "importing…");
    else if (!st.saved()) ImGui::TextColored(ui::tone(ui::Tone::Warn), "saving…");
    else ImGui::TextColored(ui::tone(ui::Tone::Good), "all changes saved");
    publishItem("status.saved");
    if (!facts.message.empty()) {
        ImGui::SameLine(0, 24);
        ImGui::TextDisabled("%s", facts.message.c_str());
    }
    if (facts.otherTabWrites) {
        ImGui::SameLine(0, 24);
        ImGui::TextColored(ui::tone(ui::Tone::Warn), "read-only: another tab is editing this registry");
    }
}

}  // namespace mvr::app
