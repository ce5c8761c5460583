// mvr alias: points an alias at a version (moving it from where it was), or removes it (--delete).
#include <ostream>

#include "cli/context.hpp"

namespace mvr::cli {

int cmdAlias(Ctx& c, const Args& a) {
    storage::Registry r(c.db);
    if (a.has("--delete")) {
        if (a.positional.size() != 2) return c.usage("alias --delete needs MODEL NAME");
        if (!r.removeAlias(a.positional[0], a.positional[1]))
            return c.fail("no alias \"" + a.positional[1] + "\" on " + a.positional[0]);
        c.env.out << "removed alias " << a.positional[1] << " from " << a.positional[0] << "\n";
        return kOk;
    }
    if (a.positional.size() != 2) return c.usage("alias needs MODEL@VERSION NAME");
    std::string model, label;
    if (!splitRef(a.positional[0], model, label)) return c.usage("expected MODEL@VERSION, got \"" + a.positional[0] + "\"");
    std::string resolved = r.resolveLabel(model, label);
    if (resolved.empty()) return c.fail("no version " + model + "@" + label);
    std::string before = r.setAlias(model, a.positional[1], resolved);
    if (c.json) {
        core::Value o = core::Value::makeObject();
        o.set("model", core::Value::makeString(model));
        o.set("alias", core::Value::makeString(a.positional[1]));
        o.set("version", core::Value::makeString(resolved));
        o.set("previous", before.empty() ? core::Value() : core::Value::makeString(before));
        c.printJson(o);
    } else {
        c.env.out << a.positional[1] << " → " << model << "@" << resolved;
        if (!before.empty() && before != resolved) c.env.out << " (was " << before << ")";
        c.env.out << "\n";
    }
    return kOk;
}

}  // namespace mvr::cli
