// Making a new version by hand, for every front end (`mvr create`, the app's "New version" form): the fields as a
// person gives them (texts), checked against the registry with every problem located (params:LINE:COLUMN, the
// metric by name, the label, the parent), then stored as any manifest is (one commit, source "create").
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/json_value.hpp"
#include "core/manifest.hpp"
#include "storage/registry.hpp"

namespace mvr::ops {

struct NewMetric {
    std::string name;
    std::string value;  // a JSON number as typed ("0.91", "1e-3")
    std::string goal;   // "", "max" or "min"
};

struct NewVersion {
    std::string model;
    std::string label;  // "": the next integer of the model (Registry::nextIntegerLabel)
    std::string description;
    std::string params;                   // JSON text of an object; "" for none
    std::string paramsName = "params";    // what params problems are located in (a file given as @FILE)
    std::vector<NewMetric> metrics;
    std::string parent;  // "", a label or alias of the model, or MODEL@LABEL of another
    std::vector<std::pair<std::string, std::string>> tags;
    std::vector<std::string> aliases;
    std::string author;     // the manifest's author field ("" none)
    std::string createdOn;  // RFC 3339; "" stamps the current time
};

// The document a NewVersion makes, and what is wrong with it.
struct Draft {
    core::Value doc;
    std::string label;   // the label it gets (the next integer when none was given)
    std::string parent;  // the parent: an alias given becomes the label it names; another model's as MODEL@LABEL
    core::Manifest manifest;  // doc validated (when ok): what createVersion stores
    core::Diagnostics problems;
    bool ok() const { return problems.empty(); }
};

// Builds the document and checks it without storing anything: the params parse (with line and column), metrics are
// numbers with a goal of max or min, the label is free (not a version nor an alias of the model), the parent exists,
// and the whole is a valid manifest. Problems name `where` as their file ("new version" in the app).
Draft draftVersion(storage::Registry& r, const NewVersion& v, const std::string& where = "new version");

// Checks, then stores the draft in one commit recorded as by recordedBy (source "create"). False with the problems
// when anything is wrong (nothing stored). On success the draft's label is the new version's.
bool createVersion(storage::Registry& r, const NewVersion& v, const std::string& recordedBy, Draft& out,
                   const std::string& where = "new version");

// The fields of an existing version as a NewVersion (for "New version from this one"): its params as indented
// JSON, its metrics with their goals, its tags, the version itself as the parent; no label, aliases or time.
NewVersion fromVersion(const core::Manifest& m);

}  // namespace mvr::ops
