// The registry: model versions in one SQLite file. Imports are all-or-nothing transactions with identity by
// content digest and conflicts reported rather than overwritten; queries serve the CLI and the app.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/document.hpp"
#include "core/filter.hpp"
#include "core/manifest.hpp"
#include "core/registry_format.hpp"
#include "core/rule_eval.hpp"
#include "core/rules.hpp"
#include "core/series.hpp"
#include "storage/sqlite.hpp"

namespace mvr::storage {

struct ModelInfo {
    int64_t id = 0;
    std::string name;
    int64_t versions = 0;
    std::string latest;  // label of the most recently added version
    std::vector<std::pair<std::string, std::string>> aliases;  // alias -> label
};

struct VersionSummary {
    int64_t id = 0;
    std::string model;
    std::string label;
    int64_t seq = 0;
    std::string createdOn;
    std::string author;
    std::string description;
    std::string parent;  // label (same model) or model@label
    std::vector<std::string> aliases;
    bool deprecated = false;
};

// A model's versions in arrival order (seq) with some of their metrics, as columns (no object per version): what
// trends, leaderboards and charts are drawn from (storage/series.cpp).
struct ModelSeries {
    std::vector<int64_t> ids, seq;
    core::TextColumn labels, createdOn;  // createdOn "" where a version has none
    std::vector<std::string> metrics;
    std::vector<std::vector<double>> values;                // [metric][version]; NaN where a version lacks it
    std::vector<std::pair<uint32_t, std::string>> aliases;  // (version index, alias), by alias name
    std::vector<uint8_t> deprecated;                        // [version]: 1 when deprecated
};

// The metric a model is judged by at a glance, and its best version (Registry::headline).
struct Headline {
    std::string metric;
    core::Goal goal = core::Goal::None;
    std::string label;  // "" when no version has the metric
    double value = 0;
};

struct FileReport {
    std::string file;
    size_t bytes = 0;
    size_t imported = 0;
    size_t unchanged = 0;
    size_t replaced = 0;
    size_t conflicts = 0;
    size_t aliasesMoved = 0;
    std::vector<core::Diagnostic> problems;
    size_t droppedProblems = 0;
    std::vector<core::Diagnostic> notes;  // told but not blocking (what an importer left out, and why)
    // model@label of the conflicts with stored versions: what an import with replace would overwrite.
    std::vector<std::string> replaceable;
    bool ok() const { return problems.empty() && droppedProblems == 0; }
};

struct ImportOptions {
    bool replace = false;  // the same model@label with other content replaces the stored version
    // Who the alias moves of this import are recorded as made by ("": the file they came from), and how.
    std::string author;
    std::string source = "import";  // or "create"
};

// Why an alias moves, for its history record.
struct MoveContext {
    std::string author;
    std::string source = "hand";  // hand, import, create, rule (and migration, for aliases older than history)
    std::string rule;             // the rule that moved it
    std::string detail;           // JSON: the values the rule compared (core::outcomesToJson)
};

// One record of the alias history: alias moved on model from one version to another at a time.
struct AliasMove {
    int64_t id = 0;
    std::string at;    // RFC 3339; "" when unknown (aliases a registry held before it had a history)
    std::string model, alias;
    std::string from;  // "" when the alias was new
    std::string to;    // "" when it was removed
    std::string author, source, rule, detail;
};

// One change of a version's curation (storage/curation.cpp): field "description", "tags.KEY" or "deprecated"; the old
// and new values as JSON text ("nlp", true), "" when absent (a tag added or removed, a description set or cleared).
struct CurationChange {
    int64_t id = 0;
    std::string at, model, label, field, before, after, author;
};

// A version as stored, before it is read into a manifest (Registry::loadStored): what the engine answers a page
// with, which reads it with readStoredVersion where it is shown.
struct StoredVersion {
    std::string label;                 // resolved (an alias asked for becomes the label holding it)
    std::string canonical;             // the stored canonical document
    std::string digest, aliasesJson;   // as stored beside it
    std::vector<std::string> aliases;  // the aliases it holds now
    bool deprecated = false;
    std::vector<CurationChange> log;   // its curation records, oldest first
};

// The manifest of a stored version, its curation applied (description and tags as they are now, deprecated):
// what Registry::load returns. Throws StorageError when the text does not read back (a damaged registry).
void readStoredVersion(const std::string& model, const StoredVersion& stored, core::Manifest& out);

// What Registry::editCuration changes: the description ("" with setDescription clears it), tags set to text values,
// tags removed.
struct CurationEdit {
    bool setDescription = false;
    std::string description;
    std::vector<std::pair<std::string, std::string>> setTags;
    std::vector<std::string> removeTags;
};

// What deleting some versions meets (Registry::deletePlan): the versions as resolved (aliases and "latest" become
// labels), the aliases they hold (deleting is refused until they are moved or removed) and their children that stay
// (deleting needs force; their parent link is kept, dangling).
struct DeletePlan {
    struct Held {
        core::VersionRef version;
        std::string alias;
    };
    struct Child {
        core::VersionRef parent, child;
    };
    std::vector<core::VersionRef> versions;
    std::vector<int64_t> ids;
    std::vector<Held> aliases;
    std::vector<Child> children;
    // Why deleting is refused, one line per problem ("" when it may go ahead).
    std::string refusal(bool force) const;
};

struct StoredRule {
    std::string name, text;
};

struct RuleChange {
    int64_t id = 0;
    std::string rule, at, author;
    std::string action;  // add, change, remove
    std::string text;    // the rule after the change ("" after remove)
};

class Registry;

// One import: every version stored goes into one transaction, committed only if nothing had a problem.
// Reading files is not storage's job (ops/ reads them, in this thread or beside it, and hands over
// validated manifests); storing is.
class ImportSession {
public:
    ImportSession(Registry& r, Connection& c, ImportOptions opt);
    ~ImportSession();
    // Stores a validated manifest (its identity is completed here): new, unchanged, replaced or a conflict,
    // counted in rep; a conflict is a problem of rep and of the session.
    void store(core::Manifest&& m, FileReport& rep);
    // Adds already validated manifests (mvr create, importers).
    FileReport addManifests(const std::string& file, std::vector<core::Manifest>& manifests);
    // Adds doc (a valid manifest whose "version" and "created_on" are placeholders) as the next integer version
    // of its model stamped now, the way mvr create numbers them, unless a version of the model already has its
    // state (core::stateDigest): then nothing is added (counted unchanged) and the aliases doc lists are set on
    // that version (the newest one, if several). Counts go to rep.
    void addNumbered(core::Value doc, FileReport& rep);
    // Validates doc as a manifest and stores it like a manifest read from a file; counts and problems go to rep.
    void addDocument(core::Value doc, FileReport& rep);
    // A registry file's rules and alias history: a rule new here is added (with its changes), one stored with the
    // same text is unchanged, one with other text is a problem unless replace; one conflicting with another rule
    // (the same alias on overlapping models) is a problem; history records not held already are added.
    void addExtras(const core::RegistryExtras& e, FileReport& rep);
    // A file of this import had a problem found outside storing (parsing, validation): nothing will commit.
    void markFailed();
    bool hasProblems() const { return m_problems; }
    // The model of the first version this import added or replaced ("" when none): where the app goes next.
    const std::string& firstModelChanged() const { return m_firstModel; }
    // Commits when no file had a problem; otherwise rolls back and returns false.
    bool commit();
    void rollback();

private:
    int64_t modelId(const std::string& name);

    Registry& m_r;
    Connection& m_c;
    ImportOptions m_opt;
    std::unique_ptr<Transaction> m_tx;
    bool m_problems = false;
    std::string m_firstModel;
    std::unordered_map<std::string, int64_t> m_models;
    std::unordered_map<int64_t, int64_t> m_nextSeq;
    // Alias moves of this import, recorded in the history at the commit (unless the history an imported
    // registry brought explains them already).
    struct PendingMove {
        std::string model, alias, from, to, file;
    };
    std::vector<PendingMove> m_moves;
    void recordMoves();
    // Curation records of an imported registry, applied at the commit (after the versions they name are stored).
    std::vector<core::CurationRecord> m_curation;
    void applyCuration();
    // Where each version inserted by this import came from, for conflicts within it: by version id (ids
    // only grow within one import, so the list stays sorted), with the file as an index into m_files.
    struct Place {
        int64_t version;
        uint32_t file, line, col;
    };
    std::vector<Place> m_places;
    std::vector<std::string> m_files;
    const Place* placeOf(int64_t version) const;
    Statement m_findModel, m_insertModel, m_findVersion, m_insertVersion, m_updateVersion, m_nextSeqStmt;
    Statement m_deleteTags, m_deleteMetrics, m_setAlias, m_findAlias;
    // INSERT ... VALUES with 1 to kRowsPerInsert rows of 3 values, [rows - 1] prepared when first needed.
    static constexpr size_t kRowsPerInsert = 32;
    std::vector<Statement> m_insertTags, m_insertMetrics;
    Statement& rowsStatement(std::vector<Statement>& cache, const char* head, size_t rows);
};

// The messages of the one rule that an alias is never another version's label (Registry::setAlias and
// imports): alias on model@label while model@alias is a version; and a new version model@label while
// an alias named label points at model@aliasTarget.
std::string aliasIsLabelMessage(const std::string& model, const std::string& alias, const std::string& label);
std::string labelIsAliasMessage(const std::string& model, const std::string& label, const std::string& aliasTarget);

struct ExportSelection {
    std::vector<std::string> models;           // empty: every model
    std::vector<core::VersionRef> versions;    // when given: exactly these versions
};

class Registry {
public:
    explicit Registry(const std::string& path);
    // A registry inside the page VFS registered as vfsName (page_vfs.hpp): the database lives in memory
    // and each commit goes to that VFS's sink. readOnly: another tab holds the write lock.
    Registry(const std::string& vfsName, bool readOnly);

    std::unique_ptr<ImportSession> beginImport(ImportOptions opt = {}) {
        return std::make_unique<ImportSession>(*this, m_c, opt);
    }

    // The models that have versions, by name. A pack (mvr pack) answers this, headline and versionCount from the
    // summary it was written with (writePackSummary) instead of counting every version.
    std::vector<ModelInfo> models();
    // Versions of a model in arrival order (seq), filtered.
    std::vector<VersionSummary> versions(const std::string& model, const core::Filter& filter = {});
    bool hasModel(const std::string& model);
    // Loads a version with its current aliases. "latest" and alias names are accepted as labels.
    bool load(const std::string& model, const std::string& labelOrAlias, core::Manifest& out);
    // The same version as stored, not read into a manifest (readStoredVersion reads it); false when absent.
    bool loadStored(const std::string& model, const std::string& labelOrAlias, StoredVersion& out);
    // A version's training histories (core::stepHistories: its metrics with steps, and the series of `want` or
    // of the first of them), read from its stored text without loading the version; label: the version's label
    // (an alias or "latest" resolved). false when there is no such version.
    bool stepHistories(const std::string& model, const std::string& labelOrAlias, std::string_view want, bool byTime,
                       core::StepHistories& out, std::string* label = nullptr);
    std::string resolveLabel(const std::string& model, const std::string& labelOrAlias);
    std::vector<std::string> children(const std::string& model, const std::string& label);

    // Points alias at model@label (moving it from another version). Throws StorageError when not found,
    // or with aliasProblem's message. Returns the label it pointed at before ("" if new).
    std::string setAlias(const std::string& model, const std::string& alias, const std::string& label);
    // The same, recording why in the alias history in the same transaction (setAlias above: by hand, no author).
    std::string setAlias(const std::string& model, const std::string& alias, const std::string& label,
                         const MoveContext& why);
    // Why alias may not point at model@label ("" when it may): not a valid alias name, no such version, or
    // the label of another version of the model ("3" on version 7 while version 3 exists would make
    // model@3 mean two things). What setAlias refuses, asked without trying (the app checks as one types).
    std::string aliasProblem(const std::string& model, const std::string& alias, const std::string& label);
    // Aliases that are asked about before they move (today: "production").
    static bool isProtectedAlias(const std::string& alias);
    bool removeAlias(const std::string& model, const std::string& alias);
    bool removeAlias(const std::string& model, const std::string& alias, const MoveContext& why);

    // Alias history (storage/alias_history.cpp): the moves of a model's aliases (of one alias, when given), oldest
    // first; and which label held alias at a time (RFC 3339, or a date: the end of that day), "" when none did.
    std::vector<AliasMove> aliasHistory(const std::string& model, const std::string& alias = "");
    std::string aliasAt(const std::string& model, const std::string& alias, const std::string& at);
    // Every record, by id (the export).
    std::vector<AliasMove> allAliasHistory();

    // Promotion rules (storage/rules.cpp). saveRule parses text and refuses (StorageError) a rule with a syntax
    // error, one whose name exists unless replace, and one that would move the same alias on models another rule
    // moves it on; the change is recorded. Returns the rule's name.
    std::vector<StoredRule> rules();
    bool findRule(const std::string& name, StoredRule& out);
    std::string saveRule(const std::string& text, const std::string& author, bool replace);
    bool removeRule(const std::string& name, const std::string& author);
    std::vector<RuleChange> ruleChanges(const std::string& name = "");
    // Why rule may not join the stored rules ("" when it may): a rule of another name moving the same alias on
    // overlapping models.
    std::string ruleConflict(const core::Rule& rule);
    // What checkRuleAgainst needs: every model's metrics with their goals, and its aliases.
    std::vector<core::KnownModel> knownModels();
    // What a rule reads of each version of a model, in arrival order: labels, times, aliases, the rule's metrics
    // and tags from their rows (one query each, by index); authors when the rule reads them.
    std::vector<core::VersionFacts> ruleFacts(const std::string& model, const core::Rule& rule);
    // The same for several models, out[i] for models[i] (empty for a model that does not exist): one query for the
    // versions (version_listing) and one per metric and tag over every version (metric_name, tag_key_value), so a
    // rule over the whole registry reads each once, not once per model. Deprecated versions are marked.
    std::vector<std::vector<core::VersionFacts>> ruleFacts(const std::vector<std::string>& models, const core::Rule& rule);
    // A version's manifest for the facts that need it (params, datasets); null when it is gone.
    std::shared_ptr<const core::Manifest> manifestById(int64_t versionId);
    // Every alias of a model as (version id, alias), by alias name.
    std::vector<std::pair<int64_t, std::string>> modelAliases(const std::string& model);

    // The next integer version of a model with a timestamp (mvr create); returns the new label.
    std::string nextIntegerLabel(const std::string& model);
    // The label of the model's most recently added version whose core::stateDigest is stateDigest ("" if none).
    std::string labelWithState(const std::string& model, const std::string& stateDigest);

    // Curation (storage/curation.cpp, docs/manifest.md). Each call is one transaction and changes nothing when it
    // throws StorageError (no such model or version, a tag removed that the version does not have). A version may be
    // named by label, alias or "latest".
    // Marks the versions deprecated (or not, with deprecated false); returns how many changed (a version already so
    // is left alone, and not recorded).
    size_t deprecate(const std::vector<core::VersionRef>& versions, bool deprecated, const std::string& author);
    // Changes a version's description and tags in place; returns the records written (one per field that changed).
    std::vector<CurationChange> editCuration(const core::VersionRef& version, const CurationEdit& edit,
                                             const std::string& author);
    // What deleting would meet, asked without deleting (the app's confirmation names it).
    DeletePlan deletePlan(const std::vector<core::VersionRef>& versions);
    // Deletes the versions (their tags and metrics) in one transaction, and records each in the curation log
    // (field "deleted", the old value its digest, by author); the log keeps the version's earlier records.
    // StorageError with DeletePlan::refusal when a version holds an alias, or has children and not force.
    // Returns how many went.
    size_t deleteVersions(const std::vector<core::VersionRef>& versions, bool force, const std::string& author = "");
    // When MODEL@LABEL was last deleted ("" never): its label is not given to a new version.
    std::string deletedAt(const std::string& model, const std::string& label);
    // The curation log of a model (of one version, when label is given), oldest first; and every record (the export).
    std::vector<CurationChange> curationLog(const std::string& model, const std::string& label = "");
    std::vector<CurationChange> allCuration();
    // Inserts one record as given (its time "" for now); within the caller's transaction, if any.
    void addCuration(const CurationChange& c);

    // Writes the registry format; returns how many versions were written.
    size_t exportTo(const ExportSelection& sel, const std::function<void(std::string_view)>& write);

    // Metric names used by a model's versions (for table columns), and one metric's values by version id.
    std::vector<std::string> metricNames(const std::string& model);
    std::unordered_map<int64_t, double> metricValues(const std::string& model, const std::string& metric);
    // What the versions pane pages through (it reads what is on screen, not what the model holds):
    // versionKeys, a model's version ids with their seq in arrival order, from version_model_seq alone (a few bytes
    // a version); versionsBySeq, those rows of the model (with their aliases) by seq, from a pack's covering
    // pack_version_list where there is one; metricValuesOf, one metric of these versions by the metric's key;
    // metricValuesBetween, one metric of every version whose id is in [loId, hiId] (by metric_name: a model's
    // versions are one run of ids in a pack, so this is the model's values and no others'; elsewhere other
    // models' values may come with them, which the caller ignores by id).
    struct VersionKey {
        int64_t id = 0, seq = 0;
    };
    std::vector<VersionKey> versionKeys(const std::string& model);
    // The pane's first screen in its default order, before it needs the keys: the newest n versions, newest first
    // (with aliases), and how many the model has (a pack's summary, else its index).
    std::vector<VersionSummary> newestVersions(const std::string& model, int64_t n);
    int64_t modelVersionCount(const std::string& model);
    std::vector<VersionSummary> versionsBySeq(const std::string& model, const std::vector<int64_t>& seqs);
    std::unordered_map<int64_t, double> metricValuesOf(const std::string& metric, const std::vector<int64_t>& ids);
    std::unordered_map<int64_t, double> metricValuesBetween(const std::string& metric, int64_t loId, int64_t hiId);
    // The versions of a model and these metrics of theirs: one query for the versions and one per metric, each
    // by index (version(model_id, seq), metric's key (version_id, name)); an unknown metric is all NaN.
    ModelSeries modelSeries(const std::string& model, const std::vector<std::string>& metrics);
    // A model's headline: the first metric with a goal in its newest version (in the order written), and the
    // version best by it (the newest among equals). False when the newest version states no goal.
    bool headline(const std::string& model, Headline& out);
    // Goal of a metric in the model's latest version that states one.
    core::Goal metricGoal(const std::string& model, const std::string& metric);

    // Every version in the registry (a pack answers from its summary, below).
    int64_t versionCount();
    int64_t modelCount();
    // Deletes every model and version in one transaction (one commit), then gives the space back.
    void clear();
    int64_t sizeBytes();
    int schemaVersion();
    // SQLite's page cache, in pages (tests use a small one to make pages leave the cache).
    void setCacheSize(int pages);
    // SQLite's memory map of the file, in bytes (0: none; what a registry file uses, see the constructor).
    void setMmapSize(int64_t bytes);
    // Rows of a table (tests and checks of what an operation wrote).
    int64_t rowCount(const std::string& table);
    // SQLite's PRAGMA integrity_check: "ok", or its findings one a line.
    std::string integrityCheck();

    // mvr pack (storage/pack.cpp): writes the pack's summary of this registry in one transaction: per model what
    // models() and headline() return (versionCount() is their sum), computed here by the ordinary queries.
    // Triggers written with it empty it at the first change to a version or an alias, after which the ordinary
    // queries answer again (a pack is not meant to be written, but stays a registry that can be).
    void writePackSummary();

    // Inserts one history record as given (its time "" for now); within the caller's transaction, if any.
    void addAliasMove(const AliasMove& move);
    // The newest history record of model's alias (false when there is none).
    bool lastAliasMove(const std::string& model, const std::string& alias, AliasMove& out);

private:
    struct VersionRow {
        int64_t id = 0, modelId = 0;
        std::string model, label, description;
        bool hasDescription = false, deprecated = false;
    };
    // The version's row, its label resolved; StorageError naming what does not exist.
    VersionRow versionRow(const core::VersionRef& ref);
    // Sets m's current description and tags from the version's curation log, and its deprecation.
    std::vector<std::string> aliasesOf(int64_t versionId);
    // The header of an export: format 1, or format 2 with the rules and alias history of what is exported.
    void writeExtras(const ExportSelection& sel, const std::function<void(std::string_view)>& write);
    // Whether the file has a pack summary's tables: looked up once, at the open (storage/pack.cpp).
    void detectPackSummary();
    // True when the file has a pack summary that no change has made stale.
    bool packSummaryFresh();
    // The aliases of a model as its pack_model row holds them (a JSON array of [alias, label]).
    static std::vector<std::pair<std::string, std::string>> packedAliases(const std::string& model,
                                                                          const std::string& json);
    bool packedHeadline(const std::string& model, Headline& out);
    // A model's metric names and goals as its pack_model row holds them (a JSON array of [name, goal]); false when
    // the file has no fresh summary with them (then the ordinary queries answer).
    bool packedMetrics(const std::string& model, std::vector<std::pair<std::string, core::Goal>>& out);
    bool m_packed = false;
    bool m_packedMetrics = false;  // pack_model has the metrics column (packs written since it was added)
    Connection m_c;
};

}  // namespace mvr::storage
