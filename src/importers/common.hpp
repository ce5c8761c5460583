// What the format mappers share: reporting into a Result, parsing a source file (JSON or YAML) with its
// problems, timestamps, labels, and handing a finished document to validation.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/json_value.hpp"
#include "importers/importers.hpp"

namespace mvr::importers {
// One GTO tag (name@v1.2.0, name#prod#3), defined with the detection.
bool isGtoTag(std::string_view t);
}  // namespace mvr::importers

namespace mvr::importers::detail {

void problem(Result& r, const SourceFile& f, std::string path, core::Pos at, std::string code, std::string message);
void note(Result& r, const SourceFile& f, std::string path, core::Pos at, std::string message);

// A whole source file; false (with the problems in r) when it does not parse.
bool parseJsonFile(const SourceFile& f, core::Value& out, Result& r);
// YAML text of f (or a part of it starting at firstLine, for front matter).
bool parseYamlText(const SourceFile& f, std::string_view text, uint32_t firstLine, core::Value& out, Result& r);

inline core::Value str(std::string s) { return core::Value::makeString(std::move(s)); }
// A label as a JSON integer when it is plain digits that fit (MLflow's "3" -> 3), else as the string.
core::Value labelValue(const std::string& text);
// Milliseconds since 1970 (a number or a string of digits) as RFC 3339 UTC with milliseconds.
bool millisToRfc3339(const core::Value& v, std::string& out);
std::string millisToRfc3339(int64_t ms);
// "2022-12-15 02:17:45.173770" (UTC, as MLmodel writes it) as RFC 3339; false when it is not that shape.
bool spaceDateToRfc3339(const std::string& s, std::string& out);

// Offset of the first byte of text that is not part of valid UTF-8 (npos when there is none).
size_t invalidUtf8At(std::string_view text);
// Line and byte column (1-based) of a byte offset of text, whose first line is firstLine.
core::Pos placeOf(std::string_view text, size_t offset, uint32_t firstLine = 1);
// A file or folder name as data (x_source.file, a model named after its folder): as it is when it is UTF-8;
// otherwise every part between '/' that is not has each byte outside valid UTF-8, and each '%', written as %XX
// ("caf\xE9.json" -> "caf%E9.json"), which keeps every byte and is valid UTF-8.
std::string nameText(std::string_view name);

// Members named by joining nested keys with '.' (the metrics of {"a": {"b": 1}}: "a.b"): a name that two JSON
// paths give ({"a": {"b": 1}, "a.b": 2}) is a problem naming both, never a second member of that name.
class DottedNames {
public:
    core::Value members = core::Value::makeObject();  // name -> value, in the order added

    // Adds name -> v (jsonPath: where v is in file f; at: its key's place) unless name is taken: then a problem.
    bool add(Result& r, const SourceFile& f, const std::string& name, const std::string& jsonPath, const core::Value& v, core::Pos at);

private:
    struct First {
        std::string jsonPath;
        core::Pos at;
    };
    std::unordered_map<std::string, First> m_seen;
};

// {"format": ..., "file": ...}: the start of every x_source.
core::Value sourceInfo(const char* format, const std::string& file);

// The manifest skeleton: "model", then "version" (a placeholder 0 and "created_on": null when numbered).
core::Value manifestStart(const std::string& model, core::Value label, bool numbered);

// Validates doc as a manifest and adds it to r (its problems otherwise, for file f). As for a manifest read from a
// file, the document must also read back: its canonical text (what an export writes) goes through the manifest
// reader, and what that refuses (invalid UTF-8, a duplicate key, a number beyond a 64-bit float, nesting too
// deep) is a problem of f at the place the value came from.
void emit(Result& r, const SourceFile& f, core::Value doc, bool numbered, const std::string& source);

std::string dirName(std::string_view path);
// Member of an object (null when v is not an object or has no such member) and its text ("" unless a string
// or a number).
const core::Value* member(const core::Value& v, const char* key);
std::string textOf(const core::Value* v);
// An object without the named members.
core::Value without(const core::Value& v, std::initializer_list<const char*> keys);
// A text of digits, sign, fraction, exponent: a number JSON can carry as its lexeme.
bool isJsonNumberText(std::string_view s);

// Entry points of the formats (files of that format only, roles set).
void importMlflow(const std::vector<const SourceFile*>& files, const Options& opt, Result& r);
void importDvc(const std::vector<const SourceFile*>& files, const Options& opt, Result& r);
void importHuggingFace(const std::vector<const SourceFile*>& files, const Options& opt, Result& r);
void importWandb(const std::vector<const SourceFile*>& files, const Options& opt, Result& r);

}  // namespace mvr::importers::detail
