// Command-line arguments: options (--name, --name=value, --name value, -o value) and positionals, checked
// against what each command accepts so a typo is a usage error (exit 2), not a silent no-op.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace mvr::cli {

struct OptionSpec {
    std::set<std::string> flags;                 // take no value
    std::set<std::string> values;                // take one value
    std::set<std::string> repeated;              // take a value, may repeat
    std::map<std::string, std::string> aliases;  // "-o" -> "--output"
};

struct Args {
    std::vector<std::string> positional;
    std::set<std::string> flags;
    std::map<std::string, std::string> values;
    std::map<std::string, std::vector<std::string>> repeated;
    bool has(const std::string& f) const { return flags.count(f) > 0; }
    std::string value(const std::string& k, const std::string& def = "") const {
        auto it = values.find(k);
        return it == values.end() ? def : it->second;
    }
    const std::vector<std::string>& all(const std::string& k) const;
};

// False with error set on an unknown option or a missing value.
bool parseArgs(const std::vector<std::string>& in, const OptionSpec& spec, Args& out, std::string& error);

}  // namespace mvr::cli
