#include "engine/engine.hpp"

#include <exception>
#include <vector>

#include "core/filter.hpp"
#include "engine/protocol.hpp"

namespace mvr::engine {

namespace {

void run(storage::Registry& reg, const Request& q, Writer& w) {
    switch (q.op) {
    case Op::Models: put(w, reg.models()); return;
    case Op::Headline: {
        HeadlineAnswer a;
        a.found = reg.headline(q.model, a.headline);
        put(w, a);
        return;
    }
    case Op::VersionCount: put(w, reg.versionCount()); return;
    case Op::ModelCount: put(w, reg.modelCount()); return;
    case Op::SizeBytes: put(w, reg.sizeBytes()); return;
    case Op::ModelVersionCount: put(w, reg.modelVersionCount(q.model)); return;
    case Op::MetricNames: put(w, reg.metricNames(q.model)); return;
    case Op::MetricGoal: put(w, reg.metricGoal(q.model, q.metric)); return;
    case Op::MetricValues: put(w, reg.metricValues(q.model, q.metric)); return;
    case Op::MetricValuesOf: put(w, reg.metricValuesOf(q.metric, q.list)); return;
    case Op::MetricValuesBetween: put(w, reg.metricValuesBetween(q.metric, q.lo, q.hi)); return;
    case Op::ModelAliases: put(w, reg.modelAliases(q.model)); return;
    case Op::NewestVersions: put(w, reg.newestVersions(q.model, q.n)); return;
    case Op::Versions: {
        core::Filter filter;
        std::string error;
        if (!core::parseFilter(q.filter, filter, error)) throw std::runtime_error("filter: " + error);
        put(w, reg.versions(q.model, filter));
        return;
    }
    case Op::VersionsBySeq: put(w, reg.versionsBySeq(q.model, q.list)); return;
    case Op::VersionKeys: put(w, reg.versionKeys(q.model)); return;
    case Op::Load: {
        LoadAnswer a;
        a.found = reg.loadStored(q.model, q.label, a.version);
        put(w, a);
        return;
    }
    case Op::Children: put(w, reg.children(q.model, q.label)); return;
    case Op::MetricGoals: {
        Goals goals;
        for (std::string& name : reg.metricNames(q.model)) {
            core::Goal g = reg.metricGoal(q.model, name);
            goals.emplace_back(std::move(name), g);
        }
        put(w, goals);
        return;
    }
    }
    throw std::runtime_error("no such request");
}

}  // namespace

std::string Engine::answer(std::string_view batch) {
    m_bytesIn += batch.size();
    std::string out = answerBatch(batch);
    m_bytesOut += out.size();
    return out;
}

std::string Engine::answerBatch(std::string_view batch) {
    Reader in(batch);
    uint64_t number = 0;
    std::vector<Request> requests;
    try {
        readHead(in, "MVRQ", number);
        size_t n = in.count(2);
        requests.reserve(n);
        for (size_t i = 0; i < n; ++i) requests.push_back(readRequest(in));
        if (!in.done()) in.fail("bytes after the last request");
    } catch (const WireError& e) {
        Writer out;
        writeHead(out, "MVRA", number);
        out.u8(1);
        out.str(e.what());
        return out.take();
    }
    Writer out;
    writeHead(out, "MVRA", number);
    out.u8(0);
    out.varint(requests.size());
    Writer one;
    for (const Request& q : requests) {
        one.bytes().clear();
        uint8_t status = 0;
        try {
            run(m_registry, q, one);
        } catch (const std::exception& e) {
            one.bytes().assign(std::string(opName(q.op)) + ": " + e.what());
            status = 1;
        }
        out.varint(q.id);
        out.u8(status);
        out.str(one.bytes());
        ++m_answered;
    }
    return out.take();
}

}  // namespace mvr::engine
