// What the MLflow importer's files (importers/mlflow*.cpp) share: the runs and MLmodels of an import and the
// Mlflow mapper, whose parts each of them defines; not for other code.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "importers/common.hpp"

namespace mvr::importers::detail::mlflow {

constexpr const char* kFormat = "mlflow";

bool isSystemTag(const std::string& key);
// Tags as written by MLflow: an object of strings, or the REST form [{"key": ..., "value": ...}].
std::vector<std::pair<std::string, core::Value>> tagList(const core::Value* v);

struct Run {
    const SourceFile* file = nullptr;
    const core::Value* body = nullptr;  // the object with info, params, metrics, tags
    std::string id, experimentId, folder;
    bool used = false;
};

struct MLmodel {
    const SourceFile* file = nullptr;
    core::Value doc;
    std::string runId;
    long ownerRun = -1;                       // the exported run whose artifacts hold it (index in m_runs)
    const SourceFile* ownerVersion = nullptr;  // else the version.json of the version export whose folder holds it
    bool used = false;
    bool placed() const { return ownerRun >= 0 || ownerVersion; }
};

// s is tail, or ends with "/" + tail: "run/artifacts/model/MLmodel" ends with the segments "model/MLmodel", and
// "version_model/MLmodel" does not.
bool endsWithSegments(const std::string& s, const std::string& tail);

struct Parts {
    core::Value params = core::Value::makeObject();
    core::Value metrics = core::Value::makeObject();
    core::Value datasets = core::Value::makeArray();
    std::vector<std::pair<std::string, core::Value>> userTags;
    core::Value systemTags = core::Value::makeObject();
    std::string user;
};

// MLflow, as mlflow-export-import writes it: registered models (model.json, version.json), runs (run.json),
// experiments (experiment.json), prompts, and MLmodel files. Model versions keep MLflow's numbers and are joined
// to their runs by run id (or the run's folder name, which is how mlflow-export-import finds them); runs that no
// version uses become versions of a model named after their experiment, labelled by run id. An MLmodel is part of
// the version (or run) it belongs to, found by where it is (a run's artifacts, a version export's folder) or by
// the run it names; only an MLmodel that belongs to none is a version of its own.
class Mlflow {
public:
    Mlflow(const Options& opt, Result& r) : m_opt(opt), m_r(r) {}

    void run(const std::vector<const SourceFile*>& files);

private:
    // mlflow.cpp: what each file is, registered model versions and prompts
    void classify(const SourceFile& f, const core::Value& doc);
    void setTags(core::Value& doc, const std::vector<std::pair<std::string, core::Value>>& tags);
    void version(const SourceFile& f, const core::Value& vo, const core::Value* rm, const std::string& base);
    void prompt(const SourceFile& f, const core::Value& po);
    // mlflow_run.cpp: runs, their parts, and a run that no version uses
    void addRun(const SourceFile& f, const core::Value& body, const core::Value& info);
    Run* findRun(const std::string& id);
    bool parts(const Run& run, Parts& out);
    bool metric(const SourceFile& f, const core::Member& m, core::Value& metrics);
    bool inputs(const SourceFile& f, const core::Value& body, core::Value& datasets);
    std::string experimentName(const Run& run);
    core::Value runSource(const Run& run, Parts& p);
    void standaloneRun(Run& run);
    // mlflow_mlmodel.cpp: whose each MLmodel is, the model artifact, and an MLmodel that belongs to none
    void placeMLmodels();
    std::vector<MLmodel*> mlmodelsOf(const Run* run, const std::string& runId, const SourceFile* versionFile);
    void modelArtifact(core::Value& doc, core::Value& xsource, const std::string& uri, const std::vector<MLmodel*>& mms,
                       const std::string& id);
    void standaloneMLmodel(MLmodel& m);

    const Options& m_opt;
    Result& m_r;
    std::vector<std::unique_ptr<core::Value>> m_docs;  // parsed files (stable addresses: the lists point into them)
    struct VersionObject {
        const SourceFile* file;
        const core::Value* body;
        const core::Value* registeredModel;
        std::string path;
    };
    std::vector<VersionObject> m_versionObjects;
    std::vector<std::pair<const SourceFile*, const core::Value*>> m_prompts;
    std::vector<Run> m_runs;
    std::unordered_map<std::string, size_t> m_runById, m_runByFolder;
    std::map<std::string, std::string> m_experimentByDir, m_experimentById;
    std::vector<MLmodel> m_mlmodels;
    struct RunArtifacts {
        std::string root, dir;  // the folder given, and the artifacts/ folder of a run.json below it
        size_t run;             // its run (the first of the same run exported twice)
    };
    std::vector<RunArtifacts> m_runArtifacts;
    std::vector<const SourceFile*> m_experimentFiles;
};

}  // namespace mvr::importers::detail::mlflow
