// Quantities as people read them: byte sizes in binary units ("12.0 GiB") next to the exact figure with
// digit groups ("12,884,901,888 bytes"). Every front end formats sizes through here.
#pragma once

#include <cstdint>
#include <string>

namespace mvr::core {

// "0 B", "512 B", "1.0 KiB", "12.0 GiB", "1.5 TiB": below 1024 the bytes themselves; above, one decimal
// in the largest binary unit that keeps the figure at least 1 (up to EiB). Rounded half up to one decimal,
// moving to the next unit when the figure would read 1024.0. Negative sizes keep their sign.
std::string humanBytes(int64_t bytes);
// "12,884,901,888 bytes" ("1 byte" for one).
std::string exactBytes(int64_t bytes);

}  // namespace mvr::core
