#!/usr/bin/env python3
"""The registry format's JSON Schemas (public/schema/) against what mvr writes: docs/examples/registry.json (format 2,
with rules, alias history and curation) must validate against registry-v2.json, its versions against manifest-v1.json.

    python3 tests/repo/registry_schema.py SOURCE_DIR

Exits 0 when valid; prints every error and exits 1 otherwise.
"""
import json
import sys

import jsonschema
from referencing import Registry, Resource

root = sys.argv[1] if len(sys.argv) > 1 else "."
schemas = {}
for name in ("manifest-v1.json", "registry-v1.json", "registry-v2.json"):
    with open(f"{root}/public/schema/{name}", encoding="utf-8") as f:
        schemas[name] = json.load(f)
registry = Registry().with_resources((name, Resource.from_contents(s)) for name, s in schemas.items())
with open(f"{root}/docs/examples/registry.json", encoding="utf-8") as f:
    example = json.load(f)
validator = jsonschema.Draft202012Validator(schemas["registry-v2.json"], registry=registry)
errors = sorted(validator.iter_errors(example), key=lambda e: list(e.path))
for e in errors:
    print(f"docs/examples/registry.json: {'/'.join(map(str, e.path))}: {e.message}")
# Format 2 names what it adds; a format 1 file is not format 2.
v1 = {"format": "mvr-registry", "format_version": 1, "versions": []}
if not list(validator.iter_errors(v1)):
    print("registry-v2.json accepts a format 1 document")
    errors.append(v1)
sys.exit(1 if errors else 0)
