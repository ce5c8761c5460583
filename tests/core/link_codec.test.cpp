// Comparison links carry the versions themselves: the payload must give back every document exactly
// (number lexemes, key order, strings), and stay small for the wide comparisons people share.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "core/diagnostics.hpp"
#include "core/json_reader.hpp"
#include "core/link_codec.hpp"

using namespace mvr::core;

namespace {
Value parse(const std::string& s) {
    Diagnostics d;
    Value v;
    REQUIRE(parseJson(s, v, d));
    return v;
}
std::vector<Value> roundTrip(const std::vector<Value>& docs) {
    std::vector<const Value*> ptrs;
    for (const Value& v : docs) ptrs.push_back(&v);
    std::string payload = encodeLinkPayload(ptrs);
    std::vector<Value> back;
    std::string error;
    REQUIRE(decodeLinkPayload(payload, back, error));
    return back;
}
}  // namespace

TEST_CASE("link payloads give back the documents exactly") {
    std::vector<Value> docs = {
        parse(R"({"model":"m","version":1,"params":{"lr":1.0,"tiny":1e-7,"neg":-0,"big":12345678901234,"z":0.000123,
                  "s":"a,b\u0001c","list":[1,2.50,-3.25],"ok":true,"none":null},"metrics":{"auc":0.912345}})"),
        parse(R"({"model":"m","version":"v2","params":{"lr":1.0,"tiny":2E+5,"neg":-0.0,"big":12345678901234,"z":0.000124,
                  "s":"é","list":[1,2.5],"ok":false,"extra":{"deep":[[1]]}},"metrics":{"auc":0.915}})")};
    std::vector<Value> back = roundTrip(docs);
    REQUIRE(back.size() == 2);
    for (size_t i = 0; i < 2; ++i) CHECK(toCanonical(back[i]) == toCanonical(docs[i]));
}

TEST_CASE("link payloads reject what they did not write") {
    std::vector<Value> docs;
    std::string error;
    CHECK_FALSE(decodeLinkPayload("hello", docs, error));
    CHECK(error.find("unknown format") != std::string::npos);
    Value v = parse(R"({"model":"m","version":1,"metrics":{"a":0.5,"b":0.25}})");
    std::string payload = encodeLinkPayload({&v});
    CHECK_FALSE(decodeLinkPayload(payload.substr(0, payload.size() - 2), docs, error));
    CHECK(error.find("damaged") != std::string::npos);
}

TEST_CASE("a wide two-version payload is far smaller than its JSON") {
    // 200 params and 400 metrics of up to 6 significant digits; the second version changes most metrics.
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0, 1);
    auto sig6 = [&](double x) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g", x);
        return std::string(buf);
    };
    std::string a = R"({"model":"wide","version":1,"params":{)", b = R"({"model":"wide","version":2,"params":{)";
    for (int i = 0; i < 200; ++i) {
        std::string key = "\"group" + std::to_string(i % 8) + "_param_" + std::to_string(i) + "\":";
        std::string va = sig6(u(rng)), vb = i % 5 ? va : sig6(u(rng));
        a += (i ? "," : "") + key + va;
        b += (i ? "," : "") + key + vb;
    }
    a += R"(},"metrics":{)";
    b += R"(},"metrics":{)";
    for (int i = 0; i < 400; ++i) {
        std::string key = "\"val/metric_" + std::to_string(i) + "\":";
        a += (i ? "," : "") + key + sig6(u(rng) * 100);
        b += (i ? "," : "") + key + sig6(u(rng) * 100);
    }
    a += "}}";
    b += "}}";
    std::vector<Value> docs = {parse(a), parse(b)};
    std::vector<const Value*> ptrs = {&docs[0], &docs[1]};
    std::string payload = encodeLinkPayload(ptrs);
    // The skeletons repeat each other (deflate, in the page, makes the second nearly free); what this
    // codec itself must make small is the numbers: at most 3.2 bytes each, where their text takes ~8.
    size_t skeletons = payload.find('\0', payload.find('\0') + 1) + 1;
    size_t numbers = 1202;  // 200 + 400 per version, plus the two version numbers
    INFO("json " << a.size() + b.size() << " bytes, payload " << payload.size() << " bytes, numbers part "
                 << payload.size() - skeletons << " bytes");
    CHECK(payload.size() - skeletons < numbers * 32 / 10);
    std::vector<Value> back;
    std::string error;
    REQUIRE(decodeLinkPayload(payload, back, error));
    CHECK(toCanonical(back[1]) == toCanonical(docs[1]));
}

TEST_CASE("percent encoding round-trips UTF-8 and reserved characters") {
    std::string s = "metrics.auc > 0.9 and tags.team = nlp & co #1 ç";
    std::string e = percentEncode(s);
    CHECK(e.find(' ') == std::string::npos);
    CHECK(e.find('&') == std::string::npos);
    CHECK(e.find('#') == std::string::npos);
    CHECK(percentDecode(e) == s);
}
