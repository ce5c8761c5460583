// The comparison formats shared by the CLI and the app: JSON (docs/registry-format.md, "diff" section),
// Markdown for pull requests, and plain text for terminals.
#pragma once

#include <string>

#include "core/diff.hpp"
#include "core/json_value.hpp"

namespace mvr::core {

Value diffToJson(const VersionDiff& d);
Value matrixToJson(const CompareMatrix& m);
std::string diffToMarkdown(const VersionDiff& d);
std::string diffToText(const VersionDiff& d, bool color);
// "0.91", "+0.0123", "+1.4%" style numbers, shortest form that round-trips.
std::string formatNumber(double v);
// printf("%.{precision}g") (with '+' for plus) into out, when it can be done exactly without printf: false for
// numbers in %g's scientific range, below 1e-4, and near a rounding tie.
bool formatGeneralFast(double v, int precision, bool plus, std::string& out);
std::string formatDelta(const DiffEntry& e);
// The absolute delta alone, with as many decimals as the two values had.
std::string formatDeltaNumber(const DiffEntry& e);
// A value as one line of text (strings without quotes when plain).
std::string valueText(const Value& v, size_t maxLen = 80);

}  // namespace mvr::core
