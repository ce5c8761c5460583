// The page's backend of the reading seam (ops::ParallelReader): a large File is read, validated and packed by
// the page's parse worker (web/parse-worker.js, the same module without its UI); its packs arrive through
// mvr_parse_pack and are stored here, one frame at a time, each acknowledged so the worker reads on.
#pragma once

#include <deque>
#include <map>
#include <string>

#include "ops/parallel_reader.hpp"

namespace mvr::app {

class PageReader final : public ops::ParallelReader {
public:
    // source: the page's handle on the File (the id mvr_import_external gave), as text.
    bool start(const std::string& source, std::string_view text) override;
    Status pump(ops::PreparedFile& file, bool wait, std::string& failure) override;
    bool clean() const override { return m_clean; }
    size_t dropped() const override { return m_dropped; }
    double progress() const override { return m_size ? m_offset / static_cast<double>(m_size) : 0; }
    void cancel() override;

    // From the page: the next pack of file id, or why reading it failed. Packs of another file are dropped.
    void pack(int id, std::string bytes, double offset, bool done, bool clean, size_t dropped);
    void failed(int id, const std::string& message);
    // The size of the File behind id (for progress).
    void expect(int id, size_t size) { m_sizes[id] = size; }

private:
    struct Pack {
        std::string bytes;
        double offset = 0;
        bool done = false, clean = false;
        size_t dropped = 0;
    };
    int m_id = 0;
    std::deque<Pack> m_packs;
    std::string m_failure;
    double m_offset = 0;
    size_t m_size = 0;
    std::map<int, size_t> m_sizes;
    bool m_clean = true;
    size_t m_dropped = 0;
};

}  // namespace mvr::app
