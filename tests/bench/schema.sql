-- The benchmark peers' registry (tests/bench/peer_python.py, peer_sqlite3.sh, peer_sqlite_wasm): one row per
-- version, its nested parts kept as JSON text, one version per (model, version).
CREATE TABLE versions (
  id          INTEGER PRIMARY KEY,
  model       TEXT NOT NULL,
  version     INTEGER NOT NULL,
  description TEXT,
  created_on  TEXT,
  author      TEXT,
  parent      INTEGER,
  params      TEXT,
  metrics     TEXT,
  datasets    TEXT,
  artifacts   TEXT,
  tags        TEXT,
  aliases     TEXT
);
CREATE UNIQUE INDEX versions_by_label ON versions (model, version);
