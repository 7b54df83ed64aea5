"""sql/schema.sql is the live schema, as the migrations leave it.

The migrations are the history (a function may be defined in one and
replaced whole in a later one); sql/schema.sql is what a reader needs: the
current schema in one file, dumped by pg_dump from a freshly migrated
database. This test fails when it is not current. To write it anew:
scripts/dump-schema.sh (sets TRANSITD_WRITE_SCHEMA=1 for this test).
"""
import os
import re
import subprocess

from harness import SOURCE_DIR, TransitdTestCase

SCHEMA = os.path.join(SOURCE_DIR, "sql", "schema.sql")
HEADER = ("-- sql/schema.sql: the live schema after every migration of sql/, dumped\n"
          "-- by scripts/dump-schema.sh (pg_dump --schema-only, no owners, no\n"
          "-- privileges: those are scripts/pgcluster.sh's and `transitd migrate`'s).\n"
          "-- Do not edit: change the schema with a new migration, then run the\n"
          "-- script; tests/integration/test_schema_dump.py fails when it is stale.\n")


def dump(dsn):
    out = subprocess.run(["pg_dump", "--schema-only", "--no-owner", "--no-privileges",
                          "--dbname", dsn], capture_output=True, text=True, check=True).stdout
    # what depends on the machine or the pg_dump run, not on the schema
    out = re.sub(r"^-- Dumped (from|by) .*\n", "", out, flags=re.M)
    out = re.sub(r"^\\(un)?restrict .*\n", "", out, flags=re.M)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return HEADER + out


class SchemaDump(TransitdTestCase):
    def test_schema_sql_is_current(self):
        live = dump(self.dsn)
        if os.environ.get("TRANSITD_WRITE_SCHEMA") == "1":
            with open(SCHEMA, "w") as f:
                f.write(live)
        with open(SCHEMA) as f:
            kept = f.read()
        self.assertTrue(kept == live,
                        "sql/schema.sql is not the schema the migrations make:"
                        " run scripts/dump-schema.sh and commit it")
