// mvr pack: the registry copied into one file laid out for range reads (storage/pack.hpp), to put on a static host.
#include <cstdlib>
#include <ostream>

#include "cli/context.hpp"
#include "cli/io.hpp"
#include "storage/pack.hpp"

namespace mvr::cli {

int cmdPack(Ctx& c, const Args& a) {
    if (a.positional.size() != 1) return c.usage("pack needs one OUT file");
    const std::string& out = a.positional[0];
    storage::PackOptions opt;
    opt.force = a.has("--force");
    std::string ps = a.value("--page-size");
    if (!ps.empty()) {
        char* end = nullptr;
        long n = std::strtol(ps.c_str(), &end, 10);
        if (end == ps.c_str() || *end != '\0' || n < 512 || n > 65536 || (n & (n - 1)) != 0)
            return c.usage("--page-size " + ps + ": a power of two from 512 to 65536");
        opt.pageSize = static_cast<int>(n);
    }
    // Registry(path) would create a missing file: say so instead.
    if (!isFile(c.db)) return c.fail(c.db + ": no such registry");
    storage::PackReport rep = storage::packRegistry(c.db, out, opt);
    if (c.json) {
        core::Value o = core::Value::makeObject();
        o.set("out", core::Value::makeString(out));
        o.set("bytes", core::Value::makeInteger(static_cast<int64_t>(rep.bytes)));
        o.set("page_size", core::Value::makeInteger(rep.pageSize));
        o.set("versions", core::Value::makeInteger(rep.versions));
        o.set("export_digest", core::Value::makeString("blake2b:" + rep.exportDigest));
        c.printJson(o);
    } else {
        c.env.out << "packed " << rep.versions << " version" << (rep.versions == 1 ? "" : "s") << " into " << out
                  << " (" << rep.bytes << " bytes, " << rep.pageSize << "-byte pages; its export is identical)\n";
    }
    return kOk;
}

}  // namespace mvr::cli
