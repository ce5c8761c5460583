#!/bin/sh
# Holds the layering of docs/architecture.md: each layer includes only what it may. Fails naming file:line of
# every include (or SQL text in the app) that crosses a line:
#   src/core       no storage, app, platform, cli, importers, ops headers; no sqlite3, imgui or emscripten
#   src/ops        no app, platform, cli; no sqlite3, imgui or emscripten
#   src/importers  no storage, app, platform, cli; no sqlite3, imgui or emscripten
#   src/engine     no app, platform, cli, importers, ops; no sqlite3, imgui, emscripten or threads
#   src/storage    no app, platform, cli, importers, ops; no imgui, emscripten or threads (its page VFS is a seam)
#   src/app        no sqlite3 header and no SQL statements (queries live in storage); the panels and the
#                  status bar do not include app/app.hpp (they get a PanelContext, not the App)
#   sh tests/repo/layering.sh [SOURCE_DIR]     (ctest test_repo_layering, native preset)
set -eu
cd "${1:-$(dirname "$0")/../..}"
status=0

# $1: folder, $2: extended regex of forbidden include targets, $3: why
forbid_includes() {
  hits=$(grep -rn -E "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($2)" "$1" 2>/dev/null || true)
  if [ -n "$hits" ]; then
    echo "$1 must not include $3:"
    echo "$hits"
    status=1
  fi
}

forbid_includes src/core 'storage/|app/|platform/|cli/|importers/|ops/|sqlite3|imgui|emscripten|GLES' \
  'storage, app, platform, cli, importers or ops headers, sqlite3, imgui or emscripten'
forbid_includes src/importers 'storage/|app/|platform/|cli/|sqlite3|imgui|emscripten' \
  'storage, app, platform or cli headers, sqlite3, imgui or emscripten'
forbid_includes src/storage 'app/|platform/|cli/|importers/|ops/|imgui|emscripten|thread>' \
  'app, platform, cli, importers or ops headers, imgui, emscripten or <thread> (no threads in storage)'
forbid_includes src/engine 'app/|platform/|cli/|importers/|ops/|sqlite3|imgui|emscripten|thread>' \
  'app, platform, cli, importers or ops headers, sqlite3, imgui, emscripten or <thread> (storage answers it)'
forbid_includes src/ops 'app/|platform/|cli/|sqlite3|imgui|emscripten' 'app, platform or cli headers, sqlite3, imgui or emscripten'
forbid_includes src/app 'sqlite3' 'sqlite3 (the app asks storage)'

# Panels get what they draw (app/panel_context.hpp), never the whole App.
for f in src/app/*_panel.cpp src/app/*_panel.hpp src/app/status_bar.cpp src/app/status_bar.hpp; do
  [ -f "$f" ] || continue
  hits=$(grep -n -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*"app/app\.hpp"|\bApp&' "$f" || true)
  if [ -n "$hits" ]; then
    echo "$f: a panel must not see the App (draw from PanelContext, ask through Actions):"
    echo "$hits"
    status=1
  fi
done

# SQL in the app: statements as string literals.
sql=$(grep -rn -E "\"[^\"]*\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|VACUUM|PRAGMA)\b[^\"]*\"" src/app 2>/dev/null || true)
if [ -n "$sql" ]; then
  echo "src/app must not contain SQL (add a query to storage::Registry):"
  echo "$sql"
  status=1
fi
[ $status -eq 0 ] && echo "layering: core, importers, storage and app include only what they may; no SQL in the app; panels see no App"
exit $status
