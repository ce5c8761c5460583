// Benchmark peer "sqlite-wasm": the official SQLite wasm build (@sqlite.org/sqlite-wasm) in a dedicated Worker.
// Query: ?data=reg-N.json&target=mem|opfs. Fetches the registry file, JSON.parse, then one prepared INSERT per
// version into the one-table schema (schema.sql) in one transaction, in memory (target=mem) or in OPFS through
// the opfs-sahpool VFS (target=opfs). With opfs it then times the persisting of a small change: 11 one-row
// UPDATEs (an alias moved), each its own transaction. Posts one object of timings (ms) back to the page.
import sqlite3InitModule from './sqlite-wasm/index.mjs';

const query = new URLSearchParams(self.location.search);
const dataFile = query.get('data');
const target = query.get('target') || 'mem';
const now = () => performance.now();
const INSERT = 'INSERT INTO versions (model, version, description, created_on, author, parent, ' +
  'params, metrics, datasets, artifacts, tags, aliases) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

async function openDb(sqlite3) {
  if (target === 'mem') return new sqlite3.oo1.DB(':memory:', 'c');
  if (target !== 'opfs') throw new Error(`unknown target ${target}`);
  const pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'mvr-bench-peer', clearOnInit: true });
  return new pool.OpfsSAHPoolDb('/peer.sqlite3');
}

function insertAll(db, manifests) {
  const json = (v) => JSON.stringify(v ?? null);  // the nested parts are stored as JSON text
  const stmt = db.prepare(INSERT);
  db.exec('BEGIN');
  try {
    for (const m of manifests) {
      stmt.bind([m.model, m.version, m.description ?? null, m.created_on ?? null, m.author ?? null, m.parent ?? null,
        json(m.params), json(m.metrics), json(m.datasets), json(m.artifacts), json(m.tags), json(m.aliases)]).stepReset();
    }
    db.exec('COMMIT');
  } finally {
    stmt.finalize();
  }
}

// One small change persisted, 11 times: the alias list of one version rewritten, one transaction each.
function persistCost(db) {
  const [model, top] = db.selectArray('SELECT model, max(version) FROM versions GROUP BY model ORDER BY count(*) DESC LIMIT 1');
  const stmt = db.prepare('UPDATE versions SET aliases = ? WHERE model = ? AND version = ?');
  const times = [];
  try {
    for (let i = 0; i < 11; i++) {
      const t = now();
      db.exec('BEGIN');
      stmt.bind([JSON.stringify(['production', `candidate-${i}`]), model, 1 + (i % top)]).stepReset();
      db.exec('COMMIT');
      times.push(now() - t);
      if (db.changes() !== 1) throw new Error(`the UPDATE changed ${db.changes()} rows`);
    }
  } finally {
    stmt.finalize();
  }
  return times;
}

async function run() {
  const r = { ok: true, target, data: dataFile };
  let t = now();
  const sqlite3 = await sqlite3InitModule();
  r.sqlite = sqlite3.version.libVersion;
  r.init_ms = now() - t;
  t = now();
  const db = await openDb(sqlite3);
  try {
    db.exec(await (await fetch('schema.sql', { cache: 'no-store' })).text());
    r.open_ms = now() - t;

    const t0 = now();
    const response = await fetch(dataFile, { cache: 'no-store' });
    if (!response.ok) throw new Error(`fetch ${dataFile}: HTTP ${response.status}`);
    let text = await response.text();
    const t1 = now();
    let manifests = JSON.parse(text);
    r.bytes = text.length;  // workload.py writes ASCII only: characters are bytes
    text = null;
    const t2 = now();
    insertAll(db, manifests);
    const t3 = now();
    r.n = manifests.length;
    manifests = null;
    Object.assign(r, { fetch_ms: t1 - t0, parse_ms: t2 - t1, fetch_parse_ms: t2 - t0, insert_ms: t3 - t2, total_ms: t3 - t0 });
    r.rows = db.selectValue('SELECT count(*) FROM versions');
    r.db_bytes = db.selectValue('PRAGMA page_count') * db.selectValue('PRAGMA page_size');
    if (target === 'opfs') r.update_ms = persistCost(db);
    for (const p of ['journal_mode', 'synchronous', 'page_size', 'cache_size']) r[p] = db.selectValue(`PRAGMA ${p}`);
  } finally {
    db.close();
  }
  return r;
}

run().then((r) => postMessage(r), (e) => postMessage({ ok: false, target, data: dataFile, error: String((e && e.stack) || e) }));
