// Files for the CLI: whole-file reads, mapped reads, atomic writes and folder listings (io.hpp), on POSIX.
#include "cli/io.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <sys/stat.h>
#ifndef __EMSCRIPTEN__
#include <fcntl.h>
#include <sys/mman.h>
#endif
#include <unistd.h>

namespace mvr::cli {

bool readFile(const std::string& path, std::string& out, std::string& error) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        error = path + ": cannot open: " + std::strerror(errno);
        return false;
    }
    out.clear();
    struct stat st {};
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        std::fclose(f);
        error = path + ": is a folder";
        return false;
    }
    if (st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    bool bad = std::ferror(f);
    std::fclose(f);
    if (bad) {
        error = path + ": read error";
        return false;
    }
    return true;
}

FileText::~FileText() { release(); }

void FileText::release() {
#ifndef __EMSCRIPTEN__
    if (m_map) munmap(m_map, m_size);
#endif
    m_map = nullptr;
    m_size = 0;
    m_owned.clear();
}

void FileText::adopt(std::string text) {
    release();
    m_owned = std::move(text);
}

bool FileText::open(const std::string& path, std::string& error) {
    release();
#ifndef __EMSCRIPTEN__
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        struct stat st {};
        // Only regular, non-empty files are mapped; anything else (a FIFO, /dev/stdin) is read.
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
            void* p = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
            if (p != MAP_FAILED) {
                madvise(p, static_cast<size_t>(st.st_size), MADV_SEQUENTIAL);
                m_map = p;
                m_size = static_cast<size_t>(st.st_size);
                ::close(fd);
                return true;
            }
        }
        ::close(fd);
    }
#endif
    return readFile(path, m_owned, error);
}

bool writeFileAtomic(const std::string& path, const std::string& data, std::string& error) {
    std::string tmp = path + ".tmp-" + std::to_string(getpid());
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) {
        error = path + ": cannot write: " + std::strerror(errno);
        return false;
    }
    bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
    ok = std::fflush(f) == 0 && ok;
    ok = std::fclose(f) == 0 && ok;
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
        error = path + ": write failed: " + std::strerror(errno);
        std::remove(tmp.c_str());
        return false;
    }
    return true;
}

bool isDirectory(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

static void walkAll(const std::string& dir, const std::function<bool(const std::string&)>& want, std::vector<std::string>& out) {
    DIR* d = opendir(dir.c_str());
    if (!d) return;
    while (dirent* e = readdir(d)) {
        std::string name = e->d_name;
        if (name.empty() || name[0] == '.') continue;
        std::string p = dir + "/" + name;
        if (isDirectory(p)) walkAll(p, want, out);
        else if (want(name)) out.push_back(p);
    }
    closedir(d);
}

std::vector<std::string> filesIn(const std::string& dir, const std::function<bool(const std::string& name)>& want) {
    std::vector<std::string> out;
    walkAll(dir, want, out);
    std::sort(out.begin(), out.end());
    return out;
}

bool isFile(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool readHead(const std::string& path, size_t maxBytes, std::string& out) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    out.resize(maxBytes);
    out.resize(std::fread(&out[0], 1, maxBytes, f));
    bool ok = !std::ferror(f);
    std::fclose(f);
    return ok;
}

uint64_t fileSize(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
}

}  // namespace mvr::cli
