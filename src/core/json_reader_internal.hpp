// What the JSON reader's files (core/json_reader*.cpp) share; not for other code.
#pragma once

#include <string>

namespace mvr::core::json_detail {

// A byte for a message: 'x' when it is printable ASCII, else "byte 0xNN".
std::string printable(char c);

}  // namespace mvr::core::json_detail
