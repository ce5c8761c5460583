// mvr export: the registry, some models or some versions in the registry format, to stdout or atomically to a
// file (-o).
#include <ostream>

#include "cli/context.hpp"
#include "cli/io.hpp"

namespace mvr::cli {

int cmdExport(Ctx& c, const Args& a) {
    storage::Registry r(c.db);
    storage::ExportSelection sel;
    for (const std::string& p : a.positional) {
        std::string model, label;
        if (splitRef(p, model, label)) {
            std::string resolved = r.resolveLabel(model, label);
            if (resolved.empty()) return c.fail("no version " + p);
            sel.versions.push_back(core::VersionRef{model, resolved});
        } else {
            sel.models.push_back(p);
        }
    }
    if (!sel.versions.empty() && !sel.models.empty())
        return c.usage("export takes either models or MODEL@VERSION references, not both");
    std::string out = a.value("--output");
    if (out.empty() || out == "-") {
        r.exportTo(sel, [&](std::string_view s) { c.env.out.write(s.data(), static_cast<std::streamsize>(s.size())); });
        return kOk;
    }
    std::string data, err;
    size_t n = r.exportTo(sel, [&](std::string_view s) { data.append(s); });
    if (!writeFileAtomic(out, data, err)) return c.fail(err);
    c.env.err << "exported " << n << " version" << (n == 1 ? "" : "s") << " to " << out << "\n";
    return kOk;
}

}  // namespace mvr::cli
