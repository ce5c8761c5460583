// Import: files from the picker, dropped on the canvas (several at once) or pasted as text: mvr's own JSON and
// the files of MLflow, DVC, Hugging Face and W&B (through the importers). A batch is one transaction, read a few
// manifests per frame with a progress bar; each file ends as imported, unchanged, conflict, or errors with its
// path and line:column, and a failed batch changes nothing.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "app/page_reader.hpp"
#include "ops/import_job.hpp"
#include "platform/persist.hpp"
#include "storage/registry.hpp"

namespace mvr::app {

class ImportPanel {
public:
    void enqueue(std::string name, std::string bytes, bool example);
    // A large file of mvr manifests that the page's parse worker reads (id: the page's handle on it).
    void enqueueExternal(std::string name, size_t size, int id);
    // From the parse worker: the next pack of file id (offset: bytes read so far; done with the last one,
    // which says whether the file was clean and how many problems were dropped), or why it failed.
    void parsePack(int id, std::string pack, double offset, bool done, bool clean, size_t dropped);
    void parseFailed(int id, const std::string& message);
    // Advances the running import by about budgetMs of work; called every frame. A batch goes into target
    // (the registry on screen); with none (this tab may not write), the queue is dropped with a message.
    // What the import wrote so far is staged to persistence as it goes. True when a batch committed now.
    bool step(storage::Registry* target, platform::Persistence& persistence, double budgetMs);
    void draw();
    // Stops the running import (nothing of it is committed) and drops what waits.
    void cancel();
    // The model of the first version the last committed batch added ("" when none).
    const std::string& lastModel() const { return m_lastModel; }
    bool busy() const { return m_job != nullptr || !m_queue.empty(); }
    double progress() const { return m_job ? m_job->progress() : 0; }
    // The last finished batch: -1 none yet, 0 rolled back, 1 committed; and its problem count.
    int lastOutcome() const { return m_reports.empty() ? -1 : m_lastCommitted ? 1 : 0; }
    size_t lastProblems() const;
    std::string firstProblem() const;
    // What the panel says while an import runs: versions read of the total (exact, or "~" estimated), and
    // how far through the bytes.
    static std::string progressLine(size_t read, const ops::ImportJob::Total& total, double fraction, size_t bytes);
    // The running import's line ("" when none), for tests.
    std::string progressText() const;

private:
    bool finishBatch(platform::Persistence& persistence);

    std::deque<ops::ImportInput> m_queue;
    // The running batch: everything queued when it started (a drop of several files) is one job, one
    // transaction (ops::ImportJob, the same job the CLI runs).
    std::unique_ptr<ops::ImportJob> m_job;
    PageReader m_reader;
    std::vector<storage::FileReport> m_reports;  // of the last batch
    void drawReplace();
    static constexpr size_t kReplayableBytes = 64u << 20;
    std::vector<ops::ImportInput> m_lastBatch;   // the last batch's inputs, when it can run again with replace
    std::vector<std::string> m_replaceable;      // model@label the last batch would overwrite with replace
    bool m_replaceNext = false;
    bool m_lastCommitted = false;
    std::string m_lastModel;
    std::string m_lastError;
    char m_pasteBuf[1 << 16] = "";
};

}  // namespace mvr::app
