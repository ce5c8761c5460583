// What the format mappers share: reporting into a Result, parsing a source file (JSON or YAML) with its
// problems, timestamps, labels, and handing a finished document to validation.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
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

// {"format": ..., "file": ...}: the start of every x_source.
core::Value sourceInfo(const char* format, const std::string& file);

// The manifest skeleton: "model", then "version" (a placeholder 0 and "created_on": null when numbered).
core::Value manifestStart(const std::string& model, core::Value label, bool numbered);

// Validates doc as a manifest and adds it to r (its problems otherwise, for file f).
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
