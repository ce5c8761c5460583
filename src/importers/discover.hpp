// Which files of a folder given to import are read, and as what: a DVC project's files, else its *.json and
// MLmodel files and a model card. Decided from names alone (and the text of its dvc.yaml and README.md): the
// caller lists the folder and reads those two; nothing here touches the file system.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mvr::importers {

// What to import of one folder.
struct FolderFiles {
    std::vector<std::string> files;  // names below the folder, in import order (empty: nothing to import)
    bool dvc = false;                // a DVC project: every file is read as DVC whatever it looks like
    bool modelCard = false;          // a model repository (a card at its top): mvr-format files are not versions
};

// names: every file below the folder, as paths relative to it with '/' between parts (hidden folders left out,
// as a listing for import does); dvcYaml, readme: the text of its top-level dvc.yaml and README.md ("" when it
// has none). A folder with dvc.yaml or dvc.lock at its top is a DVC project (dvcProjectFiles); any other gives
// its *.json and MLmodel files in name order, after README.md when that is a model card with front matter.
FolderFiles folderFiles(const std::vector<std::string>& names, std::string_view dvcYaml, std::string_view readme);

// The files of a DVC project, never its data: dvc.lock, dvc.yaml, params.yaml|yml|json at its top, then the
// metrics files (every *metrics*.json|yaml|yml, and those that dvc.yaml names under "metrics" at its top or in
// a stage, when they are among names), in name order.
std::vector<std::string> dvcProjectFiles(const std::vector<std::string>& names, std::string_view dvcYaml);

}  // namespace mvr::importers
