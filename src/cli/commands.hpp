// The mvr command line: every subcommand, with its streams passed in so tests run it in-process.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace mvr::cli {

// Exit codes (documented in README.md).
enum Exit : int { kOk = 0, kFailed = 1, kUsage = 2 };

struct Env {
    std::istream& in;
    std::ostream& out;
    std::ostream& err;
    std::string dbFromEnv;  // MVR_DB
    bool color = false;
    std::string authorFromEnv;  // MVR_AUTHOR: who alias moves and rule changes are recorded as made by
};

// args excludes the program name.
int run(const std::vector<std::string>& args, Env& env);

}  // namespace mvr::cli
