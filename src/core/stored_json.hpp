// The reader for JSON that mvr wrote itself: a stored version's canonical document (writeCanonical's text: no
// white space, strings escaped minimally, numbers as their lexemes). It builds the same Value as the strict
// reader (core/json_reader) would, without what only untrusted text needs: positions, paths, duplicate keys,
// diagnostics. Loading a version for a view is then a few times cheaper than reading it as an import does.
//
// Text that is not such a document (a damaged database) is refused, never read out of bounds: false, with
// out left in an unspecified but valid state. Stored text that has white space is refused too; the caller
// falls back to the strict reader (storage::Registry::load does).
#pragma once

#include <string_view>

#include "core/json_value.hpp"

namespace mvr::core {

bool parseStoredJson(std::string_view text, Value& out);

}  // namespace mvr::core
