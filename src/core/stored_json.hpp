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
#include "core/series.hpp"

namespace mvr::core {

bool parseStoredJson(std::string_view text, Value& out);

// What core::stepHistories(doc, want, byTime) gives for the document of this stored text, read from the text
// without building the document: the Training curves of versions with 100,000 steps each read their histories
// several times faster than loading them (docs/performance.md). Only the text up to the end of the document's
// "metrics" is read. false (and out empty) when that part is not a stored document's; the caller loads the
// version instead (storage::Registry::stepHistories does).
bool readStoredStepHistories(std::string_view text, std::string_view want, bool byTime, StepHistories& out);

}  // namespace mvr::core
