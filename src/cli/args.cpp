// Command-line arguments checked against what each command accepts (args.hpp).
#include "cli/args.hpp"

namespace mvr::cli {

const std::vector<std::string>& Args::all(const std::string& k) const {
    static const std::vector<std::string> none;
    auto it = repeated.find(k);
    return it == repeated.end() ? none : it->second;
}

bool parseArgs(const std::vector<std::string>& in, const OptionSpec& spec, Args& out, std::string& error) {
    bool onlyPositional = false;
    for (size_t i = 0; i < in.size(); ++i) {
        std::string a = in[i];
        if (onlyPositional || a == "-" || a.empty() || a[0] != '-') {
            out.positional.push_back(a);
            continue;
        }
        if (a == "--") {
            onlyPositional = true;
            continue;
        }
        std::string value;
        bool hasValue = false;
        size_t eq = a.find('=');
        if (a.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = a.substr(eq + 1);
            a = a.substr(0, eq);
            hasValue = true;
        }
        auto al = spec.aliases.find(a);
        if (al != spec.aliases.end()) a = al->second;
        if (spec.flags.count(a)) {
            if (hasValue) {
                error = "option " + a + " takes no value";
                return false;
            }
            out.flags.insert(a);
            continue;
        }
        bool single = spec.values.count(a) > 0, multi = spec.repeated.count(a) > 0;
        if (!single && !multi) {
            error = "unknown option " + a;
            return false;
        }
        if (!hasValue) {
            if (i + 1 >= in.size()) {
                error = "option " + a + " needs a value";
                return false;
            }
            value = in[++i];
        }
        if (single) out.values[a] = value;
        else out.repeated[a].push_back(value);
    }
    return true;
}

}  // namespace mvr::cli
