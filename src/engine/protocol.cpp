#include "engine/protocol.hpp"

#include <algorithm>

namespace mvr::engine {

namespace {

bool takesModel(Op op) {
    switch (op) {
    case Op::Headline:
    case Op::ModelVersionCount:
    case Op::MetricNames:
    case Op::MetricGoal:
    case Op::MetricValues:
    case Op::ModelAliases:
    case Op::NewestVersions:
    case Op::Versions:
    case Op::VersionsBySeq:
    case Op::VersionKeys:
    case Op::MetricGoals:
    case Op::Load:
    case Op::Children: return true;
    default: return false;
    }
}

bool takesMetric(Op op) {
    return op == Op::MetricGoal || op == Op::MetricValues || op == Op::MetricValuesOf ||
           op == Op::MetricValuesBetween;
}

bool takesList(Op op) { return op == Op::MetricValuesOf || op == Op::VersionsBySeq; }
bool takesLabel(Op op) { return op == Op::Load || op == Op::Children; }

// a - b and a + b wrapping as unsigned (a delta between any two ids stays defined).
int64_t minus(int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b)); }
int64_t plus(int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b)); }

// Ascending ids and seqs as deltas from the one before (zigzag, so any order reads back).
void putInts(Writer& w, const std::vector<int64_t>& v) {
    w.varint(v.size());
    int64_t last = 0;
    for (int64_t x : v) {
        w.sint(minus(x, last));
        last = x;
    }
}

void getInts(Reader& r, std::vector<int64_t>& v) {
    v.resize(r.count(1));
    int64_t last = 0;
    for (int64_t& x : v) last = x = plus(last, r.sint());
}

core::Goal goalOf(Reader& r) {
    uint8_t g = r.u8();
    if (g > static_cast<uint8_t>(core::Goal::Min)) r.fail("goal " + std::to_string(g) + " is not none, max or min");
    return static_cast<core::Goal>(g);
}

}  // namespace

const char* opName(Op op) {
    switch (op) {
    case Op::Models: return "models";
    case Op::Headline: return "headline";
    case Op::VersionCount: return "versionCount";
    case Op::ModelCount: return "modelCount";
    case Op::SizeBytes: return "sizeBytes";
    case Op::ModelVersionCount: return "modelVersionCount";
    case Op::MetricNames: return "metricNames";
    case Op::MetricGoal: return "metricGoal";
    case Op::MetricValues: return "metricValues";
    case Op::MetricValuesOf: return "metricValuesOf";
    case Op::MetricValuesBetween: return "metricValuesBetween";
    case Op::ModelAliases: return "modelAliases";
    case Op::NewestVersions: return "newestVersions";
    case Op::Versions: return "versions";
    case Op::VersionsBySeq: return "versionsBySeq";
    case Op::VersionKeys: return "versionKeys";
    case Op::MetricGoals: return "metricGoals";
    case Op::Load: return "load";
    case Op::Children: return "children";
    }
    return "?";
}

void writeHead(Writer& w, const char magic[4], uint64_t batch) {
    w.raw(std::string_view(magic, 4));
    w.u8(kProtocolVersion);
    w.varint(batch);
}

uint64_t readHead(Reader& r, const char magic[4], uint64_t& batch) {
    if (r.view(4, "the batch's first 4 bytes") != std::string_view(magic, 4))
        throw WireError(0, std::string("not a ") + (magic[3] == 'Q' ? "request" : "answer") + " batch of mvr's engine");
    // The version and the batch number come first in every version of the protocol, so that a refusal can say
    // which batch it refuses.
    uint8_t version = r.u8();
    size_t at = r.offset();
    batch = r.varint();
    if (version != kProtocolVersion)
        throw WireError(at - 1, "protocol version " + std::to_string(version) + ", this build speaks " +
                                    std::to_string(kProtocolVersion) +
                                    " (the page and its engine come from different builds)");
    return batch;
}

void writeRequest(Writer& w, const Request& q) {
    w.varint(q.id);
    w.u8(static_cast<uint8_t>(q.op));
    if (takesModel(q.op)) w.str(q.model);
    if (takesMetric(q.op)) w.str(q.metric);
    if (q.op == Op::Versions) w.str(q.filter);
    if (takesLabel(q.op)) w.str(q.label);
    if (q.op == Op::NewestVersions) w.sint(q.n);
    if (q.op == Op::MetricValuesBetween) w.sint(q.lo), w.sint(q.hi);
    if (takesList(q.op)) putInts(w, q.list);
}

Request readRequest(Reader& r) {
    Request q;
    q.id = r.varint();
    uint8_t op = r.u8();
    if (op < 1 || op > kLastOp) r.fail("unknown request " + std::to_string(op));
    q.op = static_cast<Op>(op);
    if (takesModel(q.op)) q.model = r.str();
    if (takesMetric(q.op)) q.metric = r.str();
    if (q.op == Op::Versions) q.filter = r.str();
    if (takesLabel(q.op)) q.label = r.str();
    if (q.op == Op::NewestVersions) q.n = r.sint();
    if (q.op == Op::MetricValuesBetween) q.lo = r.sint(), q.hi = r.sint();
    if (takesList(q.op)) getInts(r, q.list);
    return q;
}

void put(Writer& w, const std::vector<storage::ModelInfo>& v) {
    w.varint(v.size());
    for (const storage::ModelInfo& m : v) {
        w.sint(m.id);
        w.str(m.name);
        w.sint(m.versions);
        w.str(m.latest);
        w.varint(m.aliases.size());
        for (const auto& [alias, label] : m.aliases) w.str(alias), w.str(label);
    }
}

void get(Reader& r, std::vector<storage::ModelInfo>& v) {
    v.resize(r.count(5));
    for (storage::ModelInfo& m : v) {
        m.id = r.sint();
        m.name = r.str();
        m.versions = r.sint();
        m.latest = r.str();
        m.aliases.resize(r.count(2));
        for (auto& [alias, label] : m.aliases) alias = r.str(), label = r.str();
    }
}

void put(Writer& w, const HeadlineAnswer& v) {
    w.u8(v.found ? 1 : 0);
    w.str(v.headline.metric);
    w.u8(static_cast<uint8_t>(v.headline.goal));
    w.str(v.headline.label);
    w.f64(v.headline.value);
}

void get(Reader& r, HeadlineAnswer& v) {
    v.found = r.u8() != 0;
    v.headline.metric = r.str();
    v.headline.goal = goalOf(r);
    v.headline.label = r.str();
    v.headline.value = r.f64();
}

void put(Writer& w, int64_t v) { w.sint(v); }
void get(Reader& r, int64_t& v) { v = r.sint(); }

void put(Writer& w, const std::vector<std::string>& v) {
    w.varint(v.size());
    for (const std::string& s : v) w.str(s);
}

void get(Reader& r, std::vector<std::string>& v) {
    v.resize(r.count(1));
    for (std::string& s : v) s = r.str();
}

void put(Writer& w, core::Goal v) { w.u8(static_cast<uint8_t>(v)); }
void get(Reader& r, core::Goal& v) { v = goalOf(r); }

void put(Writer& w, const MetricValues& v) {
    // By id, so that the same answer is the same bytes (the map's order is not).
    std::vector<std::pair<int64_t, double>> rows(v.begin(), v.end());
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    w.varint(rows.size());
    int64_t last = 0;
    for (const auto& [id, value] : rows) {
        w.sint(minus(id, last));
        w.f64(value);
        last = id;
    }
}

void get(Reader& r, MetricValues& v) {
    size_t n = r.count(9);
    v.clear();
    v.reserve(n);
    int64_t last = 0;
    for (size_t i = 0; i < n; ++i) {
        last = plus(last, r.sint());
        double value = r.f64();
        v[last] = value;
    }
}

void put(Writer& w, const Aliases& v) {
    w.varint(v.size());
    for (const auto& [index, alias] : v) w.sint(index), w.str(alias);
}

void get(Reader& r, Aliases& v) {
    v.resize(r.count(2));
    for (auto& [index, alias] : v) index = r.sint(), alias = r.str();
}

// Rows mostly share their model and author: those go through a table of the batch's strings. ids and seqs are
// deltas from the row before (a model's versions come in runs).
void put(Writer& w, const Versions& v) {
    std::unordered_map<std::string, uint32_t> pool;
    w.varint(v.size());
    int64_t lastId = 0, lastSeq = 0;
    for (const storage::VersionSummary& s : v) {
        w.sint(minus(s.id, lastId));
        w.sint(minus(s.seq, lastSeq));
        lastId = s.id, lastSeq = s.seq;
        w.pooled(s.model, pool);
        w.str(s.label);
        w.str(s.createdOn);
        w.pooled(s.author, pool);
        w.str(s.description);
        w.str(s.parent);
        w.varint(s.aliases.size());
        for (const std::string& a : s.aliases) w.str(a);
        w.u8(s.deprecated ? 1 : 0);
    }
}

void get(Reader& r, Versions& v) {
    std::vector<std::string> pool;
    v.resize(r.count(10));
    int64_t lastId = 0, lastSeq = 0;
    for (storage::VersionSummary& s : v) {
        s.id = lastId = plus(lastId, r.sint());
        s.seq = lastSeq = plus(lastSeq, r.sint());
        s.model = r.pooled(pool);
        s.label = r.str();
        s.createdOn = r.str();
        s.author = r.pooled(pool);
        s.description = r.str();
        s.parent = r.str();
        s.aliases.resize(r.count(1));
        for (std::string& a : s.aliases) a = r.str();
        uint8_t d = r.u8();
        if (d > 1) r.fail("deprecated flag " + std::to_string(d));
        s.deprecated = d == 1;
    }
}

void put(Writer& w, const Keys& v) {
    w.varint(v.size());
    int64_t lastId = 0, lastSeq = 0;
    for (const storage::Registry::VersionKey& k : v) {
        w.sint(minus(k.id, lastId));
        w.sint(minus(k.seq, lastSeq));
        lastId = k.id, lastSeq = k.seq;
    }
}

void get(Reader& r, Keys& v) {
    v.resize(r.count(2));
    int64_t lastId = 0, lastSeq = 0;
    for (storage::Registry::VersionKey& k : v) {
        k.id = lastId = plus(lastId, r.sint());
        k.seq = lastSeq = plus(lastSeq, r.sint());
    }
}

void put(Writer& w, const Goals& v) {
    w.varint(v.size());
    for (const auto& [name, goal] : v) w.str(name), put(w, goal);
}

void get(Reader& r, Goals& v) {
    v.resize(r.count(2));
    for (auto& [name, goal] : v) name = r.str(), goal = goalOf(r);
}


// A stored version: its text, what is stored beside it, and its curation records (each one's fields).
void put(Writer& w, const LoadAnswer& v) {
    const storage::StoredVersion& s = v.version;
    w.u8(v.found ? 1 : 0);
    w.str(s.label);
    w.str(s.canonical);
    w.str(s.digest);
    w.str(s.aliasesJson);
    put(w, s.aliases);
    w.u8(s.deprecated ? 1 : 0);
    w.varint(s.log.size());
    for (const storage::CurationChange& c : s.log) {
        w.sint(c.id);
        for (const std::string* f : {&c.at, &c.model, &c.label, &c.field, &c.before, &c.after, &c.author}) w.str(*f);
    }
}

void get(Reader& r, LoadAnswer& v) {
    storage::StoredVersion& s = v.version;
    v.found = r.u8() != 0;
    s.label = r.str();
    s.canonical = r.str();
    s.digest = r.str();
    s.aliasesJson = r.str();
    get(r, s.aliases);
    s.deprecated = r.u8() != 0;
    s.log.resize(r.count(8));
    for (storage::CurationChange& c : s.log) {
        c.id = r.sint();
        for (std::string* f : {&c.at, &c.model, &c.label, &c.field, &c.before, &c.after, &c.author}) *f = r.str();
    }
}

}  // namespace mvr::engine
