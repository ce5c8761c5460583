// Compact binary form of a few manifests for self-contained comparison links (the page deflates it and puts
// it in the URL fragment). Exact: every number keeps its lexeme, every key its order.
//
// Layout: "M1", count, then each document's canonical JSON with its numbers replaced by 0x01 (0-separated);
// then one header byte per number (sign, fraction digits, mantissa size; 255 = the same lexeme as the
// number at the same position in the first document; 254 = written out in the text column); the text
// column (','-separated lexemes, 0-terminated); then the mantissas as a little-endian bit stream of 10, 20
// or 30 bits each. Keys are written once in practice: the second document's skeleton repeats the first
// one's, which deflate turns into back-references.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/json_value.hpp"

namespace mvr::core {

std::string encodeLinkPayload(const std::vector<const Value*>& docs);
// False with a message when the bytes are not a payload this version writes.
bool decodeLinkPayload(std::string_view bytes, std::vector<Value>& docs, std::string& error);

// Percent-encoding for URL fragments (UTF-8 kept as %XX bytes; unreserved characters as they are).
std::string percentEncode(std::string_view s);
std::string percentDecode(std::string_view s);

}  // namespace mvr::core
