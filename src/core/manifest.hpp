// The manifest: one model version as JSON (docs/manifest.md). Validation turns an untrusted JSON value
// into a Manifest, reporting every problem with its path and place; the document itself is kept whole so
// that fields mvr does not know are exported back unchanged.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/json_value.hpp"

namespace mvr::core {

enum class Goal : uint8_t { None, Max, Min };
const char* goalName(Goal g);

struct Metric {
    std::string name;
    double value = 0;
    std::string lexeme;  // the number as written
    Goal goal = Goal::None;
    size_t steps = 0;    // length of the step history, if any
};

struct Digest {
    std::string algorithm;  // "sha256", "md5", ...
    std::string value;      // as written (hex for the known algorithms)
};

// A dataset or an artifact.
struct DataRef {
    std::string key;   // name if given, else path: identity within the version
    std::string name;
    std::string path;
    std::string uri;
    std::vector<Digest> digests;
    bool hasSize = false;
    int64_t size = 0;
    std::string digestText() const;  // "sha256:ab12..." of the first digest, or ""
};

struct VersionRef {
    std::string model;
    std::string label;
    bool operator==(const VersionRef& o) const { return model == o.model && label == o.label; }
};

struct Manifest {
    Value doc;  // the whole document as read (key order, unknown fields)
    std::string model;
    std::string label;          // the version label as text: 3, 1.4.0, v3
    bool labelIsInteger = false;
    std::string description;
    std::string createdOn;
    std::string author;
    std::vector<Metric> metrics;
    std::vector<DataRef> datasets;
    std::vector<DataRef> artifacts;
    bool hasParent = false;
    VersionRef parent;
    std::vector<std::string> aliases;
    std::vector<std::pair<std::string, std::string>> tags;
    std::string digest;     // BLAKE2b-256 (hex) of the canonical document without "aliases"
    std::string canonical;  // the canonical document (with its "aliases" as written)
    bool hasAliasesField = false;
    std::string aliasesJson;  // canonical JSON of the "aliases" field as written, when there is one
    // The bytes of canonical the digest leaves out: the "aliases" member and one comma next to it (none: 0, 0).
    size_t digestCutFrom = 0, digestCutTo = 0;
    // Curation (docs/manifest.md): set when read from a registry. description and tags above are then the current
    // ones (the document keeps those it arrived with, which its digest covers).
    bool deprecated = false;
    bool curated = false;  // description or tags changed since it arrived
    std::string sourcePath;  // where it sat in its file ("[3]"), for messages about it
    Pos sourcePos;

    const Value* params() const { return doc.find("params"); }
    const Metric* metric(const std::string& name) const;
    std::string id() const { return model + "@" + label; }
};

// Names of the top-level fields mvr interprets; every other field is kept as it is.
bool isKnownField(std::string_view key);

// Validates doc as a manifest; pathPrefix is where it sits in its file ("[3]", "versions[3]" or "").
// Returns false when any problem was reported. out is filled as far as possible either way.
// With identity = false, canonical and digest are left empty for completeIdentity (or the caller) to fill.
bool validateManifest(Value doc, const std::string& file, const std::string& pathPrefix, Diagnostics& diags,
                      Manifest& out, bool identity = true);
// Fills what is missing of canonical (with aliasesJson and the digest's cut) and digest: the canonical text
// from doc, the digest from the canonical text. The import makes the text on its reader thread and leaves the
// digest to the writer (ManifestStream::deferIdentity).
void completeIdentity(Manifest& m);

// Content identity: BLAKE2b-256 of the canonical document without "aliases" (aliases move between versions).
std::string contentDigest(const Value& doc);
// What a version says apart from when and under which label it was stored: the content digest without
// "version" and "created_on" (and "aliases"). Numbered imports (importers) add a version only when this
// differs from the model's latest.
std::string stateDigest(const Value& doc);
// Both at once: the canonical document, and the digest computed from it without a second serialization.
// aliasesJson receives the canonical "aliases" value (empty when the document has none).
void canonicalAndDigest(const Value& doc, std::string& canonical, std::string& digest, std::string* aliasesJson = nullptr);

// Its two halves: the canonical text, with the bytes the digest leaves out ("aliases")...
void canonicalForm(const Value& doc, std::string& canonical, size_t& cutFrom, size_t& cutTo, std::string* aliasesJson);
// ...the same from the manifest's own text, when no string in it has an escape (JsonReader::rewrites): the
// canonical document is then the text without its white space. Gives what canonicalForm gives for the
// document parsed from it (tests check both on every fixture), at a fraction of the cost...
void canonicalFormFromSource(std::string_view text, std::string& canonical, size_t& cutFrom, size_t& cutTo,
                             std::string* aliasesJson);
// ...and the digest: BLAKE2b-256 (hex) of canonical without the bytes [cutFrom, cutTo).
void digestWithout(const std::string& canonical, size_t cutFrom, size_t cutTo, std::string& digest);

// The version label as text, for a JSON integer or string; false for other values.
bool labelFromValue(const Value& v, std::string& label, bool& isInteger);

// RFC 3339 date-time ("2024-05-01T12:00:00Z", "2024-05-01T12:00:00.5+02:00").
bool isRfc3339(const std::string& s);
// Current UTC time as RFC 3339 with seconds.
std::string nowRfc3339();

// Alias names: 1 to 128 ASCII letters, digits, '-', '_', '.' or '/', not "latest" (which always means the
// newest version).
bool isValidAliasName(const std::string& name);

// Orders version labels the way people read them: 2 < 10, 1.4.0 < 1.10.0, v2 < v10.
bool labelLess(std::string_view a, std::string_view b);

}  // namespace mvr::core
