// Problems found in untrusted input, each with file, JSON path and line:column, collected so that every
// problem in a file is reported at once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mvr::core {

struct Diagnostic {
    std::string file;
    std::string path;   // JSON path, e.g. "[3].metrics.auc"; empty for the document itself
    uint32_t line = 0;  // 0 when not tied to a place in a file
    uint32_t col = 0;
    std::string code;   // stable machine-readable kind, e.g. "type", "syntax", "duplicate-key"
    std::string message;
};

// "file:line:col: path: message" (parts that are unknown are left out).
std::string formatDiagnostic(const Diagnostic& d);

class Diagnostics {
public:
    explicit Diagnostics(size_t limit = 1000) : m_limit(limit) {}
    void add(Diagnostic d);
    const std::vector<Diagnostic>& items() const { return m_items; }
    size_t count() const { return m_items.size() + m_dropped; }
    size_t dropped() const { return m_dropped; }
    bool empty() const { return count() == 0; }
    void clear() { m_items.clear(); m_dropped = 0; }

private:
    size_t m_limit;
    size_t m_dropped = 0;
    std::vector<Diagnostic> m_items;
};

}  // namespace mvr::core
