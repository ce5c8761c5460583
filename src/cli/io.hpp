// Files for the CLI: whole-file reads with clear errors, atomic writes (temp file + rename, so an
// interrupted export never leaves half a file), and the *.json files of a folder in a stable order.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace mvr::cli {

bool readFile(const std::string& path, std::string& out, std::string& error);
bool writeFileAtomic(const std::string& path, const std::string& data, std::string& error);
bool isDirectory(const std::string& path);
// Every *.json below dir (recursively), sorted; hidden folders are skipped.
std::vector<std::string> jsonFilesIn(const std::string& dir);
// Every file below dir (recursively, hidden folders skipped) whose name want() accepts, sorted.
std::vector<std::string> filesIn(const std::string& dir, const std::function<bool(const std::string& name)>& want);
bool isFile(const std::string& path);

}  // namespace mvr::cli
