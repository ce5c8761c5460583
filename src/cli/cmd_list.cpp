// mvr list: the models of the registry, or the versions of one model (filtered by --where), as a table or JSON.
#include <ostream>

#include "cli/context.hpp"
#include "core/filter.hpp"

namespace mvr::cli {

int cmdList(Ctx& c, const Args& a) {
    storage::Registry r(c.db);
    if (a.positional.empty() && a.values.count("--where")) return c.usage("--where filters the versions of one model: mvr list MODEL --where ...");
    if (a.positional.empty()) {
        auto models = r.models();
        if (c.json) {
            core::Value list = core::Value::makeArray();
            for (const auto& m : models) {
                core::Value o = core::Value::makeObject();
                o.set("model", core::Value::makeString(m.name));
                o.set("versions", core::Value::makeInteger(m.versions));
                o.set("latest", core::Value::makeString(m.latest));
                core::Value al = core::Value::makeObject();
                for (const auto& x : m.aliases) al.set(x.first, core::Value::makeString(x.second));
                o.set("aliases", std::move(al));
                list.push(std::move(o));
            }
            c.printJson(list);
            return kOk;
        }
        if (models.empty()) {
            c.env.out << "the registry " << c.db << " is empty (mvr import FILE to add versions)\n";
            return kOk;
        }
        std::vector<std::vector<std::string>> rows;
        for (const auto& m : models) {
            std::string al;
            for (const auto& x : m.aliases) al += (al.empty() ? "" : ", ") + x.first + "→" + x.second;
            rows.push_back({m.name, std::to_string(m.versions), m.latest, al});
        }
        printTable(c.env.out, {"MODEL", "VERSIONS", "LATEST", "ALIASES"}, rows);
        return kOk;
    }
    if (a.positional.size() != 1) return c.usage("list takes at most one MODEL");
    const std::string& model = a.positional[0];
    if (!r.hasModel(model)) return c.fail("no model \"" + model + "\" in " + c.db);
    core::Filter filter;
    std::string err;
    if (a.values.count("--where") && !core::parseFilter(a.value("--where"), filter, err)) return c.usage("--where: " + err);
    auto versions = r.versions(model, filter);
    if (c.json) {
        core::Value list = core::Value::makeArray();
        for (const auto& v : versions) {
            core::Value o = core::Value::makeObject();
            o.set("version", core::Value::makeString(v.label));
            o.set("created_on", core::Value::makeString(v.createdOn));
            o.set("author", core::Value::makeString(v.author));
            o.set("description", core::Value::makeString(v.description));
            o.set("parent", v.parent.empty() ? core::Value() : core::Value::makeString(v.parent));
            core::Value al = core::Value::makeArray();
            for (const auto& x : v.aliases) al.push(core::Value::makeString(x));
            o.set("aliases", std::move(al));
            list.push(std::move(o));
        }
        c.printJson(list);
        return kOk;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& v : versions) {
        std::string al;
        for (const auto& x : v.aliases) al += (al.empty() ? "" : ",") + x;
        rows.push_back({v.label, v.createdOn, v.parent, al, v.author, v.description});
    }
    printTable(c.env.out, {"VERSION", "CREATED", "PARENT", "ALIASES", "AUTHOR", "DESCRIPTION"}, rows);
    c.env.out << versions.size() << " version" << (versions.size() == 1 ? "" : "s") << "\n";
    return kOk;
}

}  // namespace mvr::cli
