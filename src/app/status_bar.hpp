// Status bar: versions stored, database size, storage use, whether everything is saved, and for a pack read in
// place from its host the bytes and requests fetched so far.
#pragma once

#include <cstdint>
#include <string>

#include "engine/client.hpp"
#include "platform/persist.hpp"
#include "storage/range_vfs.hpp"
#include "storage/registry.hpp"

namespace mvr::app {

// What the status bar tells.
struct StatusFacts {
    engine::Client& engine;       // the registry on screen, asked for its counts and size
    uint64_t dataGeneration;      // counts are asked again when it changes
    platform::SaveStatus save;
    bool importing;
    const std::string& message;   // the last action's outcome
    bool otherTabWrites;          // the user's registry is read-only here (shown unless a view is on screen)
    const storage::RangeReader* pack = nullptr;  // a pack read in place from its host: what it fetched so far
};

class StatusBar {
public:
    void draw(const StatusFacts& facts);

private:
    uint64_t m_generation = 0;
    long long m_versions = 0, m_models = 0, m_bytes = 0;  // the last answers (kept while new ones are asked)
    engine::Pending<int64_t> m_askedVersions, m_askedModels, m_askedBytes;
    std::string m_error;  // why the last counts could not be read
    bool m_answered = false;
};

}  // namespace mvr::app
