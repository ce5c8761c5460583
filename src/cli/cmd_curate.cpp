// mvr deprecate, mvr edit and mvr delete: curation of versions in place (docs/manifest.md, "Content and
// curation"), each change recorded with when, who, the old and the new value; and deleting versions, refused while
// one holds an alias and, without --force, while one has children.
#include <ostream>

#include "cli/context.hpp"

namespace mvr::cli {

namespace {

// MODEL@VERSION arguments as references; false (usage reported) when one is malformed.
bool refsOf(Ctx& c, const std::vector<std::string>& args, size_t from, std::vector<core::VersionRef>& out, int& code) {
    for (size_t i = from; i < args.size(); ++i) {
        core::VersionRef v;
        if (!splitRef(args[i], v.model, v.label)) {
            code = c.usage("expected MODEL@VERSION, got \"" + args[i] + "\"");
            return false;
        }
        out.push_back(v);
    }
    return true;
}

core::Value changesToJson(const std::vector<storage::CurationChange>& changes) {
    core::Value list = core::Value::makeArray();
    for (const storage::CurationChange& x : changes) list.push(curationToJson(x));
    return list;
}

std::string shown(const std::string& json) { return json.empty() ? "(none)" : json; }

}  // namespace

core::Value curationToJson(const storage::CurationChange& x) {
    core::Value o = core::Value::makeObject();
    auto jsonOrNull = [](const std::string& text) {
        core::Value v;
        core::Diagnostics ignored;
        return !text.empty() && core::parseJson(text, v, ignored) ? v : core::Value();
    };
    o.set("at", x.at.empty() ? core::Value() : core::Value::makeString(x.at));
    o.set("version", core::Value::makeString(x.model + "@" + x.label));
    o.set("field", core::Value::makeString(x.field));
    o.set("old", jsonOrNull(x.before));
    o.set("new", jsonOrNull(x.after));
    o.set("author", core::Value::makeString(x.author));
    return o;
}

int cmdDeprecate(Ctx& c, const Args& a) {
    if (a.positional.empty()) return c.usage("deprecate needs MODEL@VERSION (one or more)");
    std::vector<core::VersionRef> refs;
    int code = kOk;
    if (!refsOf(c, a.positional, 0, refs, code)) return code;
    storage::Registry r(c.db);
    bool undo = a.has("--undo");
    size_t changed = r.deprecate(refs, !undo, c.author(a));
    if (c.json) {
        core::Value o = core::Value::makeObject();
        o.set("deprecated", core::Value::makeBool(!undo));
        o.set("changed", core::Value::makeNumberLexeme(std::to_string(changed)));
        c.printJson(o);
        return kOk;
    }
    c.env.out << (undo ? "undeprecated " : "deprecated ") << changed << " of " << refs.size() << " version"
              << (refs.size() == 1 ? "" : "s") << (changed < refs.size() ? " (the others were so already)" : "") << "\n";
    return kOk;
}

int cmdEdit(Ctx& c, const Args& a) {
    if (a.positional.size() != 1) return c.usage("edit needs exactly one MODEL@VERSION");
    std::vector<core::VersionRef> refs;
    int code = kOk;
    if (!refsOf(c, a.positional, 0, refs, code)) return code;
    storage::CurationEdit edit;
    if (a.values.count("--description")) {
        edit.setDescription = true;
        edit.description = a.value("--description");
    }
    for (const std::string& t : a.all("--tag")) {
        size_t eq = t.find('=');
        if (eq == 0) return c.usage("--tag takes NAME=VALUE, got " + t);
        edit.setTags.emplace_back(t.substr(0, eq), eq == std::string::npos ? "" : t.substr(eq + 1));
    }
    edit.removeTags = a.all("--untag");
    if (!edit.setDescription && edit.setTags.empty() && edit.removeTags.empty())
        return c.usage("edit needs --description TEXT, --tag NAME=VALUE or --untag NAME");
    storage::Registry r(c.db);
    std::vector<storage::CurationChange> changes = r.editCuration(refs[0], edit, c.author(a));
    if (c.json) {
        c.printJson(changesToJson(changes));
        return kOk;
    }
    if (changes.empty()) c.env.out << "nothing changed (the values were so already)\n";
    for (const storage::CurationChange& x : changes)
        c.env.out << x.model << "@" << x.label << "  " << x.field << ": " << shown(x.before) << " -> " << shown(x.after) << "\n";
    return kOk;
}

int cmdDelete(Ctx& c, const Args& a) {
    if (a.positional.empty()) return c.usage("delete needs MODEL@VERSION (one or more)");
    std::vector<core::VersionRef> refs;
    int code = kOk;
    if (!refsOf(c, a.positional, 0, refs, code)) return code;
    storage::Registry r(c.db);
    bool force = a.has("--force");
    storage::DeletePlan plan = r.deletePlan(refs);
    if (std::string why = plan.refusal(force); !why.empty())
        return c.fail(why + "\nnothing was deleted");
    r.deleteVersions(refs, force, c.author(a));
    if (c.json) {
        core::Value o = core::Value::makeObject();
        core::Value gone = core::Value::makeArray(), dangling = core::Value::makeArray();
        for (const core::VersionRef& v : plan.versions) gone.push(core::Value::makeString(v.model + "@" + v.label));
        for (const storage::DeletePlan::Child& ch : plan.children)
            dangling.push(core::Value::makeString(ch.child.model + "@" + ch.child.label));
        o.set("deleted", std::move(gone));
        o.set("dangling_parents", std::move(dangling));
        c.printJson(o);
        return kOk;
    }
    for (const core::VersionRef& v : plan.versions) c.env.out << "deleted " << v.model << "@" << v.label << "\n";
    for (const storage::DeletePlan::Child& ch : plan.children)
        c.env.out << "  " << ch.child.model << "@" << ch.child.label << " keeps its parent " << ch.parent.model << "@"
                  << ch.parent.label << " as a dangling reference\n";
    return kOk;
}

}  // namespace mvr::cli
