// The engine's side of the protocol (engine/protocol.hpp): a batch of requests in, their answers out, each read
// from the registry it was given. Where the engine runs (today beside the page's UI through engine::LocalLink,
// later in the engine worker) only changes who carries the bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "storage/registry.hpp"

namespace mvr::engine {

class Engine {
public:
    explicit Engine(storage::Registry& registry) : m_registry(registry) {}
    // The answers to a request batch. A request that throws (a filter that does not parse, SQLite failing) is
    // answered with its message and the others are still answered; a batch that cannot be read is refused
    // whole, with the byte where it went wrong. Never throws.
    std::string answer(std::string_view batch);
    size_t answered() const { return m_answered; }
    // Bytes of every batch taken and answered so far.
    size_t bytesIn() const { return m_bytesIn; }
    size_t bytesOut() const { return m_bytesOut; }

private:
    std::string answerBatch(std::string_view batch);

    storage::Registry& m_registry;
    size_t m_answered = 0, m_bytesIn = 0, m_bytesOut = 0;
};

}  // namespace mvr::engine
