// The mvr command run in-process for the CLI's tests: its exit code and what it wrote on stdout and stderr.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace mvr::test {

struct CliResult {
    int code = -1;
    std::string out, err;
};

// Runs mvr with these arguments (no --db added), stdin text and MVR_DB value.
inline CliResult runCli(const std::vector<std::string>& args, const std::string& in = "", const std::string& dbEnv = "") {
    std::istringstream is(in);
    std::ostringstream os, es;
    cli::Env env{is, os, es, dbEnv, false};
    CliResult r;
    r.code = cli::run(args, env);
    r.out = os.str();
    r.err = es.str();
    return r;
}

}  // namespace mvr::test
