#!/usr/bin/env python3
"""Fails when a field limit is not said the same in its three places.

api/field_limits.c's table api_limits[] names, for each limit (a text's
length or a number's range, min..max), the SQL columns "table.column" whose
CHECK carries it and the api/openapi.yaml properties "Schema.property" that
carry it. This script reads the table (printed by tests/tools/limits_dump,
or a file in the same format), sql/schema.sql and api/openapi.yaml, and
names each place that says another bound or does not exist. It also lints
api/in_*.c: a numeric literal passed as a bound to api_json_string,
api_json_text, api_json_nonempty, api_json_nonempty_text, api_json_cents or
api_json_int is refused (bounds come from api/field_limits.h), and so is a
LIM_* macro of api/field_limits.h that no row names.

    check-limits.py ROOT --dump PROGRAM   (ctest field_limits)
    check-limits.py ROOT --table FILE     (a saved dump; the self-test)

Table line: name TAB min TAB max TAB sql TAB openapi (empty for NULL).

Decisions (also in docs/ARCHITECTURE.md, "Field limits"):
- A text column's or string property's bound is its length; a number's is
  its value; an array's (SQL `cardinality(col)`, openapi minItems/maxItems
  of "Schema.a") its number of items. The kind comes from the column's SQL
  type and the property's JSON type.
- INT64_MAX as max (INT64_MIN as min) means "no bound": an id is 1..INT64_MAX
  and its property says only minimum: 1.
- A length with no lower bound is 0 (SQL and minLength's default).
- An anchored regular expression (SQL `col ~ '^...$'`, openapi `pattern`)
  bounds the length when it is simple: postal codes are 4..4 by their
  pattern. A pattern that cannot be read adds no bound.
- SQL: only the conjuncts (AND) of a CHECK bound a column; a CHECK that is
  an OR at its top says nothing here. "col <> 0" is not a bound.
- OpenAPI: "Schema.a.b" walks nested properties (through an array's items
  when a is an array), "Schema.a[]" is a's items, "Schema" alone a named
  schema ("PlanTexts", "PlanTexts[]"); $ref, allOf (all branches apply) and
  oneOf/anyOf whose branches but one are {type: "null"} are followed.
- Lint: a bound written as a number (a literal, signed or cast, or
  arithmetic of literals only) is refused, except 0 as the lower bound of
  api_json_cents/api_json_int (the floor of an amount or count that may not
  be negative); a bound derived from a name (BDATE_ISO_LEN - 1) passes. LIM_*_MIN macros need no row of their own
  (they are the min of the row of their LIM_*_MAX).
"""
import glob
import os
import re
import subprocess
import sys

import yaml

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)
INF = float("inf")
ALLOWS = {"length": "a length of", "value": "values", "count": "a number of items of"}

problems = []


def problem(msg):
    problems.append(msg)


# ---- the table ----------------------------------------------------------


def read_table(text):
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        f = line.split("\t")
        if len(f) != 5:
            problem("table line %d: %d fields, want 5: %r" % (n, len(f), line))
            continue
        name, lo, hi, sql, oa = f
        rows.append({"name": name, "min": int(lo), "max": int(hi),
                     "sql": sql.split(), "openapi": oa.split()})
    return rows


def row_range(row):
    lo = -INF if row["min"] == INT64_MIN else row["min"]
    hi = INF if row["max"] == INT64_MAX else row["max"]
    return lo, hi


def show(r):
    lo, hi = r
    return "%s..%s" % ("-inf" if lo == -INF else lo, "inf" if hi == INF else hi)


# ---- regular expressions as lengths -------------------------------------


class NoLength(Exception):
    pass


def regex_length(pattern):
    """(min, max) length of the strings a simple anchored pattern matches, or
    None when it is not anchored at both ends or uses what we do not read."""
    if not (pattern.startswith("^") and pattern.endswith("$")) or pattern.endswith("\\$"):
        return None
    body = pattern[1:-1]
    try:
        (lo, hi), i = _alternatives(body, 0)
        if i != len(body):
            raise NoLength()
    except (NoLength, IndexError):
        return None
    return lo, hi


def _alternatives(s, i):
    lo, hi = INF, 0
    while True:
        (a, b), i = _sequence(s, i)
        lo, hi = min(lo, a), max(hi, b)
        if i < len(s) and s[i] == "|":
            i += 1
            continue
        return (lo, hi), i


def _sequence(s, i):
    lo, hi = 0, 0
    while i < len(s) and s[i] not in "|)":
        (a, b), i = _atom(s, i)
        (qa, qb), i = _quantifier(s, i)
        lo, hi = lo + a * qa, hi + (0 if qb == 0 else b * qb)
    return (lo, hi), i


def _atom(s, i):
    c = s[i]
    if c == "(":
        i += 1
        if s.startswith("?:", i):
            i += 2
        r, i = _alternatives(s, i)
        if i >= len(s) or s[i] != ")":
            raise NoLength()
        return r, i + 1
    if c == "[":
        i += 1
        if i < len(s) and s[i] == "^":
            i += 1
        if i < len(s) and s[i] == "]":
            i += 1
        while s[i] != "]":
            if s.startswith("[:", i):
                j = s.index(":]", i + 2)
                i = j + 2
            elif s[i] == "\\":
                i += 2
            else:
                i += 1
        return (1, 1), i + 1
    if c == "\\":
        if i + 1 >= len(s) or s[i + 1] in "bBAZzmMy0123456789":
            raise NoLength()  # anchors and back-references
        return (1, 1), i + 2
    if c in "^$*+?{":
        raise NoLength()
    return (1, 1), i + 1


def _quantifier(s, i):
    if i >= len(s):
        return (1, 1), i
    c = s[i]
    if c in "?*+":
        r = {"?": (0, 1), "*": (0, INF), "+": (1, INF)}[c]
        i += 1
    elif c == "{":
        m = re.match(r"\{(\d+)(,(\d*))?\}", s[i:])
        if not m:
            raise NoLength()
        a = int(m.group(1))
        b = a if m.group(2) is None else (INF if m.group(3) == "" else int(m.group(3)))
        r, i = (a, b), i + m.end()
    else:
        return (1, 1), i
    if i < len(s) and s[i] == "?":  # lazy: same lengths
        i += 1
    return r, i


def intersect(a, b):
    return max(a[0], b[0]), min(a[1], b[1])


# ---- SQL ------------------------------------------------------------------

TEXT_TYPES = ("text", "character varying", "varchar", "character", "char", "citext")
NUMBER_TYPES = ("smallint", "integer", "bigint", "numeric", "int", "int2", "int4", "int8",
                "decimal")


def strip_parens(e):
    e = e.strip()
    while e.startswith("(") and e.endswith(")") and _closes_at_end(e):
        e = e[1:-1].strip()
    return e


def _closes_at_end(e):
    depth = 0
    quoted = False
    for k, ch in enumerate(e):
        if ch == "'":
            quoted = not quoted
        elif quoted:
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and k != len(e) - 1:
                return False
    return True


def split_top(e, word):
    """e split at the top-level occurrences of the keyword word (AND, OR)."""
    parts, depth, quoted, start, k = [], 0, False, 0, 0
    pat = re.compile(r"\s%s\s" % word, re.I)
    while k < len(e):
        ch = e[k]
        if ch == "'":
            quoted = not quoted
        elif not quoted:
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            elif depth == 0:
                m = pat.match(e, k)
                if m:
                    parts.append(e[start:k])
                    start = k = m.end()
                    continue
        k += 1
    parts.append(e[start:])
    return [p.strip() for p in parts]


NUM = r"\(?'?(-?\d+)'?\)?(?:::[a-z ]+)?"


def conjuncts(e):
    e = strip_parens(e)
    # BETWEEN as written in a migration (pg_dump writes >= AND <=).
    e = re.sub(r"((?:\w+\()?\"?\w+\"?\)?)\s+BETWEEN\s+(%s)\s+AND\s+(%s)" % (NUM, NUM),
               r"(\1 >= \2) AND (\1 <= \4)", e, flags=re.I)
    if len(split_top(e, "OR")) > 1:
        return []
    parts = split_top(e, "AND")
    if len(parts) == 1:
        return [e]
    out = []
    for p in parts:
        out.extend(conjuncts(p))
    return out


OPS = {">=": lambda n: (n, INF), ">": lambda n: (n + 1, INF),
       "<=": lambda n: (-INF, n), "<": lambda n: (-INF, n - 1), "=": lambda n: (n, n)}
FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "=": "="}


def atom_bound(atom, col):
    """('length'|'value'|'count', (lo, hi)) that atom puts on col, or None."""
    a = strip_parens(atom)
    qcol = r'"?%s"?' % re.escape(col)
    # pg_dump writes length((col)::text) for a varchar column.
    arg = r"\(*%s\)*(?:::[a-z ]+)?" % qcol
    for kind, lhs in (("length", r"(?:char_)?length\(%s\)" % arg),
                      ("count", r"cardinality\(%s\)" % arg), ("value", qcol)):
        m = re.fullmatch(r"%s\s*(>=|<=|=|>|<)\s*%s" % (lhs, NUM), a, re.I)
        if m:
            return kind, OPS[m.group(1)](int(m.group(2)))
        m = re.fullmatch(r"%s\s*(>=|<=|=|>|<)\s*%s" % (NUM, lhs), a, re.I)
        if m:
            return kind, OPS[FLIP[m.group(2)]](int(m.group(1)))
    m = re.fullmatch(r"%s\s*~\s*'((?:[^']|'')*)'(?:::text)?" % qcol, a)
    if m:
        r = regex_length(m.group(1).replace("''", "'"))
        if r is not None:
            return "length", r
    return None


def read_sql(text):
    """{table: {"columns": {col: type}, "checks": [expr]}}"""
    tables = {}
    for m in re.finditer(r"^CREATE TABLE (?:ONLY )?(?:\w+\.)?\"?(\w+)\"? \((.*?)^\)",
                         text, re.M | re.S):
        t = tables.setdefault(m.group(1), {"columns": {}, "checks": []})
        for line in m.group(2).splitlines():
            line = line.strip().rstrip(",")
            if not line:
                continue
            c = re.match(r"CONSTRAINT \"?\w+\"? CHECK (.*?)( NOT VALID)?$", line)
            if c:
                t["checks"].append(c.group(1))
                continue
            c = re.match(r"CHECK (.*)$", line)
            if c:
                t["checks"].append(c.group(1))
                continue
            c = re.match(r"\"?(\w+)\"? (.+)$", line)
            if c and c.group(1).upper() not in ("CONSTRAINT", "PRIMARY", "UNIQUE",
                                                "FOREIGN", "EXCLUDE"):
                rest = c.group(2)
                t["columns"][c.group(1)] = rest
                k = re.search(r"\bCHECK (.*)$", rest)  # a column constraint
                if k:
                    t["checks"].append(k.group(1))
    for m in re.finditer(r"^ALTER TABLE (?:ONLY )?(?:\w+\.)?\"?(\w+)\"?\s+ADD CONSTRAINT \"?\w+\"? "
                         r"CHECK (.*?)( NOT VALID)?;", text, re.M | re.S):
        tables.setdefault(m.group(1), {"columns": {}, "checks": []})["checks"].append(
            " ".join(m.group(2).split()))
    return tables


def sql_kind(coltype):
    t = coltype.lower()
    if re.match(r"[\w. ]+\[\]", t):
        return "count"
    for name in TEXT_TYPES:
        if t.startswith(name):
            return "length"
    for name in NUMBER_TYPES:
        if re.match(r"%s\b" % name, t):
            return "value"
    return None


def check_sql(row, place, tables):
    if "." not in place:
        problem("%s: sql %r is not \"table.column\"" % (row["name"], place))
        return
    table, col = place.split(".", 1)
    t = tables.get(table)
    if t is None or col not in t["columns"]:
        problem("%s: sql column %s does not exist in sql/schema.sql" % (row["name"], place))
        return
    kind = sql_kind(t["columns"][col])
    if kind is None:
        problem("%s: sql column %s is %s, neither text, a number nor an array" %
                (row["name"], place, t["columns"][col].split()[0]))
        return
    r = (-INF, INF) if kind == "value" else (0, INF)
    found = False
    for check in t["checks"]:
        for atom in conjuncts(check):
            b = atom_bound(atom, col)
            if b is not None and b[0] == kind:
                r = intersect(r, b[1])
                found = True
    if not found:
        problem("%s: sql column %s has no CHECK on its %s (the table says %s)" %
                (row["name"], place, kind, show(row_range(row))))
    elif r != row_range(row):
        problem("%s: sql column %s allows %s %s, the table says %s" %
                (row["name"], place, ALLOWS[kind], show(r), show(row_range(row))))


# ---- OpenAPI -------------------------------------------------------------


class Unreadable(Exception):
    pass


def resolve_ref(doc, ref):
    if not ref.startswith("#/"):
        raise Unreadable("external $ref %s" % ref)
    node = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            raise Unreadable("$ref %s does not exist" % ref)
        node = node[part]
    return node


def is_null_branch(doc, node):
    if "$ref" in node:
        node = resolve_ref(doc, node["$ref"])
    return node.get("type") == "null" or node == {"enum": [None]} or node.get("const", 0) is None


def branches(doc, node, depth=0):
    """The schemas that all apply to a value of node: node itself, its $ref,
    its allOf branches, the one non-null branch of a oneOf/anyOf."""
    if depth > 32:
        raise Unreadable("$ref loop")
    out = [node]
    if "$ref" in node:
        out += branches(doc, resolve_ref(doc, node["$ref"]), depth + 1)
    for b in node.get("allOf", []):
        out += branches(doc, b, depth + 1)
    for key in ("oneOf", "anyOf"):
        if key in node:
            rest = [b for b in node[key] if not is_null_branch(doc, b)]
            if len(rest) != 1:
                raise Unreadable("%s with %d non-null branches" % (key, len(rest)))
            out += branches(doc, rest[0], depth + 1)
    return out


def find_property(doc, schema, name):
    for b in branches(doc, schema):
        props = b.get("properties") or {}
        if name in props:
            return props[name]
    return None


def item_schema(doc, schema):
    for b in branches(doc, schema):
        if "items" in b:
            return b["items"]
    return None


def json_types(doc, schema):
    types = set()
    for b in branches(doc, schema):
        t = b.get("type")
        if isinstance(t, str):
            types.add(t)
        elif isinstance(t, list):
            types.update(x for x in t if x != "null")
    return types


def size_range(doc, schema, lo_key, hi_key):
    """(lo, hi) a string's or an array's size keywords say, from 0."""
    r = (0, INF)
    for b in branches(doc, schema):
        r = intersect(r, (b.get(lo_key, 0), b.get(hi_key, INF)))
    return r


def openapi_bound(doc, schema):
    """('length'|'value'|'count', (lo, hi)) of a property."""
    types = json_types(doc, schema)
    if types == {"string"}:
        r = size_range(doc, schema, "minLength", "maxLength")
        for b in branches(doc, schema):
            p = regex_length(b["pattern"]) if "pattern" in b else None
            if p is not None:
                r = intersect(r, p)
        return "length", r
    if types and types <= {"integer", "number"}:
        r = (-INF, INF)
        for b in branches(doc, schema):
            if "minimum" in b:
                lo = b["minimum"] + (1 if b.get("exclusiveMinimum") is True else 0)
                r = intersect(r, (lo, INF))
            if "maximum" in b:
                hi = b["maximum"] - (1 if b.get("exclusiveMaximum") is True else 0)
                r = intersect(r, (-INF, hi))
            x = b.get("exclusiveMinimum")
            if isinstance(x, (int, float)) and not isinstance(x, bool):
                r = intersect(r, (x + 1, INF))
            x = b.get("exclusiveMaximum")
            if isinstance(x, (int, float)) and not isinstance(x, bool):
                r = intersect(r, (-INF, x - 1))
        return "value", r
    if types == {"array"}:
        return "count", size_range(doc, schema, "minItems", "maxItems")
    raise Unreadable("type %s is neither a string, a number nor an array" %
                     ("/".join(sorted(types)) or "unknown"))


def items_of(doc, node, what):
    node = item_schema(doc, node)
    if node is None:
        raise Unreadable("%s is not an array" % what)
    return node


def check_openapi(row, place, doc):
    schemas = ((doc or {}).get("components") or {}).get("schemas") or {}
    segs = place.split(".")
    try:
        first = segs[0]
        name = first[:-2] if first.endswith("[]") else first
        node = schemas.get(name)
        if node is None:
            raise Unreadable("no schema %s in components/schemas" % name)
        if first.endswith("[]"):
            node = items_of(doc, node, name)
        for seg in segs[1:]:
            prop = seg[:-2] if seg.endswith("[]") else seg
            found = find_property(doc, node, prop)
            if found is None and json_types(doc, node) == {"array"}:
                # "rows.topic": through an array to a property of its items
                inner = item_schema(doc, node)
                found = find_property(doc, inner, prop) if inner is not None else None
            if found is None:
                raise Unreadable("no property %s" % prop)
            node = items_of(doc, found, prop) if seg.endswith("[]") else found
        kind, r = openapi_bound(doc, node)
    except Unreadable as e:
        problem("%s: openapi %s: %s" % (row["name"], place, e))
        return
    if r != row_range(row):
        problem("%s: openapi %s allows %s %s, the table says %s" %
                (row["name"], place, ALLOWS[kind], show(r), show(row_range(row))))


# ---- the lint of api/in_*.c ---------------------------------------------

BOUND_ARGS = {"api_json_string": (2,), "api_json_text": (2,), "api_json_nonempty": (2,),
              "api_json_nonempty_text": (2,), "api_json_cents": (3, 4), "api_json_int": (3, 4)}
CALL = re.compile(r"\b(%s)\s*\(" % "|".join(sorted(BOUND_ARGS, key=len, reverse=True)))
LITERAL = re.compile(r"(?<![\w.])(\.?\d[\w.']*)")
CAST = re.compile(r"\(\s*(?:const\s+)?(?:u?int\d+_t|u?intmax_t|s?size_t|json_int_t|"
                  r"(?:unsigned\s+)?(?:long\s+)*(?:long|int|short|char)|unsigned)\s*\)")


def literal_bound(arg):
    """The literal when arg is a bound written as a number (a literal, maybe
    signed or cast, or arithmetic of literals only), else None: a bound
    derived from a name (BDATE_ISO_LEN - 1) is the name's business."""
    a = CAST.sub(" ", arg)
    lit = LITERAL.search(a)
    if lit is None or re.search(r"[A-Za-z_]", LITERAL.sub(" ", a)):
        return None
    return lit.group(1)


def blank_comments(src):
    """src with comments, strings and character constants blanked, lines kept."""
    return re.sub(r"/\*.*?\*/|//[^\n]*|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'",
                  lambda m: re.sub(r"[^\n]", " ", m.group(0)), src, flags=re.S)


def call_args(src, k):
    """The top-level arguments of the call whose '(' is at src[k]."""
    args, depth, start = [], 0, k + 1
    for j in range(k, len(src)):
        ch = src[j]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                args.append(src[start:j])
                return args
        elif ch == "," and depth == 1:
            args.append(src[start:j])
            start = j + 1
    return None


def lint_inputs(root):
    for path in sorted(glob.glob(os.path.join(root, "api", "in_*.c"))):
        rel = os.path.relpath(path, root)
        with open(path, encoding="utf-8") as f:
            src = blank_comments(f.read())
        for m in CALL.finditer(src):
            args = call_args(src, m.end() - 1)
            line = src.count("\n", 0, m.start()) + 1
            if args is None:
                problem("%s:%d: cannot read the arguments of %s" % (rel, line, m.group(1)))
                continue
            for i in BOUND_ARGS[m.group(1)]:
                if i >= len(args):
                    continue
                arg = args[i].strip()
                if i == 3 and arg == "0":
                    continue  # see "Decisions" above
                lit = literal_bound(arg)
                if lit:
                    problem("%s:%d: %s passes the literal %s as a bound (%s): use a LIM_* "
                            "of api/field_limits.h" % (rel, line, m.group(1), lit,
                                                        " ".join(arg.split())))


def lint_macros(root, rows):
    path = os.path.join(root, "api", "field_limits.h")
    if not os.path.exists(path):
        return
    named = {r["name"] for r in rows}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = re.match(r"\s*#\s*define\s+(LIM_\w+)", line)
            if m and m.group(1) not in named and not m.group(1).endswith("_MIN"):
                problem("api/field_limits.h:%d: %s has no row in api_limits[] "
                        "(api/field_limits.c)" % (n, m.group(1)))


# ---- main ----------------------------------------------------------------


def main(argv):
    if len(argv) != 4 or argv[2] not in ("--dump", "--table"):
        print("usage: check-limits.py ROOT --dump PROGRAM | --table FILE", file=sys.stderr)
        return 2
    root = argv[1]
    if argv[2] == "--dump":
        text = subprocess.run([argv[3]], check=True, capture_output=True, text=True).stdout
    else:
        with open(argv[3], encoding="utf-8") as f:
            text = f.read()
    rows = read_table(text)
    with open(os.path.join(root, "sql", "schema.sql"), encoding="utf-8") as f:
        tables = read_sql(f.read())
    with open(os.path.join(root, "api", "openapi.yaml"), encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    for row in rows:
        if row["min"] > row["max"]:
            problem("%s: min %d > max %d" % (row["name"], row["min"], row["max"]))
        for place in row["sql"]:
            check_sql(row, place, tables)
        for place in row["openapi"]:
            check_openapi(row, place, doc)
    lint_inputs(root)
    lint_macros(root, rows)
    for p in problems:
        print(p)
    if problems:
        print("field limits: %d disagreement(s)" % len(problems))
        return 1
    print("field limits: %d rows, %d sql columns, %d openapi properties, all agree" %
          (len(rows), sum(len(r["sql"]) for r in rows), sum(len(r["openapi"]) for r in rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
