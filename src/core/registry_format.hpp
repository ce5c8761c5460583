// The exported registry document (docs/registry-format.md): canonical and deterministic, one version per
// line, so the same registry always exports to the same bytes and exports diff well in git.
#pragma once

#include <string>
#include <vector>

#include "core/json_value.hpp"

namespace mvr::core {

// {"format":"mvr-registry","format_version":1,"versions":[
std::string registryHeader();
// The separator before the version with this index (",\n" except before the first).
const char* registrySeparator(size_t index);
// \n]}\n  (or ]}\n when there were no versions)
std::string registryFooter(size_t count);

// The manifest as exported: its stored document with "aliases" set to the version's current aliases
// (in place when the document had the field, appended when it did not and there are some).
std::string exportedManifest(const Value& doc, const std::vector<std::string>& aliases);

}  // namespace mvr::core
