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
    // A large file of mvr manifests that the page's parse worker reads (id: the page's handle on it).
    void enqueueExternal(std::string name, size_t size, int id);
    // From the parse worker: the next pack of file id (offset: bytes read so far; done with the last one,
    // which says whether the file was clean and how many problems were dropped), or why it failed.
    void parsePack(int id, std::string pack, double offset, bool done, bool clean, size_t dropped);
    void parseFailed(int id, const std::string& message);
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
        int external = 0;  // > 0: read by the parse worker (bytes stays empty)
        size_t size = 0;
    };
    struct Pack {
        std::string bytes;
        double offset = 0;
        bool done = false, clean = false;
        size_t dropped = 0;
    };
    void finishBatch(App& app);
    void importOthers();
    bool stepPrepared();  // stores one pack of the external file; false when none has arrived yet

    std::deque<Item> m_queue;
    std::vector<Item> m_batch;  // files of the running batch (own the bytes the readers point into)
    size_t m_current = 0;
    bool m_pendingOthers = false;  // the batch's files of other tools are still to be mapped
    bool m_othersFailed = false;   // and they had problems: the batch commits nothing
    std::unique_ptr<storage::ImportSession> m_session;
    std::unique_ptr<storage::FileImport> m_file;
    std::unique_ptr<storage::PreparedFile> m_prepared;  // the external file being stored
    std::deque<Pack> m_packs;
    double m_preparedOffset = 0;
    std::string m_parseError;
    std::vector<storage::FileReport> m_reports;  // of the last batch
    bool m_lastCommitted = false;
    std::string m_lastError;
    size_t m_batchBytes = 0, m_doneBytes = 0;
    std::string m_paste;
    char m_pasteBuf[1 << 16] = "";
};

}  // namespace mvr::app
