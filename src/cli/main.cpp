// Entry point of the mvr command: hands argv and the process streams to cli::run.
#include <cstdlib>
#include <iostream>
#include <unistd.h>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    std::vector<std::string> args(argv + 1, argv + argc);
    const char* db = std::getenv("MVR_DB");
    const char* noColor = std::getenv("NO_COLOR");
    const char* author = std::getenv("MVR_AUTHOR");
    mvr::cli::Env env{std::cin, std::cout, std::cerr, db ? db : "", isatty(1) && !noColor, author ? author : ""};
    int code = mvr::cli::run(args, env);
    std::cout.flush();
    return code;
}
