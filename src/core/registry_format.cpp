#include "core/registry_format.hpp"

#include "core/document.hpp"

namespace mvr::core {

std::string registryHeader() {
    return std::string("{\"format\":\"") + kRegistryFormat + "\",\"format_version\":" +
           std::to_string(kRegistryFormatVersion) + ",\"versions\":[";
}

const char* registrySeparator(size_t index) { return index == 0 ? "\n" : ",\n"; }

std::string registryFooter(size_t count) { return count ? "\n]}\n" : "]}\n"; }

std::string exportedManifest(const Value& doc, const std::vector<std::string>& aliases) {
    Value list = Value::makeArray();
    for (const std::string& a : aliases) list.push(Value::makeString(a));
    std::string out;
    out.reserve(4096);
    out.push_back('{');
    bool first = true;
    bool placed = false;
    for (const Member& m : doc.members) {
        if (!first) out.push_back(',');
        first = false;
        writeString(m.key, out);
        out.push_back(':');
        if (m.key == "aliases") {
            writeCanonical(list, out);
            placed = true;
        } else {
            writeCanonical(m.value, out);
        }
    }
    if (!placed && !aliases.empty()) {
        if (!first) out.push_back(',');
        out += "\"aliases\":";
        writeCanonical(list, out);
    }
    out.push_back('}');
    return out;
}

}  // namespace mvr::core
