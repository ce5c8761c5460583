#include "app/page_reader.hpp"

#include <cstdlib>

#include "platform/browser.hpp"

namespace mvr::app {

bool PageReader::start(const std::string& source, std::string_view) {
    int id = std::atoi(source.c_str());
    if (id <= 0) return false;
    m_id = id;
    auto size = m_sizes.find(id);
    m_size = size == m_sizes.end() ? 0 : size->second;
    m_packs.clear();
    m_failure.clear();
    m_offset = 0;
    m_clean = true;
    m_dropped = 0;
    platform::startParse(id);
    return true;
}

// Never waits: the worker's packs arrive between frames (a page cannot block for them).
ops::ParallelReader::Status PageReader::pump(ops::PreparedFile& file, bool, std::string& failure) {
    if (!m_failure.empty()) {
        failure = m_failure;
        return Status::Failed;
    }
    if (m_packs.empty()) return Status::Working;
    Pack p = std::move(m_packs.front());
    m_packs.pop_front();
    platform::ackParse(m_id);
    if (!file.addPack(p.bytes)) {
        failure = file.packError();
        return Status::Failed;
    }
    m_offset = p.offset;
    if (!p.done) return Status::Working;
    m_clean = p.clean;
    m_dropped = p.dropped;
    m_id = 0;
    return Status::Done;
}

void PageReader::cancel() {
    if (m_id) platform::cancelParse();
    m_id = 0;
    m_packs.clear();
}

void PageReader::pack(int id, std::string bytes, double offset, bool done, bool clean, size_t dropped) {
    if (id != m_id || !m_id) return;  // not the file being read (a cancelled one)
    m_packs.push_back(Pack{std::move(bytes), offset, done, clean, dropped});
}

void PageReader::failed(int id, const std::string& message) {
    if (id == m_id && m_id) m_failure = message;
}

}  // namespace mvr::app
