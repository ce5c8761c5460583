// Status bar: versions stored, database size, storage use, and whether everything is saved.
#pragma once

#include <cstdint>

namespace mvr::app {

class App;

class StatusBar {
public:
    void draw(App& app);

private:
    uint64_t m_generation = 0;
    long long m_versions = 0, m_models = 0, m_bytes = 0;
};

}  // namespace mvr::app
