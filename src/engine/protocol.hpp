// What the page asks the engine and how each answer is written (docs/architecture.md, "Where the engine runs",
// step 1). A request batch:
//   "MVRQ" 1  batch(varint)  count(varint)  { id(varint) op(u8) arguments }...
// its answer:
//   "MVRA" 1  batch(varint)  status(u8: 0 answers, 1 refused + message)  count(varint)
//   { id(varint) status(u8: 0 ok, 1 failed) length(varint) payload-or-message }...
// The reads are those of storage::Registry that the first screen, the versions pane and the status bar make; each
// answer decodes to the very value the registry call returns (tests/engine/protocol.test.cpp holds them equal).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/manifest.hpp"
#include "engine/wire.hpp"
#include "storage/registry.hpp"

namespace mvr::engine {

constexpr uint8_t kProtocolVersion = 1;

enum class Op : uint8_t {
    Models = 1,           // -> std::vector<storage::ModelInfo>
    Headline,             // model -> HeadlineAnswer
    VersionCount,         // -> int64_t
    ModelCount,           // -> int64_t
    SizeBytes,            // -> int64_t
    ModelVersionCount,    // model -> int64_t
    MetricNames,          // model -> std::vector<std::string>
    MetricGoal,           // model, metric -> core::Goal
    MetricValues,         // model, metric -> MetricValues
    MetricValuesOf,       // metric, ids -> MetricValues
    MetricValuesBetween,  // metric, lo, hi -> MetricValues
    ModelAliases,         // model -> Aliases
    NewestVersions,       // model, n -> Versions
    Versions,             // model, filter text -> Versions
    VersionsBySeq,        // model, seqs -> Versions
    VersionKeys,          // model -> Keys
    MetricGoals,          // model -> Goals: metricNames with each one's metricGoal
    Load,                 // model, label (or alias) -> LoadAnswer: the version as stored (storage::readStoredVersion)
    Children,             // model, label -> std::vector<std::string>
};
constexpr uint8_t kLastOp = static_cast<uint8_t>(Op::Children);
const char* opName(Op op);

struct HeadlineAnswer {
    bool found = false;  // what Registry::headline returned
    storage::Headline headline;
};
using MetricValues = std::unordered_map<int64_t, double>;
using Aliases = std::vector<std::pair<int64_t, std::string>>;
using Versions = std::vector<storage::VersionSummary>;
using Keys = std::vector<storage::Registry::VersionKey>;
using Goals = std::vector<std::pair<std::string, core::Goal>>;
struct LoadAnswer {
    bool found = false;  // what Registry::loadStored returned
    storage::StoredVersion version;
};

// One request's arguments; each op reads the ones it names above.
struct Request {
    uint64_t id = 0;
    Op op = Op::Models;
    std::string model, metric, filter, label;
    int64_t n = 0, lo = 0, hi = 0;
    std::vector<int64_t> list;  // ids or seqs
};

void writeRequest(Writer& w, const Request& r);
Request readRequest(Reader& r);  // throws WireError

// The answers' payloads. Each put writes what its get reads back equal.
void put(Writer& w, const std::vector<storage::ModelInfo>& v);
void put(Writer& w, const HeadlineAnswer& v);
void put(Writer& w, int64_t v);
void put(Writer& w, const std::vector<std::string>& v);
void put(Writer& w, core::Goal v);
void put(Writer& w, const MetricValues& v);
void put(Writer& w, const Aliases& v);
void put(Writer& w, const Versions& v);
void put(Writer& w, const Keys& v);
void put(Writer& w, const Goals& v);
void put(Writer& w, const LoadAnswer& v);
void get(Reader& r, std::vector<storage::ModelInfo>& v);
void get(Reader& r, HeadlineAnswer& v);
void get(Reader& r, int64_t& v);
void get(Reader& r, std::vector<std::string>& v);
void get(Reader& r, core::Goal& v);
void get(Reader& r, MetricValues& v);
void get(Reader& r, Aliases& v);
void get(Reader& r, Versions& v);
void get(Reader& r, Keys& v);
void get(Reader& r, Goals& v);
void get(Reader& r, LoadAnswer& v);

// The heads of the two batches.
void writeHead(Writer& w, const char magic[4], uint64_t batch);
// The batch number, also left in `batch` when it was read before the head proved wrong; throws WireError.
uint64_t readHead(Reader& r, const char magic[4], uint64_t& batch);

}  // namespace mvr::engine
