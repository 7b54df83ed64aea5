#!/usr/bin/env python3
"""The house rules of docs/ARCHITECTURE.md that a machine can check (ctest
`house_rules`). Fails, naming each file and line, when:

- a layer includes a header of a layer to its left (core <- pdfgen <- api
  <- daemon), or a library that is not its own (libevent outside daemon/,
  libharu outside pdfgen/, libpq or jansson in core/ or pdfgen/);
- daemon/ includes an api/ header other than api.h and migrations.h;
- an api/*.c file is over 600 lines;
- a test or fuzz harness includes a .c file of api/ (it links the library);
- api/ defines a local copy of a shared helper (id_text, cell_date,
  id_query, not_found, reply_doc, index_of) or formats an id as SQL text by
  hand (snprintf(x, sizeof x, "%" PRId64, id): api_id_text does it), or
  writes the "must not be empty" check outside api_input.c.

Usage: check-house.py SOURCE_DIR
"""
import os
import re
import sys

MAX_API_LINES = 600

HEADERS = {
    "core": set(),
    "pdfgen": set(),
    "api": set(),
    "daemon": set(),
}
LAYER_ORDER = ["core", "pdfgen", "api", "daemon"]
# Third-party headers and the only layer allowed to use each.
LIBRARIES = [
    (re.compile(r"^event2/|^event\.h$|^evhttp"), {"daemon"}),
    (re.compile(r"^hpdf"), {"pdfgen"}),
    (re.compile(r"^libpq|^postgres"), {"api", "daemon"}),
    (re.compile(r"^jansson"), {"api", "daemon"}),
]
DAEMON_MAY_INCLUDE_FROM_API = {"api.h", "migrations.h"}
LOCAL_COPIES = ["id_text", "cell_date", "id_query", "not_found", "reply_doc", "index_of"]

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
ID_BY_HAND = re.compile(r'snprintf\(\s*[\w.>-]+\s*,\s*(sizeof\s*\(?[\w.>-]+\)?|24)\s*,\s*"%"\s*PRId64\s*,')


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    for layer in LAYER_ORDER:
        d = os.path.join(root, layer)
        HEADERS[layer] = {f for f in os.listdir(d) if f.endswith(".h")}
    problems = []

    def files(layer, exts=(".c", ".h")):
        d = os.path.join(root, layer)
        for f in sorted(os.listdir(d)):
            if f.endswith(exts):
                yield os.path.join(layer, f), os.path.join(d, f)

    for i, layer in enumerate(LAYER_ORDER):
        left = LAYER_ORDER[i + 1:]  # the layers that may include this one
        for rel, path in files(layer):
            with open(path, encoding="utf-8") as fh:
                lines = fh.read().split("\n")
            for n, line in enumerate(lines, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                h = os.path.basename(m.group(1))
                for other in left:
                    if h in HEADERS[other] and h not in HEADERS[layer]:
                        problems.append("%s:%d: %s/ includes %s of %s/, a layer to its left"
                                        % (rel, n, layer, h, other))
                for pattern, allowed in LIBRARIES:
                    if pattern.search(m.group(1)) and layer not in allowed:
                        problems.append("%s:%d: %s/ includes <%s>, which only %s may use"
                                        % (rel, n, layer, m.group(1), "/".join(sorted(allowed))))
                if (layer == "daemon" and h in HEADERS["api"] and h not in HEADERS["daemon"]
                        and h not in DAEMON_MAY_INCLUDE_FROM_API):
                    problems.append("%s:%d: daemon/ includes api/%s: only %s" % (
                        rel, n, h, ", ".join(sorted(DAEMON_MAY_INCLUDE_FROM_API))))
            if layer == "api" and rel.endswith(".c"):
                count = len(lines) - (1 if lines and lines[-1] == "" else 0)
                if count > MAX_API_LINES:
                    problems.append("%s: %d lines, more than %d: split it by sub-resource"
                                    % (rel, count, MAX_API_LINES))
                text = "\n".join(lines)
                for name in LOCAL_COPIES:
                    for m in re.finditer(r"^static\s+[\w\s\*]+?\b%s\s*\(" % name, text, re.M):
                        n = text.count("\n", 0, m.start()) + 1
                        problems.append("%s:%d: a local %s(): use the shared helper of "
                                        "api_internal.h" % (rel, n, name))
                for n, line in enumerate(lines, 1):
                    if ID_BY_HAND.search(line):
                        problems.append("%s:%d: an id formatted by hand: api_id_text()" % (rel, n))
                    if '"must not be empty"' in line and not rel.endswith("api_input.c"):
                        problems.append('%s:%d: "must not be empty" by hand: '
                                        "api_json_nonempty*()" % (rel, n))

    for sub in ("unit", "fuzz", "bench", "tools"):
        d = os.path.join(root, "tests", sub)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if not f.endswith((".c", ".h")):
                continue
            with open(os.path.join(d, f), encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    m = INCLUDE.match(line)
                    if m and m.group(1).endswith(".c") and "api/" in m.group(1):
                        problems.append("tests/%s/%s:%d: includes %s: link transitd_api and call "
                                        "its functions instead" % (sub, f, n, m.group(1)))

    if problems:
        print("house rules (docs/ARCHITECTURE.md) broken:")
        for p in problems:
            print("  " + p)
        return 1
    print("house rules: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
