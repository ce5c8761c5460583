#include "app/import_panel.hpp"
#include "app/theme.hpp"

#include <cstdio>
#include <iterator>
#include <utility>
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
        m_replaceable.clear();
        m_lastError.clear();
        // A batch of bytes held here can be run again with replace (the Replace button); files the parse worker
        // reads cannot, and neither is a batch too large to keep twice.
        m_lastBatch.clear();
        size_t held = 0;
        bool replayable = true;
        for (const ops::ImportInput& in : batch) {
            replayable = replayable && in.haveBytes;
            held += in.bytes.size();
        }
        if (replayable && held <= kReplayableBytes) m_lastBatch = batch;
        ops::ImportOptions opt;
        opt.replace = std::exchange(m_replaceNext, false);
        m_job = std::make_unique<ops::ImportJob>(target, opt, std::move(batch), ops::FileAccess{}, &m_reader);
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
    m_lastModel = r.firstModel;
    m_replaceable = r.replaceable();
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

// Versions that differ from stored ones with the same label: the user may replace them, told which.
void ImportPanel::drawReplace() {
    if (m_replaceable.empty() || m_lastCommitted) return;
    std::string names;
    for (size_t i = 0; i < m_replaceable.size() && i < 3; ++i) names += (i ? ", " : "") + m_replaceable[i];
    if (m_replaceable.size() > 3) names += " and " + std::to_string(m_replaceable.size() - 3) + " more";
    ImGui::TextWrapped("%zu version%s in the registry differ from the imported ones with the same label: %s.", m_replaceable.size(),
                       m_replaceable.size() == 1 ? "" : "s", names.c_str());
    if (m_lastBatch.empty()) {
        ImGui::TextDisabled("To replace them, drop the files again after ticking Replace below.");
    } else {
        std::string label = "Replace " + names + " with the imported version" + (m_replaceable.size() == 1 ? "" : "s");
        if (ImGui::Button(label.c_str())) {
            for (ops::ImportInput& in : m_lastBatch) m_queue.push_back(std::move(in));
            m_lastBatch.clear();
            m_replaceNext = true;
        }
        publishItem("import.replace");
    }
}

// "1,200 of 5,000 versions read, 24% of 12.3 MB"; "~5,000" when the total is estimated from the bytes read.
std::string ImportPanel::progressLine(size_t read, const ops::ImportJob::Total& total, double fraction, size_t bytes) {
    auto grouped = [](size_t n) {
        std::string d = std::to_string(n), out;
        for (size_t i = 0; i < d.size(); ++i) {
            if (i && (d.size() - i) % 3 == 0) out += ',';
            out += d[i];
        }
        return out;
    };
    std::string line = grouped(read);
    if (total.known) line += std::string(" of ") + (total.exact ? "" : "~") + grouped(total.versions);
    line += read == 1 && (!total.known || total.versions == 1) ? " version read" : " versions read";
    char tail[64];
    std::snprintf(tail, sizeof tail, ", %.0f%% of %.1f MB", fraction * 100, static_cast<double>(bytes) / 1e6);
    return line + tail;
}

std::string ImportPanel::progressText() const {
    return m_job ? progressLine(m_job->versionsRead(), m_job->versionsTotal(), progress(), m_job->totalBytes()) : "";
}

void ImportPanel::cancel() {
    if (m_job) m_job->abort("cancelled: nothing was imported");
    m_queue.clear();
}

void ImportPanel::draw() {
    if (ImGui::Button("Open files\xE2\x80\xA6")) platform::openFilePicker();
    publishItem("import.open");
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("or drop files anywhere on the page: mvr JSON, MLflow exports, DVC (dvc.lock, params.yaml, "
                        "metrics.json), model cards (README.md), W&B manifests and summaries");
    ImGui::PopTextWrapPos();
    if (m_job) {
        // What is going on: the file, the versions read so far, how far through the bytes, and a way out.
        std::string file = m_job->currentFile();
        ImGui::ProgressBar(static_cast<float>(progress()), ImVec2(-1, 0));
        publishItem("import.progress");
        std::string line = progressLine(m_job->versionsRead(), m_job->versionsTotal(), progress(), m_job->totalBytes());
        ImGui::PushTextWrapPos(0);
        if (!file.empty()) ImGui::Text("Reading %s", file.c_str());
        ImGui::TextUnformatted(line.c_str());
        publishItem("import.count");
        if (ImGui::IsItemHovered() && !m_job->versionsTotal().exact)
            ImGui::SetTooltip("~: estimated from the versions per byte read so far; exact once every file is read");
        ImGui::PopTextWrapPos();
        if (ImGui::Button("Cancel import")) cancel();
        publishItem("import.cancel");
    }
    ImGui::InputTextMultiline("##paste", m_pasteBuf, sizeof m_pasteBuf, ImVec2(-1, ImGui::GetTextLineHeight() * 5),
                              ImGuiInputTextFlags_AllowTabInput);
    publishItem("import.paste");
    if (ImGui::Button("Import pasted text") && m_pasteBuf[0]) {
        enqueue("pasted text", m_pasteBuf, false);
        m_pasteBuf[0] = 0;
    }
    publishItem("import.paste-button");
    ImGui::SameLine();
    ImGui::Checkbox("Replace", &m_replaceNext);
    publishItem("import.replace-next");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The next import overwrites stored versions that have the same label but other content.");
    ImGui::PushTextWrapPos(0);
    if (!m_lastError.empty()) ImGui::TextColored(ui::tone(ui::Tone::Bad), "%s", m_lastError.c_str());
    if (m_reports.empty()) {
        ImGui::PopTextWrapPos();
        return;
    }
    ImGui::Separator();
    if (!busy()) {
        if (m_lastCommitted) ImGui::TextColored(ui::tone(ui::Tone::Good), "Imported.");
        else ImGui::TextColored(ui::tone(ui::Tone::Bad), "Nothing was imported: the registry is unchanged.");
        publishItem("import.result");
        drawReplace();
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
        ImVec4 color = rolledBack ? ui::tone(ui::Tone::Muted) : r.ok() ? ui::tone(ui::Tone::Good) : ui::tone(ui::Tone::Bad);
        const char* status = !r.ok() ? (r.conflicts ? "conflict" : "errors") : rolledBack ? "not imported (valid, but its batch failed)"
                             : r.imported ? "imported" : "unchanged";
        ImGui::TextColored(color, "%s", status);
        ImGui::SameLine();
        ImGui::TextWrapped("%s: %zu new, %zu unchanged", r.file.c_str(), r.imported, r.unchanged);
        for (const core::Diagnostic& d : r.problems) {
            std::string where = std::to_string(d.line) + ":" + std::to_string(d.col);
            ImGui::Bullet();
            ImGui::TextColored(ui::tone(ui::Tone::ErrorDetail), "%s %s", where.c_str(), d.path.c_str());
            ImGui::TextWrapped("%s", d.message.c_str());
        }
        if (r.droppedProblems) ImGui::TextDisabled("\xE2\x80\xA6 and %zu more problems", r.droppedProblems);
        for (const core::Diagnostic& d : r.notes) {
            ImGui::Bullet();
            ImGui::TextDisabled("note:");
            ImGui::SameLine();
            ImGui::TextWrapped("%s%s%s", d.path.c_str(), d.path.empty() ? "" : ": ", d.message.c_str());
        }
    }
    ImGui::PopTextWrapPos();
}

}  // namespace mvr::app
