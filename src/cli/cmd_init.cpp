// mvr init: creates the registry file, or checks an existing one (its schema version and how many versions).
#include <ostream>

#include "cli/context.hpp"

namespace mvr::cli {

int cmdInit(Ctx& c, const Args&) {
    storage::Registry r(c.db);
    if (c.json) {
        core::Value o = core::Value::makeObject();
        o.set("db", core::Value::makeString(c.db));
        o.set("schema_version", core::Value::makeInteger(r.schemaVersion()));
        o.set("versions", core::Value::makeInteger(r.versionCount()));
        c.printJson(o);
    } else {
        c.env.out << "registry " << c.db << " ready (schema " << r.schemaVersion() << ", " << r.versionCount()
                  << " versions)\n";
    }
    return kOk;
}

}  // namespace mvr::cli
