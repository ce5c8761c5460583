#include "core/diagnostics.hpp"

#include "core/text.hpp"

namespace mvr::core {

std::string formatDiagnostic(const Diagnostic& d) {
    // Shown as \xNN where a part holds bytes that are not UTF-8 (a diagnostic made without add()).
    std::string out = d.file.empty() ? std::string("<input>") : showInvalidBytes(d.file);
    if (d.line) out += ":" + std::to_string(d.line) + ":" + std::to_string(d.col);
    out += ": ";
    if (!d.path.empty()) out += showInvalidBytes(d.path) + ": ";
    out += showInvalidBytes(d.message);
    return out;
}

void Diagnostics::add(Diagnostic d) {
    if (m_items.size() >= m_limit) {
        ++m_dropped;
        return;
    }
    // A message may quote the bytes of broken input: kept as \xNN so every report is valid UTF-8 text.
    for (std::string* part : {&d.file, &d.path, &d.code, &d.message})
        if (!isValidUtf8(*part)) *part = showInvalidBytes(*part);
    m_items.push_back(std::move(d));
}

}  // namespace mvr::core
