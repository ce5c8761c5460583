// Files for the CLI: whole-file reads with clear errors, atomic writes (temp file + rename, so an
// interrupted export never leaves half a file), and the files of a folder in a stable order.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mvr::cli {

bool readFile(const std::string& path, std::string& out, std::string& error);

// A file's bytes without copying them where the platform allows: mapped read-only natively (a 365 MB
// registry costs no heap and no read-copy), read into memory otherwise (wasm, pipes, stdin).
class FileText {
public:
    FileText() = default;
    ~FileText();
    FileText(const FileText&) = delete;
    FileText& operator=(const FileText&) = delete;
    bool open(const std::string& path, std::string& error);  // error starts with the path, as readFile's
    void adopt(std::string text);                            // bytes from elsewhere (stdin)
    std::string_view view() const { return m_map ? std::string_view(static_cast<const char*>(m_map), m_size) : m_owned; }

private:
    void release();
    void* m_map = nullptr;
    size_t m_size = 0;
    std::string m_owned;
};
bool writeFileAtomic(const std::string& path, const std::string& data, std::string& error);
bool isDirectory(const std::string& path);
// Every file below dir (recursively, hidden folders skipped) whose name want() accepts, sorted.
std::vector<std::string> filesIn(const std::string& dir, const std::function<bool(const std::string& name)>& want);
bool isFile(const std::string& path);
// The first maxBytes of a file (all of it when shorter); false when it cannot be read.
bool readHead(const std::string& path, size_t maxBytes, std::string& out);
// Bytes of a regular file (0 when it cannot be read or is not one).
uint64_t fileSize(const std::string& path);

}  // namespace mvr::cli
