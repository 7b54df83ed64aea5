#!/usr/bin/env python3
"""Billing run benchmark (not a ctest test): times POST /api/v1/billing/runs
for one month over N active conventions (default 10 000), and in the same
run, on the same cluster, plain INSERT ... SELECT statements writing the
same number of invoice rows: into a copy of the invoices table (its
columns, checks and indexes, no trigger nor foreign key), and into the real
invoices and invoice_lines tables (one line each, amounts computed in SQL).
Prints each time and the ratios. Each figure is the median of --repeat
runs, each over a month not billed yet.

Use a build without sanitizers:
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench -j2
  tests/bench/bench_billing.py [--bin build-bench/daemon/transitd] [--conventions 10000]
Without --pghost/--pgport it starts its own cluster with scripts/pgcluster.sh
and stops it at the end.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))

import harness  # noqa: E402
from test_billing import seed_conventions  # noqa: E402

MONTHS = ["2026-%02d" % m for m in range(1, 13)]


def psql_time(dsn, sql):
    """Runs sql with psql's \\timing; returns the server time in seconds."""
    r = subprocess.run(["psql", dsn, "-v", "ON_ERROR_STOP=1", "-qAt"],
                       input="\\timing on\n" + sql + "\n", capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("psql failed: " + r.stderr)
    times = [float(line.split()[1]) for line in r.stdout.splitlines()
             if line.startswith("Time: ")]
    return times[-1] / 1000.0


PLAIN = """INSERT INTO bench_invoices (operator_id, convention_id, household_id, month,
 issued_on, due_on, communication, indemnity_cents, provision_cents, total_cents)
SELECT operator_id, id, household_id, '{m}-01', '{m}-01', '{m}-05',
 '+++' || substr(c, 1, 3) || '/' || substr(c, 4, 4) || '/' || substr(c, 8, 5) || '+++',
 reduced_indemnity_cents, 0, reduced_indemnity_cents
FROM (SELECT v.*, lpad((v.id * 100 + {k})::text, 12, '0') AS c FROM conventions v
 WHERE v.state = 'active') v;"""

REAL = """WITH ins AS (INSERT INTO invoices (operator_id, convention_id, household_id, month,
 issued_on, due_on, communication, indemnity_cents, provision_cents, total_cents)
 SELECT operator_id, id, household_id, '{m}-01', '{m}-01', '{m}-05',
 '+++' || substr(c, 1, 3) || '/' || substr(c, 4, 4) || '/' || substr(c, 8, 5) || '+++',
 reduced_indemnity_cents, 0, reduced_indemnity_cents
 FROM (SELECT v.*, lpad((9000000000 + v.id * 100 + {k})::text, 12, '0') AS c
  FROM conventions v WHERE v.state = 'active') v
 ORDER BY id RETURNING id, month, total_cents)
INSERT INTO invoice_lines (invoice_id, position, kind, from_on, to_on, days, days_in_month,
 monthly_cents, amount_cents)
SELECT id, 0, 'reduced', month, (month + interval '1 month' - interval '1 day')::date,
 (month + interval '1 month')::date - month, (month + interval '1 month')::date - month,
 total_cents, total_cents FROM ins;"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build-bench", "daemon", "transitd"))
    ap.add_argument("--conventions", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pghost")
    ap.add_argument("--pgport")
    args = ap.parse_args()
    if args.repeat * 3 > len(MONTHS):
        raise SystemExit("--repeat: at most %d" % (len(MONTHS) // 3))
    harness.BIN = args.bin
    own = None
    if not args.pghost:
        own = tempfile.mkdtemp(prefix="transitd-bench-pg-")
        args.pghost, args.pgport = os.path.join(own, "sock"), args.pgport or "55499"
        subprocess.run([os.path.join(ROOT, "scripts", "pgcluster.sh"), "start", own,
                        args.pgport], check=True, stdout=subprocess.DEVNULL)
    dbname = "bench_" + uuid.uuid4().hex[:8]
    admin = "host=%s port=%s user=%s dbname=postgres" % (args.pghost, args.pgport,
                                                         harness.SUPERUSER)
    harness.psql(admin, "CREATE DATABASE %s OWNER %s" % (dbname, harness.OWNER_ROLE))
    # seeding and the INSERT ... SELECT references as the superuser; the
    # daemon as its own role, migrated by the owner (as in production)
    dsn = "host=%s port=%s user=%s dbname=%s" % (args.pghost, args.pgport, harness.SUPERUSER,
                                                  dbname)
    workdir = tempfile.mkdtemp(prefix="transitd-bench-")
    d = harness.Daemon(harness.role_dsn(dsn, harness.APP_ROLE), workdir,
                       "testing = true\ntesting_today = 2026-12-15\n"
                       "statement_timeout_ms = 0\nhttp_timeout_seconds = 600\n"
                       # the alerts pass over every convention would share the CPU
                       "scheduler_interval_seconds = 0\n",
                       migration_dsn=harness.role_dsn(dsn, harness.OWNER_ROLE))
    try:
        d.cli("migrate")
        d.cli("operator", "add", "CPAS de Test")
        token = d.cli("user", "add", "compta", "--role", "accountant").stdout.split(
            "token: ")[1].strip()

        class Target:
            pass

        target = Target()
        target.dsn = dsn
        t0 = time.time()
        seed_conventions(target, args.conventions)
        print("seeded %d active conventions in %.1f s" % (args.conventions, time.time() - t0))
        harness.psql(dsn, "CREATE TABLE bench_invoices (LIKE invoices INCLUDING ALL)")
        harness.psql(dsn, "VACUUM ANALYZE")
        d.start()
        runs, plain, real = [], [], []
        for k in range(args.repeat):
            month = MONTHS[3 * k]
            t0 = time.perf_counter()
            r = d.request("POST", "/api/v1/billing/runs", body={"month": month},
                          token=token, timeout=600)
            runs.append(time.perf_counter() - t0)
            if r.status != 201 or r.json()["created"] != args.conventions:
                raise SystemExit("billing run failed: %r" % r)
            plain.append(psql_time(dsn, PLAIN.format(m=MONTHS[3 * k + 1], k=k)))
            real.append(psql_time(dsn, REAL.format(m=MONTHS[3 * k + 2], k=k)))
        run, base, base_real = (statistics.median(x) for x in (runs, plain, real))
        n = args.conventions
        print("billing run (POST /api/v1/billing/runs): %.3f s  (%.0f invoices/s)"
              % (run, n / run))
        print("INSERT ... SELECT into a copy of invoices:  %.3f s  (%.0f rows/s)"
              % (base, n / base))
        print("INSERT ... SELECT into invoices + lines:    %.3f s  (%.0f rows/s)"
              % (base_real, n / base_real))
        print("ratio run / plain INSERT ... SELECT: %.1f" % (run / base))
        print("ratio run / INSERT ... SELECT into the real tables: %.1f" % (run / base_real))
        print("runs: %s" % ", ".join("%.3f" % x for x in runs))
    finally:
        d.stop()
        harness.psql(admin, "DROP DATABASE " + dbname, check=False)
        shutil.rmtree(workdir, ignore_errors=True)
        if own:
            subprocess.run([os.path.join(ROOT, "scripts", "pgcluster.sh"), "stop", own],
                           check=False)
            shutil.rmtree(own, ignore_errors=True)


if __name__ == "__main__":
    main()
