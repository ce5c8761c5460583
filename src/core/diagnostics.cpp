#include "core/diagnostics.hpp"

namespace mvr::core {

std::string formatDiagnostic(const Diagnostic& d) {
    std::string out = d.file.empty() ? std::string("<input>") : d.file;
    if (d.line) out += ":" + std::to_string(d.line) + ":" + std::to_string(d.col);
    out += ": ";
    if (!d.path.empty()) out += d.path + ": ";
    out += d.message;
    return out;
}

void Diagnostics::add(Diagnostic d) {
    if (m_items.size() >= m_limit) {
        ++m_dropped;
        return;
    }
    m_items.push_back(std::move(d));
}

}  // namespace mvr::core
