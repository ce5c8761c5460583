// Checks and conversions of text that came from outside: UTF-8 validity, bytes shown as \xNN in messages,
// JSON number text. Every message mvr prints or writes as JSON goes through showInvalidBytes, so output
// stays valid UTF-8 whatever the input held.
#pragma once

#include <string>
#include <string_view>

namespace mvr::core {

// Length of the valid UTF-8 sequence at s[i] (1 for ASCII), or 0 when the bytes there are not one
// (overlong forms, surrogates and code points past U+10FFFF are not valid).
size_t utf8SequenceAt(std::string_view s, size_t i);
bool isValidUtf8(std::string_view s);
// s with every byte that is not part of a valid UTF-8 sequence written as the four characters \xNN.
std::string showInvalidBytes(std::string_view s);
// s with every such byte replaced by U+FFFD (for names kept in data, where a "\x" would read as text).
std::string replaceInvalidBytes(std::string_view s);
// True when s is JSON number text (RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?).
bool isNumberLexeme(std::string_view s);
// True when s is empty, starts or ends with a space, or holds a control character or an invisible formatting one
// (zero-width characters, directional marks, embeddings, overrides and isolates, the byte order mark): what a name
// must not hold, since it would read as another name.
bool hasControlOrEdgeSpace(std::string_view s);
// True when s holds a character displayText would show differently (newlines only when newlinesToo).
bool hasInvisible(std::string_view s, bool newlinesToo = true);
// s for the screen: control and invisible formatting characters written visibly ("\n", "\t", "<U+202E>"), so a
// description cannot break a row or reorder what is drawn after it; with keepNewlines, line breaks stay breaks.
std::string displayText(std::string_view s, bool keepNewlines = false);
// s with control and invisible formatting characters as JSON escapes (\u202e): for quoting a value in a message.
std::string escapeInvisible(std::string_view s);
// True when s is non-empty and all lowercase or uppercase hexadecimal digits.
bool isHexText(std::string_view s);
// s with ASCII letters lowercased (other bytes, UTF-8 included, unchanged): case-insensitive search.
std::string asciiLower(std::string_view s);
// True when needle occurs in haystack, ignoring ASCII case (an empty needle occurs everywhere).
bool containsIgnoringCase(std::string_view haystack, std::string_view needle);

}  // namespace mvr::core
