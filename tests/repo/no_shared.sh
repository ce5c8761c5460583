#!/bin/sh
# The repository stands alone: no tracked file may read the folder "shared" that sat beside the first clone
# (a user who clones mvr does not have it; tests, fixtures and benchmarks live in the repository).
# Fails listing file:line:text of every tracked file (Markdown docs and this script aside) that names it: by
# its relative path (dot-dot, slash, shared), its absolute one under /work, the MVR_ variables that named it
# (MVR_ then SHARED), or a path joined as '..', 'shared'. (This file spells them so that it does not match.)
#   sh tests/repo/no_shared.sh [SOURCE_DIR]     (ctest test_repo_no_shared, native preset)
# With a .git, the files are those `git ls-files` lists; without one (an exported tree), every file but the
# build outputs and downloaded dependencies.
set -eu
cd "${1:-$(dirname "$0")/../..}"
self=tests/repo/no_shared.sh
name=shared
pattern="\.\./$name|/work/$name|MVR_$(echo "$name" | tr a-z A-Z)|['\"]\.\.['\"], *['\"]$name['\"]"

files() {
  if [ -e .git ] && command -v git >/dev/null 2>&1 && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z
  else
    find . \( -path ./.git -o -path ./build -o -path ./third_party -o -path ./web/node_modules -o -path ./artifacts \) \
      -prune -o -type f -print0 | sed -z 's|^\./||'
  fi
}

checked=$(files | grep -z -v -c -e '\.md$' -e "^$self\$" || true)
hits=$(files | grep -z -v -e '\.md$' -e "^$self\$" | xargs -0 -r grep -s -n -I -E -e "$pattern" -- || true)
if [ -n "$hits" ]; then
  echo "these tracked files read the shared folder beside the repository; use the repository's own copies"
  echo "(tests/fixtures/real, tests/bench):"
  echo "$hits"
  exit 1
fi
echo "no_shared: $checked files checked, none reads the shared folder"
