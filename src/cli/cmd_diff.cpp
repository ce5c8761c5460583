// mvr diff: what differs between two versions, as text, Markdown (--markdown) or JSON. Its benchmark timer is
// tests/bench/diff_timer.cpp (mvr-bench-diff).
#include <ostream>

#include "cli/context.hpp"
#include "core/diff.hpp"
#include "core/diff_format.hpp"

namespace mvr::cli {

int cmdDiff(Ctx& c, const Args& a) {
    if (a.positional.size() != 2) return c.usage("diff needs two versions: MODEL@A MODEL@B (or MODEL@A B)");
    storage::Registry r(c.db);
    core::Manifest left, right;
    int code = kOk;
    if (!loadRef(c, r, a.positional[0], "", left, code)) return code;
    if (!loadRef(c, r, a.positional[1], left.model, right, code)) return code;
    core::DiffOptions opt;
    opt.includeSame = a.has("--all");
    core::VersionDiff d = core::diffVersions(left, right, opt);
    if (c.json) c.printJson(core::diffToJson(d));
    else if (a.has("--markdown")) c.env.out << core::diffToMarkdown(d);
    else c.env.out << core::diffToText(d, c.env.color);
    return kOk;
}

}  // namespace mvr::cli
