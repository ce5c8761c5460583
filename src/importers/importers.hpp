// What people already have, imported as mvr manifests: MLflow exports, DVC projects, Hugging Face model cards and
// W&B manifests and summaries. The format of each file is found from its content; the files of one import are
// grouped by format and each group is mapped as a whole (an MLflow model version joined to its run, a DVC project
// as one version). Every document goes through core::validateManifest; what a mapping does not interpret is kept
// under "x_source". The mappings are described field by field in docs/importers.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/json_value.hpp"

namespace mvr::importers {

enum class Format : uint8_t { Unknown, Mvr, MLflow, Dvc, HuggingFace, Wandb };
const char* formatName(Format f);  // "mvr", "mlflow", "dvc", "huggingface", "wandb"
bool formatFromName(std::string_view name, Format& out);

// What one file is.
enum class Role : uint8_t {
    Unknown,
    Mvr,                 // a manifest, a list of manifests or a registry export (core::ManifestStream reads it)
    MlflowJson,          // a file of mlflow-export-import: model.json, version.json, run.json, experiment.json, ...
    MlflowMLmodel,       // an MLmodel file (YAML)
    DvcLock,             // dvc.lock
    DvcPipeline,         // dvc.yaml
    DvcParams,           // params.yaml / params.json
    DvcMetrics,          // a metrics file (JSON or YAML), e.g. eval/live/metrics.json
    GtoTags,             // text of GTO tags: name@v1.2.0, name#prod#3
    HfCard,              // a model card: README.md with YAML front matter (or without)
    HfSafetensorsIndex,  // model.safetensors.index.json
    WandbManifest,       // wandb_manifest.json
    WandbSummary,        // wandb-summary.json
};
const char* roleName(Role r);
Format formatOf(Role r);

// The role of a file from its content; the name decides only where content cannot (params.yaml, metrics.json,
// wandb-summary.json, a Markdown card without metadata). name may be a path; its last part is used.
Role detect(std::string_view name, std::string_view text);
// True when the first bytes of a file (head may be only its start, cut anywhere) already show that detect()
// would read it as mvr's own format: a JSON list, or an object whose first key is "format" or "model".
// False says nothing (the whole file is needed to tell).
bool startsAsMvr(std::string_view name, std::string_view head);
// The same when the user named the format (--format): the best role of that format for the file.
Role detectAs(Format format, std::string_view name, std::string_view text);

struct SourceFile {
    std::string path;  // as the user gave it (messages): "exports/models/sklearn_wine/model.json"
    std::string root;  // the folder it was found in ("" for a file given by itself or dropped)
    std::string name;  // its path below root ("models/sklearn_wine/model.json"), or its own name: what x_source records
    std::string text;
    Role role = Role::Unknown;
};

struct Options {
    // Names the model where the source does not (W&B files, an MLmodel file, a DVC project without a model
    // artifact in dvc.yaml); also overrides the name a DVC project or a model card would get.
    std::string model;
};

struct Version {
    core::Value doc;        // a valid manifest
    bool numbered = false;  // "version"/"created_on" are placeholders: the registry numbers it (storage addNumbered)
    std::string source;     // the file (or folder) it came from, for reports
};

struct Result {
    std::vector<Version> versions;
    std::vector<core::Diagnostic> problems;  // any problem: nothing of this import may be stored
    std::vector<core::Diagnostic> notes;     // told, not blocking: what was left out or could not be joined
    bool ok() const { return problems.empty(); }
};

// Maps every file whose role is not Mvr (roles must be set); files of role Mvr are left to the caller.
Result importFiles(const std::vector<SourceFile>& files, const Options& opt = {});

// The last part of a path ("a/b/run.json" -> "run.json").
std::string baseName(std::string_view path);

}  // namespace mvr::importers
