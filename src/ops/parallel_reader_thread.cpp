// The native backend of the reading seam: a thread parses, validates and makes each manifest's canonical
// text; the caller's thread hashes and stores (store() completes the identity), which balances the two
// threads' work. Batches keep the hand-over cheap; at most kInFlight batches wait, so memory stays bounded.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "ops/parallel_reader.hpp"

namespace mvr::ops {

namespace {

class ThreadReader final : public ParallelReader {
public:
    ~ThreadReader() override { stop(); }

    bool start(const std::string& source, std::string_view text) override {
        stop();
        m_text = text;
        m_diags = std::make_unique<core::Diagnostics>(1000);
        m_stream = std::make_unique<core::ManifestStream>(text, source, *m_diags);
        m_stream->storingOnly(true);
        m_stream->deferIdentity(true);
        m_done = m_abort = false;
        m_offset = 0;
        m_thread = std::thread([this] { read(); });
        return true;
    }

    Status pump(PreparedFile& file, bool wait, std::string&) override {
        std::vector<core::Manifest> batch;
        {
            std::unique_lock<std::mutex> lock(m_mu);
            if (wait) m_cv.wait(lock, [&] { return !m_queue.empty() || m_done; });
            if (m_queue.empty()) {
                if (!m_done) return Status::Working;
                lock.unlock();
                finishReading(file);
                return Status::Done;
            }
            batch = std::move(m_queue.front());
            m_queue.pop_front();
            m_stored = m_offset;
            m_cv.notify_all();
        }
        for (core::Manifest& m : batch) file.add(std::move(m));
        // Stored batches go back to the reader, which frees them: memory freed on the thread that allocated it
        // keeps the two threads off each other's malloc arena lock (that contention cost ~5% of an import).
        std::lock_guard<std::mutex> lock(m_mu);
        m_freed.push_back(std::move(batch));
        return Status::Working;
    }

    bool clean() const override { return m_clean; }
    size_t dropped() const override { return m_dropped; }
    double progress() const override {
        std::lock_guard<std::mutex> lock(m_mu);
        return m_text.empty() ? 1.0 : static_cast<double>(m_stored) / static_cast<double>(m_text.size());
    }
    void cancel() override { stop(); }

private:
    static constexpr size_t kBatch = 64, kInFlight = 8;

    void read() {
        std::vector<core::Manifest> batch;
        batch.reserve(kBatch);
        core::Manifest m;
        std::vector<std::vector<core::Manifest>> freed;
        auto flush = [&](bool last) {
            {
                std::unique_lock<std::mutex> lock(m_mu);
                m_cv.wait(lock, [&] { return m_queue.size() < kInFlight || m_abort; });
                if (!batch.empty()) m_queue.push_back(std::move(batch));
                batch = {};
                m_offset = m_stream->offset();
                if (last) m_done = true;
                freed.swap(m_freed);
                m_cv.notify_all();
            }
            freed.clear();  // outside the lock
            batch.reserve(kBatch);
        };
        // Once the file has a problem nothing of it is stored; reading goes on to report every problem.
        while (m_stream->next(m) == 1) {
            if (m_diags->empty()) batch.push_back(std::move(m));
            if (batch.size() == kBatch) {
                flush(false);
                std::lock_guard<std::mutex> lock(m_mu);
                if (m_abort) break;
            }
        }
        flush(true);
    }

    // After the reader thread ended: its problems go to the file.
    void finishReading(PreparedFile& file) {
        if (m_thread.joinable()) m_thread.join();
        for (const core::Diagnostic& d : m_diags->items()) file.problem(d);
        m_clean = m_stream->clean();
        if (m_clean && !m_stream->extras().empty()) file.extras(m_stream->extras());
        m_dropped = m_diags->dropped();
        std::lock_guard<std::mutex> lock(m_mu);
        m_stored = m_text.size();
    }

    void stop() {
        if (!m_thread.joinable()) return;
        {
            std::lock_guard<std::mutex> lock(m_mu);
            m_abort = true;
            m_cv.notify_all();
        }
        m_thread.join();
        m_queue.clear();
    }

    std::string_view m_text;
    std::unique_ptr<core::Diagnostics> m_diags;
    std::unique_ptr<core::ManifestStream> m_stream;
    std::thread m_thread;
    mutable std::mutex m_mu;
    std::condition_variable m_cv;
    std::deque<std::vector<core::Manifest>> m_queue;
    std::vector<std::vector<core::Manifest>> m_freed;
    bool m_done = false, m_abort = false;
    size_t m_offset = 0, m_stored = 0;
    bool m_clean = true;
    size_t m_dropped = 0;
};

}  // namespace

std::unique_ptr<ParallelReader> makeTextReader() { return std::make_unique<ThreadReader>(); }

}  // namespace mvr::ops
