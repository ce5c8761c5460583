#include "core/units.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>

using mvr::core::exactBytes;
using mvr::core::humanBytes;

TEST_CASE("humanBytes: bytes below 1 KiB as they are") {
    CHECK(humanBytes(0) == "0 B");
    CHECK(humanBytes(1) == "1 B");
    CHECK(humanBytes(1023) == "1023 B");
}

TEST_CASE("humanBytes: one decimal in the largest binary unit") {
    CHECK(humanBytes(1024) == "1.0 KiB");
    CHECK(humanBytes(1536) == "1.5 KiB");
    CHECK(humanBytes(1048576) == "1.0 MiB");
    CHECK(humanBytes(81234567) == "77.5 MiB");
    CHECK(humanBytes(12884901888LL) == "12.0 GiB");
    CHECK(humanBytes(1099511627776LL * 3 / 2) == "1.5 TiB");
    CHECK(humanBytes(std::numeric_limits<int64_t>::max()) == "8.0 EiB");
}

TEST_CASE("humanBytes: rounding never reads 1024.0 of a unit") {
    CHECK(humanBytes(1048575) == "1.0 MiB");     // 1023.999 KiB
    CHECK(humanBytes(1024 * 1024 - 40) == "1.0 MiB");  // 1023.96 KiB rounds to 1024.0
    CHECK(humanBytes(1024 * 1024 - 60) == "1023.9 KiB");
    CHECK(humanBytes(1024 * 1023 + 50) == "1023.0 KiB");
}

TEST_CASE("humanBytes and exactBytes: negative sizes keep their sign") {
    CHECK(humanBytes(-2048) == "-2.0 KiB");
    CHECK(humanBytes(std::numeric_limits<int64_t>::min()) == "-8.0 EiB");
    CHECK(exactBytes(-1234) == "-1,234 bytes");
}

TEST_CASE("exactBytes: digit groups") {
    CHECK(exactBytes(0) == "0 bytes");
    CHECK(exactBytes(1) == "1 byte");
    CHECK(exactBytes(999) == "999 bytes");
    CHECK(exactBytes(1000) == "1,000 bytes");
    CHECK(exactBytes(12884901888LL) == "12,884,901,888 bytes");
}
