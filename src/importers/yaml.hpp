// YAML files (dvc.lock, params.yaml, MLmodel, model card front matter) read with libyaml 0.2.5 into the same
// core::Value the JSON reader makes: key order kept, every value with its line:column, every problem with the
// path where it happened. Plain scalars are typed by YAML 1.2's core schema (docs/importers.md).
#pragma once

#include <string>
#include <string_view>

#include "core/diagnostics.hpp"
#include "core/json_value.hpp"

namespace mvr::importers {

struct YamlOptions {
    uint32_t firstLine = 1;  // the line of the file where text starts (front matter starts after its "---")
    size_t maxNodes = 1000000;  // values made, aliases expanded included (a "billion laughs" file stops here)
};

// Parses one YAML document (an empty text is null). Problems go to diags with file, path and line:column:
// syntax, duplicate keys, keys that are not scalars, nesting deeper than 256 levels, more than one document,
// unknown aliases. Returns false when there was any problem (out is then not to be used).
bool parseYaml(std::string_view text, const std::string& file, core::Value& out, core::Diagnostics& diags,
               const YamlOptions& opt = {});

}  // namespace mvr::importers
