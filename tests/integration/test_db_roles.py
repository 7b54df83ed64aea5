"""The daemon's database role (issue 13, item 6).

An attacker who takes over the daemon's database connection (a bug, an
injection) gets the daemon's role: it must not be able to undo what the
database refuses. Migrations run as the owner of the tables
(migration_database_url); the daemon logs in as a role that is not a
superuser, owns nothing, cannot create anything, and may not UPDATE, DELETE
or TRUNCATE the append-only records (audit log, payments...), so it can
neither rewrite them nor disable the triggers that also refuse it. Every
statement below runs through psql with the daemon's own conninfo, read from
its configuration file."""
import os
import re
import subprocess
import time
import uuid

from harness import (APP_ROLE, BIN, OWNER_ROLE, SOURCE_DIR, Daemon, PrivateClusterCase,
                     TransitdTestCase, psql, sanitizer_env)

# Append-only by the rules (audit, money, snapshots, records of what was
# done or sent): written once, never rewritten nor deleted.
APPEND_ONLY = ["audit_log", "payments", "allocations", "receipts", "invoice_lines",
               "admission_checks", "logbook_entries", "accompaniment_logs",
               "guarantee_savings", "convention_notices", "convention_notice_letters",
               "convention_renewals"]


class DatabaseRoles(TransitdTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The daemon works as its role: a household and a payment through
        # the API (a credit: nothing is billed), audited.
        r = cls.d.request("POST", "/api/v1/households", body={"reference": "R-1"},
                          token=cls.tokens["operator"])
        assert r.status == 201, r
        household = r.json()["id"]
        r = cls.d.request("POST", "/api/v1/payments", token=cls.tokens["accountant"],
                          headers={"Idempotency-Key": str(uuid.uuid4())},
                          body={"household_id": household, "paid_on": "2026-03-02",
                                "amount_cents": 12345, "method": "transfer",
                                "payer": "Payeur"})
        assert r.status == 201, r

    def daemon_conninfo(self):
        with open(self.d.config) as f:
            m = re.search(r'^database_url = "([^"]*)"$', f.read(), re.M)
        return m.group(1)

    def as_daemon(self, sql):
        """Runs sql with the daemon's own conninfo; returns the psql result."""
        return psql(self.daemon_conninfo(), sql, check=False)

    def assertRefused(self, sql, message):
        r = self.as_daemon(sql)
        self.assertNotEqual(r.returncode, 0, "accepted: %s" % sql)
        self.assertIn(message, r.stderr, sql)

    def test_daemon_role_is_not_privileged(self):
        self.assertIn("user=" + APP_ROLE, self.daemon_conninfo())
        r = self.as_daemon(
            "SELECT current_user, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls,"
            " rolreplication FROM pg_roles WHERE rolname = current_user")
        self.assertEqual(r.stdout.strip(), APP_ROLE + "|f|f|f|f|f", r.stderr)
        # owns nothing and is no member of the owner (no inherited ownership)
        r = self.as_daemon(
            "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"
            " AND pg_has_role(relowner, 'USAGE')")
        self.assertEqual(r.stdout.strip(), "0", r.stderr)
        r = self.as_daemon("SELECT pg_has_role('%s', 'USAGE'),"
                           " has_schema_privilege('public', 'CREATE'),"
                           " has_database_privilege(current_database(), 'CREATE'),"
                           " has_database_privilege(current_database(), 'TEMP')" % OWNER_ROLE)
        self.assertEqual(r.stdout.strip(), "f|f|f|f", r.stderr)
        owners = self.sql("SELECT string_agg(DISTINCT pg_get_userbyid(relowner), ',')"
                          " FROM pg_class WHERE relnamespace = 'public'::regnamespace")
        self.assertEqual(owners, OWNER_ROLE)

    def test_append_only_rows_cannot_be_rewritten(self):
        before = self.sql("SELECT (SELECT count(*) FROM audit_log) || ' ' ||"
                          " (SELECT count(*) || ':' || sum(amount_cents) FROM payments)")
        self.assertRegex(before, r"^[1-9]\d* 1:12345$")
        for table in ("audit_log", "payments"):
            denied = "permission denied for table " + table
            self.assertRefused("UPDATE %s SET id = id" % table, denied)
            self.assertRefused("DELETE FROM %s" % table, denied)
            self.assertRefused("TRUNCATE %s" % table, denied)
            self.assertRefused("TRUNCATE %s CASCADE" % table, denied)
        self.assertRefused("UPDATE payments SET amount_cents = 1", "permission denied")
        self.assertRefused("UPDATE audit_log SET after = NULL", "permission denied")
        after = self.sql("SELECT (SELECT count(*) FROM audit_log) || ' ' ||"
                         " (SELECT count(*) || ':' || sum(amount_cents) FROM payments)")
        self.assertEqual(after, before)

    def test_triggers_cannot_be_disabled_nor_tables_altered(self):
        for table, trigger in (("audit_log", "audit_log_no_update_delete"),
                               ("payments", "payments_append_only")):
            owner = "must be owner of table " + table
            self.assertRefused("ALTER TABLE %s DISABLE TRIGGER %s" % (table, trigger), owner)
            self.assertRefused("ALTER TABLE %s DISABLE TRIGGER ALL" % table, owner)
            self.assertRefused("DROP TRIGGER %s ON %s" % (trigger, table),
                               "must be owner of relation " + table)
            self.assertRefused("ALTER TABLE %s ADD COLUMN x int" % table, owner)
            self.assertRefused("DROP TABLE %s" % table, owner)
        # the other way around the triggers: replica mode skips them
        self.assertRefused("SET session_replication_role = replica",
                           'permission denied to set parameter "session_replication_role"')
        self.assertRefused("CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger"
                           " LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
                           "permission denied for schema public")
        # no DDL
        self.assertRefused("CREATE TABLE evil (i int)", "permission denied for schema public")
        self.assertRefused("CREATE FUNCTION evil() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                           "permission denied for schema public")
        self.assertRefused("CREATE SCHEMA evil", "permission denied for database")
        self.assertRefused("CREATE ROLE evil", "permission denied to create role")
        self.assertEqual(self.sql("SELECT count(*) FROM pg_trigger WHERE tgenabled = 'D'"), "0")

    def test_every_table_has_only_what_the_daemon_needs(self):
        rows = self.sql(
            "SELECT c.relname, c.relkind, string_agg(p, ',' ORDER BY p) FILTER"
            " (WHERE has_table_privilege('%s', c.oid, p)) FROM pg_class c,"
            " unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES',"
            " 'TRIGGER']) p WHERE c.relnamespace = 'public'::regnamespace"
            " AND c.relkind IN ('r', 'p', 'v', 'm') GROUP BY 1, 2" % APP_ROLE)
        privs = {}
        for line in rows.splitlines():
            name, kind, granted = line.split("|")
            privs[name] = (kind, set(granted.split(",")) if granted else set())
        # per table, the operations a refuse_change() row trigger refuses
        # (tgtype: 8 DELETE, 16 UPDATE): a table may refuse only some (the
        # parameters refuse DELETE, a correction UPDATEs a row)
        refused_ops = {}
        for line in self.sql(
                "SELECT c.relname, bool_or(g.tgtype & 16 <> 0), bool_or(g.tgtype & 8 <> 0)"
                " FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid"
                " WHERE g.tgfoid = 'refuse_change'::regproc AND g.tgtype & 1 <> 0"
                " GROUP BY 1").splitlines():
            name, upd, dele = line.split("|")
            refused_ops[name] = {op for op, r in (("UPDATE", upd), ("DELETE", dele)) if r == "t"}
        refused = {n for n, ops in refused_ops.items() if ops == {"UPDATE", "DELETE"}}
        self.assertTrue(set(APPEND_ONLY) <= refused, set(APPEND_ONLY) - refused)
        self.assertIn("users", privs)
        for name, (kind, granted) in privs.items():
            self.assertFalse(granted & {"TRUNCATE", "REFERENCES", "TRIGGER"}, name)
            if kind in "vm" or name == "schema_migrations":
                self.assertEqual(granted, {"SELECT"}, name)
            elif name in refused or name in APPEND_ONLY:
                self.assertEqual(granted, {"SELECT", "INSERT"}, name)
            elif name in refused_ops:
                self.assertEqual(granted, {"SELECT", "INSERT", "UPDATE", "DELETE"}
                                 - refused_ops[name], name)
            else:
                self.assertEqual(granted, {"SELECT", "INSERT", "UPDATE", "DELETE"}, name)

    def test_grants_cover_the_tables_of_later_migrations(self):
        # What a later migration does as the owner: a table, and an
        # append-only one; `transitd migrate` gives the daemon its rights.
        psql(self.owner_dsn, "CREATE TABLE later_plain (id int PRIMARY KEY, v text);"
             " CREATE TABLE later_log (id int PRIMARY KEY, v text);"
             " CREATE TRIGGER later_log_append_only BEFORE UPDATE OR DELETE ON later_log"
             " FOR EACH ROW EXECUTE FUNCTION refuse_change()")
        try:
            self.assertRefused("INSERT INTO later_plain VALUES (1, 'a')", "permission denied")
            self.d.cli("migrate")
            for sql in ("INSERT INTO later_plain VALUES (1, 'a')",
                        "UPDATE later_plain SET v = 'b'", "DELETE FROM later_plain",
                        "INSERT INTO later_log VALUES (1, 'a')", "SELECT * FROM later_log"):
                r = self.as_daemon(sql)
                self.assertEqual(r.returncode, 0, "%s: %s" % (sql, r.stderr))
            self.assertRefused("UPDATE later_log SET v = 'b'", "permission denied for table")
            self.assertRefused("DELETE FROM later_log", "permission denied for table")
            self.assertRefused("TRUNCATE later_plain", "permission denied for table")
        finally:
            psql(self.owner_dsn, "DROP TABLE later_plain, later_log")

    def run_daemon(self, database_url, *args):
        cfg = Daemon(database_url, self.workdir, name="other-" + uuid.uuid4().hex[:6],
                     migration_dsn=self.owner_dsn)
        return subprocess.run([BIN, "-f", cfg.config] + list(args), capture_output=True,
                              text=True, timeout=60, env=sanitizer_env())

    def test_daemon_refuses_to_serve_as_owner_or_superuser(self):
        r = self.run_daemon(self.owner_dsn)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("owns (or inherits the ownership of) the tables", r.stderr)
        r = self.run_daemon(self.dsn)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("is a superuser", r.stderr)

    def test_migrate_refuses_to_grant_to_the_owner(self):
        r = self.run_daemon(self.owner_dsn, "migrate")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("which owns the tables", r.stderr)
        # and without an owner's conninfo there is nothing to migrate with
        cfg = Daemon(self.app_dsn, self.workdir, name="no-owner")
        r = subprocess.run([BIN, "-f", cfg.config, "migrate"], capture_output=True, text=True,
                           timeout=60, env=sanitizer_env())
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("migration_database_url is not set", r.stderr)


class ServerLog(PrivateClusterCase):
    """conf/postgresql-transitd.conf (README, "Production") keeps the values
    of a refused row out of PostgreSQL's own log."""

    role = "operator"

    def server_log(self):
        with open(os.path.join(self.pg.dir, "server.log"), errors="replace") as f:
            return f.read()

    def duplicate(self, reference):
        for status in (201, 409):
            r = self.d.request("POST", "/api/v1/households", body={"reference": reference},
                               token=self.token)
            self.assertEqual(r.status, status, r)

    def apply_settings(self):
        path = os.path.join(SOURCE_DIR, "conf", "postgresql-transitd.conf")
        settings = []
        with open(path) as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    name, value = (x.strip() for x in line.split("=", 1))
                    settings.append((name, value))
        self.assertIn(("log_error_verbosity", "terse"), settings)
        for name, value in settings:
            psql(self.dsn, "ALTER SYSTEM SET %s = %s" % (name, value))
        psql(self.dsn, "SELECT pg_reload_conf()")
        deadline = time.time() + 10
        while psql(self.dsn, "SHOW log_error_verbosity").stdout.strip() != "terse":
            self.assertLess(time.time(), deadline, "settings not reloaded")
            time.sleep(0.1)
        time.sleep(1)  # the daemon's sessions read them at their next statement

    def test_a_refused_duplicate_stays_out_of_the_server_log(self):
        # PostgreSQL's defaults: the unique violation's DETAIL prints the key
        # (this also shows the check below can see a leak)
        self.duplicate("CASE-DEFAULTS-7731")
        self.assertIn("(1, CASE-DEFAULTS-7731) already exists", self.server_log())
        self.apply_settings()
        start = len(self.server_log())
        self.duplicate("CASE-TERSE-9913")
        time.sleep(0.5)
        log = self.server_log()[start:]
        self.assertIn('duplicate key value violates unique constraint'
                      ' "households_reference_unique"', log)
        self.assertNotIn("CASE-TERSE-9913", log)
        self.assertNotIn("STATEMENT:", log)
