// Native persistence: the pages of each commit are written into one file at their offsets, then synced.
// It stands in for IndexedDB in the tests of the storage layer the browser build uses.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "platform/persist.hpp"

namespace mvr::platform {

namespace {

class FilePersistence : public Persistence {
public:
    explicit FilePersistence(std::string path) : m_path(std::move(path)) {
        int fd = ::open(m_path.c_str(), O_RDONLY);
        if (fd < 0) return;  // nothing saved yet
        std::vector<uint8_t> page(storage::kVfsPageSize);
        uint32_t index = 0;
        ssize_t n;
        while ((n = ::pread(fd, page.data(), page.size(), static_cast<off_t>(index) * storage::kVfsPageSize)) > 0) {
            m_store.loadPage(index, page.data(), static_cast<size_t>(n));
            ++index;
        }
        struct stat st {};
        if (::fstat(fd, &st) == 0) m_store.setSize(static_cast<uint64_t>(st.st_size));
        ::close(fd);
    }

    storage::PageStore& store() override { return m_store; }
    SaveStatus status() const override { return m_status; }

    void commit(const std::vector<storage::DirtyPage>& pages, uint64_t fileSize) override {
        ++m_status.commitsStarted;
        int fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT, 0644);
        if (fd < 0) return fail();
        uint64_t bytes = 0;
        for (const storage::DirtyPage& p : pages) {
            if (::pwrite(fd, p.data, storage::kVfsPageSize, static_cast<off_t>(p.index) * storage::kVfsPageSize) !=
                static_cast<ssize_t>(storage::kVfsPageSize)) {
                ::close(fd);
                return fail();
            }
            bytes += storage::kVfsPageSize;
        }
        if (::ftruncate(fd, static_cast<off_t>(fileSize)) != 0 || ::fsync(fd) != 0) {
            ::close(fd);
            return fail();
        }
        ::close(fd);
        m_status.bytesWritten = bytes;
        ++m_status.commitsDone;
    }

    void clear() override { ::unlink(m_path.c_str()); }

private:
    void fail() {
        m_status.error = true;
        m_status.message = m_path + ": " + std::strerror(errno);
        throw std::runtime_error(m_status.message);  // the VFS turns it into an I/O error: no commit
    }
    std::string m_path;
    storage::PageStore m_store;
    SaveStatus m_status;
};

}  // namespace

std::unique_ptr<Persistence> Persistence::open(const std::string& location) {
    return std::make_unique<FilePersistence>(location);
}

}  // namespace mvr::platform
