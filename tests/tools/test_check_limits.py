#!/usr/bin/env python3
"""scripts/check-limits.py run on made-up files (ctest field_limits_selftest):
it passes when the table, the SQL and the API description agree, and fails,
naming the place, on each kind of disagreement."""
import importlib.util
import os
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # the script is imported below: no __pycache__ in the sources

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts",
                      "check-limits.py")

SQL = """\
CREATE TABLE public.things (
    id bigint NOT NULL,
    name text NOT NULL,
    code text,
    qty integer DEFAULT 0 NOT NULL,
    price_cents bigint NOT NULL,
    made_on date,
    label character varying(40),
    tags text[] DEFAULT '{}'::text[] NOT NULL,
    CONSTRAINT things_label_check CHECK ((length((label)::text) <= 30)),
    CONSTRAINT things_tags_check CHECK (((cardinality(tags) >= 1) AND (cardinality(tags) <= 5))),
    CONSTRAINT things_name_check CHECK (((length(name) >= 1) AND (length(name) <= 50))),
    CONSTRAINT things_code_check CHECK ((code ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT things_price_cents_check CHECK (((price_cents <> 0) AND ((price_cents >= '-500'::integer) AND (price_cents <= 500)))),
    CONSTRAINT things_either CHECK (((qty > 100) OR (qty < 0))),
    CONSTRAINT things_between CHECK (((qty BETWEEN -5 AND 20) AND (made_on IS NOT NULL)))
);

ALTER TABLE ONLY public.things
    ADD CONSTRAINT things_qty_check CHECK (qty BETWEEN 0 AND 10) NOT VALID;
"""

OPENAPI = """\
openapi: 3.1.0
components:
  schemas:
    Code: {type: string, pattern: "^[A-Z]{3}$"}
    Names:
      type: array
      maxItems: 5
      items: {type: string, minLength: 1, maxLength: 50}
    ThingBase:
      type: object
      properties:
        name: {type: [string, "null"], minLength: 1, maxLength: 50}
        code:
          oneOf:
            - {type: "null"}
            - {$ref: "#/components/schemas/Code"}
    ThingInput:
      allOf:
        - {$ref: "#/components/schemas/ThingBase"}
        - type: object
          properties:
            qty: {type: integer, minimum: 0, maximum: 10}
            price_cents: {type: integer, minimum: -500, exclusiveMaximum: 501}
            bare_name: {type: string, maxLength: 50}
            label: {type: string, maxLength: 30}
            names: {$ref: "#/components/schemas/Names"}
            tags:
              type: array
              minItems: 1
              maxItems: 5
              items: {type: string}
            parts:
              type: array
              items:
                type: object
                properties:
                  part_id: {type: integer, minimum: 1}
"""

HEADER = """\
#define LIM_THING_NAME 50
#define LIM_THING_CODE_LEN 3
#define LIM_THING_QTY_MAX 10
#define LIM_THING_PRICE_MIN (-500)
#define LIM_THING_PRICE_MAX 500
#define LIM_ID_MAX INT64_MAX
#define LIM_THING_LABEL 30
#define LIM_THING_TAGS_MAX 5
"""

INPUT = """\
/* A comment may say 50 or api_json_string(body, "x", 50, ...). */
void in_things_read(json_t *body, struct in_things *out, json_t **errors)
{
	out->name = api_json_nonempty(body, "name", LIM_THING_NAME, true, errors);
	out->code = api_json_string(body, "code", LIM_THING_CODE_LEN, false, errors);
	api_json_int(body, "qty", false, 0, LIM_THING_QTY_MAX, errors, &out->qty);
	api_json_cents(body, "price_cents", true, LIM_THING_PRICE_MIN,
		       LIM_THING_PRICE_MAX, errors, &out->price);
	char label[] = "api_json_int(body, \\"x\\", true, 1, 2, errors, &v)";
}
"""

ROWS = [
    ("LIM_THING_NAME", 1, 50, "things.name", "ThingInput.name"),
    ("LIM_THING_CODE_LEN", 3, 3, "things.code", "ThingInput.code"),
    ("LIM_THING_QTY_MAX", 0, 10, "things.qty", "ThingInput.qty"),
    ("LIM_THING_PRICE_MAX", -500, 500, "things.price_cents", "ThingInput.price_cents"),
    ("LIM_ID_MAX", 1, 2**63 - 1, "", "ThingInput.parts[].part_id ThingInput.parts.part_id"),
    ("LIM_THING_NAME", 1, 50, "", "Names[] ThingInput.names[]"),
    ("LIM_THING_TAGS_MAX", 0, 5, "", "Names ThingInput.names"),
    ("LIM_THING_LABEL", 0, 30, "things.label", "ThingInput.label"),
    ("LIM_THING_TAGS_MAX", 1, 5, "things.tags", "ThingInput.tags"),
]


class CheckLimits(unittest.TestCase):
    def run_check(self, rows=ROWS, sql=SQL, openapi=OPENAPI, header=HEADER, inputs=INPUT):
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, "api"))
            os.makedirs(os.path.join(root, "sql"))
            files = {"sql/schema.sql": sql, "api/openapi.yaml": openapi,
                     "api/field_limits.h": header, "api/in_things.c": inputs,
                     "table.tsv": "".join("\t".join(str(x) for x in r) + "\n" for r in rows)}
            for name, text in files.items():
                with open(os.path.join(root, name), "w", encoding="utf-8") as f:
                    f.write(text)
            p = subprocess.run([sys.executable, SCRIPT, root, "--table",
                                os.path.join(root, "table.tsv")],
                               capture_output=True, text=True)
        return p.returncode, p.stdout + p.stderr

    def assert_fails_with(self, expected, **kw):
        rc, out = self.run_check(**kw)
        self.assertEqual(rc, 1, out)
        for line in expected:
            self.assertIn(line, out)

    def test_agreeing_places_pass(self):
        rc, out = self.run_check()
        self.assertEqual(rc, 0, out)
        self.assertIn("9 rows, 6 sql columns, 12 openapi properties, all agree", out)

    def test_a_max_the_sql_and_openapi_do_not_carry(self):
        rows = [("LIM_THING_NAME", 1, 60, "things.name", "ThingInput.name")] + ROWS[1:]
        self.assert_fails_with([
            "LIM_THING_NAME: sql column things.name allows a length of 1..50, "
            "the table says 1..60",
            "LIM_THING_NAME: openapi ThingInput.name allows a length of 1..50, "
            "the table says 1..60"], rows=rows)

    def test_a_min_openapi_does_not_carry(self):
        rows = ROWS + [("LIM_THING_NAME", 1, 50, "", "ThingInput.bare_name")]
        self.assert_fails_with([
            "LIM_THING_NAME: openapi ThingInput.bare_name allows a length of 0..50, "
            "the table says 1..50"], rows=rows)

    def test_a_number_without_maximum(self):
        openapi = OPENAPI.replace("{type: integer, minimum: 0, maximum: 10}",
                                  "{type: integer, minimum: 0}")
        self.assert_fails_with([
            "LIM_THING_QTY_MAX: openapi ThingInput.qty allows values 0..inf, "
            "the table says 0..10"], openapi=openapi)

    def test_a_pattern_of_another_length(self):
        sql = SQL.replace("'^[A-Z]{3}$'", "'^[A-Z]{2,4}$'")
        self.assert_fails_with([
            "LIM_THING_CODE_LEN: sql column things.code allows a length of 2..4, "
            "the table says 3..3"], sql=sql)

    def test_an_array_of_another_size(self):
        rows = ROWS[:-1] + [("LIM_THING_TAGS_MAX", 0, 5, "things.tags", "ThingInput.tags")]
        self.assert_fails_with([
            "LIM_THING_TAGS_MAX: sql column things.tags allows a number of items of 1..5, "
            "the table says 0..5",
            "LIM_THING_TAGS_MAX: openapi ThingInput.tags allows a number of items of 1..5, "
            "the table says 0..5"], rows=rows)

    def test_a_between_inside_a_check(self):
        sql = SQL.replace("qty BETWEEN -5 AND 20", "qty BETWEEN 2 AND 20")
        self.assert_fails_with([
            "LIM_THING_QTY_MAX: sql column things.qty allows values 2..10, the table says 0..10"],
            sql=sql)

    def test_a_column_without_check(self):
        sql = SQL.replace("    CONSTRAINT things_name_check", "    CONSTRAINT things_other")
        sql = sql.replace("((length(name) >= 1) AND (length(name) <= 50))", "(id > 0)")
        self.assert_fails_with([
            "LIM_THING_NAME: sql column things.name has no CHECK on its length"], sql=sql)

    def test_places_that_do_not_exist(self):
        rows = ROWS + [("LIM_THING_NAME", 1, 50, "things.nom nothings.name things.made_on",
                        "ThingInput.nom Nothing.name ThingInput.name[]")]
        self.assert_fails_with([
            "LIM_THING_NAME: sql column things.nom does not exist",
            "LIM_THING_NAME: sql column nothings.name does not exist",
            "LIM_THING_NAME: sql column things.made_on is date, neither text, a number nor an array",
            "LIM_THING_NAME: openapi ThingInput.nom: no property nom",
            "LIM_THING_NAME: openapi Nothing.name: no schema Nothing",
            "LIM_THING_NAME: openapi ThingInput.name[]: name is not an array"], rows=rows)

    def test_a_literal_bound_in_an_input_file(self):
        inputs = INPUT.replace("LIM_THING_NAME, true", "50, true").replace(
            "LIM_THING_PRICE_MIN,", "(int64_t)-500,").replace(
            "LIM_THING_QTY_MAX, errors", "10 * 1, errors")
        self.assert_fails_with([
            "api/in_things.c:4: api_json_nonempty passes the literal 50 as a bound",
            "api/in_things.c:6: api_json_int passes the literal 10 as a bound",
            "api/in_things.c:7: api_json_cents passes the literal 500 as a bound"],
            inputs=inputs)
        rc, out = self.run_check(inputs=inputs)
        self.assertEqual(out.count("passes the literal"), 3, out)

    def test_a_bound_derived_from_a_name_passes(self):
        inputs = INPUT.replace("LIM_THING_PRICE_MIN,", "-LIM_THING_PRICE_MAX,").replace(
            "LIM_THING_CODE_LEN, false", "(size_t)(LIM_THING_NAME - 47), false")
        rc, out = self.run_check(inputs=inputs)
        self.assertEqual(rc, 0, out)

    def test_a_macro_without_row(self):
        self.assert_fails_with([
            "api/field_limits.h:9: LIM_THING_WEIGHT has no row in api_limits[]"],
            header=HEADER + "#define LIM_THING_WEIGHT 9\n#define LIM_THING_WEIGHT_MIN 1\n")
        rc, out = self.run_check(header=HEADER + "#define LIM_THING_WEIGHT_MIN 1\n")
        self.assertEqual(rc, 0, out)


class RegexLength(unittest.TestCase):
    def setUp(self):
        spec = importlib.util.spec_from_file_location("check_limits", SCRIPT)
        self.m = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(self.m)

    def test_lengths(self):
        inf = float("inf")
        cases = {
            "^[1-9][0-9]{3}$": (4, 4),
            "^\\+?[0-9][0-9 ./-]{5,29}$": (6, 31),
            "^[^@[:space:]]+@[^@[:space:]]+$": (3, inf),
            "^[a-z][a-z0-9_]{0,63}$": (1, 64),
            "^[0-9]+([.,][0-9]{1,2})?$": (1, inf),
            "^(ab|c)d$": (2, 3),
            "^\\+\\+\\+[0-9]{3}/[0-9]{4}/[0-9]{5}\\+\\+\\+$": (20, 20),
        }
        for pattern, want in cases.items():
            self.assertEqual(self.m.regex_length(pattern), want, pattern)
        for pattern in ("[0-9]{4}", "^a", "^(a$", "^\\1$"):
            self.assertIsNone(self.m.regex_length(pattern), pattern)


if __name__ == "__main__":
    unittest.main()
