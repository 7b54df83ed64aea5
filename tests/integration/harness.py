"""Integration test harness: a real transitd against a real PostgreSQL.

Each test class gets its own database in the throwaway cluster started by
scripts/dev.sh test (TRANSITD_TEST_PGHOST / TRANSITD_TEST_PGPORT), runs the
daemon's own commands to migrate and create users, starts the daemon on a
free port and talks HTTP to it. At the end the daemon gets SIGTERM and must
exit 0 with no sanitizer report.

The database roles are those of production (scripts/pgcluster.sh, README
"Production"): the database belongs to OWNER_ROLE, which runs the
migrations (migration_database_url = owner_dsn); the daemon and its
commands log in as APP_ROLE (database_url = app_dsn), so every test runs
with the daemon's real privileges. dsn is the cluster's superuser, for
psql() in tests that set up or inspect what the daemon cannot.
"""
import http.client
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import uuid

import openapi_check

BIN = os.environ.get("TRANSITD_BIN", "build-test/daemon/transitd")
SOURCE_DIR = os.environ.get("TRANSITD_SOURCE_DIR", ".")
PGHOST = os.environ.get("TRANSITD_TEST_PGHOST")
PGPORT = os.environ.get("TRANSITD_TEST_PGPORT")
ROLES = ["admin", "operator", "accountant", "social_worker", "auditor"]
SUPERUSER, OWNER_ROLE, APP_ROLE = "transitd", "transitd_owner", "transitd_app"


def role_dsn(dsn, user):
    """The same conninfo with another user (dsn: key=value, with a user)."""
    return " ".join(("user=" + user) if kv.startswith("user=") else kv for kv in dsn.split())


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def psql(dsn, sql, check=True):
    """Runs SQL with psql as the cluster's superuser; returns stdout."""
    r = subprocess.run(["psql", dsn, "-v", "ON_ERROR_STOP=1", "-Atqc", sql],
                       capture_output=True, text=True)
    if check and r.returncode != 0:
        raise AssertionError("psql failed: " + r.stderr)
    return r


PGCLUSTER = os.path.join(SOURCE_DIR, "scripts", "pgcluster.sh")


class PrivateCluster:
    """A PostgreSQL cluster of the test's own (scripts/pgcluster.sh), for
    tests that stop and start it without disturbing the other tests."""

    def __init__(self, fsync="off"):
        import tempfile
        self.dir = tempfile.mkdtemp(prefix="transitd-pg-")
        self.port = free_port()
        self.fsync = fsync
        self.dsn = "host=%s/sock port=%d user=%s dbname=transitd" % (self.dir, self.port, SUPERUSER)
        self.owner_dsn = role_dsn(self.dsn, OWNER_ROLE)
        self.app_dsn = role_dsn(self.dsn, APP_ROLE)
        self.start()

    def run(self, action):
        args = [PGCLUSTER, action, self.dir] + ([str(self.port)] if action == "start" else [])
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL,
                       env=dict(os.environ, PGCLUSTER_FSYNC=self.fsync))

    def start(self):
        self.run("start")

    def stop(self):
        self.run("stop")

    def crash(self):
        """Immediate shutdown: what the server had not written out is lost."""
        self.run("crash")

    def remove(self):
        import shutil
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def __repr__(self):
        return "<%d %s>" % (self.status, self.body[:300])


class Daemon:
    """One transitd process with its config file: dsn is its database_url
    (the app role), migration_dsn its migration_database_url (the owner)."""

    def __init__(self, dsn, workdir, extra_config="", name="d", migration_dsn=None):
        self.dsn = dsn
        self.migration_dsn = migration_dsn
        self.port = free_port()
        self.workdir = workdir
        self.config = os.path.join(workdir, name + ".conf")
        self.log_path = os.path.join(workdir, name + ".log")
        self.write_config(extra_config)
        self.proc = None

    def write_config(self, extra=""):
        with open(self.config, "w") as f:
            f.write("listen_address = 127.0.0.1\nport = %d\n" % self.port)
            f.write('database_url = "%s"\nworkers = 4\n' % self.dsn)
            if self.migration_dsn:
                f.write('migration_database_url = "%s"\n' % self.migration_dsn)
            f.write("db_connect_timeout_seconds = 2\n")
            f.write(extra)

    def cli(self, *args, check=True):
        r = subprocess.run([BIN, "-f", self.config] + list(args), capture_output=True,
                           text=True, env=sanitizer_env())
        if check and r.returncode != 0:
            raise AssertionError("transitd %s failed: %s%s" % (args, r.stdout, r.stderr))
        return r

    # a command the daemon is started under (e.g. prlimit), none by default
    launcher = []

    def start(self):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.launcher + [BIN, "-f", self.config], stdout=self.log,
                                     stderr=subprocess.STDOUT, env=sanitizer_env())
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("transitd exited at start:\n" + self.read_log())
            try:
                if self.request("GET", "/health").status == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("transitd did not start")

    def stop(self, expect_code=0):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("transitd did not stop on SIGTERM")
        self.proc = None
        self.log.close()
        log = self.read_log()
        if "Sanitizer" in log or "runtime error:" in log:
            raise AssertionError("sanitizer report:\n" + log[-6000:])
        if expect_code is not None and code != expect_code:
            raise AssertionError("transitd exited %d:\n%s" % (code, log[-3000:]))

    def read_log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def request(self, method, path, body=None, token=None, headers=None, timeout=30,
                raw=None, undocumented=False):
        """Every response is checked against api/openapi.yaml (operation,
        status, content type, JSON schema) and a mismatch fails the test;
        undocumented=True only for the requests that probe what the API
        does not describe (unknown paths or methods)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = dict(headers or {})
        if token:
            h["Authorization"] = "Bearer " + token
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            resp = Response(r.status, r.getheaders(), r.read().decode("utf-8", "replace"))
        finally:
            conn.close()
        if not undocumented:
            openapi_check.check(method, path, resp.status, resp.header("Content-Type"), resp.body)
        return resp


class PrivateClusterCase(unittest.TestCase):
    """A daemon on a PostgreSQL cluster of the class's own (stopping or
    crashing it disturbs no other test): migrated, one operator, one user
    of `role` whose token is cls.token; cls.pg, cls.dsn, cls.owner_dsn,
    cls.app_dsn and cls.d as in TransitdTestCase. setUpData(), if defined, runs before the daemon
    starts."""

    fsync = "off"
    extra_config = ""
    role = "operator"

    @classmethod
    def setUpClass(cls):
        cls.pg = PrivateCluster(fsync=cls.fsync)
        cls.dsn, cls.owner_dsn, cls.app_dsn = cls.pg.dsn, cls.pg.owner_dsn, cls.pg.app_dsn
        cls.d = Daemon(cls.app_dsn, cls.pg.dir, cls.extra_config, migration_dsn=cls.owner_dsn)
        cls.d.cli("migrate")
        cls.d.cli("operator", "add", "CPAS de Test")
        cls.token = cls.d.cli("user", "add", cls.role + "1", "--role", cls.role).stdout.split(
            "token: ")[1].strip()
        if hasattr(cls, "setUpData"):
            cls.setUpData()
        cls.d.start()

    @classmethod
    def tearDownClass(cls):
        try:
            cls.d.stop()
        finally:
            cls.pg.remove()


def sanitizer_env():
    env = dict(os.environ)
    # Leak checks run at exit of every process; abort on the first UB report.
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    return env


class TransitdTestCase(unittest.TestCase):
    """Creates a fresh database (owned by OWNER_ROLE), migrates it, an
    operator and one user per role (self.tokens[role]), and starts the
    daemon (self.d) as APP_ROLE. self.dsn: the superuser, self.owner_dsn,
    self.app_dsn: the two roles of the daemon's configuration."""

    extra_config = ""

    @classmethod
    def setUpClass(cls):
        if not PGHOST or not PGPORT:
            raise AssertionError("TRANSITD_TEST_PGHOST/PGPORT unset: run scripts/dev.sh test")
        cls.dbname = "t_" + uuid.uuid4().hex[:12]
        admin_dsn = "host=%s port=%s user=%s dbname=postgres" % (PGHOST, PGPORT, SUPERUSER)
        psql(admin_dsn, "CREATE DATABASE %s OWNER %s" % (cls.dbname, OWNER_ROLE))
        cls.dsn = "host=%s port=%s user=%s dbname=%s" % (PGHOST, PGPORT, SUPERUSER, cls.dbname)
        # as scripts/pgcluster.sh and README "Production" do
        psql(cls.dsn, "REVOKE ALL ON DATABASE %s FROM PUBLIC" % cls.dbname)
        psql(cls.dsn, "GRANT CONNECT ON DATABASE %s TO %s" % (cls.dbname, APP_ROLE))
        psql(cls.dsn, "REVOKE ALL ON SCHEMA public FROM PUBLIC")
        cls.owner_dsn = role_dsn(cls.dsn, OWNER_ROLE)
        cls.app_dsn = role_dsn(cls.dsn, APP_ROLE)
        cls.workdir = tempfile.mkdtemp(prefix="transitd-it-")
        cls.d = Daemon(cls.app_dsn, cls.workdir, cls.extra_config, migration_dsn=cls.owner_dsn)
        cls.d.cli("migrate")
        cls.d.cli("operator", "add", "CPAS de Test")
        cls.tokens = {}
        for role in ROLES:
            out = cls.d.cli("user", "add", role + "1", "--role", role).stdout
            cls.tokens[role] = out.split("token: ")[1].strip()
        cls.d.start()

    @classmethod
    def tearDownClass(cls):
        if hasattr(cls, "d"):
            cls.d.stop()

    def sql(self, query):
        return psql(self.dsn, query).stdout.strip()

    def get(self, path, role="admin", **kw):
        return self.d.request("GET", path, token=self.tokens.get(role), **kw)

    def post(self, path, body, role="admin", **kw):
        return self.d.request("POST", path, body=body, token=self.tokens.get(role), **kw)

    def assertProblem(self, r, status, type_suffix=None):
        self.assertEqual(r.status, status, r)
        self.assertEqual(r.header("Content-Type"), "application/problem+json", r)
        p = r.json()
        self.assertEqual(p["status"], status)
        self.assertIn("title", p)
        if type_suffix:
            self.assertTrue(p["type"].endswith("/" + type_suffix), p)
        return p
