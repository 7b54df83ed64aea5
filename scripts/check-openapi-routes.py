#!/usr/bin/env python3
"""Fails when api/api_routes.c and api/openapi.yaml disagree: every route
must be documented and every documented operation must exist."""
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "."
routes = set()
with open(root + "/api/api_routes.c") as f:
    for method, path in re.findall(r'\{API_([A-Z]+),\s*"([^"]+)"', f.read()):
        routes.add((method.lower(), path))
# /health is answered by the daemon's loop thread, not the route table.
routes.add(("get", "/health"))

documented = set()
path = None
with open(root + "/api/openapi.yaml") as f:
    in_paths = False
    for line in f:
        if line.startswith("paths:"):
            in_paths = True
            continue
        if in_paths and re.match(r"^\S", line):
            break
        m = re.match(r"^  (/\S*):\s*$", line)
        if m:
            # The route table names every path parameter {id}; OpenAPI needs
            # distinct names when a path has two ({id}/notices/{member_id}).
            path = re.sub(r"\{[a-z_]+\}", "{id}", m.group(1))
            continue
        m = re.match(r"^    (get|put|post|patch|delete|head):\s*$", line)
        if m and path:
            documented.add((m.group(1), path))

missing = sorted(routes - documented)
extra = sorted(documented - routes)
for method, p in missing:
    print("not documented in api/openapi.yaml: %s %s" % (method.upper(), p))
for method, p in extra:
    print("documented but not routed: %s %s" % (method.upper(), p))
if missing or extra:
    sys.exit(1)
print("openapi routes: %d operations, all documented" % len(routes))
