"""Foundation: health, readiness, auth, limits, problems, parameters, audit,
configuration, reload and graceful shutdown, over HTTP on a real database."""
import json
import os
import signal
import subprocess
import threading
import time
import unittest

from harness import BIN, Daemon, TransitdTestCase, psql, sanitizer_env


class Foundation(TransitdTestCase):
    extra_config = "testing = true\n"

    def test_health_and_ready(self):
        r = self.d.request("GET", "/health")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json()["status"], "alive")
        r = self.d.request("GET", "/ready")
        self.assertEqual(r.status, 200, r)
        self.assertGreaterEqual(r.json()["schema_version"], 2)
        self.assertTrue(r.header("X-Request-Id"))

    def test_version_needs_a_token(self):
        p = self.assertProblem(self.d.request("GET", "/api/v1/version"), 401, "unauthenticated")
        self.assertIn("Bearer", p["detail"])
        self.assertProblem(self.d.request("GET", "/api/v1/version", token="tdk_" + "0" * 64),
                           401, "unauthenticated")
        for role in self.tokens:
            r = self.get("/api/v1/version", role=role)
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.json()["name"], "transitd")

    def test_openapi_is_served(self):
        r = self.get("/api/v1/openapi.yaml", role="auditor")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "application/yaml")
        self.assertTrue(r.body.startswith("openapi: 3.1.0"))
        self.assertIn("/api/v1/units/{id}:", r.body)
        self.assertProblem(self.d.request("GET", "/api/v1/openapi.yaml"), 401)

    def test_role_without_the_right_is_403(self):
        body = {"key": "unpaid_grace_days", "valid_from": "2031-01-01", "value": "7",
                "unit": "days", "confirmed": "product decision"}
        for role in ("operator", "accountant", "social_worker", "auditor"):
            self.assertProblem(self.post("/api/v1/parameters", body, role=role), 403,
                               "forbidden")
        self.assertEqual(self.sql("SELECT count(*) FROM parameters WHERE valid_from = "
                                  "'2031-01-01'"), "0")

    def test_unknown_path_and_method(self):
        self.assertProblem(self.get("/api/v1/nothing-here", undocumented=True), 404,
                           "not-found")
        r = self.d.request("DELETE", "/api/v1/parameters", token=self.tokens["admin"],
                           undocumented=True)
        self.assertProblem(r, 405, "method-not-allowed")
        self.assertIn("GET", r.header("Allow"))

    def test_body_over_one_mebibyte_is_413(self):
        big = b'{"key":"' + b"x" * (2 * 1024 * 1024) + b'"}'
        r = self.d.request("POST", "/api/v1/parameters", raw=big, token=self.tokens["admin"],
                           headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 413)
        self.assertEqual(self.d.request("GET", "/health").status, 200)

    def test_malformed_json_is_400(self):
        r = self.d.request("POST", "/api/v1/parameters", raw=b'{"key": ', token=self.tokens["admin"],
                           headers={"Content-Type": "application/json"})
        p = self.assertProblem(r, 400, "malformed-json")
        self.assertIn("line 1", p["detail"])
        r = self.d.request("POST", "/api/v1/parameters", raw=b'[1,2]', token=self.tokens["admin"])
        self.assertProblem(r, 400, "malformed-json")

    def test_parameter_in_force_for_several_dates(self):
        cases = [
            ("precarity_single_ceiling", "2013-01-01", "12900.00", 1290000),
            ("precarity_single_ceiling", "2021-12-31", "12900.00", 1290000),
            ("precarity_single_ceiling", "2022-01-01", "14500.00", 1450000),
            ("precarity_single_ceiling", "2026-03-02", "17000.00", 1700000),
            ("ris_isolated", "2025-01-31", "1288.46", 128846),
            ("ris_isolated", "2025-02-01", "1314.20", 131420),
            ("ris_cohabitant", "2026-03-02", "876.13", 87613),
            ("period_months", "2026-03-02", "6.00", 6),
        ]
        for key, date, value, value_int in cases:
            r = self.get("/api/v1/parameters?key=%s&date=%s" % (key, date), role="auditor")
            self.assertEqual(r.status, 200, (key, date, r))
            row = r.json()
            self.assertEqual((row["value"], row["value_int"]), (value, value_int), (key, date))
        self.assertProblem(self.get("/api/v1/parameters?key=precarity_single_ceiling"
                                    "&date=2012-12-31"), 404, "not-found")
        everything = self.get("/api/v1/parameters?date=2026-03-02").json()
        self.assertEqual(len(everything["items"]), 17)

    def test_parameter_query_is_validated(self):
        p = self.assertProblem(self.get("/api/v1/parameters?key=Bad-Key&date=2026-02-30"), 400)
        self.assertEqual(sorted(e["field"] for e in p["errors"]), ["date", "key"])

    def test_platform_adds_a_dated_regional_parameter_audited(self):
        # the law is the platform administrator's: a command on the server
        out = self.d.cli("parameter", "add", "precarity_single_ceiling", "2030-01-01",
                         "19000.00", "--unit", "EUR/year", "--confirmed", "no",
                         "--source", "test indexation").stdout
        row = json.loads(out)
        self.assertEqual((row["value_int"], row["operator_id"], row["local"]),
                         (1900000, None, False))
        audit = self.sql("SELECT action || ' ' || entity_id || ' ' || (after->>'value') || ' '"
                         " || coalesce(user_id::text, 'platform') FROM audit_log"
                         " WHERE entity = 'parameter' AND entity_id LIKE 'precarity%'")
        self.assertEqual(audit, "parameter.create precarity_single_ceiling@2030-01-01 19000.00"
                                " platform")
        r = self.get("/api/v1/parameters?key=precarity_single_ceiling&date=2030-06-01")
        self.assertEqual(r.json()["value"], "19000.00")
        r = self.get("/api/v1/parameters?key=precarity_single_ceiling&date=2029-12-31")
        self.assertEqual(r.json()["value"], "17000.00")
        r = self.d.cli("parameter", "add", "precarity_single_ceiling", "2030-01-01",
                       "19000.00", "--unit", "EUR/year", "--confirmed", "no", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(json.loads(r.stderr)["type"],
                         "https://transitd.invalid/problems/conflict")

    def test_admin_adds_a_dated_local_choice_audited(self):
        body = {"key": "unpaid_grace_days", "valid_from": "2030-01-01", "value": "8",
                "unit": "days", "source": "conseil du CPAS", "confirmed": "product decision"}
        r = self.post("/api/v1/parameters", body)
        self.assertEqual(r.status, 201, r)
        self.assertEqual((r.json()["value_int"], r.json()["local"]), (8, True))
        self.assertEqual(r.json()["operator_id"], int(self.sql("SELECT id FROM operators")))
        audit = self.sql("SELECT action || ' ' || entity_id || ' ' || (after->>'value') "
                         "FROM audit_log WHERE entity = 'parameter'"
                         " AND entity_id = 'unpaid_grace_days@2030-01-01'")
        self.assertEqual(audit, "parameter.create unpaid_grace_days@2030-01-01 8.00")
        self.assertEqual(self.get("/api/v1/parameters?key=unpaid_grace_days&date=2030-06-01")
                         .json()["value"], "8.00")
        self.assertProblem(self.post("/api/v1/parameters", body), 409, "conflict")

    def test_invalid_parameter_refused_field_by_field(self):
        before = self.sql("SELECT count(*) FROM parameters")
        audits = self.sql("SELECT count(*) FROM audit_log")
        body = {"key": "ris_isolated", "valid_from": "2026-13-01", "value": "12.345",
                "unit": "EUR/month", "confirmed": "maybe"}
        p = self.assertProblem(self.post("/api/v1/parameters", body), 422, "validation")
        self.assertEqual(sorted(e["field"] for e in p["errors"]),
                         ["confirmed", "valid_from", "value"])
        body = {"key": "unpaid_grace_days", "valid_from": "2027-01-01", "value": "7",
                "unit": "months", "confirmed": "product decision"}
        p = self.assertProblem(self.post("/api/v1/parameters", body), 422, "validation")
        self.assertEqual(p["errors"][0]["field"], "unit")
        p = self.assertProblem(self.post("/api/v1/parameters", {"value": 12}), 422)
        fields = {e["field"]: e["code"] for e in p["errors"]}
        self.assertEqual(fields["value"], "type")
        self.assertEqual(fields["key"], "required")
        # a member the resource does not have is refused, not ignored
        body = {"key": "ris_isolated", "valid_from": "2027-01-01", "value": "1400.00",
                "unit": "EUR/month", "confirmed": "yes", "valid_to": "2027-12-31"}
        p = self.assertProblem(self.post("/api/v1/parameters", body), 422, "validation")
        self.assertEqual([(e["field"], e["code"]) for e in p["errors"]],
                         [("valid_to", "unknown")])
        self.assertEqual(self.sql("SELECT count(*) FROM parameters"), before)
        self.assertEqual(self.sql("SELECT count(*) FROM audit_log"), audits)

    def test_audit_log_cannot_be_changed(self):
        self.assertEqual(self.post("/api/v1/parameters", {
            "key": "unpaid_grace_days", "valid_from": "2032-01-01", "value": "6",
            "unit": "days", "confirmed": "product decision"}).status, 201)
        for stmt in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log",
                     "TRUNCATE audit_log"):
            r = psql(self.dsn, stmt, check=False)
            self.assertNotEqual(r.returncode, 0, stmt)
            self.assertIn("append-only", r.stderr)
        self.assertNotEqual(self.sql("SELECT count(*) FROM audit_log"), "0")

    def test_tokens_are_stored_hashed(self):
        hashes = self.sql("SELECT string_agg(token_hash, ' ') FROM users")
        for token in self.tokens.values():
            self.assertNotIn(token[4:], hashes)
        self.assertEqual(self.sql("SELECT count(*) FROM users WHERE token_hash !~ '^[0-9a-f]{64}$'"),
                         "0")

    def _on_every_worker(self, token, method="GET", path="/api/v1/version", body=None):
        """Statuses of 64 requests, 16 at a time: every worker serves some."""
        statuses = []

        def one():
            statuses.append(self.d.request(method, path, body=body, token=token).status)
        for _ in range(4):
            threads = [threading.Thread(target=one) for _ in range(16)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        return statuses

    def test_rotated_or_revoked_token_is_refused_at_once(self):
        # The daemon remembers tokens that authenticated (api/api_auth.c);
        # every worker has seen this one before it changes.
        out = self.d.cli("user", "add", "tournant", "--role", "accountant").stdout
        old = out.split("token: ")[1].strip()
        self.assertEqual(set(self._on_every_worker(old)), {200})
        new = self.d.cli("user", "rotate", "tournant").stdout.split("token: ")[1].strip()
        self.assertEqual(set(self._on_every_worker(old)), {401})
        self.assertEqual(set(self._on_every_worker(new)), {200})
        # a change made in SQL reaches the daemon the same way
        # an accountant's empty payment is refused as a bad request (no
        # Idempotency-Key), an auditor's for its role
        self.assertEqual(set(self._on_every_worker(new, "POST", "/api/v1/payments", {})), {400})
        self.sql("UPDATE users SET role = 'auditor' WHERE name = 'tournant'")
        self.assertEqual(set(self._on_every_worker(new, "POST", "/api/v1/payments", {})), {403})
        self.sql("UPDATE users SET revoked_at = now() WHERE name = 'tournant'")
        self.assertEqual(set(self._on_every_worker(new)), {401})

    def test_migrate_twice_applies_nothing(self):
        out = self.d.cli("migrate").stdout
        self.assertIn("migrations applied: 0", out)

    def test_log_lines_are_key_value(self):
        self.get("/api/v1/version")
        lines = [l for l in self.d.read_log().splitlines() if "event=request" in l]
        self.assertTrue(lines)
        last = lines[-1]
        for key in ("method=", "path=", "status=", "duration_ms=", "request_id="):
            self.assertIn(key, last)


class ConfigCheck(unittest.TestCase):
    def run_n(self, text):
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as f:
            f.write(text)
        r = subprocess.run([BIN, "-f", f.name, "-n"], capture_output=True, text=True,
                           env=sanitizer_env())
        os.unlink(f.name)
        return r, f.name

    def test_valid_config(self):
        example = os.path.join(os.environ.get("TRANSITD_SOURCE_DIR", "../.."),
                               "conf", "transitd.conf.example")
        r = subprocess.run([BIN, "-f", example, "-n"], capture_output=True, text=True,
                           env=sanitizer_env())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), "configuration OK")

    def test_errors_name_file_and_line(self):
        r, name = self.run_n("port = 8080\n# comment\nworkers = lots\n")
        self.assertEqual(r.returncode, 1)
        self.assertIn("%s:3:" % name, r.stderr)
        r, name = self.run_n("port = 8080\nnot_a_key = 1\n")
        self.assertIn("%s:2: unknown key 'not_a_key'" % name, r.stderr)
        # a NUL byte would hide the rest of its line, here a second key
        r, name = self.run_n("port = 8080\nworkers = 4\0 log_level = debug\n")
        self.assertEqual(r.returncode, 1)
        self.assertIn("%s:2: contains a NUL byte" % name, r.stderr)
        r, name = self.run_n("port = 8080\n# " + "x" * 3000 + "\n")
        self.assertIn("%s:2: line too long" % name, r.stderr)

    def test_testing_today_needs_testing(self):
        r, name = self.run_n("testing_today = 2026-03-02\n")
        self.assertEqual(r.returncode, 1)
        self.assertIn("%s:1: testing_today is refused unless testing = true" % name, r.stderr)
        r, _ = self.run_n("testing = true\ntesting_today = 2026-03-02\n")
        self.assertEqual(r.returncode, 0, r.stderr)


class ClockAndReload(TransitdTestCase):
    extra_config = "testing = true\ntesting_today = 2013-06-01\n"

    def test_today_comes_from_testing_today_and_sighup_reloads_it(self):
        r = self.get("/api/v1/parameters?key=precarity_single_ceiling")
        self.assertEqual(r.json()["value"], "12900.00")
        self.d.write_config("testing = true\ntesting_today = 2026-03-02\n")
        self.d.proc.send_signal(signal.SIGHUP)
        deadline = time.time() + 10
        value = None
        while time.time() < deadline:
            value = self.get("/api/v1/parameters?key=precarity_single_ceiling").json()["value"]
            if value == "17000.00":
                break
            time.sleep(0.1)
        self.assertEqual(value, "17000.00")
        self.assertIn("event=reloaded", self.d.read_log())


class GracefulShutdown(TransitdTestCase):
    def test_sigterm_completes_the_request_in_flight(self):
        # A psql session holds a lock so the request is still running when
        # SIGTERM arrives; the lock is released one second later.
        locker = subprocess.Popen(
            ["psql", self.dsn, "-c",
             "BEGIN; LOCK TABLE parameters IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(1.5); COMMIT;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)
        result = {}

        def call():
            result["r"] = self.get("/api/v1/parameters?key=period_months&date=2026-01-01")

        t = threading.Thread(target=call)
        t.start()
        time.sleep(0.3)
        self.d.proc.send_signal(signal.SIGTERM)
        t.join(20)
        locker.wait(20)
        self.assertEqual(result["r"].status, 200, result.get("r"))
        self.assertEqual(result["r"].json()["value"], "6.00")
        code = self.d.proc.wait(20)
        self.assertEqual(code, 0)
        self.assertIn("event=shutdown", self.d.read_log())


class SchemaNewerThanBuild(TransitdTestCase):
    def test_newer_schema_is_refused(self):
        self.sql("INSERT INTO schema_migrations (version, name) VALUES (999, '999_future')")
        try:
            self.assertProblem(self.d.request("GET", "/ready"), 503)
            other = Daemon(self.app_dsn, self.workdir, name="second",
                           migration_dsn=self.owner_dsn)
            r = subprocess.run([BIN, "-f", other.config], capture_output=True, text=True,
                               timeout=30, env=sanitizer_env())
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("newer", r.stderr)
            self.assertNotEqual(other.cli("migrate", check=False).returncode, 0)
        finally:
            self.sql("DELETE FROM schema_migrations WHERE version = 999")
        self.assertEqual(self.d.request("GET", "/ready").status, 200)


if __name__ == "__main__":
    unittest.main()
