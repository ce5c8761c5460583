// The page's side of the protocol (engine/protocol.hpp): each read returns a Pending at once; requests go out
// together at flush() and their answers arrive in receive(), as the engine's one message a batch will from its
// worker. A panel keeps what it showed until its Pending is ready, and drops an answer it no longer wants by
// letting the Pending go.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/engine.hpp"
#include "engine/protocol.hpp"

namespace mvr::engine {

template <class T>
class Pending {
public:
    Pending() = default;
    bool valid() const { return m_slot != nullptr; }
    bool ready() const { return m_slot && m_slot->done; }
    bool failed() const { return ready() && !m_slot->error.empty(); }
    const std::string& error() const { return m_slot->error; }
    // The answer (T's default while not ready or failed).
    const T& value() const { return m_slot->value; }
    // The answer moved out, for a reader that keeps it (value() is then empty).
    T take() { return std::move(m_slot->value); }

private:
    friend class Client;
    struct Slot {
        bool done = false;
        std::string error;
        T value{};
    };
    std::shared_ptr<Slot> m_slot;
};

class Client {
public:
    using Send = std::function<void(std::string batch)>;
    explicit Client(Send send) : m_send(std::move(send)) {}

    Pending<std::vector<storage::ModelInfo>> models();
    Pending<HeadlineAnswer> headline(const std::string& model);
    Pending<int64_t> versionCount();
    Pending<int64_t> modelCount();
    Pending<int64_t> sizeBytes();
    Pending<int64_t> modelVersionCount(const std::string& model);
    Pending<std::vector<std::string>> metricNames(const std::string& model);
    Pending<core::Goal> metricGoal(const std::string& model, const std::string& metric);
    Pending<MetricValues> metricValues(const std::string& model, const std::string& metric);
    Pending<MetricValues> metricValuesOf(const std::string& metric, std::vector<int64_t> ids);
    Pending<MetricValues> metricValuesBetween(const std::string& metric, int64_t lo, int64_t hi);
    Pending<Aliases> modelAliases(const std::string& model);
    Pending<Versions> newestVersions(const std::string& model, int64_t n);
    // The filter in the filter language, parsed by the engine (a bad one fails the Pending with its message).
    Pending<Versions> versions(const std::string& model, const std::string& filter = "");
    Pending<Versions> versionsBySeq(const std::string& model, std::vector<int64_t> seqs);
    Pending<Keys> versionKeys(const std::string& model);
    Pending<Goals> metricGoals(const std::string& model);
    // A version as stored (an alias is resolved); storage::readStoredVersion makes its manifest.
    Pending<LoadAnswer> load(const std::string& model, const std::string& labelOrAlias);
    Pending<std::vector<std::string>> children(const std::string& model, const std::string& label);

    // Sends what was asked since the last flush as one batch (nothing when nothing was asked).
    void flush();
    // An answer batch. A malformed one fails every request it carried (every one in flight when it does not say
    // which batch it is) and throws the WireError.
    void receive(std::string_view answers);
    size_t inFlight() const { return m_waiting.size(); }
    size_t batchesSent() const { return m_sent; }

private:
    using Resolve = std::function<void(Reader* payload, const std::string& error)>;
    template <class T>
    Pending<T> ask(Request q);
    void fail(uint64_t id, const std::string& error);
    // Fails every request in flight (an answer that does not say which batch it answers).
    void failAll(const std::string& error);

    Send m_send;
    uint64_t m_nextId = 1, m_nextBatch = 1;
    size_t m_sent = 0;
    std::vector<Request> m_queued;
    std::unordered_map<uint64_t, Resolve> m_waiting;
    std::unordered_map<uint64_t, std::vector<uint64_t>> m_batches;  // batch -> its request ids
};

// The engine in the same thread: flush() answers at once, and the answers reach the client at deliver(), one
// step later, as a worker's message would (the panels are written for that).
class LocalLink {
public:
    explicit LocalLink(storage::Registry& registry)
        : m_engine(registry), m_client([this](std::string batch) { m_outbox.push_back(m_engine.answer(batch)); }) {}
    LocalLink(const LocalLink&) = delete;
    LocalLink& operator=(const LocalLink&) = delete;
    Client& client() { return m_client; }
    Engine& engine() { return m_engine; }
    // Hands the client every answer made so far; how many batches.
    size_t deliver();

private:
    Engine m_engine;
    Client m_client;
    std::vector<std::string> m_outbox;
};

}  // namespace mvr::engine
