// Import: files from the picker, dropped on the canvas (several at once) or pasted as text: mvr's own JSON and
// the files of MLflow, DVC, Hugging Face and W&B (through the importers). A batch is one transaction, read a few
// manifests per frame with a progress bar; each file ends as imported, unchanged, conflict, or errors with its
// path and line:column, and a failed batch changes nothing.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "storage/registry.hpp"

namespace mvr::app {

class App;

class ImportPanel {
public:
    void enqueue(std::string name, std::string bytes, bool example);
    // Advances the running import by about budgetMs of work; called every frame.
    void step(App& app, double budgetMs);
    void draw(App& app);
    bool busy() const { return m_session != nullptr || !m_queue.empty(); }
    double progress() const;
    // The last finished batch: -1 none yet, 0 rolled back, 1 committed; and its problem count.
    int lastOutcome() const { return m_reports.empty() ? -1 : m_lastCommitted ? 1 : 0; }
    size_t lastProblems() const;
    std::string firstProblem() const;

private:
    struct Item {
        std::string name;
        std::string bytes;
        bool example = false;
    };
    void finishBatch(App& app);
    void importOthers();

    std::deque<Item> m_queue;
    std::vector<Item> m_batch;  // files of the running batch (own the bytes the readers point into)
    size_t m_current = 0;
    bool m_pendingOthers = false;  // the batch's files of other tools are still to be mapped
    bool m_othersFailed = false;   // and they had problems: the batch commits nothing
    std::unique_ptr<storage::ImportSession> m_session;
    std::unique_ptr<storage::FileImport> m_file;
    std::vector<storage::FileReport> m_reports;  // of the last batch
    bool m_lastCommitted = false;
    std::string m_lastError;
    size_t m_batchBytes = 0, m_doneBytes = 0;
    std::string m_paste;
    char m_pasteBuf[1 << 16] = "";
};

}  // namespace mvr::app
