#include "app/import_panel.hpp"

#include <stdexcept>

#include "app/app.hpp"
#include "imgui.h"
#include "importers/importers.hpp"
#include "platform/browser.hpp"

namespace mvr::app {

void ImportPanel::enqueue(std::string name, std::string bytes, bool example) {
    size_t size = bytes.size();
    m_queue.push_back(Item{std::move(name), std::move(bytes), example, 0, size});
}

void ImportPanel::enqueueExternal(std::string name, size_t size, int id) {
    m_queue.push_back(Item{std::move(name), std::string(), false, id, size});
}

void ImportPanel::parsePack(int id, std::string pack, double offset, bool done, bool clean, size_t dropped) {
    if (!m_prepared || m_current >= m_batch.size() || m_batch[m_current].external != id) return;  // not ours
    m_packs.push_back(Pack{std::move(pack), offset, done, clean, dropped});
}

void ImportPanel::parseFailed(int id, const std::string& message) {
    if (m_prepared && m_current < m_batch.size() && m_batch[m_current].external == id)
        m_parseError = m_batch[m_current].name + " could not be read: " + message;
}

double ImportPanel::progress() const {
    if (!m_session || m_batchBytes == 0) return 0;
    double cur = m_file ? m_file->progress() * static_cast<double>(m_batch[m_current].size) : m_prepared ? m_preparedOffset : 0;
    return (static_cast<double>(m_doneBytes) + cur) / static_cast<double>(m_batchBytes);
}

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

void ImportPanel::step(App& app, double budgetMs) {
    if (!m_session) {
        if (m_queue.empty()) return;
        if (!app.canImport()) {
            m_lastError = "This tab is read-only (another tab has the registry open for writing); nothing was imported.";
            m_queue.clear();
            return;
        }
        // Everything queued so far (a drop of several files) is one batch: one transaction.
        m_batch.clear();
        m_reports.clear();
        m_lastError.clear();
        m_batchBytes = m_doneBytes = 0;
        while (!m_queue.empty()) {
            m_batchBytes += m_queue.front().size;
            m_batch.push_back(std::move(m_queue.front()));
            m_queue.pop_front();
        }
        m_current = 0;
        m_packs.clear();
        m_parseError.clear();
        m_pendingOthers = true;
        m_othersFailed = false;
        try {
            m_session = app.registry().beginImport();
        } catch (const std::exception& e) {
            m_lastError = e.what();
            return;
        }
    }
    double start = platform::nowMs();
    try {
        if (m_pendingOthers) {
            m_pendingOthers = false;
            importOthers();
        }
        while (platform::nowMs() - start < budgetMs) {
            if (!m_file && !m_prepared) {
                if (m_current >= m_batch.size()) {
                    finishBatch(app);
                    return;
                }
                const Item& it = m_batch[m_current];
                if (it.external) {
                    m_prepared = m_session->beginPrepared(it.name, it.size);
                    m_preparedOffset = 0;
                    platform::startParse(it.external);
                } else {
                    m_file = m_session->beginFile(it.name, it.bytes);
                }
            }
            if (m_prepared) {
                if (!m_parseError.empty()) throw std::runtime_error(m_parseError);
                if (!stepPrepared()) break;  // the worker is still reading: nothing to store this frame
            } else if (!m_file->step(32)) {
                m_reports.push_back(m_file->finish());
                m_file.reset();
                m_doneBytes += m_batch[m_current].size;
                ++m_current;
            }
        }
        // Save while parsing: what the import wrote so far goes to browser storage now, under the open
        // transaction, instead of all at the commit (a 100k-version import writes ~500 MB).
        app.persistence().stageProgress();
    } catch (const std::exception& e) {
        m_lastError = std::string("import failed: ") + e.what();
        if (m_prepared) platform::cancelParse();
        m_prepared.reset();
        m_packs.clear();
        m_file.reset();
        m_session->rollback();
        m_session.reset();
        app.persistence().abandon();
    }
}

bool ImportPanel::stepPrepared() {
    if (m_packs.empty()) return false;
    Pack p = std::move(m_packs.front());
    m_packs.pop_front();
    const Item& it = m_batch[m_current];
    platform::ackParse(it.external);
    if (!m_prepared->addPack(p.bytes)) throw std::runtime_error(m_prepared->packError());
    m_preparedOffset = p.offset;
    if (p.done) {
        m_reports.push_back(m_prepared->finish(p.clean, p.dropped));
        m_prepared.reset();
        m_doneBytes += it.size;
        ++m_current;
    }
    return true;
}

// Files of other tools (MLflow, DVC, Hugging Face, W&B) are mapped together, first: the files of one drop are
// one export or one project (dvc.lock with params.yaml and metrics.json, model.json with its run.json files).
// They are small; mvr's own files, which may be huge, are then read a few manifests per frame.
void ImportPanel::importOthers() {
    std::vector<importers::SourceFile> sources;
    std::vector<Item> own;
    for (Item& it : m_batch) {
        importers::Role role = it.example || it.external ? importers::Role::Mvr : importers::detect(it.name, it.bytes);
        if (role == importers::Role::Mvr) {
            own.push_back(std::move(it));
            continue;
        }
        m_doneBytes += it.size;
        sources.push_back(importers::SourceFile{it.name, "", it.name, std::move(it.bytes), role});
    }
    m_batch = std::move(own);
    if (sources.empty()) return;
    importers::Result mapped = importers::importFiles(sources);
    size_t first = m_reports.size();
    auto reportFor = [&](const std::string& file) -> storage::FileReport& {
        for (size_t i = first; i < m_reports.size(); ++i)
            if (m_reports[i].file == file) return m_reports[i];
        m_reports.emplace_back();
        m_reports.back().file = file;
        return m_reports.back();
    };
    for (const importers::SourceFile& f : sources) reportFor(f.path);
    for (const core::Diagnostic& d : mapped.problems) reportFor(d.file).problems.push_back(d);
    for (const core::Diagnostic& d : mapped.notes) reportFor(d.file).notes.push_back(d);
    if (!mapped.ok()) {
        m_othersFailed = true;
        return;
    }
    for (importers::Version& v : mapped.versions) {
        storage::FileReport& rep = reportFor(v.source);
        if (v.numbered) m_session->addNumbered(std::move(v.doc), rep);
        else m_session->addDocument(std::move(v.doc), rep);
    }
}

void ImportPanel::finishBatch(App& app) {
    bool example = !m_batch.empty() && m_batch.front().example;
    m_lastCommitted = false;
    try {
        if (m_othersFailed) m_session->rollback();
        else m_lastCommitted = m_session->commit();
    } catch (const std::exception& e) {
        m_lastError = std::string("saving failed: ") + e.what();
    }
    if (!m_lastCommitted) app.persistence().abandon();
    m_session.reset();
    m_batch.clear();
    if (m_lastCommitted) {
        platform::announceCommit();
        app.dataChanged();
        (void)example;
    }
}

void ImportPanel::draw(App& app) {
    if (ImGui::Button("Open files…")) platform::openFilePicker();
    app.publish("import.open");
    ImGui::SameLine();
    ImGui::TextDisabled("or drop files anywhere on the page: mvr JSON, MLflow exports, DVC (dvc.lock, params.yaml, "
                        "metrics.json), model cards (README.md), W&B manifests and summaries");
    if (busy()) {
        ImGui::ProgressBar(static_cast<float>(progress()), ImVec2(-1, 0));
        app.publish("import.progress");
    }
    ImGui::InputTextMultiline("##paste", m_pasteBuf, sizeof m_pasteBuf, ImVec2(-1, ImGui::GetTextLineHeight() * 5),
                              ImGuiInputTextFlags_AllowTabInput);
    app.publish("import.paste");
    if (ImGui::Button("Import pasted text") && m_pasteBuf[0]) {
        enqueue("pasted text", m_pasteBuf, false);
        m_pasteBuf[0] = 0;
    }
    app.publish("import.paste-button");
    if (!m_lastError.empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", m_lastError.c_str());
    if (m_reports.empty()) return;
    ImGui::Separator();
    if (!busy()) {
        if (m_lastCommitted) ImGui::TextColored(ImVec4(0.35f, 0.85f, 0.45f, 1), "Imported.");
        else ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "Nothing was imported: the registry is unchanged.");
        app.publish("import.result");
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
