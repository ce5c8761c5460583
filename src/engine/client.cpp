#include "engine/client.hpp"

namespace mvr::engine {

template <class T>
Pending<T> Client::ask(Request q) {
    Pending<T> p;
    p.m_slot = std::make_shared<typename Pending<T>::Slot>();
    std::weak_ptr<typename Pending<T>::Slot> slot = p.m_slot;
    q.id = m_nextId++;
    Op op = q.op;
    m_waiting.emplace(q.id, [slot, op](Reader* payload, const std::string& error) {
        auto s = slot.lock();
        if (!s) return;  // nobody waits for it any more
        s->done = true;
        if (!payload) {
            s->error = error;
            return;
        }
        try {
            T value{};
            get(*payload, value);
            if (!payload->done()) payload->fail(std::string("bytes after the answer to ") + opName(op));
            s->value = std::move(value);
        } catch (const WireError& e) {
            s->error = e.what();
            throw;
        }
    });
    m_queued.push_back(std::move(q));
    return p;
}

namespace {

Request make(Op op, std::string model = {}, std::string metric = {}) {
    Request q;
    q.op = op;
    q.model = std::move(model);
    q.metric = std::move(metric);
    return q;
}

}  // namespace

Pending<std::vector<storage::ModelInfo>> Client::models() { return ask<std::vector<storage::ModelInfo>>(make(Op::Models)); }
Pending<HeadlineAnswer> Client::headline(const std::string& model) { return ask<HeadlineAnswer>(make(Op::Headline, model)); }
Pending<int64_t> Client::versionCount() { return ask<int64_t>(make(Op::VersionCount)); }
Pending<int64_t> Client::modelCount() { return ask<int64_t>(make(Op::ModelCount)); }
Pending<int64_t> Client::sizeBytes() { return ask<int64_t>(make(Op::SizeBytes)); }
Pending<int64_t> Client::modelVersionCount(const std::string& model) {
    return ask<int64_t>(make(Op::ModelVersionCount, model));
}
Pending<std::vector<std::string>> Client::metricNames(const std::string& model) {
    return ask<std::vector<std::string>>(make(Op::MetricNames, model));
}
Pending<core::Goal> Client::metricGoal(const std::string& model, const std::string& metric) {
    return ask<core::Goal>(make(Op::MetricGoal, model, metric));
}
Pending<MetricValues> Client::metricValues(const std::string& model, const std::string& metric) {
    return ask<MetricValues>(make(Op::MetricValues, model, metric));
}
Pending<MetricValues> Client::metricValuesOf(const std::string& metric, std::vector<int64_t> ids) {
    Request q = make(Op::MetricValuesOf, {}, metric);
    q.list = std::move(ids);
    return ask<MetricValues>(std::move(q));
}
Pending<MetricValues> Client::metricValuesBetween(const std::string& metric, int64_t lo, int64_t hi) {
    Request q = make(Op::MetricValuesBetween, {}, metric);
    q.lo = lo, q.hi = hi;
    return ask<MetricValues>(std::move(q));
}
Pending<Aliases> Client::modelAliases(const std::string& model) { return ask<Aliases>(make(Op::ModelAliases, model)); }
Pending<Versions> Client::newestVersions(const std::string& model, int64_t n) {
    Request q = make(Op::NewestVersions, model);
    q.n = n;
    return ask<Versions>(std::move(q));
}
Pending<Versions> Client::versions(const std::string& model, const std::string& filter) {
    Request q = make(Op::Versions, model);
    q.filter = filter;
    return ask<Versions>(std::move(q));
}
Pending<Versions> Client::versionsBySeq(const std::string& model, std::vector<int64_t> seqs) {
    Request q = make(Op::VersionsBySeq, model);
    q.list = std::move(seqs);
    return ask<Versions>(std::move(q));
}
Pending<Keys> Client::versionKeys(const std::string& model) { return ask<Keys>(make(Op::VersionKeys, model)); }
Pending<Goals> Client::metricGoals(const std::string& model) { return ask<Goals>(make(Op::MetricGoals, model)); }
Pending<LoadAnswer> Client::load(const std::string& model, const std::string& labelOrAlias) {
    Request q = make(Op::Load, model);
    q.label = labelOrAlias;
    return ask<LoadAnswer>(std::move(q));
}
Pending<std::vector<std::string>> Client::children(const std::string& model, const std::string& label) {
    Request q = make(Op::Children, model);
    q.label = label;
    return ask<std::vector<std::string>>(std::move(q));
}

void Client::flush() {
    if (m_queued.empty()) return;
    uint64_t batch = m_nextBatch++;
    Writer w;
    writeHead(w, "MVRQ", batch);
    w.varint(m_queued.size());
    std::vector<uint64_t>& ids = m_batches[batch];
    for (const Request& q : m_queued) {
        writeRequest(w, q);
        ids.push_back(q.id);
    }
    m_queued.clear();
    ++m_sent;
    m_send(w.take());
}

void Client::fail(uint64_t id, const std::string& error) {
    auto it = m_waiting.find(id);
    if (it == m_waiting.end()) return;
    Resolve resolve = std::move(it->second);
    m_waiting.erase(it);
    resolve(nullptr, error.empty() ? "failed" : error);
}

void Client::failAll(const std::string& error) {
    std::vector<uint64_t> all;
    for (const auto& [id, resolve] : m_waiting) all.push_back(id);
    for (uint64_t id : all) fail(id, error);
    m_batches.clear();
}

void Client::receive(std::string_view answers) {
    Reader in(answers);
    uint64_t batch = 0;
    bool known = false;
    std::vector<uint64_t> ids;
    try {
        readHead(in, "MVRA", batch);
        if (batch == 0 && in.u8() == 1) {
            // A batch the engine could not even number: everything in flight is refused.
            failAll("the engine refused the batch: " + in.str());
            return;
        }
        auto b = m_batches.find(batch);
        if (b == m_batches.end()) in.fail("an answer to batch " + std::to_string(batch) + ", which was not sent");
        ids = std::move(b->second);
        m_batches.erase(b);
        known = true;
        if (in.u8() != 0) {
            std::string why = "the engine refused the batch: " + in.str();
            for (uint64_t id : ids) fail(id, why);
            return;
        }
        size_t n = in.count(3);
        for (size_t i = 0; i < n; ++i) {
            uint64_t id = in.varint();
            uint8_t status = in.u8();
            if (status > 1) in.fail("answer status " + std::to_string(status));
            size_t length = in.count(1);
            size_t at = in.offset();
            std::string_view payload = in.view(length, "an answer's bytes");
            auto it = m_waiting.find(id);
            if (it == m_waiting.end()) continue;
            Resolve resolve = std::move(it->second);
            m_waiting.erase(it);
            if (status == 1) {
                resolve(nullptr, std::string(payload));
                continue;
            }
            Reader one(payload, at);
            resolve(&one, {});  // a WireError fails this one inside, the rest of the batch below
        }
        if (!in.done()) in.fail("bytes after the last answer");
        for (uint64_t id : ids) fail(id, "no answer came for it in its batch");
    } catch (const WireError& e) {
        if (known) {
            for (uint64_t id : ids) fail(id, e.what());
        } else {
            failAll(e.what());
        }
        throw;
    }
}

size_t LocalLink::deliver() {
    std::vector<std::string> out;
    out.swap(m_outbox);
    for (const std::string& batch : out) m_client.receive(batch);
    return out.size();
}

}  // namespace mvr::engine
