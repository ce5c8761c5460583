#include "app/import_panel.hpp"

#include <iterator>
#include <stdexcept>

#include "app/panel_context.hpp"
#include "imgui.h"
#include "importers/importers.hpp"
#include "platform/browser.hpp"

namespace mvr::app {

void ImportPanel::enqueue(std::string name, std::string bytes, bool example) {
    ops::ImportInput in;
    in.name = in.rel = std::move(name);
    in.size = bytes.size();
    in.bytes = std::move(bytes);
    in.haveBytes = true;
    in.knownMvr = example;  // the bundled example is mvr's format: no need to look
    m_queue.push_back(std::move(in));
}

void ImportPanel::enqueueExternal(std::string name, size_t size, int id) {
    ops::ImportInput in;
    in.name = in.rel = std::move(name);
    in.size = size;
    in.readerSource = std::to_string(id);
    m_reader.expect(id, size);
    m_queue.push_back(std::move(in));
}

void ImportPanel::parsePack(int id, std::string pack, double offset, bool done, bool clean, size_t dropped) {
    m_reader.pack(id, std::move(pack), offset, done, clean, dropped);
}

void ImportPanel::parseFailed(int id, const std::string& message) { m_reader.failed(id, message); }

size_t ImportPanel::lastProblems() const {
    size_t n = 0;
    for (const auto& r : m_reports) n += r.problems.size() + r.droppedProblems;
    return n;
}

std::string ImportPanel::firstProblem() const {
    for (const auto& r : m_reports)
        if (!r.problems.empty()) return core::formatDiagnostic(r.problems.front());
    return "";
}

bool ImportPanel::step(storage::Registry* target, platform::Persistence& persistence, double budgetMs) {
    if (!m_job) {
        if (m_queue.empty()) return false;
        if (!target) {
            m_lastError = "This tab is read-only (another tab has the registry open for writing); nothing was imported.";
            m_queue.clear();
            return false;
        }
        std::vector<ops::ImportInput> batch(std::make_move_iterator(m_queue.begin()), std::make_move_iterator(m_queue.end()));
        m_queue.clear();
        m_reports.clear();
        m_lastError.clear();
        m_job = std::make_unique<ops::ImportJob>(target, ops::ImportOptions{}, std::move(batch), ops::FileAccess{},
                                                 &m_reader);
    }
    bool more = m_job->step(budgetMs);
    // Save while parsing: what the import wrote so far goes to browser storage now, under the open
    // transaction, instead of all at the commit (a 100k-version import writes ~500 MB).
    if (more) {
        persistence.stageProgress();
        return false;
    }
    return finishBatch(persistence);
}

bool ImportPanel::finishBatch(platform::Persistence& persistence) {
    const ops::ImportResult& r = m_job->result();
    m_reports = r.files;
    for (size_t i = 0; i < m_reports.size() && i < r.formats.size(); ++i)
        if (!r.formats[i].empty()) m_reports[i].file += " (" + r.formats[i] + ")";
    m_lastCommitted = r.committed;
    for (const core::Diagnostic& d : r.skipped) {
        storage::FileReport note;
        note.file = d.file;
        note.notes.push_back(d);
        m_reports.push_back(std::move(note));
    }
    m_job.reset();
    if (!m_lastCommitted) {
        persistence.abandon();
        return false;
    }
    platform::announceCommit();
    return true;
}

void ImportPanel::draw() {
    if (ImGui::Button("Open files…")) platform::openFilePicker();
    publishItem("import.open");
    ImGui::SameLine();
    ImGui::TextDisabled("or drop files anywhere on the page: mvr JSON, MLflow exports, DVC (dvc.lock, params.yaml, "
                        "metrics.json), model cards (README.md), W&B manifests and summaries");
    if (busy()) {
        ImGui::ProgressBar(static_cast<float>(progress()), ImVec2(-1, 0));
        publishItem("import.progress");
    }
    ImGui::InputTextMultiline("##paste", m_pasteBuf, sizeof m_pasteBuf, ImVec2(-1, ImGui::GetTextLineHeight() * 5),
                              ImGuiInputTextFlags_AllowTabInput);
    publishItem("import.paste");
    if (ImGui::Button("Import pasted text") && m_pasteBuf[0]) {
        enqueue("pasted text", m_pasteBuf, false);
        m_pasteBuf[0] = 0;
    }
    publishItem("import.paste-button");
    if (!m_lastError.empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", m_lastError.c_str());
    if (m_reports.empty()) return;
    ImGui::Separator();
    if (!busy()) {
        if (m_lastCommitted) ImGui::TextColored(ImVec4(0.35f, 0.85f, 0.45f, 1), "Imported.");
        else ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "Nothing was imported: the registry is unchanged.");
        publishItem("import.result");
    }
    // Files with problems first: they are why a batch failed.
    std::vector<const storage::FileReport*> order;
    for (const storage::FileReport& r : m_reports)
        if (!r.ok()) order.push_back(&r);
    for (const storage::FileReport& r : m_reports)
        if (r.ok()) order.push_back(&r);
    for (const storage::FileReport* rp : order) {
        const storage::FileReport& r = *rp;
        // A file without problems in a batch that was rolled back was not imported either: say so.
        bool rolledBack = r.ok() && !m_lastCommitted && !busy();
        ImVec4 color = rolledBack ? ImVec4(0.6f, 0.6f, 0.6f, 1) : r.ok() ? ImVec4(0.35f, 0.85f, 0.45f, 1) : ImVec4(1, 0.45f, 0.4f, 1);
        const char* status = !r.ok() ? (r.conflicts ? "conflict" : "errors") : rolledBack ? "not imported (valid, but its batch failed)"
                             : r.imported ? "imported" : "unchanged";
        ImGui::TextColored(color, "%s", status);
        ImGui::SameLine();
        ImGui::Text("%s: %zu new, %zu unchanged", r.file.c_str(), r.imported, r.unchanged);
        for (const core::Diagnostic& d : r.problems) {
            std::string where = std::to_string(d.line) + ":" + std::to_string(d.col);
            ImGui::Bullet();
            ImGui::TextColored(ImVec4(1, 0.6f, 0.5f, 1), "%s %s", where.c_str(), d.path.c_str());
            ImGui::SameLine();
            ImGui::TextWrapped("%s", d.message.c_str());
        }
        if (r.droppedProblems) ImGui::TextDisabled("… and %zu more problems", r.droppedProblems);
        for (const core::Diagnostic& d : r.notes) {
            ImGui::Bullet();
            ImGui::TextDisabled("note:");
            ImGui::SameLine();
            ImGui::TextWrapped("%s%s%s", d.path.c_str(), d.path.empty() ? "" : ": ", d.message.c_str());
        }
    }
}

}  // namespace mvr::app
