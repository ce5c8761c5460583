// The sql.js-httpvfs peer of the pack benchmark (issue 18). window.peer opens a pack (mvr pack) on a static host with
// sql.js-httpvfs 0.8.12 (npm, pinned in web/package.json: its worker reads the file with synchronous Range requests
// of requestChunkSize bytes, a virtual read head doubling them while reads are sequential) and runs, statement by
// statement, the SQL that mvr's storage layer runs for each view that tests/bench/pack_timer.cpp (mvr-bench-pack)
// counts, with the same arguments, so both read the same file for the same answers:
//   await peer.open(url, chunk)  -> stats after the open (a fresh worker; one per page load: reload between views)
//   await peer.view(name, args)  -> { rows, stats }: stats are the worker's totals so far (requests, bytes)
//   await peer.sqlite(), await peer.modelVersions(model): not counted
// The statements are copied from src/storage (registry.cpp, pack.cpp, series.cpp, curation.cpp, schema.cpp): a
// change there should change them here. Each view's rows are counted as mvr-bench-pack counts them, as a check.

let db = null, worker = null;

async function rows(sql, params = []) {
  const res = await db.exec(sql, params);
  return res.length ? res[0].values : [];
}

const stats = async () => {
  const s = await worker.getStats();
  return { requests: s.totalRequests, bytes: s.totalFetchedBytes };
};

// Registry(vfs, readOnly) and Registry::schemaVersion: the constructor's pragmas, detectPackSummary, user_version.
async function openRegistry() {
  for (const p of ['foreign_keys=ON', 'cache_size=-8192', 'journal_mode=MEMORY', 'synchronous=FULL', 'temp_store=MEMORY',
    'query_only=ON']) await rows('PRAGMA ' + p);
  await rows("SELECT 1 FROM sqlite_schema WHERE type='table' AND name='pack_model'");
  await rows("SELECT 1 FROM pragma_table_info('pack_model') WHERE name='metrics'");
  await rows('PRAGMA user_version');
}

// Registry::packSummaryFresh (a pack written by this mvr has the summary; every reader of it asks first).
const fresh = async () => (await rows('SELECT 1 FROM pack_model LIMIT 1')).length > 0;

// Registry::models on a pack.
async function models() {
  await fresh();
  return rows('SELECT model_id, name, versions, latest, aliases FROM pack_model ORDER BY name');
}

// Registry::packedHeadline (through headline).
async function headline(model) {
  await fresh();
  const r = await rows('SELECT headline, goal, best, best_value FROM pack_model WHERE name=?', [model]);
  return r.length > 0 && r[0][0] !== null;
}

async function headlines() {
  let n = 0;
  for (const m of await models()) n += (await headline(m[1])) ? 1 : 0;
  return n;
}

// Registry::versionCount and modelCount.
async function counts() {
  await fresh();
  const v = (await rows('SELECT sum(versions) FROM pack_model'))[0][0];
  const m = (await rows('SELECT count(*) FROM model'))[0][0];
  return v + m;
}

// mvr-bench-pack's first page of a model's versions (kFirstPage).
async function firstPage(model) {
  return (await rows('SELECT v.id, v.label, v.seq, v.created_on, v.author, v.description, v.parent_model, v.parent_label, ' +
    'v.deprecated FROM version v JOIN model m ON m.id=v.model_id WHERE m.name=? ORDER BY v.seq LIMIT 200', [model])).length;
}

// Registry::modelAliases.
const modelAliases = (model) =>
  rows('SELECT a.version_id, a.name FROM alias a JOIN model m ON m.id=a.model_id WHERE m.name=? ORDER BY a.name', [model]);

// Registry::versions without a filter.
async function versions(model) {
  const r = await rows('SELECT v.id, v.label, v.seq, v.created_on, v.author, v.description, v.parent_model, v.parent_label, ' +
    'v.deprecated FROM version v JOIN model m ON m.id=v.model_id WHERE m.name=? ORDER BY v.seq', [model]);
  await modelAliases(model);
  return r.length;
}

// Registry::load: resolveLabel (a label), the document, aliasesOf, applyCuration (deprecated, curationLog).
async function load(model, label) {
  if (!(await rows('SELECT v.label FROM version v JOIN model m ON m.id=v.model_id WHERE m.name=? AND v.label=?', [model, label])).length)
    return 0;
  const v = await rows('SELECT v.id, v.doc, v.digest, v.doc_aliases FROM version v JOIN model m ON m.id=v.model_id ' +
    'WHERE m.name=? AND v.label=?', [model, label]);
  if (!v.length) return 0;
  const id = v[0][0];
  JSON.parse(v[0][1]);  // mvr parses and validates the document; the peer at least parses it
  await rows('SELECT name FROM alias WHERE version_id=? ORDER BY name', [id]);
  await rows('SELECT deprecated FROM version WHERE id=?', [id]);
  await rows('SELECT id, at, model, label, field, old_value, new_value, author FROM curation WHERE model=? AND label=? ORDER BY id',
    [model, label]);
  return 1;
}

// Registry::packedMetrics (metricNames and metricGoal on a pack with the metrics column).
async function packedMetrics(model) {
  await fresh();
  const r = await rows('SELECT metrics FROM pack_model WHERE name=?', [model]);
  return r.length ? JSON.parse(r[0][0]) : [];
}

// The versions pane's metric columns as mvr-bench-pack's view=columns reads them (app/versions_panel.cpp).
async function columns(model) {
  let n = 0;
  for (const k of await paneColumns(model))
    n += (await rows('SELECT x.version_id, x.value FROM metric x JOIN version v ON v.id=x.version_id JOIN model m ' +
      'ON m.id=v.model_id WHERE m.name=? AND x.name=?', [model, k])).length;
  return n;
}

// The 4 metric columns the versions pane shows (metricNames, then metricGoal until 4 with a goal).
async function paneColumns(model) {
  const keep = [];
  for (const [name] of await packedMetrics(model)) {
    if (keep.length >= 4) continue;
    const goal = (await packedMetrics(model)).find((m) => m[0] === name);
    if (goal && (goal[1] === 'max' || goal[1] === 'min')) keep.push(name);
  }
  return keep;
}

// Registry::versionKeys.
const versionKeys = (model) => rows('SELECT v.id, v.seq FROM version v INDEXED BY version_model_seq WHERE ' +
  'v.model_id=(SELECT id FROM model WHERE name=?) ORDER BY v.seq', [model]);

// What the versions pane reads since it pages, as mvr-bench-pack's view=pane: on its first screen the newest 64 rows
// (Registry::newestVersions), the model's count (modelVersionCount) and the 4 columns' values of those ids
// (metricValuesOf).
async function pane(model) {
  const newest = await rows('SELECT v.id, v.label, v.seq, v.created_on, v.author, v.description, v.parent_model, v.parent_label, ' +
    'v.deprecated FROM version v WHERE v.model_id=(SELECT id FROM model WHERE name=?) ORDER BY v.seq DESC LIMIT ?', [model, 64]);
  await modelAliases(model);
  await fresh();
  const count = (await rows('SELECT coalesce((SELECT versions FROM pack_model WHERE name=?), 0)', [model]))[0][0];
  const ids = newest.map((v) => v[0]).sort((a, b) => a - b);
  const marks = ids.map(() => '?').join(',');
  let n = newest.length + (count > 0 ? 1 : 0);
  for (const k of await paneColumns(model))
    n += (await rows('SELECT version_id, value FROM metric WHERE version_id IN (' + marks + ') AND name=?', [...ids, k])).length;
  return n;
}

// A sort by one metric column (Registry::metricValuesBetween over the model's run of ids).
async function sortMetric(model, metric) {
  const ids = (await versionKeys(model)).map((k) => k[0]);
  const lo = Math.min(...ids), hi = Math.max(...ids);
  return (await rows('SELECT version_id, value FROM metric INDEXED BY metric_name WHERE name=? AND version_id BETWEEN ? AND ?',
    [metric, lo, hi])).length;
}

// Registry::modelSeries(model, {metric}).
async function trend(model, metric) {
  const ids = await rows('SELECT v.id, v.label, v.seq, v.created_on, v.deprecated FROM version v WHERE ' +
    'v.model_id=(SELECT id FROM model WHERE name=?) ORDER BY v.seq', [model]);
  await rows('SELECT x.value FROM version v LEFT JOIN metric x ON x.version_id=v.id AND x.name=? ' +
    'WHERE v.model_id=(SELECT id FROM model WHERE name=?) ORDER BY v.seq', [metric, model]);
  await modelAliases(model);
  return ids.length;
}

const views = {
  models: async () => (await models()).length,
  page200: ({ model }) => firstPage(model),
  headlines,
  count: counts,
  first: async ({ model }) => (await headlines()) + (await counts()) + (await firstPage(model)),
  versions_all: ({ model }) => versions(model),
  show: ({ model, mid }) => load(model, String(mid)),
  compare100: async ({ model, mid }) => {
    let n = 0;
    for (let l = mid; l < mid + 100; l++) n += await load(model, String(l));
    return n;
  },
  columns: ({ model }) => columns(model),
  pane: ({ model }) => pane(model),
  sort_metric: ({ model, metric }) => sortMetric(model, metric),
  trend: ({ model, metric }) => trend(model, metric),
  // What the app reads for its first screen of a pack, as far as its storage calls go: the models list with the
  // headlines, the status bar's counts and the shown model's versions pane (its keys, the rows on screen and their
  // metric columns' values).
  app_first: async ({ model }) => (await headlines()) + (await counts()) + (await pane(model)),
};

async function open(url, chunk) {
  const config = { from: 'inline', config: { serverMode: 'full', url, requestChunkSize: chunk } };
  const w = await window.createDbWorker([config], new URL('sqlite.worker.js', location.href).href,
    new URL('sql-wasm.wasm', location.href).href);
  db = w.db;
  worker = w.worker;
  await openRegistry();
  return stats();
}

async function view(name, args) {
  const n = await views[name](args);
  return { rows: n, stats: await stats() };
}

// Outside the counted views: the peer's SQLite, and how many versions a model has (from the summary).
const sqlite = async () => (await rows('SELECT sqlite_version()'))[0][0];
const modelVersions = async (model) => (await rows('SELECT versions FROM pack_model WHERE name=?', [model]))[0][0];

window.peer = { open, view, sqlite, modelVersions };
