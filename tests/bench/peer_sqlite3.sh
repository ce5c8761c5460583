#!/bin/sh
# Benchmark peer "sqlite3": the Debian sqlite3 CLI fills the one-table schema of schema.sql with a single
# INSERT ... SELECT over json_each(readfile(DATA.json)); in autocommit mode that statement is one transaction.
#   sh tests/bench/peer_sqlite3.sh DATA.json DB.sqlite     (DB.sqlite is replaced; prints nothing)
set -eu
[ $# -eq 2 ] || { echo "usage: peer_sqlite3.sh DATA.json DB.sqlite" >&2; exit 2; }
schema="$(cd "$(dirname "$0")" && pwd)/schema.sql"
data=$1 db=$2
case "$data" in *"'"*) echo "peer_sqlite3.sh: a quote in the file name" >&2; exit 2 ;; esac
rm -f "$db" "$db-journal" "$db-wal" "$db-shm"
sqlite3 "$db" <<SQL
.read '$schema'
INSERT INTO versions (model, version, description, created_on, author, parent,
                      params, metrics, datasets, artifacts, tags, aliases)
SELECT m.value ->> '\$.model', m.value ->> '\$.version', m.value ->> '\$.description',
       m.value ->> '\$.created_on', m.value ->> '\$.author', m.value ->> '\$.parent',
       m.value -> '\$.params', m.value -> '\$.metrics', m.value -> '\$.datasets',
       m.value -> '\$.artifacts', m.value -> '\$.tags', m.value -> '\$.aliases'
FROM json_each(readfile('$data')) AS m;
SQL
