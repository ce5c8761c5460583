// What the mvr command prints, shared by its commands: aligned tables, JSON for scripts (always valid UTF-8),
// and import reports and diagnostics as text and as JSON.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/json_value.hpp"
#include "storage/registry.hpp"

namespace mvr::cli {

// Columns padded by code points; cells longer than maxWidth code points are cut with "…"; trailing spaces trimmed.
void printTable(std::ostream& out, const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows,
                size_t maxWidth = 60);

// Numbers of the registry as text: the shortest that reads back as the same double; "" for NaN (a missing value).
std::string numberCell(double v);
// The same as JSON: a number, or null for NaN and infinities.
core::Value numberJson(double v);
// Comma-separated values (RFC 4180 quoting, lines ending in \n): a row of fields, each quoted when it holds a
// comma, a quote or a line break.
void printCsvRow(std::ostream& out, const std::vector<std::string>& fields);
// Text for XML content and attribute values: & < > " ' escaped, bytes that are not UTF-8 and characters XML
// cannot hold (control characters) replaced by U+FFFD.
std::string xmlText(std::string_view s);

// Output for scripts is valid UTF-8 JSON whatever the input held: bytes of broken input that a message or a
// name quotes are written as \xNN (validText rewrites v's strings and keys so).
void printJson(std::ostream& out, core::Value v);
void validText(core::Value& v);

core::Value diagnosticsToJson(const std::vector<core::Diagnostic>& ds);
core::Value reportToJson(const storage::FileReport& r);
// A file's line ("ok ...", "error ...", "conflict ...") on out, its problems on err.
void printReport(std::ostream& out, std::ostream& err, const storage::FileReport& r);
// A file's notes on err.
void printNotes(std::ostream& err, const storage::FileReport& r);

}  // namespace mvr::cli
