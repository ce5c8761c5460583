// BLAKE2b against RFC 7693 and reference vectors (cross-checked with Python's hashlib.blake2b).
#include <catch2/catch.hpp>

#include <string>

#include "core/blake2b.hpp"

using mvr::core::Blake2b;
using mvr::core::blake2b256Hex;
using mvr::core::toHex;

TEST_CASE("BLAKE2b-256 reference vectors") {
    CHECK(blake2b256Hex("") == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    CHECK(blake2b256Hex("abc") == "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    CHECK(blake2b256Hex(std::string(1000000, 'a')) == "0741850f36cba4259628355d1073e24ddb9ca0e1bfac36fd39ae5dc2101e23a4");
    // Exactly one block: the last block must carry the final flag, not be compressed early.
    CHECK(blake2b256Hex(std::string(128, 'x')) == "164ffb7089bae6f5a62fb0795e751dc9e88eac92e1a5b2fafe93a25abf2d9c3b");
}

TEST_CASE("BLAKE2b-512 of abc (RFC 7693 appendix A)") {
    Blake2b h(64);
    h.update("abc");
    uint8_t out[64];
    h.finish(out);
    CHECK(toHex(out, 64) ==
          "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
}

TEST_CASE("BLAKE2b gives the same digest however the input is split") {
    std::string data;
    for (int i = 0; i < 2; ++i)
        for (int b = 0; b < 256; ++b) data.push_back(static_cast<char>(b));
    const std::string expected = "540b20132d8aeae54057cb69c24f95d26a1c472cc700dd450defe9bb796d4f14";
    REQUIRE(blake2b256Hex(data) == expected);
    for (size_t split : {size_t(1), size_t(127), size_t(128), size_t(129), size_t(256), size_t(511)}) {
        Blake2b h(32);
        h.update(data.data(), split);
        h.update(data.data() + split, data.size() - split);
        uint8_t out[32];
        h.finish(out);
        CHECK(toHex(out, 32) == expected);
    }
}
